"""The funnel plot in headless Chromium (issue 9, item 4): drawn beside the map with a
point per district, its legend and limits, the flagged areas marked on the map, and a
table alternative a keyboard user can open; no serious WCAG violation."""

from __future__ import annotations

import re

import pytest

from .test_browser import browser, charts_drawn, check_axe, page, shot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_funnel_plot_is_drawn_beside_the_map_with_its_table(page, live_server):  # noqa: F811
    page.goto(live_server["base"] + "/indikatorer/gymnasiebehorighet")
    charts_drawn(page, 3)
    funnel = page.locator("#diagram-tratt svg")
    funnel.wait_for()
    svg = page.inner_html("#diagram-tratt")
    for word in ("Jämfört med staden (99,8 %)", "Kontrollgräns", "Antal i nämnaren",
                 "Exempeldata"):
        assert f">{word}<" in svg, word
    # one symbol per district (147) and four limit lines
    assert page.locator("#diagram-tratt .mark-symbol.role-mark path").count() == 147
    assert page.locator("#diagram-tratt .mark-line.role-mark path").count() == 4
    # beside the map: the two figures share a row on a wide screen
    map_box = page.locator("#diagram-karta").bounding_box()
    funnel_box = page.locator("#diagram-tratt").bounding_box()
    assert abs(map_box["y"] - funnel_box["y"]) < 40 and funnel_box["x"] > map_box["x"] + 300
    # the flagged areas are marked on the map, as many as the funnel's table says
    caption = page.locator("figure:has(#diagram-tratt) figcaption").inner_text()
    flagged = int(re.search(r"(\d+) av 147 områden skiljer sig", caption).group(1))
    assert page.locator("#diagram-karta .mark-symbol.role-mark path").count() == flagged
    # the table alternative opens from the keyboard
    summary = page.locator("details.wide-table summary")
    assert "områdena mot staden i trattdiagram" in summary.inner_text()
    summary.focus()
    page.keyboard.press("Enter")
    table = page.locator("details.wide-table table")
    assert table.is_visible() and table.locator("tbody tr").count() == 147
    shot(page, "tratt")
    check_axe(page)
    assert not page.errors, page.errors
