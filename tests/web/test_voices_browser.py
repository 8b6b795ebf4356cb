"""Residents' voices in headless Chromium: the public collection page, the coding page (an
analyst accepts a code and approves a quote), the voices beside the numbers on the area,
indicator and programme pages, and erasing a collection, in Swedish and English, with
axe-core checks and screenshots in ``tests/artifacts/`` and ``/tmp/voices-*.png``."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest
from sqlalchemy import insert, select

from jamlik.demo._geography import load_geography
from jamlik.demo._users import create_demo_users
from jamlik.demo._voices import DEMO_COLLECTION, load_demo_voices
from jamlik.program import load_programme, read_programme
from jamlik.store import Indicator, IndicatorTargetArea, TargetArea, connect

from .conftest import serve
from .test_browser import browser, check_axe, login, page  # noqa: F401  (fixtures)
from .test_browser import shot as artifact

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
SAFETY = f"rost.{DEMO_COLLECTION}.trygg"


@pytest.fixture(scope="module")
def voices_server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('voices') / 'store.db'}"
    engine = connect(url)
    load_geography(engine)
    path = resources.files("jamlik.data").joinpath("program-goteborg-2018-2026.yaml")
    load_programme(engine, read_programme(str(path)))
    create_demo_users(engine)
    load_demo_voices(engine, rng=np.random.default_rng(7))
    with engine.begin() as conn:  # the survey's safety question follows target area MO3
        conn.execute(insert(IndicatorTargetArea).values(
            indicator_id=conn.execute(select(Indicator.id).where(
                Indicator.code == SAFETY)).scalar(),
            target_area_id=conn.execute(select(TargetArea.id).where(
                TargetArea.code == "MO3")).scalar()))
    yield from serve(url)


def shot(page, name: str) -> None:
    """A full-page screenshot in tests/artifacts/ and as /tmp/voices-NAME.png."""
    artifact(page, name)
    page.screenshot(path=f"/tmp/voices-{name}.png", full_page=True)


def test_public_collection_page_in_both_languages(page, voices_server):  # noqa: F811
    page.goto(f"{voices_server}/rost")
    page.get_by_role("link", name="Exempeldata: Trygghet och inflytande").click()
    page.wait_for_url(f"**/rost/{DEMO_COLLECTION}")
    assert page.get_by_text("Inte ett slumpmässigt urval.").is_visible()
    assert page.get_by_role("table").count() == 8  # 2 closed questions + 6 themes
    assert "[telefon]" not in page.content()
    check_axe(page)
    shot(page, "rost-samling-sv")
    page.goto(f"{voices_server}/rost/{DEMO_COLLECTION}?lang=en")
    assert page.get_by_text("Not a random sample.").is_visible()
    check_axe(page)
    shot(page, "rost-samling-en")
    assert not page.errors


def test_an_analyst_accepts_a_suggested_code(page, voices_server):  # noqa: F811
    login(page, voices_server, "analytiker")
    page.goto(f"{voices_server}/arbete/rost/{DEMO_COLLECTION}")
    assert page.get_by_role("heading", name="Samstämmighet mellan kodare").is_visible()
    first = page.locator("article.proposal").first
    before = first.get_by_role("button", name="Godkänn förslaget").count()
    assert before >= 1
    first.get_by_role("button", name="Godkänn förslaget").first.click()
    page.wait_for_url("**klart=*")
    assert page.get_by_role("status").inner_text() == "Kodningen är sparad."
    check_axe(page)
    shot(page, "rost-kodning-sv")
    page.goto(f"{voices_server}/arbete/rost/{DEMO_COLLECTION}?lang=en")
    assert page.get_by_role("heading", name="Agreement between coders").is_visible()
    shot(page, "rost-kodning-en")
    assert not page.errors


def test_an_analyst_approves_a_quote_and_the_public_reads_it(page, voices_server):  # noqa: F811
    login(page, voices_server, "analytiker")
    page.goto(f"{voices_server}/arbete/rost/{DEMO_COLLECTION}")
    approved = page.locator("article.proposal", has=page.get_by_text("Godkänt citat"))
    before = approved.count()
    assert before >= 1  # the demo's analyst approved a few
    for index in range(12):  # the first answers that may be shown
        article = page.locator("article.proposal").nth(index)
        button = article.get_by_role("button", name="Godkänn som citat")
        if not button.count():
            continue
        text = article.locator("blockquote").inner_text()
        button.click()
        page.wait_for_url("**/arbete/rost/**")
        if page.get_by_role("status").count():
            break
        assert page.get_by_role("alert").count() == 1  # refused, with its reasons
    assert page.get_by_role("status").inner_text() == "Citatet är sparat."
    check_axe(page)
    shot(page, "kodning-citat-sv")
    page.goto(f"{voices_server}/arbete/rost/{DEMO_COLLECTION}?lang=en")
    assert page.get_by_role("button", name="Withdraw the quote").count() == before + 1
    shot(page, "kodning-citat-en")
    page.context.clear_cookies()  # a visitor
    page.goto(f"{voices_server}/rost/{DEMO_COLLECTION}?lang=sv")
    assert page.get_by_role("heading", name="Citat från invånarna").is_visible()
    assert page.locator("figure.quote", has_text=text).count() >= 1
    check_axe(page)
    shot(page, "samling-sv")
    page.goto(f"{voices_server}/rost/{DEMO_COLLECTION}?lang=en")
    assert page.get_by_role("heading", name="Quotes from residents").is_visible()
    shot(page, "samling-en")
    assert not page.errors


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_voices_beside_the_numbers(page, voices_server, lang):  # noqa: F811
    heading = {"sv": "Vad invånarna säger", "en": "What residents say"}[lang]
    page.goto(f"{voices_server}/omraden/RegSO_2025/1480R049?lang={lang}")  # Hjällbo västra
    block = page.locator("section.voices")
    assert block.get_by_role("heading", name=heading).is_visible()
    assert block.get_by_role("table").count() == 1 and block.locator("figure.quote").count() >= 1
    check_axe(page)
    shot(page, f"omrade-{lang}")
    page.goto(f"{voices_server}/indikatorer/{SAFETY}?lang={lang}")
    block = page.locator("section.voices")
    assert block.get_by_role("heading", name=heading).is_visible()
    assert block.get_by_role("table").count() == 2  # safety, housing: MO3's themes
    check_axe(page)
    shot(page, f"indikator-{lang}")
    page.goto(f"{voices_server}/program?lang={lang}")
    assert page.locator("div.voices").count() == 4  # one per target area
    check_axe(page)
    shot(page, f"program-{lang}")
    assert not page.errors


def test_an_analyst_erases_a_collection_from_the_web(page, voices_server):  # noqa: F811
    login(page, voices_server, "analytiker")
    page.goto(f"{voices_server}/rost/{DEMO_COLLECTION}")
    page.get_by_role("link", name="Radera samlingen").click()
    page.wait_for_url("**/radera")
    check_axe(page)
    page.get_by_label("Skriv samlingens kod").fill("fel")
    page.get_by_role("button", name="Radera samlingen för alltid").click()
    assert page.get_by_role("alert").is_visible()
    shot(page, "radera-sv")
    page.get_by_label("Skriv samlingens kod").fill(DEMO_COLLECTION)
    page.get_by_role("button", name="Radera samlingen för alltid").click()
    page.wait_for_url("**/rost?raderad=1")
    assert page.get_by_role("status").is_visible()
    assert page.get_by_text("Inga samlingar än.").is_visible()
    shot(page, "raderad-sv")
    page.context.clear_cookies()
    page.goto(f"{voices_server}/program?lang=en")
    assert page.locator("div.voices").count() == 0
    assert not page.errors
