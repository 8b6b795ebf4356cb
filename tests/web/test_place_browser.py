"""The Platser and scenario pages in headless Chromium, in Swedish and English.

Screenshots go to ``tests/artifacts/`` (not committed); axe-core checks each page.
"""

from __future__ import annotations

import re

import pytest

from .conftest import serve
from .test_browser import browser, check_axe, charts_drawn, login, page, shot  # noqa: F401
from .test_place_pages import places_db  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def places_server(places_db):  # noqa: F811
    from jamlik.web._assets import ensure_bundle

    ensure_bundle()
    yield from serve(places_db)


def test_platser_and_scenarios_in_a_browser(page, places_server):  # noqa: F811
    base = places_server
    page.goto(base + "/platser")
    charts_drawn(page, 1)
    # one shape per district of Göteborg and a point per family centre
    assert page.locator("#diagram-platser-karta svg path").count() > 147
    assert "Familjecentral" in page.locator("h2#karta-rubrik").inner_text()
    shot(page, "platser-sv")
    check_axe(page)
    # fitted to where the children live; the whole city is one link away
    page.get_by_role("link", name="Visa hela kommunen").click()
    page.wait_for_url(re.compile(r"karta=hela"))
    charts_drawn(page, 1)
    shot(page, "platser-hela-sv")
    page.goto(base + "/platser?kind=library&lang=en")
    charts_drawn(page, 1)
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Places and access" in page.locator("h1").inner_text()
    shot(page, "platser-en")
    check_axe(page)

    page.goto(base + "/platser?lang=sv")  # the language is kept in a cookie
    login(page, base, "analytiker")
    page.goto(base + "/arbete/scenarier?lang=sv")
    page.get_by_label("Antal nya platser (p)").fill("2")
    page.locator("#name-mclp").fill("Två nya familjecentraler")
    page.locator("form:has(#name-mclp)").get_by_role("button", name="Kör och spara").click()
    page.wait_for_url(re.compile(r"/arbete/scenarier\?visa=\d+"))
    charts_drawn(page, 1)
    assert "Två nya familjecentraler" in page.locator("h2#resultat-rubrik").inner_text()
    assert page.locator("table:has(caption:text('Sparade scenarier')) tbody tr").count() == 3
    shot(page, "scenarier-sv")
    check_axe(page)
    form = page.locator("form:has(#name-allocation)")
    form.get_by_label("Behovsviktad andel α (0–1)").fill("0.8")
    form.get_by_label("Golv per barn i kronor (valfritt)").fill("200")
    form.locator("#name-allocation").fill("Mer efter behov")
    form.get_by_role("button", name="Kör och spara").click()
    page.wait_for_url(re.compile(r"/arbete/scenarier\?visa=\d+"))
    charts_drawn(page, 1)
    assert "golv 200 kr per barn" in page.locator("main").inner_text()
    side = page.locator("table:has(caption:text('Sparade fördelningar sida vid sida'))")
    assert side.locator("tbody tr").count() == 147
    assert "Mer efter behov" in side.locator("thead").inner_text()
    shot(page, "scenarier-fordelning-sv")
    check_axe(page)
    page.goto(base + "/arbete/scenarier?visa=1&lang=en")
    charts_drawn(page, 1)
    assert "Allocation by area" in page.locator("main").inner_text()
    assert "Allocations side by side" in page.locator("main").inner_text()
    shot(page, "scenarier-en")
    check_axe(page)
    assert not page.errors, page.errors
