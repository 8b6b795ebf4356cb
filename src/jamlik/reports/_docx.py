"""The annual summary as a Word document (python-docx), fit to send to a council.

Cover page without page number; a table of contents as a Word field (Word fills
in the page numbers when the document is opened: ``updateFields``), listing the
headings already so that it reads well before; "Sida X av Y" in the footer;
numbered captions (SEQ fields); tables whose header row repeats on every page and
whose rows do not split; figures with alternative text; Swedish as the language
of the text; example data marked on the cover and in every page header.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ._annual_voices import docx_voices
from ._charts import to_png

__all__ = ["render_docx"]

ACCENT = RGBColor(0x21, 0x66, 0xAC)
WARN = RGBColor(0xB2, 0x18, 0x2B)
LANG_TAGS = {"sv": "sv-SE", "en": "en-GB"}
TEXT_WIDTH_CM = 16.5


def _field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """A complex field (PAGE, NUMPAGES, SEQ ...) with a placeholder result."""
    for kind, value in (("begin", None), ("instr", instruction), ("separate", None),
                        ("text", placeholder), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {value} "
        elif kind == "text":
            run.text = value
            continue
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _fld_char(paragraph, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(element)


def _setup(document, view: dict[str, Any]) -> None:
    lang = LANG_TAGS[view["lang"]]
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    rpr = normal.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), lang)
    rpr.append(language)
    for name, size in (("Heading 1", 16), ("Heading 2", 12.5), ("Title", 28)):
        style = document.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = ACCENT
    document.styles["Caption"].font.size = Pt(9)
    document.styles["Caption"].font.color.rgb = RGBColor(0x33, 0x33, 0x33)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = Cm(2.5)
    section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = view["programme"]
    header.runs[0].font.size = Pt(7.5)
    if view["example"]:
        run = header.add_run(f"\t\t{view['example_short'].upper()}")
        run.font.size, run.font.bold, run.font.color.rgb = Pt(7.5), True, WARN
    footer = section.footer.paragraphs[0]
    footer.alignment = 2  # right
    footer.add_run(f"{view['page']} ")
    _field(footer, "PAGE")
    footer.add_run(f" {view['page_of']} ")
    _field(footer, "NUMPAGES")
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)
    core = document.core_properties
    core.title = f"{view['title']} – {view['programme']}"
    core.subject = view["subtitle"]
    core.author = "jamlik"
    core.language = lang
    core.keywords = view["example_short"] if view["example"] else ""


def _cover(document, view: dict[str, Any]) -> None:
    if view["example"]:
        banner = document.add_paragraph()
        run = banner.add_run(view["example_banner"])
        run.font.bold, run.font.color.rgb = True, WARN
    for _ in range(6):
        document.add_paragraph()
    document.add_paragraph(view["title"], style="Title")
    subtitle = document.add_paragraph(view["subtitle"])
    subtitle.runs[0].font.size = Pt(15)
    document.add_paragraph(view["cycle_line"])
    if view["deadline"]:
        document.add_paragraph(view["deadline"])
    document.add_paragraph(view["compiled"])
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _toc(document, view: dict[str, Any]) -> None:
    document.add_paragraph(view["contents"], style="TOC Heading")
    entries = [heading for _, heading in view["toc"]]
    first = document.add_paragraph()
    _fld_char(first, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = ' TOC \\o "1-1" \\h \\z \\u '
    first.add_run()._r.append(instruction)
    _fld_char(first, "separate")
    first.add_run(entries[0])
    last = first
    for entry in entries[1:]:
        last = document.add_paragraph(entry)
    _fld_char(last, "end")


def _caption(document, caption: dict[str, Any], kind: str) -> None:
    paragraph = document.add_paragraph(style="Caption")
    word = caption["label"].split(" ")[0]
    paragraph.add_run(f"{word} ").bold = True
    _field(paragraph, f"SEQ {word} \\* ARABIC", str(caption["number"]))
    paragraph.add_run(". ").bold = True
    paragraph.add_run(caption["text"])
    paragraph.paragraph_format.keep_with_next = kind == "table"


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _no_split(row) -> None:
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _table(document, table: dict[str, Any]) -> None:
    _caption(document, table["caption"], "table")
    headers, rows = table["headers"], table["rows"]
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    widths = table.get("widths") or [100 / len(headers)] * len(headers)
    widths = [Cm(TEXT_WIDTH_CM * w / sum(widths)) for w in widths]
    header = grid.rows[0]
    _repeat_header(header)
    _no_split(header)
    for cell, text, width in zip(header.cells, headers, widths):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(text))
        run.bold, run.font.size = True, Pt(8.5)
        cell.width = width
        _shade(cell, "EEF3F8")
    last = len(rows) - 1
    for i, values in enumerate(rows):
        row = grid.add_row()
        _no_split(row)
        if isinstance(values, dict):  # a group heading: one merged cell, kept with the next row
            cell = row.cells[0].merge(row.cells[-1])
            run = cell.paragraphs[0].add_run(values["group"])
            run.bold, run.font.size = True, Pt(8.5)
            cell.paragraphs[0].paragraph_format.keep_with_next = True
            _shade(cell, "F5F5F5")
            continue
        for cell, value, width in zip(row.cells, values, widths):
            run = cell.paragraphs[0].add_run(str(value))
            run.font.size = Pt(8.5)
            run.bold = bool(table.get("total_row") and i == last)
            cell.width = width
    note = document.add_paragraph()
    if table.get("note"):  # why a total is not the sum of its rows
        run = note.add_run(table["note"])
        run.font.size = Pt(8)


def _figure(document, spec: dict[str, Any], caption: dict[str, Any], alt: str,
            lang: str) -> None:
    png = to_png(spec, lang)
    document.add_picture(io.BytesIO(png), width=Cm(12))
    picture = document.paragraphs[-1]
    picture.paragraph_format.keep_with_next = True
    inline = picture.runs[-1]._r.xpath(".//wp:inline")[0]
    properties = inline.xpath("./wp:docPr")[0]
    properties.set("descr", alt)
    properties.set("title", caption["text"])
    _caption(document, caption, "figure")


def _bullets(document, lines) -> None:
    for line in lines:
        document.add_paragraph(line, style="List Bullet")


def _chapter(document, heading: str) -> None:
    paragraph = document.add_heading(heading, level=1)
    paragraph.paragraph_format.page_break_before = True


def _section(document, s: dict[str, Any], lang: str) -> None:
    _chapter(document, s["heading"])
    document.add_heading(s["strategies_heading"], level=2)
    for code, name in s["strategies"]:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{code} ").bold = True
        paragraph.add_run(name)
    document.add_heading(s["activities_heading"], level=2)
    if s["activities"]:
        _table(document, s["activities"])
    else:
        document.add_paragraph(s["no_activities"])
    document.add_heading(s["goal_heading"], level=2)
    document.add_paragraph(s["goal_summary"]).paragraph_format.keep_with_next = True
    if s["goal_chart"]:
        _figure(document, s["goal_chart"], s["goal_caption"], s["goal_alt"], lang)
    document.add_heading(s["examples_heading"], level=2)
    for example in s["examples"]:
        document.add_paragraph(f"”{example['quote']}”", style="Quote")
        source = document.add_paragraph()
        source.add_run(example["source"] + (f" – {example['link']}" if example["link"] else ""))
        source.add_run(f". {example['activity']}").italic = True
        source.runs[0].font.size = source.runs[1].font.size = Pt(8.5)
    if not s["examples"]:
        document.add_paragraph(s["no_examples"])
    document.add_heading(s["indicators_heading"], level=2)
    if s["indicators"]:
        _table(document, s["indicators"])
        note = document.add_paragraph(s["indicators"]["note"])
        note.runs[0].font.size = Pt(8)
    else:
        document.add_paragraph(s["no_indicators"])
    if s.get("voices"):
        docx_voices(document, s["voices"], _table, Pt(8))
    document.add_heading(s["news_heading"], level=2)
    _bullets(document, s["news"])


def render_docx(view: dict[str, Any]) -> bytes:
    """The Word document of a view from :func:`build_view`, as bytes."""
    document = Document()
    _setup(document, view)
    _cover(document, view)
    _toc(document, view)
    _chapter(document, view["about_heading"])
    if view["example"]:
        note = document.add_paragraph(view["example_banner"])
        note.runs[0].font.color.rgb = WARN
    document.add_paragraph(view["about"])
    if view["goal"]:
        document.add_paragraph().add_run(view["goal"]).bold = True
    document.add_heading(view["preconditions_heading"], level=2)
    _bullets(document, view["preconditions"])
    for section in view["sections"]:
        _section(document, section, view["lang"])
    overview = view["overview"]
    _chapter(document, overview["heading"])
    document.add_paragraph(overview["text"])
    _figure(document, overview["chart"], overview["chart_caption"], overview["chart_alt"],
            view["lang"])
    _table(document, overview["table"])
    missing = view["missing"]
    _chapter(document, missing["heading"])
    if missing["table"]:
        _table(document, missing["table"])
    else:
        document.add_paragraph(missing["none"])
    if view.get("scenarios"):
        _chapter(document, view["scenarios"]["heading"])
        document.add_paragraph(view["scenarios"]["intro"])
        _table(document, view["scenarios"]["table"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
