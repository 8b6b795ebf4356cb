"""Extraction from real PDF, DOCX, ODT, HTML and text files generated here."""

from __future__ import annotations

import pytest

from jamlik.errors import InputError
from jamlik.text import file_hash, read_document

LONG = ("Under året har biblioteken arbetat med läsfrämjande insatser för familjer med små "
        "barn. Bokstart har nått fler familjer i nordost än tidigare år, och hembesöken görs "
        "tillsammans med barnavårdscentralen på familjens eget språk och med stöd av tolk.")


def _pdf(path, pages_html: list[str], header: str = "Kulturnämnden – Årsrapport 2024"):
    weasyprint = pytest.importorskip("weasyprint")
    css = ("@page { size: A4; margin: 2.5cm; @top-center { content: '%s' } "
           "@bottom-center { content: 'Sida ' counter(page) } } "
           "h1 { font-size: 20pt } h2 { font-size: 14pt } p, li { font-size: 11pt } "
           "td, th { padding: 2pt 18pt 2pt 0; font-size: 11pt }" % header)
    body = "".join(f"<section style='page-break-before: always'>{page}</section>" if i else page
                   for i, page in enumerate(pages_html))
    weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body>{body}</body></html>"
                    ).write_pdf(str(path))
    return path


def test_pdf_pages_headings_lists_and_running_lines(tmp_path):
    path = _pdf(tmp_path / "rapport.pdf", [
        "<h1>Årsrapport 2024</h1><h2>Mål och uppdrag</h2>"
        f"<p>{LONG}</p><ul><li>Sagostunder på fem språk</li><li>Läsambassadörer i förskolor</li></ul>",
        "<h2>Jämlik stad</h2><p>Kulturskolans avgiftsfria kurser har lockat barn som inte "
        "tidigare deltagit i kulturskolans verksamhet.</p>",
        "<p>Resultatet blev ett överskott på tre miljoner kronor.</p>",
    ])
    document = read_document(path)
    assert document.format == "pdf" and document.pages == 3
    texts = [p.text for p in document.passages]
    assert LONG in texts  # lines joined into one paragraph
    first = document.passages[texts.index(LONG)]
    assert first.page == 1 and first.heading_path == ("Årsrapport 2024", "Mål och uppdrag")
    assert first.citation == "s. 1, Mål och uppdrag"
    items = [p for p in document.passages if p.kind == "list_item"]
    assert [p.text for p in items] == ["Sagostunder på fem språk", "Läsambassadörer i förskolor"]
    culture = next(p for p in document.passages if p.text.startswith("Kulturskolans"))
    assert culture.page == 2 and culture.heading_path[-1] == "Jämlik stad"
    assert next(p for p in document.passages if "överskott" in p.text).page == 3
    joined = " ".join(texts)
    assert "Kulturnämnden – Årsrapport" not in joined and "Sida" not in joined
    assert document.scanned_pages == []


def test_pdf_hyphenation_at_line_end_is_undone(tmp_path):
    # a narrow column forces the words to break at the hyphens we put in
    text = ("Förskole\u00adförvaltningen har stärkt barnens språk\u00adutveckling och "
            "samarbetet med barn- och ungdomsverksamheten. ") * 3
    path = _pdf(tmp_path / "smal.pdf", [f"<p style='width: 4cm; hyphens: manual'>{text}</p>"])
    document = read_document(path)
    joined = next(p.text for p in document.passages if "barnens" in p.text)
    assert "Förskoleförvaltningen" in joined and "språkutveckling" in joined
    assert "barn- och ungdomsverksamheten" in joined
    assert "\u00ad" not in joined and "\x02" not in joined


def test_pdf_scanned_page_is_reported(tmp_path):
    pytest.importorskip("weasyprint")
    from PIL import Image

    image = tmp_path / "scan.png"
    Image.new("RGB", (400, 500), "white").save(image)
    path = _pdf(tmp_path / "scan.pdf", [f"<p>{LONG}</p>", f"<img src='{image.as_uri()}'>"])
    document = read_document(path)
    assert document.scanned_pages == [2]
    assert "s. 2" in document.warnings[0] and "inskannade" in document.warnings[0]


def test_docx_pages_headings_lists_tables(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("Årsrapport 2024", level=1)
    document.add_heading("Mål och uppdrag", level=2)
    document.add_paragraph(LONG)
    document.add_paragraph("Sagostunder på fem språk", style="List Bullet")
    document.add_page_break()
    document.add_heading("Uppföljning", level=2)
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Aktivitet", "Resultat"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "Bokstart", "1 200 hembesök"
    section = document.sections[0]
    section.header.paragraphs[0].text = "Kulturnämnden"
    document.save(tmp_path / "rapport.docx")
    result = read_document(tmp_path / "rapport.docx")
    by_text = {p.text: p for p in result.passages}
    assert by_text[LONG].page == 1
    assert by_text[LONG].heading_path == ("Årsrapport 2024", "Mål och uppdrag")
    assert by_text["Sagostunder på fem språk"].kind == "list_item"
    row = by_text["Aktivitet: Bokstart; Resultat: 1 200 hembesök"]
    assert row.kind == "table_row" and row.page == 2 and row.citation == "s. 2, Uppföljning"
    assert "Kulturnämnden" not in by_text and result.pages == 2


def test_odt_pages_headings_lists(tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    breaking = Style(name="NySida", family="paragraph")
    breaking.addElement(ParagraphProperties(breakbefore="page"))
    document.automaticstyles.addElement(breaking)
    document.text.addElement(H(outlinelevel=1, text="Årsrapport 2024"))
    document.text.addElement(H(outlinelevel=2, text="Mål och uppdrag"))
    document.text.addElement(P(text=LONG))
    items = List()
    item = ListItem()
    item.addElement(P(text="Läsambassadörer i förskolor"))
    items.addElement(item)
    document.text.addElement(items)
    document.text.addElement(P(stylename=breaking, text="Överskottet blev tre miljoner."))
    document.save(str(tmp_path / "rapport.odt"))
    result = read_document(tmp_path / "rapport.odt")
    by_text = {p.text: p for p in result.passages}
    assert by_text[LONG].page == 1 and by_text[LONG].citation == "s. 1, Mål och uppdrag"
    assert by_text["Läsambassadörer i förskolor"].kind == "list_item"
    assert by_text["Överskottet blev tre miljoner."].page == 2


def test_html_and_text(tmp_path):
    (tmp_path / "r.html").write_text(
        "<html><body><nav>Meny</nav><h1>Rapport</h1><h2>Arbete</h2><p>Praktik för "
        "unga.</p><ul><li>Feriejobb</li></ul><table><tr><th>Insats</th><th>Antal</th></tr>"
        "<tr><td>Feriejobb</td><td>800</td></tr></table></body></html>", encoding="utf-8")
    html = read_document(tmp_path / "r.html")
    assert [(p.text, p.kind) for p in html.passages] == [
        ("Praktik för unga.", "paragraph"), ("Feriejobb", "list_item"),
        ("Insats: Feriejobb; Antal: 800", "table_row")]
    assert html.passages[0].heading_path == ("Rapport", "Arbete")
    (tmp_path / "r.txt").write_text(
        "Mål och uppdrag\n\nVi har ökat valdel-\ntagandet i nordost.\n\n3\n\fNästa sida\n\n"
        "Fler mötesplatser.\n", encoding="utf-8")
    text = read_document(tmp_path / "r.txt")
    assert [(p.text, p.page, p.citation) for p in text.passages] == [
        ("Vi har ökat valdeltagandet i nordost.", 1, "s. 1, Mål och uppdrag"),
        ("Fler mötesplatser.", 2, "s. 2, Nästa sida")]


def test_bad_files_give_one_message(tmp_path):
    with pytest.raises(InputError, match=r"r\.xls: okänt dokumentformat '\.xls'"):
        read_document(tmp_path / "r.xls")
    (tmp_path / "trasig.pdf").write_bytes(b"not a pdf")
    with pytest.raises(InputError, match=r"trasig\.pdf: kunde inte läsa PDF-filen"):
        read_document(tmp_path / "trasig.pdf")
    (tmp_path / "trasig.docx").write_bytes(b"not a zip")
    with pytest.raises(InputError, match=r"trasig\.docx: kunde inte läsa DOCX-filen"):
        read_document(tmp_path / "trasig.docx")


def test_file_hash_identifies_content(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    assert file_hash(tmp_path / "a.txt") == file_hash(tmp_path / "b.txt")
    assert len(file_hash(tmp_path / "a.txt")) == 64
