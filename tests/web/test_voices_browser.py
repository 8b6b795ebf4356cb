"""Residents' voices in headless Chromium: the public collection page and the coding page,
in Swedish and English, with axe-core checks and screenshots in ``tests/artifacts/``."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest

from jamlik.demo._geography import load_geography
from jamlik.demo._users import create_demo_users
from jamlik.demo._voices import DEMO_COLLECTION, load_demo_voices
from jamlik.program import load_programme, read_programme
from jamlik.store import connect

from .conftest import serve
from .test_browser import browser, check_axe, login, page, shot  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def voices_server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('voices') / 'store.db'}"
    engine = connect(url)
    load_geography(engine)
    path = resources.files("jamlik.data").joinpath("program-goteborg-2018-2026.yaml")
    load_programme(engine, read_programme(str(path)))
    create_demo_users(engine)
    load_demo_voices(engine, rng=np.random.default_rng(7))
    yield from serve(url, wait=240)  # a busy shared machine starts slowly


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
