"""The equality report as a Word document: real headings (one Heading 1 per target area,
Heading 2 per indicator), numbered table captions, the findings as paragraphs, and
the cover, contents and page numbers of the annual summary's Word layout."""

from __future__ import annotations

import io
from typing import Any

from docx import Document

from ._docx import WARN, _bullets, _chapter, _cover, _figure, _setup, _table, _toc

__all__ = ["render_equality_docx"]


def _indicator(document, indicator: dict[str, Any], lang: str) -> None:
    document.add_heading(indicator["heading"], level=2)
    if indicator["empty"]:
        document.add_paragraph(indicator["empty"])
    for finding in indicator["findings"]:
        document.add_paragraph(f"{finding.text} [{finding.id}]")
    if indicator.get("figure"):
        figure = indicator["figure"]
        _figure(document, figure["spec"], figure["caption"], figure["alt"], lang)
    for table in indicator["tables"]:
        _table(document, table)
    outliers = indicator["outliers"]
    if outliers:
        if outliers["table"]:
            _table(document, outliers["table"])
        if outliers["note"]:
            document.add_paragraph(outliers["note"])
    if indicator.get("map"):
        found = indicator["map"]
        _figure(document, found["spec"], found["caption"], found["alt"], lang)
    if indicator.get("intersections"):
        _table(document, indicator["intersections"]["table"])
        document.add_paragraph(indicator["intersections"]["note"])


def _commentary(document, found: dict[str, Any] | None) -> None:
    """An analyst's commentary: its heading, paragraphs and who wrote it when."""
    if not found:
        return
    document.add_heading(found["heading"], level=3)
    for paragraph in found["paragraphs"]:
        document.add_paragraph(paragraph)
    document.add_paragraph(found["byline"]).runs[0].italic = True


def _decomposition(document, found: dict[str, Any], lang: str) -> None:
    _chapter(document, found["heading"])
    if found["empty"]:
        document.add_paragraph(found["empty"])
    else:
        document.add_paragraph(found["intro"])
        for finding in found["findings"]:
            document.add_paragraph(f"{finding.text} [{finding.id}]")
        figure = found["figure"]
        _figure(document, figure["spec"], figure["caption"], figure["alt"], lang)
        for table in found["tables"]:
            _table(document, table)
    _commentary(document, found.get("commentary"))


def render_equality_docx(view: dict[str, Any]) -> bytes:
    """The Word document of a view from :func:`build_equality_view`, as bytes."""
    document = Document()
    _setup(document, view)
    _cover(document, view)
    _toc(document, view)
    _chapter(document, view["summary_heading"])
    if view["example"]:
        document.add_paragraph(view["example_banner"]).runs[0].font.color.rgb = WARN
    document.add_paragraph(view["summary_text"])
    for heading, found in view["summary"]:
        document.add_heading(heading, level=2)
        _bullets(document, [f"{f.text} [{f.id}]" for f in found])
    if view["appendix"]:
        document.add_paragraph(view["appendix"])
    _commentary(document, view.get("summary_commentary"))
    for section in view["sections"]:
        _chapter(document, section["heading"])
        for indicator in section["indicators"]:
            _indicator(document, indicator, view["lang"])
        document.add_heading(section["activities_heading"], level=2)
        if section["activities"]:
            _bullets(document, section["activities"])
        else:
            document.add_paragraph(section["no_activities"])
        if section.get("voices"):
            document.add_heading(section["voices_heading"], level=2)
            _bullets(document, [item["text"] + (f" ({item['source']})" if item["source"] else "")
                                for item in section["voices"]])
        _commentary(document, section.get("commentary"))
    if view.get("decomposition"):
        _decomposition(document, view["decomposition"], view["lang"])
    _chapter(document, view["methods_heading"])
    _bullets(document, view["methods"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
