"""The whole cycle ends in the annual summary (årsbokslut): HTML, Word and PDF."""

from __future__ import annotations

import datetime as dt
import re
import sys
import zlib
from pathlib import Path

import docx
import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "program"))
from followup_world import add_measures, build_world  # noqa: E402

from jamlik.errors import ArgumentError, NotFoundError  # noqa: E402
from jamlik.program import (  # noqa: E402
    close_cycle, ingest_template, open_cycle, requests_for, review_status_report,
    save_status_report, submit_status_report, write_template,
)
from jamlik.reports import annual_report, collect, render_annual  # noqa: E402
from jamlik.store import connect  # noqa: E402

UTC = dt.timezone.utc
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run_two_cycles(engine, tmp_path) -> dict:
    """2023: Bokstart reported and reviewed. 2024: templates, ingest, review, send back."""
    ids = build_world(engine)
    add_measures(engine, ids["indicators"]["behorighet"], [
        (str(y), y, y, "kon", "D", v, 0.5) for y, v in zip(range(2020, 2025),
                                                           (10.0, 9.0, 8.5, 7.0, 6.5))])
    first = open_cycle(engine, year=2023, author="Maria Lind", deadline=dt.date(2024, 2, 28))
    bokstart = next(r for r in requests_for(engine, "kf", cycle_id=first.id)
                    if r.activity_code == "A1")
    common = dict(activity_id=bokstart.activity_id, cycle_id=first.id)
    version = save_status_report(engine, **common, expected_version=0, author="Sara",
                                 fields={"status": "ongoing", "goal_attainment": "some"}).version
    version = submit_status_report(engine, **common, expected_version=version, author="Sara")
    review_status_report(engine, **common, expected_version=version.version, reviewer="Maria")
    close_cycle(engine, first.id, author="Maria Lind")

    cycle = open_cycle(engine, year=2024, author="Maria Lind", deadline=dt.date(2025, 2, 28))
    template = write_template(engine, cycle_id=cycle.id, organisation="kn",
                              output=tmp_path / "kn.xlsx")
    book = openpyxl.load_workbook(template)
    sheet = book["Statusrapporter"]
    for row in sheet.iter_rows(min_row=2):
        if row[2].value == "A1":
            row[5].value, row[6].value, row[7].value = "genomförd", 100, "god"
            row[8].value = "Hembesök hos 412 familjer i Angered och Bergsjön."
            book["Exempel"].append([row[0].value, "A1", "Föräldrarna läser nu varje kväll.",
                                    "Kulturnämnden, Årsrapport 2024", 14])
        else:  # A5, Sommarjobb
            row[5].value, row[6].value, row[7].value = "pågående", 50, "viss"
    book.save(template)
    ingest_template(engine, template, author="Sara Lindqvist", submit=True)
    reports = {r.activity_code: r for r in requests_for(engine, "kn", cycle_id=cycle.id)}
    review_status_report(engine, activity_id=reports["A1"].activity_id, cycle_id=cycle.id,
                         expected_version=reports["A1"].version, reviewer="Maria Lind")
    review_status_report(engine, activity_id=reports["A5"].activity_id, cycle_id=cycle.id,
                         expected_version=reports["A5"].version, reviewer="Maria Lind",
                         send_back=True, comment="Ange antal platser.")
    a2 = requests_for(engine, "fsn", cycle_id=cycle.id)[0]
    save_status_report(engine, activity_id=a2.activity_id, cycle_id=cycle.id,
                       expected_version=0, author="Amina", fields={"status": "ongoing"})
    return {**ids, "cycle_id": cycle.id, "previous_id": first.id}


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams too) inflated, for searching."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(parts)


def html_text(path: Path) -> str:
    text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", text)


def test_the_whole_cycle_ends_in_an_annual_summary(store, tmp_path):
    ids = run_two_cycles(store, tmp_path)
    html = annual_report(store, tmp_path / "arsbokslut.html", cycle_id=ids["cycle_id"])
    text = html_text(html)
    assert "Årsbokslut 2024" in text and "Uppföljning: Årsuppföljning 2024 (öppen)" in text
    for heading in ("Målområde MO1: God start i livet",
                    "Målområde MO2: Förutsättningar för arbete",
                    "Översikt över hela programmet", "Organisationer som inte har rapporterat"):
        assert text.count(heading) == 2  # once in the contents, once as a heading
    # Bokstart: reported and reviewed; Sommarjobb: sent back, so not reported
    assert re.search(r"A1 Bokstart Kulturförvaltningen genomförd 100 % god granskad", text)
    assert re.search(r"A5 Sommarjobb Bostads AB Poseidon, Kulturförvaltningen ej rapporterad "
                     r"– ej bedömd återsänd", text)
    assert "”Föräldrarna läser nu varje kväll.” Kulturnämnden, Årsrapport 2024, s. 14." in text
    # MO1 holds A1 (good) and A2 (a draft: not assessed); A3 ended in 2023
    assert "Antal aktiviteter per bedömning: god 1, viss 0, ingen 0, ej bedömd 1." in text
    # the linked indicators: a closing gap, and honest "no data". Equal se, so the weighted
    # slope is the OLS slope by hand: Σ(t − t̄)·y / Σ(t − t̄)² = (−20 − 9 + 0 + 7 + 13)/10 = −0.9
    # the verdict is jamlik.stats.gap_verdict's words, the value's and the slope's units stated
    assert re.search(r"Testkommun kön skillnad \(D\) 2024 6,5 procentenheter \[5,5; 7,5\] "
                     r"skillnaden minskar \(−0,90 procentenheter per år\)", text)
    assert "Sysselsättning 20–64 år (procent) – – – – inga data – – inga data" in text
    assert "Nytt sedan Årsuppföljning 2023" in text
    assert "A1 Bokstart: pågående → genomförd" in text
    assert "Ny aktivitet: A4 Lärlingsplatser" in text
    # who has not reported: Förskolenämnden (a draft), Poseidon (nothing), Kultur (sent back)
    assert "Förskolenämnden nämnd 1 av 1 Amina Yusuf (verksamhetsutvecklare)" in text
    assert "Bostads AB Poseidon bolag 1 av 1 –" in text
    assert "Kulturförvaltningen förvaltning 1 av 2 Sara Lindqvist (bibliotekschef)" in text
    assert "Exempeldata" not in text  # nothing here is example data
    assert 'alt="Antal aktiviteter per bedömning: god 1, viss 0' in html.read_text(encoding="utf-8")

    earlier = annual_report(store, tmp_path / "2023.html", cycle_id=ids["previous_id"])
    text = html_text(earlier)
    assert "Årsbokslut 2023" in text and "Alla organisationer har rapporterat." not in text
    assert "Detta är programmets första uppföljning." in text

    document = docx.Document(annual_report(store, tmp_path / "arsbokslut.docx",
                                           cycle_id=ids["cycle_id"]))
    check_word_structure(document)
    english = html_text(annual_report(store, tmp_path / "en.html", lang="en",
                                      cycle_id=ids["cycle_id"]))
    assert "Annual summary 2024" in english and "Target area MO1: God start i livet" in english
    assert "the gap is closing (−0.90 percentage points per year)" in english
    assert "6.5 percentage points" in english and "Sysselsättning 20–64 år (en)" in english
    assert "Behörighet till gymnasiet (en) (percent)" in english


def check_word_structure(document) -> None:
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Om årsbokslutet", "Målområde MO1: God start i livet",
                        "Målområde MO2: Förutsättningar för arbete",
                        "Översikt över hela programmet", "Organisationer som inte har rapporterat"]
    assert all(p.paragraph_format.page_break_before for p in document.paragraphs
               if p.style.name == "Heading 1")
    assert document.paragraphs[0].style.name == "Normal"  # the cover comes first
    assert any(p.style.name == "Title" and p.text == "Årsbokslut 2024"
               for p in document.paragraphs)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0] == "Tabell 1. Aktiviteter inom MO1 och deras status"
    assert "Figur 1. Självskattad måluppfyllelse för aktiviteterna inom MO1 (antal)" in captions
    # activities, indicators, per target area; the overview; the missing organisations
    assert len(document.tables) == 2 + 2 + 1 + 1
    for table in document.tables:
        header = table.rows[0]._tr
        assert header.find(f"{W}trPr/{W}tblHeader") is not None  # repeats on every page
        assert all(row._tr.find(f"{W}trPr/{W}cantSplit") is not None for row in table.rows)
    assert [c.text for c in document.tables[0].rows[0].cells] == [
        "Aktivitet", "Ansvariga", "Status", "Framsteg", "Måluppfyllelse", "Rapport"]
    pictures = document.inline_shapes
    assert len(pictures) == 3  # a goal chart per target area and the overview
    descriptions = [shape._inline.docPr.get("descr") for shape in pictures]
    assert descriptions[0] == ("Antal aktiviteter per bedömning: god 1, viss 0, ingen 0, "
                               "ej bedömd 1.")
    xml = document.element.xml
    assert "TOC \\o" in xml and "SEQ Tabell" in xml and "SEQ Figur" in xml
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert document.sections[0].different_first_page_header_footer
    assert document.settings.element.find(f"{W}updateFields") is not None
    assert document.core_properties.language == "sv-SE"


def test_pdf_is_tagged_paginated_and_marks_example_data(tmp_path):
    engine = connect(f"sqlite:///{tmp_path / 'store.db'}")
    ids = run_two_cycles(engine, tmp_path)
    data = collect(engine, cycle_id=ids["cycle_id"])
    data.is_example = True  # label as example data, as the demo does
    raw = render_annual(data, "pdf", tmp_path / "arsbokslut.pdf").read_bytes()
    assert raw.startswith(b"%PDF-")
    pdf = pdf_objects(raw)
    assert b"/StructTreeRoot" in pdf and b"/MarkInfo" in pdf  # tagged (PDF/UA-1)
    assert b"pdfuaid" in pdf and b"/Lang" in pdf  # PDF/UA identification; the language
    # the structure a screen reader walks: tables with header cells, captions, figures with
    # alternative text (3 charts)
    assert pdf.count(b"/TH") > 10 and b"/Caption" in pdf and pdf.count(b"/Alt") == 3
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages >= 7  # cover, contents, about, two target areas, overview, missing
    word = docx.Document(render_annual(data, "docx", tmp_path / "x.docx"))
    assert "EXEMPELDATA" in word.sections[0].header.paragraphs[0].text
    assert word.paragraphs[0].text.startswith("Exempeldata – innehållet är påhittat")
    engine.dispose()


def test_bad_arguments_and_missing_content(store, tmp_path):
    with pytest.raises(NotFoundError, match="^det finns inget program; importera ett med "
                                            "'jamlik program import'$"):
        annual_report(store, tmp_path / "x.html")
    build_world(store)
    with pytest.raises(NotFoundError, match="^programmet har ingen uppföljning; öppna en med "
                                            "'jamlik followup open'$"):
        annual_report(store, tmp_path / "x.html")
    with pytest.raises(ArgumentError, match=r"^kan inte avgöra formatet av 'x.txt'; ange format "
                                            r"\(html, pdf, docx\)$"):
        annual_report(store, tmp_path / "x.txt")
    with pytest.raises(ArgumentError, match="^format måste vara en av html, pdf, docx, fick "
                                            "'odt'$"):
        annual_report(store, tmp_path / "x.html", fmt="odt")
    with pytest.raises(ArgumentError, match="^lang måste vara en av sv, en, fick 'de'$"):
        annual_report(store, tmp_path / "x.html", lang="de")
    with pytest.raises(ArgumentError, match="^measures måste vara en lista av måttkoder, fick "
                                            "'D'$"):
        annual_report(store, tmp_path / "x.html", measures="D")


def test_writing_is_atomic(store, tmp_path, monkeypatch):
    build_world(store)
    open_cycle(store, year=2024, author="Maria")
    target = tmp_path / "arsbokslut.docx"
    target.write_bytes(b"the previous version")

    def broken(view):
        raise RuntimeError("disk full")

    monkeypatch.setattr("jamlik.reports._docx.render_docx", broken)
    with pytest.raises(RuntimeError):
        annual_report(store, target)
    assert target.read_bytes() == b"the previous version"
    monkeypatch.undo()
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda *a, **k: (_ for _ in ()).throw(
        RuntimeError("disk full")))
    with pytest.raises(RuntimeError):
        annual_report(store, tmp_path / "arsbokslut.pdf")
    assert sorted(p.name for p in tmp_path.iterdir() if "arsbokslut" in p.name) == [
        "arsbokslut.docx"]


def test_the_default_cycle_is_the_latest_closed_one(store, tmp_path):
    """Issue 10 kind 7: 2024 is open, 2023 closed: the summary reports the finished year."""
    run_two_cycles(store, tmp_path)
    text = html_text(annual_report(store, tmp_path / "default.html"))
    assert "Årsbokslut 2023" in text and "Årsuppföljning 2023 (stängd)" in text


def report_tables(node):
    """Every table (a dict with headers and rows) anywhere in a report view."""
    if isinstance(node, dict):
        if "headers" in node and "rows" in node:
            yield node
        for value in node.values():
            yield from report_tables(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from report_tables(value)


def integer(cell) -> int | None:
    text = str(cell).replace("\u202f", "").replace(" ", "")
    return int(text) if re.fullmatch(r"\d+", text) else None


def test_every_total_is_the_sum_of_its_rows_or_says_why(store, tmp_path):
    """Issue 10 kind 7, on every table of every report language and both cycles."""
    from jamlik.program import close_cycle
    from jamlik.reports._view import build_view

    ids = run_two_cycles(store, tmp_path)
    close_cycle(store, ids["cycle_id"], author="Maria Lind")
    checked = 0
    for cycle_id in (ids["previous_id"], ids["cycle_id"]):
        for lang in ("sv", "en"):
            view = build_view(collect(store, cycle_id=cycle_id), lang)
            for table in report_tables(view):
                if not table.get("total_row"):
                    continue
                rows = [r for r in table["rows"] if not isinstance(r, dict)]
                body, total = rows[:-1], rows[-1]
                for column in range(1, len(total)):
                    values = [integer(row[column]) for row in body]
                    if integer(total[column]) is None or None in values:
                        continue
                    checked += 1
                    assert sum(values) == integer(total[column]) or table.get("note"), \
                        (table["caption"], table["headers"][column])
    assert checked > 0


def test_an_activity_in_two_target_areas_is_footnoted(store, tmp_path):
    """The demo's Tabell 9: an activity of two target areas made the total differ silently."""
    from jamlik.program import close_cycle
    from jamlik.reports._view import build_view

    ids = run_two_cycles(store, tmp_path)
    close_cycle(store, ids["cycle_id"], author="Maria Lind")
    data = collect(store, cycle_id=ids["cycle_id"])
    first, second = data.sections[0], data.sections[1]
    shared = first["activities"][0]
    second["activities"].append(shared)  # the same activity now in both target areas
    table = build_view(data, "sv")["overview"]["table"]
    counted = sum(int(row[1]) for row in table["rows"][:-1])
    assert counted == int(table["rows"][-1][1]) + 1
    assert table["note"].startswith("En aktivitet som hör till flera målområden räknas på varje "
                                    f"målområdes rad: raderna räknar {counted} aktiviteter")


def test_followup_status_and_the_report_count_the_same_missing_reports(store, tmp_path):
    """Issue 10 kind 7: `followup status` said "saknas 0" where the report listed 1 of 1."""
    from jamlik.program import cycle_status

    ids = run_two_cycles(store, tmp_path)
    _cycle, progress = cycle_status(store, ids["cycle_id"])
    listed = {m["name"]: m["missing"] for m in collect(store, cycle_id=ids["cycle_id"]).missing}
    counted = {org.name: org.missing for org in progress if org.missing}
    assert counted == listed
    draft_only = next(org for org in progress if org.name == "Förskolenämnden")
    assert draft_only.states == {"draft": 1} and draft_only.missing == 1


def test_examples_are_drawn_from_confirmed_uptake_only(store, tmp_path):
    """Issue 13 step 4: the summary's examples include the passages of the boards' annual
    reports of the cycle's year that a reviewer confirmed, and nothing merely proposed."""
    from jamlik.jobs import import_documents, review_match, run_uptake
    from jamlik.store import stored_matches

    run_two_cycles(store, tmp_path)
    report = tmp_path / "kn-2023.txt"
    report.write_text("Verksamhet\n\nInom MO1.2 har nämnden ordnat språkcaféer för "
                      "småbarnsföräldrar på biblioteken.\n\nInom MO2.1 har nämnden "
                      "erbjudit lärlingsplatser till unga vuxna.\n", encoding="utf-8")
    import_documents(store, [report], organisation="kn", year=2023)
    run_uptake(store, year=2023)
    first = {m.text.split(" har ")[0]: m for m in stored_matches(store, year=2023)
             if m.rank == 1}
    review_match(store, first["Inom MO1.2"].id, "confirm", reviewer="Maria", role="analyst")
    text = html_text(annual_report(store, tmp_path / "with.html"))
    assert "språkcaféer för småbarnsföräldrar" in text
    assert "Kulturnämnden, årsrapport 2023 (granskat utdrag)" in text
    assert "lärlingsplatser till unga vuxna" not in text  # proposed, never reviewed
    data = collect(store)
    # under its own target area, and only there
    placed = {s["code"]: [u["quote"] for u in s["uptake"]] for s in data.sections}
    assert [q[:10] for q in placed["MO1"]] == ["Inom MO1.2"] and placed["MO2"] == []
    english = html_text(annual_report(store, tmp_path / "en.html", lang="en"))
    assert "Kulturnämnden, annual report 2023 (reviewed passage)" in english
    assert not any(s["uptake"] for s in collect(store, uptake_examples=False).sections)


def test_a_group_continued_on_the_next_page_repeats_its_label_in_the_pdf(tmp_path):
    """Issue 10, kind 7: a table's group (an indicator) that breaks across pages repeats the
    column headers and the indicator's label on the continuation page."""
    import pypdfium2

    engine = connect(f"sqlite:///{tmp_path / 'store.db'}")
    ids = run_two_cycles(engine, tmp_path)
    data = collect(engine, cycle_id=ids["cycle_id"])
    engine.dispose()
    items = [item for section in data.sections for item in section["indicators"]
             if item["lines"]]
    assert items, "the test world has an indicator with gap measures"
    item = items[0]
    item["lines"] = [{**line, "area_name": f"Område {i:03d}"}
                     for i, line in enumerate(item["lines"] * 60)]  # several pages long
    name = item["indicator"].name
    pdf = pypdfium2.PdfDocument(render_annual(data, "pdf", tmp_path / "lang.pdf"))
    pages = [" ".join(page.get_textpage().get_text_range().split()) for page in pdf]
    pdf.close()
    holding = [i for i, text in enumerate(pages) if re.search(r"Område \d{3}", text)]
    assert len(holding) >= 3, "the group spans several pages"
    for i in holding:
        assert name in pages[i], f"page {i + 1} continues the group without its label"
        assert "Område Dimension Mått Period Värde Enhet Intervall Trend" in pages[i]  # the heads
