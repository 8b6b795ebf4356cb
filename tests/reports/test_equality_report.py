"""The equality report: findings that agree with their numbers, every quoted number in the
data appendix, real Word structure, accessible HTML, and clear messages for bad input."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "program"))
from followup_world import add_measures, build_world  # noqa: E402

from jamlik.errors import ArgumentError  # noqa: E402
from jamlik.reports import appendix_path, equality_report  # noqa: E402
from jamlik.reports._equality_data import report_periods, stored_for  # noqa: E402

# behörighet: a gap that closes clearly; sysselsättning: one that does not move detectably.
# Yearly values 2013-2024, and rolling spans that would share data if both were used.
CLOSING = {year: 14.0 - 0.6 * (year - 2013) for year in range(2013, 2025)}
FLAT = {year: 8.0 + (0.4 if year % 2 else -0.4) for year in range(2013, 2025)}


@pytest.fixture
def world(store):
    ids = build_world(store)
    for code, series in (("behorighet", CLOSING), ("sysselsattning", FLAT)):
        rows = [(str(y), y, y, "omrade", "SII", v, 1.0) for y, v in series.items()]
        rows += [(str(y), y, y, "kon", "D", 3.0, 0.8) for y in series]
        add_measures(store, ids["indicators"][code], rows)
    return store


def _html_text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_findings_follow_the_verdicts_and_every_number_is_in_the_appendix(world, tmp_path):
    report, appendix = equality_report(world, tmp_path / "rapport.html", municipality="9999")
    assert appendix == appendix_path(report) == tmp_path / "rapport-data.xlsx"
    text = _html_text(report)
    summary = text.split("Sammanfattning", 2)[2].split("MO1 ")[0]
    closing = summary.split("Skillnader som minskar")[1].split("Ingen påvisbar")[0]
    assert "Behörighet till gymnasiet minskar" in closing
    assert "Sysselsättning" in summary.split("Ingen påvisbar förändring")[1]
    assert "Skillnader som ökar" not in summary and " ökar:" not in summary
    # yearly data: each four-year period is represented by its last year
    assert "från 2016 till 2024" in closing
    book = openpyxl.load_workbook(appendix)
    sentences = {row[0]: row for row in book["Meningar"].iter_rows(min_row=2, values_only=True)}
    assert set(sentences) == {"F1", "F2"}
    for finding_id, sentence, numbers in sentences.values():
        assert f"{sentence} [{finding_id}]" in text
        numeric = sentence.replace("Sysselsättning 20–64 år", "")  # a name, not a number
        quoted = [n for n in re.findall(r"−?\d[\d\u00a0,]*\d|−?\d", numeric)
                  if not re.fullmatch(r"20\d\d|95", n)]
        assert sorted(quoted) == sorted(numbers.split("; ")), finding_id
    # every table is a sheet under its id, with the same cells as in the report
    tables = [name for name in book.sheetnames if name != "Meningar"]
    assert tables == [f"T{n}" for n in range(1, len(tables) + 1)] and len(tables) >= 4
    for name in tables:
        for row in book[name].iter_rows(min_row=3, values_only=True):
            assert all(str(cell) in text for cell in row if cell is not None), (name, row)


def test_word_has_headings_per_target_area_and_indicator_and_captioned_tables(world, tmp_path):
    report, appendix = equality_report(world, tmp_path / "rapport.docx", municipality="9999",
                                       lang="en")
    document = docx.Document(report)
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Summary") in headings
    assert ("Heading 1", "MO1 God start i livet") in headings
    assert ("Heading 2", "Behörighet till gymnasiet (en)") in headings
    assert ("Heading 1", "Methods") in headings
    captions = [p.text for p in document.paragraphs
                if p.style.name == "Caption" and p.text.startswith("Table")]
    assert len(document.tables) == len(captions) == len(
        openpyxl.load_workbook(appendix).sheetnames) - 1
    assert all(re.match(r"Table \d+\. ", c) for c in captions)
    # one figure per indicator with a gap series, with its values as alternative text
    assert len(document.inline_shapes) == 2
    assert all("SII" in shape._inline.docPr.get("descr") for shape in document.inline_shapes)
    body = "\n".join(p.text for p in document.paragraphs)
    assert "is closing" in body and "no detectable change" in body


def test_spans_that_share_years_are_never_both_used():
    import pandas as pd

    rolling = pd.DataFrame({"period": [f"{y - 4}-{y}" for y in range(2014, 2025)],
                            "start_date": [pd.Timestamp(y - 4, 1, 1) for y in range(2014, 2025)],
                            "end_date": [pd.Timestamp(y, 12, 31) for y in range(2014, 2025)]})
    chosen = stored_for(rolling, report_periods(None, rolling))
    assert list(chosen.values()) == ["2020-2024", "2015-2019", "2010-2014"]


@pytest.mark.parametrize(("periods", "message"), [
    ("2013-2016,2015-2020", "--periods: perioderna får inte överlappa"),
    ("2013-16", "--periods: väntade år eller årsintervall som 2013-2016, åtskilda med komma, "
                "fick '2013-16'"),
    ("2016-2013", "--periods: 2016-2013 slutar före sin början"),
])
def test_bad_periods_name_the_option(world, tmp_path, periods, message):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ArgumentError) as caught:
        equality_report(world, out / "r.html", municipality="9999", periods=periods)
    assert caught.value.message("cli") == message
    assert str(caught.value) == message.replace("--periods", "argumentet periods")
    assert not list(out.iterdir())  # nothing half-written


def test_the_html_passes_axe(world, tmp_path):
    from report_axe import serious_violations

    report, _ = equality_report(world, tmp_path / "rapport.html", municipality="9999")
    bad = serious_violations(report)
    assert not bad


def test_example_data_is_marked_inside_every_figure():
    import pandas as pd

    from jamlik.reports._equality_charts import gap_chart

    points = pd.DataFrame({"period": ["2016", "2020"], "value": [3.0, 2.0],
                           "lower": [2.0, 1.0], "upper": [4.0, 3.0]})
    marked = gap_chart(points, measure="SII", unit="år", period_title="Period", example=True)
    plain = gap_chart(points, measure="SII", unit="år", period_title="Period")
    texts = [layer for layer in marked["layer"] if layer["mark"]["type"] == "text"]
    assert len(texts) == 1 and "EXEMPELDATA" in str(texts[0])
    assert not [layer for layer in plain["layer"] if layer["mark"]["type"] == "text"]
    # a scale that starts at zero: the dots are not read against a cut axis
    assert any(layer.get("encoding", {}).get("y", {}).get("scale", {}).get("zero")
               for layer in marked["layer"])


def test_the_pdf_is_tagged_with_page_numbers(world, tmp_path):
    import pypdfium2

    report, _ = equality_report(world, tmp_path / "rapport.pdf", municipality="9999")
    import zlib

    raw = report.read_bytes()
    parts = [raw]  # the PDF with its compressed (object) streams inflated, for searching
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    inflated = b"\n".join(parts)
    assert raw.startswith(b"%PDF") and b"/StructTreeRoot" in inflated and b"/Lang" in inflated
    document = pypdfium2.PdfDocument(str(report))
    try:
        pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
    assert len(pages) >= 4 and f"av {len(pages)}" in pages[-1]
    assert "Jämlikhetsrapport för Testkommun" in " ".join(pages[0].split())


def test_activities_are_listed_with_their_status_in_the_reports_words():
    from types import SimpleNamespace

    from jamlik.reports._equality_view import _activities

    activity = SimpleNamespace(code="A1", name="Bokstart", owners=["Kulturnämnden"],
                               latest=SimpleNamespace(status="ongoing"))
    section = {"activities": [activity]}
    assert _activities(section, "sv") == ["A1 Bokstart (Kulturnämnden): pågående"]
    assert _activities(section, "en") == ["A1 Bokstart (Kulturnämnden): ongoing"]
