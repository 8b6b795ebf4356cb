"""Owners answer in a spreadsheet: a template per organisation, read back all or nothing."""

from __future__ import annotations

import openpyxl
import pytest
from followup_world import build_world
from sqlalchemy import func, select

from jamlik.errors import InputError
from jamlik.program import (
    TemplateErrors, WorkflowError, close_cycle, ingest_template, open_cycle, requests_for,
    save_status_report, status_report_history, write_template,
)
from jamlik.store._programme import StatusReportVersion


def versions(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(StatusReportVersion)).scalar()


def fill(path, values: dict[str, dict[str, object]], examples=()):
    """Fill the template: activity code → {header: value}; examples are rows to append."""
    book = openpyxl.load_workbook(path)
    sheet = book["Statusrapporter"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        code = row[header.index("aktivitet")].value
        for column, value in values.get(code, {}).items():
            row[header.index(column)].value = value
    for example in examples:
        book["Exempel"].append(list(example))
    book.save(path)
    return book


@pytest.fixture
def world(store, tmp_path):
    build_world(store)
    cycle = open_cycle(store, year=2024, author="Maria Lind")
    path = write_template(store, cycle_id=cycle.id, organisation="kn",
                          output=tmp_path / "kulturnamnden.xlsx")
    return store, cycle, path


def test_template_lists_the_organisations_reports(world):
    store, cycle, path = world
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Statusrapporter", "Exempel", "Instruktioner", "Om filen"]
    sheet = book["Statusrapporter"]
    header = [c.value for c in sheet[1]]
    assert header[:8] == ["rapport-id", "version", "aktivitet", "namn", "strategier", "status",
                          "framsteg (%)", "måluppfyllelse"]
    codes = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == ["A1", "A5"]  # the administration's reports, seen from the board
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert '"ej påbörjad,pågående,genomförd,pausad,avbruten"' in lists.values()
    about = dict(book["Om filen"].iter_rows(values_only=True))
    assert about["uppföljning-id"] == cycle.id and about["organisation"] == "kn"


def test_a_filled_template_becomes_new_versions(world):
    store, cycle, path = world
    fill(path, {"A1": {"status": "Pågående", "framsteg (%)": 45, "måluppfyllelse": "viss",
                       "beskrivning": "Hembesök i Angered.",
                       "länkar": "https://example.org/a https://example.org/b"},
                "A5": {"status": "genomförd", "framsteg (%)": "100 %", "måluppfyllelse": "god"}},
         examples=[(None, None, None, None)])  # an empty row is skipped
    report_a1 = requests_for(store, "kn")[0].report_id
    fill(path, {}, examples=[(report_a1, "A1", "Första gången någon pratat om läsning.",
                              "Kulturnämnden, Årsrapport 2024", 14, None)])
    result = ingest_template(store, path, author="Sara Lindqvist", submit=True)
    assert (result.saved, result.unchanged, result.submitted) == (2, 0, 2)
    requests = {r.activity_code: r for r in requests_for(store, "kn")}
    a1 = requests["A1"].current
    assert (a1.state, a1.status, a1.progress, a1.goal_attainment) == (
        "submitted", "ongoing", 45, "some")
    assert a1.evidence_links == ("https://example.org/a", "https://example.org/b")
    assert a1.examples == ({"quote": "Första gången någon pratat om läsning.",
                            "document": "Kulturnämnden, Årsrapport 2024", "page": "14",
                            "link": None},)
    assert requests["A5"].current.progress == 100
    # reading the same file again changes nothing
    again = ingest_template(store, path, author="Sara Lindqvist")
    assert (again.saved, again.unchanged) == (0, 2)
    assert versions(store) == 4


def test_a_broken_template_lists_every_problem_and_changes_nothing(world):
    store, cycle, path = world
    fill(path, {"A1": {"status": "klar", "framsteg (%)": 150, "beskrivning": "Text"},
                "A5": {"måluppfyllelse": "bra", "version": "två"}},
         examples=[(999, "A9", "Ett citat")])
    book = openpyxl.load_workbook(path)
    book["Statusrapporter"].append([4242, 0, "X", "Påhittad", None, "pågående"])
    book.save(path)
    with pytest.raises(TemplateErrors) as caught:
        ingest_template(store, path, author="Sara")
    assert [str(e) for e in caught.value.errors] == [
        "rad 2, kolumn 'status': väntade en av ej påbörjad, pågående, genomförd, pausad, "
        "avbruten; fick 'klar'",
        "rad 2, kolumn 'framsteg (%)': väntade ett heltal 0–100, fick '150'",
        "rad 3, kolumn 'version': väntade ett versionsnummer (ett heltal ≥ 0), fick 'två'",
        "rad 3, kolumn 'måluppfyllelse': väntade en av god, viss, ingen; fick 'bra'",
        "Exempel, rad 2, kolumn 'rapport-id': rapport-id '999' finns inte i bladet "
        "Statusrapporter",
    ]
    assert str(caught.value).startswith("kulturnamnden.xlsx: 5 fel, inget har sparats:\n")
    assert versions(store) == 0
    # once the cells are right, the unknown report is the only problem left
    fill(path, {"A1": {"status": "pågående", "framsteg (%)": 50},
                "A5": {"måluppfyllelse": "god", "version": 0}})
    book = openpyxl.load_workbook(path)
    book["Exempel"].delete_rows(2)
    book.save(path)
    with pytest.raises(TemplateErrors) as caught:
        ingest_template(store, path, author="Sara")
    assert [str(e) for e in caught.value.errors] == [
        "rad 4, kolumn 'rapport-id': rapporten 4242 hör inte till uppföljningen "
        f"{cycle.id} för Kulturnämnden"]
    assert versions(store) == 0  # the two good rows were not stored either


def test_a_stale_template_is_refused_and_names_who_saved(world):
    store, cycle, path = world
    report = requests_for(store, "kn")[0]
    save_status_report(store, activity_id=report.activity_id, cycle_id=cycle.id,
                       fields={"narrative": "Skrivet i webben"}, expected_version=0,
                       author="Anna Berg")
    fill(path, {"A1": {"status": "pågående", "beskrivning": "Skrivet i Excel"}})
    with pytest.raises(TemplateErrors) as caught:
        ingest_template(store, path, author="Sara")
    (error,) = caught.value.errors
    assert str(error).startswith("rad 2: statusrapporten för 'Bokstart' i Årsuppföljning 2024 "
                                 "har ändrats: Anna Berg sparade version 1 den ")
    assert str(error).endswith("Du utgick från version 0. Dina ändringar har inte sparats; "
                               "läs in den senaste versionen och för in dem igen.")
    history = status_report_history(store, activity_id=report.activity_id, cycle_id=cycle.id)
    assert [h.narrative for h in history] == ["Skrivet i webben"]


def test_unreadable_files_and_closed_cycles(world, tmp_path):
    store, cycle, path = world
    junk = tmp_path / "junk.xlsx"
    junk.write_text("inte excel", encoding="utf-8")
    with pytest.raises(InputError, match=r"^junk.xlsx: väntade en Excel-fil \(xlsx\), kunde inte läsa den"):
        ingest_template(store, junk, author="Sara")
    book = openpyxl.load_workbook(path)
    del book["Om filen"]
    book.save(tmp_path / "utan.xlsx")
    with pytest.raises(InputError, match="^utan.xlsx: bladet 'Om filen' saknas; är filen en "
                                         "mall från 'jamlik followup template'\\?$"):
        ingest_template(store, tmp_path / "utan.xlsx", author="Sara")
    close_cycle(store, cycle.id, author="Maria")
    with pytest.raises(WorkflowError, match="^uppföljningen 'Årsuppföljning 2024' är stängd; "
                                            "ingen mall kan skapas$"):
        write_template(store, cycle_id=cycle.id, organisation="kn", output=tmp_path / "x.xlsx")
    fill(path, {"A1": {"status": "pågående"}})
    with pytest.raises(TemplateErrors) as caught:
        ingest_template(store, path, author="Sara")
    assert str(caught.value.errors[0]) == ("rad 2: uppföljningen 'Årsuppföljning 2024' är "
                                           "stängd; inga ändringar kan sparas")


def test_the_template_is_read_by_its_real_cells_within_the_excel_limits(world):
    """Issue 10 kind 2: the shared Excel reader, not the sheet's claimed <dimension>."""
    import io
    import re
    import zipfile

    store, cycle, path = world
    fill(path, {"A1": {"status": "pågående"}, "A5": {"status": "genomförd"}})

    def edit(data: bytes, change) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
            for item in src.infolist():
                content = src.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":  # Statusrapporter
                    content = change(content)
                dst.writestr(item, content)
        return out.getvalue()

    original = path.read_bytes()
    path.write_bytes(edit(original, lambda xml: re.sub(rb'<dimension ref="[^"]*"',
                                                       b'<dimension ref="A1:F2"', xml)))
    assert ingest_template(store, path, author="Sara").saved == 2
    path.write_bytes(edit(original, lambda xml: xml.replace(
        b"</sheetData>", b'<row r="9"><c r="XFD9"><v>1</v></c></row></sheetData>')))
    with pytest.raises(InputError, match=r"kulturnamnden.xlsx: rad 9: arbetsboken är för stor: "
                                         r"en cell i kolumn XFD"):
        ingest_template(store, path, author="Sara")
