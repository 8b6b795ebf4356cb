"""The annual summary as one self-contained HTML file (also the source of the PDF).

Charts are embedded as SVG images with a text alternative; the print style sheet
gives WeasyPrint a cover, a table of contents with page numbers, running headers,
page numbers, and table headers repeated on every page a table spans.
"""

from __future__ import annotations

import base64
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ._charts import to_svg

__all__ = ["render_html", "write_pdf"]


def _css_string(value: str) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"')


# The file is opened from disk, mailed and archived: it may load nothing from anywhere
# (charts are data: images, the style sheet is inline) and can run no script.
CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
       "form-action 'none'")


def _table(table: dict[str, Any]) -> Markup:
    """A table; each group (a dict row heading the rows that follow) gets its own
    ``<thead>`` holding the column headers and the group's label, so that a group
    that continues on the next page repeats both there (print engines repeat a
    table's head, never a row)."""
    caption = table["caption"]
    widths = table.get("widths") or []
    columns = len(table["headers"])
    colgroup = ("<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths)
                + "</colgroup>") if widths else ""
    head = "<tr>" + "".join(f'<th scope="col">{escape(h)}</th>'
                            for h in table["headers"]) + "</tr>"
    parts = [f'<table><caption><span class="label">{escape(caption["label"])}</span> '
             f'{escape(caption["text"])}</caption>{colgroup}']
    grouped = any(isinstance(row, dict) for row in table["rows"])
    if not grouped:
        parts.append(f"<thead>{head}</thead><tbody>")
    last = len(table["rows"]) - 1
    for i, row in enumerate(table["rows"]):
        if isinstance(row, dict):  # a group heading over the rows that follow
            if i:
                parts.append(f'</tbody></table><table class="continued">{colgroup}')
            parts.append(f'<thead>{head}<tr class="group"><th scope="rowgroup" '
                         f'colspan="{columns}">{escape(row["group"])}</th></tr></thead><tbody>')
            continue
        if grouped and i == 0:
            parts.append(f"<thead>{head}</thead><tbody>")
        css = ' class="total"' if table.get("total_row") and i == last else ""
        cells = [f'<th scope="row">{escape(row[0])}</th>' if table.get("total_row")
                 else f"<td>{escape(row[0])}</td>"]
        cells += [f"<td>{escape(cell)}</td>" for cell in row[1:]]
        parts.append(f"<tr{css}>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    if table.get("note"):
        parts.append(f'<p class="table-note">{escape(table["note"])}</p>')
    return Markup("".join(parts))


def _figure_factory(lang: str):
    def figure(spec: dict[str, Any], caption: dict[str, Any], alt: str) -> Markup:
        svg = to_svg(spec, lang)
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode()
        return Markup(f'<figure><img src="{uri}" alt="{escape(alt)}">'
                      f'<figcaption><span class="label">{escape(caption["label"])}</span> '
                      f'{escape(caption["text"])}</figcaption></figure>')
    return figure


def render_html(view: dict[str, Any], *, template: str = "annual.html",
                figure=None) -> str:
    """The HTML document of a report's view: the annual summary (:func:`build_view`) by
    default, or another report's ``template``; ``figure`` renders a chart (default: SVG)."""
    env = Environment(loader=PackageLoader("jamlik.reports", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["css_string"] = _css_string
    css = resources.files("jamlik.reports").joinpath("templates/annual.css").read_text(
        encoding="utf-8")
    return env.get_template(template).render(
        v=view, css=Markup(css), csp=CSP, table=_table,
        figure=figure or _figure_factory(view["lang"]))


def write_pdf(html: str, output):
    """``html`` as a tagged PDF (PDF/UA-1: structure, language and title, readable by
    screen readers) at ``output``, written atomically."""
    from weasyprint import HTML

    from jamlik.program import atomic_path

    with atomic_path(output) as partial:
        HTML(string=html).write_pdf(partial, pdf_variant="pdf/ua-1")
    return output
