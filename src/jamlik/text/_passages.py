"""Passages: the citable units of a document, and how blocks become passages.

Every reader (PDF, DOCX, ODT, HTML, plain text) turns its file into a sequence of
*blocks* (heading, paragraph, list item, table row) with the page they start on;
:func:`assemble` then keeps the heading path, joins a paragraph that runs over a
page break, drops empty blocks and numbers the passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Passage", "Document", "Block", "assemble", "dehyphenate_join"]

_END_OF_SENTENCE = re.compile(r"[.!?:;…)\]\"”]\s*$")
# Words that follow a hyphen that is a real one: "barn- och ungdomsnämnden".
_AFTER_REAL_HYPHEN = frozenset({"och", "eller", "samt", "till", "som", "resp", "respektive"})


@dataclass(frozen=True, slots=True)
class Passage:
    """One paragraph, list item or table row of a document.

    ``page`` is the 1-based physical page (``None`` when the format has no pages);
    ``heading_path`` the headings above it, outermost first; ``kind`` one of
    ``paragraph``, ``list_item``, ``table_row``.
    """

    id: str
    text: str
    page: int | None = None
    heading_path: tuple[str, ...] = ()
    kind: str = "paragraph"

    @property
    def citation(self) -> str:
        """Where the passage is, as a reader cites it: ``"s. 14, Mål och uppdrag"``."""
        parts = [f"s. {self.page}"] if self.page is not None else []
        if self.heading_path:
            parts.append(self.heading_path[-1])
        return ", ".join(parts)


@dataclass(slots=True)
class Document:
    """The text of one file: its passages and what could not be read.

    ``scanned_pages`` are pages that carry images but no text (a scan without
    OCR): their content is missing from ``passages`` and the caller must say so.
    """

    source: str
    format: str
    pages: int | None
    passages: list[Passage] = field(default_factory=list)
    scanned_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Block:
    """A heading, paragraph, list item or table row as a reader found it."""

    kind: str  # heading, paragraph, list_item, table_row
    text: str
    page: int | None = None
    level: int = 1


def dehyphenate_join(lines: list[str]) -> str:
    """Join the lines of one paragraph, undoing hyphenation at line ends.

    A hyphen at a line end before a lower-case word is a break inside a word
    ("för-" + "skolan" → "förskolan"), unless the next word shows that the
    hyphen belongs to the text ("barn-" + "och ungdom" stays "barn- och").

    >>> dehyphenate_join(["Barn- och ungdoms-", "verksamheten i för-", "skolan."])
    'Barn- och ungdomsverksamheten i förskolan.'
    """
    text = ""
    for raw in lines:
        line = raw.replace("\u00ad", "\x02").strip()
        line = line.replace("\u2010", "-").replace("\u2011", "-")
        if not line:
            continue
        if not text:
            text = line
            continue
        if text.endswith("\x02"):
            text = text[:-1] + line
        elif (text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[0].islower()
              and line.split()[0].strip(",.") not in _AFTER_REAL_HYPHEN):
            text = text[:-1] + line
        else:
            text = f"{text} {line}"
    return re.sub(r"\s+", " ", text.replace("\x02", "")).strip()


def assemble(blocks: list[Block], *, prefix: str = "") -> list[Passage]:
    """Number the blocks as passages, keeping the heading path.

    A paragraph whose last sentence is unfinished at a page break continues in
    the first paragraph of the next page when that starts in lower case; the
    passage keeps the page where it starts.
    """
    passages: list[Passage] = []
    headings: list[tuple[int, str]] = []
    pending: Block | None = None
    pending_path: tuple[str, ...] = ()

    def flush() -> None:
        nonlocal pending
        if pending is not None and pending.text.strip():
            passages.append(Passage(f"{prefix}{len(passages) + 1}", pending.text.strip(),
                                    pending.page, pending_path, pending.kind))
        pending = None

    for block in blocks:
        text = block.text.strip()
        if not text:
            continue
        if block.kind == "heading":
            flush()
            headings = [(level, name) for level, name in headings if level < block.level]
            headings.append((block.level, text))
            continue
        if (pending is not None and pending.kind == "paragraph" and block.kind == "paragraph"
                and block.page != pending.page and not _END_OF_SENTENCE.search(pending.text)
                and text[0].islower()):
            pending.text = dehyphenate_join([pending.text, text])
            continue
        flush()
        pending = Block(block.kind, text, block.page, block.level)
        pending_path = tuple(name for _, name in headings)
    flush()
    return passages
