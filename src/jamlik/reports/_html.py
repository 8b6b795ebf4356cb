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

__all__ = ["render_html"]


def _css_string(value: str) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"')


def _table(table: dict[str, Any]) -> Markup:
    caption = table["caption"]
    widths = table.get("widths") or []
    parts = [f'<table><caption><span class="label">{escape(caption["label"])}</span> '
             f'{escape(caption["text"])}</caption>']
    if widths:
        parts.append("<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths)
                     + "</colgroup>")
    parts.append("<thead><tr>" + "".join(f'<th scope="col">{escape(h)}</th>'
                                         for h in table["headers"]) + "</tr></thead><tbody>")
    last = len(table["rows"]) - 1
    columns = len(table["headers"])
    for i, row in enumerate(table["rows"]):
        if isinstance(row, dict):  # a group heading over the rows that follow
            parts.append(f'<tr class="group"><th scope="rowgroup" colspan="{columns}">'
                         f'{escape(row["group"])}</th></tr>')
            continue
        css = ' class="total"' if table.get("total_row") and i == last else ""
        cells = [f'<th scope="row">{escape(row[0])}</th>' if table.get("total_row")
                 else f"<td>{escape(row[0])}</td>"]
        cells += [f"<td>{escape(cell)}</td>" for cell in row[1:]]
        parts.append(f"<tr{css}>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    return Markup("".join(parts))


def _figure_factory(lang: str):
    def figure(spec: dict[str, Any], caption: dict[str, Any], alt: str) -> Markup:
        svg = to_svg(spec, lang)
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode()
        return Markup(f'<figure><img src="{uri}" alt="{escape(alt)}">'
                      f'<figcaption><span class="label">{escape(caption["label"])}</span> '
                      f'{escape(caption["text"])}</figcaption></figure>')
    return figure


def render_html(view: dict[str, Any]) -> str:
    """The HTML document of a view from :func:`build_view`."""
    env = Environment(loader=PackageLoader("jamlik.reports", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["css_string"] = _css_string
    css = resources.files("jamlik.reports").joinpath("templates/annual.css").read_text(
        encoding="utf-8")
    template = env.get_template("annual.html")
    return template.render(v=view, css=Markup(css), table=_table,
                           figure=_figure_factory(view["lang"]))
