"""The equality report (jämlikhetsrapport): HTML, PDF or Word, with its data appendix.

The report and its appendix (``<name>-data.xlsx``: one sheet per table under the
table's id, and a sheet ``Meningar`` with every generated sentence, its id and the
numbers it quotes) are written atomically, side by side.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from jamlik.cells import neutralise
from jamlik.errors import ArgumentError, option
from jamlik.program import write_bytes_atomic
from jamlik.program.catalogue import check_lang

from ._annual import _format_of
from ._equality_data import collect_equality
from ._equality_extra import add_extras, default_voices
from ._equality_view import build_equality_view

__all__ = ["equality_report", "appendix_path"]

def appendix_path(output: Path) -> Path:
    """Where the data appendix of ``output`` is written: beside it, ``<stem>-data.xlsx``."""
    return output.with_name(f"{output.stem}-data.xlsx")


def equality_report(engine: Engine, output: str | Path, *, format: str | None = None,
                    programme_id: int | None = None, periods: str | None = None,
                    municipality: str | None = None, lang: str = "sv",
                    progress: Callable[[str], None] | None = None) -> tuple[Path, Path]:
    """Write the equality report and its data appendix.

    Parameters
    ----------
    engine
        The store, with measures computed (``jamlik measure``).
    output
        The report file (``.html``, ``.pdf`` or ``.docx``); the appendix is written
        beside it (:func:`appendix_path`).
    format
        ``html``, ``pdf`` or ``docx``; by default from the suffix of ``output``.
    programme_id
        Default: the only programme.
    periods
        ``"2013-2016,2017-2020,2021-2024"``; default the last three four-year periods
        with results. Each is represented by the latest stored period within it, or a
        longer span ending in it, never two that share data.
    municipality
        The municipality's code; default the programme's own.
    lang
        ``sv`` (default) or ``en``.

    Returns
    -------
    (Path, Path)
        The report and the data appendix.

    Raises
    ------
    jamlik.errors.ArgumentError
        Bad format, language or periods.
    jamlik.errors.NotFoundError
        No programme, municipality or computed measures.
    """
    step = progress or (lambda _message: None)
    output = Path(output)
    check_lang(lang)
    fmt = _format_of(output, format)
    if not output.parent.is_dir():
        raise ArgumentError(f"{option('output')}: mappen {output.parent} finns inte")
    step("läser mått, program och uppföljning")
    data = collect_equality(engine, programme_id=programme_id, periods=periods,
                            municipality=municipality)
    step("läser dödsfall efter ålder, kartor, korsade grupper, kommentarer och röster")
    add_extras(engine, data, lang=lang, voices=default_voices())
    appendix = appendix_path(output)
    view = build_equality_view(data, lang, appendix_name=appendix.name)
    step("skriver dataunderlaget")
    write_bytes_atomic(appendix, _appendix(view))
    step(f"skriver rapporten ({fmt})")
    if fmt == "docx":
        from ._equality_docx import render_equality_docx

        write_bytes_atomic(output, render_equality_docx(view))
        return output, appendix
    html = render_equality_html(view)
    if fmt == "html":
        write_bytes_atomic(output, html.encode("utf-8"))
        return output, appendix
    from ._html import write_pdf

    return write_pdf(html, output), appendix


def render_equality_html(view: dict) -> str:
    """The HTML document of the report (also the source of the PDF)."""
    from ._html import render_html

    return render_html(view, template="equality.html", figure=_png_figure(view["lang"]))


def _png_figure(lang: str):
    """Figures as PNG at twice their size (print resolution): WeasyPrint does not place
    centred SVG text as browsers do, which would cut the example-data mark."""
    import base64

    from markupsafe import Markup, escape

    from ._charts import to_png

    def figure(spec: dict, caption: dict, alt: str) -> Markup:
        uri = "data:image/png;base64," + base64.b64encode(to_png(spec, lang)).decode()
        width = spec.get("width") or 380
        return Markup(f'<figure><img src="{uri}" alt="{escape(alt)}" style="width:{width + 60}px;'
                      f'max-width:100%"><figcaption><span class="label">'
                      f'{escape(caption["label"])}</span> {escape(caption["text"])}</figcaption>'
                      f'</figure>')
    return figure


def _appendix(view: dict) -> bytes:
    """The data appendix: a sheet per table (named by its id) and one of the sentences."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Meningar"
    sheet.append(["id", "mening", "tal i meningen"])
    for finding in view["findings"]:
        sheet.append([finding.id, neutralise(finding.text), "; ".join(finding.numbers)])
    for table in view["tables"]:
        page = book.create_sheet(table["id"])
        page.append([neutralise(table["caption"]["text"])])
        frame = table["appendix"]  # the printed rows, and any numbers the text adds
        page.append([neutralise(str(h)) for h in frame.columns])
        for row in frame.itertuples(index=False):
            page.append([neutralise(str(cell)) for cell in row])
    for figure in view.get("figure_data", []):  # a map's values by area
        page = book.create_sheet(figure["id"])
        page.append([neutralise(figure["caption"]["text"])])
        page.append([neutralise(str(h)) for h in figure["data"].columns])
        for row in figure["data"].itertuples(index=False):
            page.append([neutralise(str(cell)) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
