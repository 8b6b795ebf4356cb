"""The app in headless Chromium: a visitor, a reporter and a coordinator, an admin.

Screenshots of the main pages go to ``tests/artifacts/`` on every run, and axe-core
(installed by ``scripts/install-browser.sh``) checks every public page for serious
or critical WCAG violations.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from .conftest import ARTIFACTS, DEMO_PASSWORD, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium saknas: kör scripts/install-browser.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp lets the test inject axe-core; the app's own scripts obey the CSP
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def check_axe(page) -> None:
    """No serious or critical violations (WCAG 2.0/2.1 A and AA rules)."""
    assert AXE.exists(), "axe-core saknas: kör scripts/install-browser.sh"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
        resultTypes: ['violations']})""")
    bad = [f"{v['id']} ({v['impact']}): {v['help']} – "
           f"{[n['target'] for n in v['nodes'][:3]]}"
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(bad)


def charts_drawn(page, minimum: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('.vis svg').length >= {minimum}",
                           timeout=30000)


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/logga-in")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/arbete$"))


def test_a_visitor_reads_the_overview_a_map_and_an_area_profile(page, live_server):
    base = live_server["base"]
    page.goto(base + "/")
    assert "Göteborgs Stads program" in page.locator("h1").inner_text()
    assert page.locator(".example-note").is_visible()
    shot(page, "oversikt")
    check_axe(page)

    page.get_by_role("link", name=re.compile("^Medellivslängd vid födseln")).first.click()
    page.wait_for_url(re.compile(r"/indikatorer/medellivslangd"))
    charts_drawn(page, 4)
    # the choropleth has one shape per district of Göteborg
    assert page.locator("#diagram-karta svg path").count() > 100
    assert "Källa: SCB, RegSO 2025" in page.locator("figure:has(#diagram-karta)").inner_text()
    shot(page, "indikator")
    check_axe(page)

    page.goto(base + "/indikatorer/tillit?period=2018&skillnad=fodelseregion&lang=en")
    charts_drawn(page, 3)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("combobox", name="Period").input_value() == "2018"
    shot(page, "indikator-en")
    check_axe(page)

    page.goto(base + "/omraden?lang=sv")
    page.get_by_role("link", name="Angered Centrum").first.click()
    page.wait_for_url(re.compile(r"/omraden/RegSO_2025/1480R"))
    charts_drawn(page, 1)
    rows = page.locator("table:has(caption) tbody tr")
    assert rows.count() >= 7
    assert "Sämre än staden" in page.locator("main").inner_text()
    shot(page, "omrade")
    check_axe(page)

    for path, name in (("/program", "program"), ("/indikatorer", "indikatorer"),
                       ("/tillganglighet", "tillganglighet"), ("/logga-in", "logga-in")):
        page.goto(base + path)
        shot(page, name)
        check_axe(page)
    assert not page.errors, page.errors


def test_a_reporter_submits_a_report_and_the_coordinator_sees_it(page, live_server):
    base = live_server["base"]
    login(page, base, "rapportor")
    page.get_by_role("link", name="Familjecentral i Billdal").click()
    page.get_by_label("Status").select_option("ongoing")
    page.get_by_label("Genomfört (procent, 0–100)").fill("40")
    page.get_by_label("Vad har gjorts och med vilken effekt?").fill(
        "Lokal hittad, samverkan med BVC och förskolan i gång.")
    page.get_by_role("button", name="Spara utkast").click()
    assert "Utkastet är sparat." in page.locator("main").inner_text()
    assert page.get_by_label("Genomfört (procent, 0–100)").input_value() == "40"
    page.get_by_role("button", name="Skicka in").click()
    assert "Rapporten är inskickad för granskning." in page.locator("main").inner_text()
    assert "inskickad" in page.locator("#lage").inner_text()
    shot(page, "rapport-inskickad")
    page.get_by_role("button", name="Logga ut").click()

    login(page, base, "samordnare")
    row = page.locator("tr", has_text="Familjecentral i Billdal")
    assert "inskickad" in row.inner_text()
    shot(page, "granskning")
    row.get_by_role("link").click()
    assert page.get_by_role("button", name="Godkänn").is_visible()
    assert "Lokal hittad" in page.locator("main").inner_text()
    shot(page, "granska-rapport")


def test_a_reporter_cannot_open_another_organisations_report(page, live_server):
    base = live_server["base"]
    path = live_server["db"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        other = conn.execute(
            "SELECT r.id FROM status_report r JOIN organisation o ON o.id = r.organisation_id "
            "WHERE o.code NOT IN ('sn-sydvast', 'sf-sydvast') LIMIT 1").fetchone()[0]
    login(page, base, "rapportor")
    response = page.goto(f"{base}/arbete/rapporter/{other}")
    assert response.status == 403
    assert "Du kan bara öppna statusrapporter för dina egna organisationer." in page.content()
    api = page.request.get(f"{base}/api/v1/status-reports/{other}")
    assert api.status == 403
    assert api.json() == {"error": {
        "status": 403, "code": "forbidden", "details": [],
        "message": "Du kan bara öppna statusrapporter för dina egna organisationer."}}
    shot(page, "forbjuden")


def test_an_admin_imports_a_broken_file_and_sees_the_row_errors(page, live_server, tmp_path):
    base = live_server["base"]
    broken = tmp_path / "indikatorer.csv"
    broken.write_text("indicator,area_code,area_version,period,value\n"
                      "x,1480,Kommun_2025,2020,1\nx,1480,Kommun_2025,2021,abc\n",
                      encoding="utf-8")
    login(page, base, "admin")
    page.goto(base + "/admin/import")
    page.get_by_label("Fil", exact=True).set_input_files(str(broken))
    page.get_by_role("button", name="Importera").click()
    table = page.locator("table", has_text="Fel i filen")
    assert table.locator("tbody tr").count() == 1
    cells = table.locator("tbody tr").first.locator("th, td").all_inner_texts()
    assert cells == ["indikatorer.csv", "3", "value", "väntade ett tal, fick 'abc'"]
    assert page.locator(".error-summary").is_visible()
    shot(page, "import-fel")
    check_axe(page)
