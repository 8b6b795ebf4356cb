"""The annual summary (årsbokslut) of a follow-up cycle: HTML, PDF or Word."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import Engine

from jamlik.deprecation import renamed
from jamlik.errors import ArgumentError
from jamlik.program import write_bytes_atomic
from jamlik.program.catalogue import check_lang

from ._annual_data import DEFAULT_MEASURES, AnnualData, collect
from ._view import build_view

__all__ = ["FORMATS", "annual_report", "render_annual"]

FORMATS = ("html", "pdf", "docx")
SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}


def _format_of(output: Path, fmt: str | None) -> str:
    if fmt is None:
        fmt = SUFFIXES.get(output.suffix.lower())
        if fmt is None:
            raise ArgumentError(f"kan inte avgöra formatet av '{output.name}'; ange format "
                                f"({', '.join(FORMATS)})")
    if fmt not in FORMATS:
        raise ArgumentError(f"format måste vara en av {', '.join(FORMATS)}, fick {fmt!r}")
    return fmt


def render_annual(data: AnnualData, fmt: str, output: Path, lang: str = "sv") -> Path:
    """Write collected content as ``fmt`` to ``output`` (atomically)."""
    view = build_view(data, lang)
    if fmt == "docx":
        from ._docx import render_docx

        return write_bytes_atomic(output, render_docx(view))
    from ._html import render_html

    html = render_html(view)
    if fmt == "html":
        return write_bytes_atomic(output, html.encode("utf-8"))
    from ._html import write_pdf

    return write_pdf(html, output)


def annual_report(engine: Engine, output: str | Path, *, format: str | None = None,
                  programme_id: int | None = None, cycle_id: int | None = None,
                  lang: str = "sv", municipality: str | None = None,
                  measures: Sequence[str] = DEFAULT_MEASURES,
                  progress: Callable[[str], None] | None = None,
                  fmt: str | None = None, area_code: str | None = None) -> Path:
    """Write the annual summary of a follow-up cycle to ``output``.

    Parameters
    ----------
    engine
        The store.
    output
        The file; written atomically (a temporary file, then a rename).
    format
        ``html``, ``pdf`` or ``docx``; by default from the suffix of ``output``.
        (``fmt`` is its deprecated old name.)
    programme_id, cycle_id
        Default: the only programme, and its latest cycle (open or closed).
    lang
        ``sv`` (default) or ``en``.
    municipality
        The municipality whose gaps are shown (its code, e.g. ``1480``); by default
        the municipality the programme is named after, else every area with results.
        (``area_code`` is its deprecated old name.)
    measures
        The gap measures to show per indicator and dimension (default D and R).
    """
    fmt = renamed(format, fmt, new="format", old="fmt", where="annual_report")
    area_code = renamed(municipality, area_code, new="municipality", old="area_code",
                        where="annual_report")
    output = Path(output)
    fmt = _format_of(output, fmt)
    check_lang(lang)
    if isinstance(measures, str) or not all(isinstance(m, str) for m in measures) \
            or not measures:
        raise ArgumentError(f"measures måste vara en lista av måttkoder, fick {measures!r}")
    step = progress or (lambda _message: None)
    step("läser program, rapporter och indikatorer")
    data = collect(engine, programme_id=programme_id, cycle_id=cycle_id, area_code=area_code,
                   measures=tuple(measures))
    step(f"skriver {fmt.upper()}")
    return render_annual(data, fmt, output, lang)
