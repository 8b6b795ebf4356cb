"""DOCX, ODT, HTML and plain text to blocks; :func:`read_document` for any file.

Pages: DOCX counts explicit page breaks and the breaks Word records when it
saves (``w:lastRenderedPageBreak``); ODT counts ``text:soft-page-break`` and
paragraphs whose style breaks the page; plain text counts form feeds; HTML has
no pages. Table rows become one passage each, cells labelled by the header row
("Aktivitet: Bokstart; Resultat: 1 200 hembesök").
"""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from jamlik.errors import InputError

from ._passages import Block, Document, assemble, dehyphenate_join

__all__ = ["read_document", "FORMATS", "file_hash"]

FORMATS = {".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".html": "html", ".htm": "html",
           ".txt": "text", ".md": "text"}
_HEADING_STYLE = re.compile(r"^(heading|rubrik)\s*(\d)$", re.I)
_LIST_STYLE = re.compile(r"(list|lista|punkt)", re.I)


def file_hash(path: str | Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_document(path: str | Path, *, name: str | None = None) -> Document:
    """Extract the passages of a PDF, DOCX, ODT, HTML or plain text file.

    Parameters
    ----------
    path
        The file; its format is taken from the suffix.
    name
        How messages name the file (default: the file name).

    Returns
    -------
    Document
        Passages with page and heading path; ``scanned_pages`` lists PDF pages
        with images but no text.

    Raises
    ------
    InputError
        An unknown suffix, or a file that cannot be read as its format.
    """
    path = Path(path)
    name = name or path.name
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"okänt dokumentformat '{path.suffix}'; väntade "
                         + ", ".join(sorted(set(FORMATS))), file=name)
    if not path.is_file():
        raise InputError("filen finns inte", file=name)
    pages: int | None = None
    scanned: list[int] = []
    if kind == "pdf":
        from ._pdf import read_pdf

        blocks, pages, scanned = read_pdf(str(path), name)
    elif kind == "docx":
        blocks = _read_docx(path, name)
    elif kind == "odt":
        blocks = _read_odt(path, name)
    elif kind == "html":
        blocks = _read_html(_decode(path, name))
    else:
        blocks = _read_text(_decode(path, name))
    if kind != "pdf":
        numbered = [block.page for block in blocks if block.page is not None]
        pages = max(numbered) if numbered else None
    document = Document(name, kind, pages, assemble(blocks), scanned)
    if scanned:
        document.warnings.append(
            f"{name}: {len(scanned)} sidor utan text (inskannade?), inte lästa: s. "
            + ", ".join(str(page) for page in scanned))
    return document


def _decode(path: Path, name: str) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("väntade text i UTF-8 eller Windows-1252", file=name)


def _table_rows(rows: list[list[str]], page: int | None) -> list[Block]:
    """One block per body row, cells labelled by the header row."""
    rows = [[re.sub(r"\s+", " ", cell).strip() for cell in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    header, body = (rows[0], rows[1:]) if len(rows) > 1 else ([], rows)
    blocks = []
    for row in body:
        cells = []
        for index, cell in enumerate(row):
            if not cell or (index and cell == row[index - 1]):  # merged cells repeat
                continue
            label = header[index] if index < len(header) and header[index] else ""
            cells.append(f"{label}: {cell}" if label else cell)
        blocks.append(Block("table_row", "; ".join(cells), page))
    return blocks


# -- DOCX ------------------------------------------------------------------------------


def _read_docx(path: Path, name: str) -> list[Block]:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - installed with the reports extra
        raise InputError("DOCX kräver paketet python-docx (pip install 'jamlik[reports]')",
                         file=name) from None
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several kinds for a broken zip
        raise InputError(f"kunde inte läsa DOCX-filen ({error})", file=name) from None
    blocks: list[Block] = []
    page = 1
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            breaks_before = _docx_breaks(child)
            page += breaks_before
            blocks.append(_docx_block(paragraph, page))
        elif tag == "tbl":
            table = Table(child, document)
            rows = [[cell.text for cell in row.cells] for row in table.rows]
            blocks.extend(_table_rows(rows, page))
    return blocks


def _docx_breaks(element) -> int:
    namespace = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    count = 0
    for node in element.iter(f"{namespace}br", f"{namespace}lastRenderedPageBreak"):
        if node.tag.endswith("lastRenderedPageBreak") or node.get(f"{namespace}type") == "page":
            count += 1
    return count


def _docx_block(paragraph, page: int) -> Block:
    style = paragraph.style.name if paragraph.style is not None else ""
    heading = _HEADING_STYLE.match(style or "")
    if heading:
        return Block("heading", paragraph.text, page, int(heading.group(2)))
    if style.lower() == "title":
        return Block("heading", paragraph.text, page, 1)
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    kind = "list_item" if numbered or _LIST_STYLE.search(style or "") else "paragraph"
    return Block(kind, paragraph.text, page)


# -- ODT -------------------------------------------------------------------------------


def _read_odt(path: Path, name: str) -> list[Block]:
    from odf import opendocument, teletype
    from odf.namespaces import FONS, STYLENS, TABLENS, TEXTNS

    try:
        document = opendocument.load(str(path))
    except Exception as error:  # odfpy raises zip, XML and key errors alike
        raise InputError(f"kunde inte läsa ODT-filen ({error})", file=name) from None
    breaking = set()
    for styles in (document.automaticstyles, document.styles):
        for style in styles.childNodes:
            for props in getattr(style, "childNodes", []):
                if props.attributes.get((FONS, "break-before")) == "page":
                    breaking.add(style.attributes.get((STYLENS, "name")))
    blocks: list[Block] = []
    state = {"page": 1}

    def walk(node, in_list: bool = False) -> None:
        for child in node.childNodes:
            if child.nodeType != child.ELEMENT_NODE:
                continue
            qname = child.qname
            if qname == (TEXTNS, "soft-page-break"):
                state["page"] += 1
            elif qname in ((TEXTNS, "h"), (TEXTNS, "p")):
                if child.attributes.get((TEXTNS, "style-name")) in breaking:
                    state["page"] += 1
                state["page"] += sum(1 for node in child.childNodes
                                     if getattr(node, "qname", None) == (TEXTNS, "soft-page-break"))
                text = teletype.extractText(child)
                if qname == (TEXTNS, "h"):
                    level = int(child.attributes.get((TEXTNS, "outline-level"), 1))
                    blocks.append(Block("heading", text, state["page"], level))
                else:
                    blocks.append(Block("list_item" if in_list else "paragraph", text,
                                        state["page"]))
            elif qname == (TEXTNS, "list"):
                walk(child, True)
            elif qname == (TABLENS, "table"):
                rows = [[teletype.extractText(cell) for cell in row.childNodes
                         if getattr(cell, "qname", None) == (TABLENS, "table-cell")]
                        for row in child.getElementsByType(_odf_row())]
                blocks.extend(_table_rows(rows, state["page"]))
            else:
                walk(child, in_list)

    walk(document.text)
    return blocks


def _odf_row():
    from odf.table import TableRow

    return TableRow


# -- HTML and plain text ----------------------------------------------------------------


class _HTMLBlocks(HTMLParser):
    _BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "td", "th", "tr",
               "blockquote", "dd", "dt", "caption"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.kind = "paragraph"
        self.level = 1
        self.skip = 0
        self.rows: list[list[str]] = []
        self.row: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "nav", "header", "footer"):
            self.skip += 1
        elif tag == "table":
            self._flush()
            self.rows = []
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.text = []
        elif tag in self._BLOCKS:
            self._flush()
            self.kind = ("heading" if tag[0] == "h" and tag[1:].isdigit()
                         else "list_item" if tag == "li" else "paragraph")
            self.level = int(tag[1]) if self.kind == "heading" else 1
        elif tag == "br":
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "nav", "header", "footer"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.row is not None:
            self.row.append("".join(self.text))
            self.text = []
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None
        elif tag == "table":
            self.blocks.extend(_table_rows(self.rows, None))
            self.rows = []
        elif tag in self._BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)

    def _flush(self):
        text = re.sub(r"\s+", " ", "".join(self.text)).strip()
        if text and self.row is None:
            self.blocks.append(Block(self.kind, text, None, self.level))
        if self.row is None:
            self.text = []
        self.kind, self.level = "paragraph", 1


def _read_html(text: str) -> list[Block]:
    parser = _HTMLBlocks()
    parser.feed(text)
    parser.close()
    parser._flush()
    return parser.blocks


_TEXT_BULLET = re.compile(r"^\s*([•*\-–]|\d{1,2}[.)])\s+")
_TEXT_PAGE_NUMBER = re.compile(r"^\s*((sida|s\.)\s*)?\d{1,4}(\s*(av|/)\s*\d{1,4})?\s*$", re.I)


def _read_text(text: str) -> list[Block]:
    """Paragraphs split by blank lines; form feeds are page breaks; a single short
    line without end punctuation is a heading; page-number lines are dropped."""
    blocks: list[Block] = []
    pages = text.split("\f")
    for number, page in enumerate(pages, start=1):
        page_number = number if len(pages) > 1 else None
        for chunk in re.split(r"\n\s*\n", page):
            lines = [line for line in chunk.splitlines() if line.strip()
                     and not _TEXT_PAGE_NUMBER.match(line)]
            if not lines:
                continue
            if all(_TEXT_BULLET.match(line) for line in lines):
                blocks.extend(Block("list_item", _TEXT_BULLET.sub("", line), page_number)
                              for line in lines)
                continue
            joined = dehyphenate_join(lines)
            heading = (len(lines) == 1 and len(joined) < 80 and not re.search(r"[.!?:;,]$", joined)
                       and joined[:1].isupper())
            level = (len(joined) - len(joined.lstrip("#"))) if joined.startswith("#") else 2
            blocks.append(Block("heading" if heading or joined.startswith("#") else "paragraph",
                                joined.lstrip("# ").strip(), page_number, max(level, 1)))
    return blocks
