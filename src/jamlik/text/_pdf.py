"""PDF pages to blocks with pypdfium2 (PDFium): lines from text rectangles.

PDFium gives the text of a page as rectangles, one per run of text on a line.
Rectangles on the same baseline make a line; a line much taller than the body
text is a heading (its size gives its level); a vertical gap larger than half a
body line starts a new paragraph; a line that starts with a bullet is a list
item; a line of several runs far apart is a table row. Lines in the top and
bottom margins that repeat on many pages (running headers and footers) and page
numbers are dropped. A page with images but no text is reported as scanned.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from jamlik.errors import InputError

from ._passages import Block, dehyphenate_join

__all__ = ["read_pdf"]

_PAGE_NUMBER = re.compile(r"^(sida|s\.|page)?\s*\d{1,4}(\s*(av|/|of)\s*\d{1,4})?$", re.I)
_BULLET = re.compile(r"^([•●▪◦‣∙·\-–—*]|\d{1,2}[.)]|[a-z][.)])$")
_MARGIN = 0.09  # share of the page height at the top and bottom holding headers/footers
_IMAGE_OBJECT = 3  # FPDF_PAGEOBJ_IMAGE


@dataclass(slots=True)
class _Line:
    page: int
    top: float
    bottom: float
    height: float  # font size in points
    spans: list[tuple[float, float, str]]  # left, right, text
    page_height: float = 842.0

    @property
    def relative_top(self) -> float:
        return self.top / self.page_height

    @property
    def relative_bottom(self) -> float:
        return self.bottom / self.page_height

    @property
    def text(self) -> str:
        return " ".join(text for _, _, text in self.spans).strip()


def read_pdf(path: str, name: str) -> tuple[list[Block], int, list[int]]:
    """Blocks, page count and scanned pages (1-based) of a PDF file."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        raise InputError(f"kunde inte läsa PDF-filen ({error})", file=name) from None
    try:
        pages, images, heights = [], [], []
        for number, page in enumerate(pdf, start=1):
            pages.append(_page_lines(page, number))
            images.append(_has_images(page))
            page.close()
        count = len(pdf)
    finally:
        pdf.close()
    _drop_running_lines(pages)
    # a scan may still carry a running header added later: judge after dropping those
    scanned = [number for number, ((lines, _), image) in enumerate(zip(pages, images), start=1)
               if image and not lines]
    for lines, _ in pages:
        heights.extend(line.height for line in lines for _ in range(len(line.text) // 20 + 1))
    body = statistics.median(heights) if heights else 10.0
    blocks = []
    levels = _heading_levels(pages, body)
    for lines, _ in pages:
        blocks.extend(_blocks(lines, body, levels))
    return blocks, count, scanned


def _page_lines(page, number: int) -> tuple[list[_Line], float]:
    textpage = page.get_textpage()
    height = page.get_height()
    rects = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = textpage.get_text_bounded(left, bottom, right, top).replace("\r", " ")
        text = text.replace("\n", " ").strip()
        if text:
            rects.append((left, bottom, right, top, text, _font_size(textpage, left, bottom, top)))
    textpage.close()
    rects.sort(key=lambda rect: (-rect[3], rect[0]))
    lines: list[_Line] = []
    for left, bottom, right, top, text, size in rects:
        middle = (top + bottom) / 2
        for line in lines[-3:]:
            if line.bottom <= middle <= line.top:
                line.spans.append((left, right, text))
                line.top, line.bottom = max(line.top, top), min(line.bottom, bottom)
                line.height = max(line.height, size)
                break
        else:
            lines.append(_Line(number, top, bottom, size, [(left, right, text)]))
    for line in lines:
        line.spans.sort()
        line.page_height = height
    return lines, height


def _font_size(textpage, left: float, bottom: float, top: float) -> float:
    """The font size of the first character of a text run (its box height if unknown)."""
    import pypdfium2.raw as pdfium_c

    index = textpage.get_index(left + 1, (top + bottom) / 2, 3, 3)
    size = pdfium_c.FPDFText_GetFontSize(textpage, index) if index is not None and index >= 0 else 0
    return float(size) if size > 0 else top - bottom


def _has_images(page) -> bool:
    return any(obj.type == _IMAGE_OBJECT for obj in page.get_objects())


def _drop_running_lines(pages: list[tuple[list[_Line], float]]) -> None:
    """Remove page numbers and lines repeated in the margins of many pages."""
    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text.lower())

    def in_margin(line: _Line) -> bool:
        return line.relative_bottom > 1 - _MARGIN or line.relative_top < _MARGIN

    counts = Counter(key(line) for lines, _ in pages for line in {key(li): li for li in lines
                                                                   if in_margin(li)}.values())
    repeated = {text for text, count in counts.items()
                if count >= 2 and count >= 0.5 * len(pages)}
    for lines, _ in pages:
        lines[:] = [line for line in lines if not (
            in_margin(line) and (key(line) in repeated or _PAGE_NUMBER.match(line.text)))]


def _heading_levels(pages, body: float) -> dict[int, int]:
    """Heading level per line height (rounded): the tallest headings are level 1."""
    sizes = sorted({round(line.height) for lines, _ in pages for line in lines
                    if line.height >= 1.2 * body and len(line.text) < 120}, reverse=True)
    return {size: level for level, size in enumerate(sizes, start=1)}


def _blocks(lines: list[_Line], body: float, levels: dict[int, int]) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    kind = "paragraph"
    page = lines[0].page if lines else None

    def flush() -> None:
        nonlocal current
        if current:
            blocks.append(Block(kind, dehyphenate_join(current), page))
        current = []

    previous: _Line | None = None
    for line in lines:
        text = line.text
        level = levels.get(round(line.height)) if line.height >= 1.2 * body else None
        gap = previous.bottom - line.top if previous else 0.0
        if level is not None and len(text) < 120:
            flush()
            if blocks and blocks[-1].kind == "heading" and previous is not None \
                    and gap < 0.5 * body and blocks[-1].level == level:
                blocks[-1].text += " " + text  # a heading over two lines
            else:
                blocks.append(Block("heading", text, line.page, level))
            previous = line
            continue
        bullet = len(line.spans) > 1 and _BULLET.match(line.spans[0][2].strip())
        table = not bullet and _is_table_row(line, body)
        if bullet or table or not current or gap > 0.5 * body or kind != "paragraph":
            flush()
            kind = "list_item" if bullet else "table_row" if table else "paragraph"
            if bullet:
                text = " ".join(span[2] for span in line.spans[1:]).strip()
            elif table:
                text = " | ".join(span[2].strip() for span in line.spans)
        elif kind == "list_item" and gap <= 0.5 * body:
            pass
        current.append(text)
        previous = line
        if table:
            flush()
    flush()
    return blocks


def _is_table_row(line: _Line, body: float) -> bool:
    if len(line.spans) < 2:
        return False
    return any(line.spans[i + 1][0] - line.spans[i][1] > 0.9 * body
               for i in range(len(line.spans) - 1))
