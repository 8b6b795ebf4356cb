"""Accounts hardened (issue 10, kind 9): no admin can switch off their own account by
any route, passwords are checked against a list of common passwords as well as length
(OWASP ASVS 2.1.7), organisations are named once and must exist."""

from __future__ import annotations

import re

import pytest

from jamlik.errors import ArgumentError
from jamlik.store import check_account, update_account

from .conftest import login

pytestmark = pytest.mark.xdist_group("web")


def _admin_id(client) -> int:
    users = client.get("/api/v1/admin/users?per_page=500").json()["items"]
    return next(u["id"] for u in users if u["username"] == "admin")


def test_an_admin_cannot_switch_off_their_own_account_by_any_route(client):
    csrf = login(client, "admin")
    own = _admin_id(client)
    # the account page and the accounts list's form (which takes an account_id) alike
    page = client.post(f"/admin/anvandare/{own}", data={
        "csrf_token": csrf, "role": "admin", "display_name": "Admin"})
    assert page.status_code == 422 and "Du kan inte stänga av ditt eget konto." in page.text
    listing = client.post("/admin/anvandare", data={
        "csrf_token": csrf, "account_id": str(own), "username": "admin", "role": "admin"})
    assert listing.status_code == 422
    assert "du kan inte stänga av ditt eget konto" in listing.text
    with pytest.raises(ArgumentError, match="^du kan inte stänga av ditt eget konto$"):
        update_account(client.app.state.engine, own, role="admin", display_name="Admin",
                       active=False, organisations=[], actor="admin")
    assert client.get("/api/v1/session").status_code == 200  # still signed in


@pytest.mark.parametrize("password", ["1234567890", "password123", "qwertyuiop",
                                      "aaaaaaaaaaaa", "anna.svensson", "admin12345"])
def test_common_and_guessable_passwords_are_refused(password):
    message = ("lösenordet är ett av de vanligaste eller lätt att gissa (som 'password123' "
               "eller användarnamnet); välj en längre fras som bara du känner till")
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        check_account("anna.svensson", password, "reporter")


@pytest.mark.parametrize("password", ["ett långt lösenord", "sommarstugan", "jamlik-demo",
                                      "jämlikstad2018"])
def test_long_uncommon_passwords_are_accepted(password):
    check_account("anna.svensson", password, "reporter")


def test_the_accounts_form_refuses_a_common_password_on_its_field(client):
    csrf = login(client, "admin")
    response = client.post("/admin/anvandare", data={
        "csrf_token": csrf, "username": "ny.person", "password": "password123",
        "role": "reporter"})
    assert response.status_code == 422 and "lösenordet är ett av de vanligaste" in response.text


def _guess(client, username, password, address="203.0.113.7"):
    # the test client's address is fixed; the throttle reads it from the request
    client.app.state.test_address = address
    return client.post("/api/v1/session", json={"username": username, "password": password})


@pytest.fixture
def addressed(client, monkeypatch):
    """A client whose requests come from the address set in ``app.state.test_address``."""
    from jamlik.web import _auth

    monkeypatch.setattr(_auth, "client_address",
                        lambda request: getattr(request.app.state, "test_address", "testclient"))
    return client


def test_parallel_guesses_are_counted_before_they_are_checked(addressed):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(18) as pool:
        statuses = list(pool.map(lambda i: _guess(addressed, "samordnare", f"gissning {i}")
                                 .status_code, range(18)))
    assert statuses.count(401) <= 5 and statuses.count(429) >= 13, statuses
    assert set(statuses) <= {401, 429}


def test_a_stranger_guessing_cannot_lock_the_real_user_out(addressed):
    assert _guess(addressed, "samordnare", "jamlik-demo", "198.51.100.1").status_code == 200
    for i in range(60):  # a botnet: many addresses, a few guesses each
        _guess(addressed, "samordnare", f"gissning {i}", f"192.0.2.{i // 4}")
    assert _guess(addressed, "samordnare", "gissning", "192.0.2.200").status_code == 429
    # the owner, from the address they signed in from before, still gets in
    assert _guess(addressed, "samordnare", "jamlik-demo", "198.51.100.1").status_code == 200


def test_one_address_is_limited_per_account_and_in_all(addressed):
    for _ in range(5):
        assert _guess(addressed, "samordnare", "fel lösenord").status_code == 401
    assert _guess(addressed, "samordnare", "jamlik-demo").status_code == 429
    assert _guess(addressed, "samordnare", "jamlik-demo", "198.51.100.9").status_code == 200
    for i in range(14):
        _guess(addressed, f"okand{i}", "fel lösenord")
    assert _guess(addressed, "admin", "jamlik-demo").status_code == 429  # 20 from one address


def test_a_session_ends_after_30_idle_minutes(client):
    import datetime as dt

    from sqlalchemy import select, update

    from jamlik.store import WebSession

    login(client, "admin")
    engine = client.app.state.engine
    with engine.connect() as conn:
        created, expires = conn.execute(select(WebSession.created_at,
                                               WebSession.expires_at)).one()
    assert dt.timedelta(minutes=29) < expires - created <= dt.timedelta(minutes=30)
    with engine.begin() as conn:  # 20 minutes pass without a request
        conn.execute(update(WebSession).values(created_at=created - dt.timedelta(minutes=20),
                                               expires_at=expires - dt.timedelta(minutes=20)))
    assert client.get("/api/v1/session").status_code == 200  # a request moves the deadline
    with engine.connect() as conn:
        created, expires = conn.execute(select(WebSession.created_at,
                                               WebSession.expires_at)).one()
    assert expires - created > dt.timedelta(minutes=49)
    with engine.begin() as conn:  # then 31 minutes without a request
        conn.execute(update(WebSession).values(expires_at=expires - dt.timedelta(minutes=31)))
    assert client.get("/api/v1/session").status_code == 401


def test_the_public_cache_is_bounded_in_entries_and_key_size(client):
    from jamlik.web import _cache

    padded = client.get("/tillganglighet?x=" + "a" * 5000)
    assert padded.status_code == 200
    cache = next(m for m in _middlewares(client.app) if isinstance(m, _cache.ResponseCache))
    assert not any(len(key[1]) > _cache.MAX_KEY for key in cache.store.items)
    for i in range(30):
        client.get(f"/tillganglighet?x={i}")
    assert len(cache.store.items) <= _cache.LIMIT_ENTRIES
    assert 30 <= len(cache.store.items)
    service = client.app.state.service.cache
    assert not any(len(str(key)) > 2 * _cache.MAX_KEY for key in service._items)


def test_the_cache_bound_on_entries_evicts_the_oldest(monkeypatch):
    from jamlik.web import _cache

    monkeypatch.setattr(_cache, "LIMIT_ENTRIES", 3)
    store = _cache._Store()
    for i in range(5):
        store.put(i, (200, [], b"x", b""))
    assert list(store.items) == [2, 3, 4]


def _middlewares(app):
    layer = app.middleware_stack
    while layer is not None:
        yield layer
        layer = getattr(layer, "app", None)


def test_the_host_header_never_reaches_cached_content(client):
    first = client.get("/indikatorer?tabell=indikatorer&format=xlsx",
                       headers={"host": "evil.example"})
    second = client.get("/indikatorer?tabell=indikatorer&format=xlsx")
    assert first.status_code == second.status_code == 200
    for body in (first.content, second.content):
        assert b"evil.example" not in body
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(second.content))
    text = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row
                    if c.value)
    assert "Källa: jamlik, /indikatorer?tabell=indikatorer&format=xlsx" in text
    assert "testserver" not in text


def test_a_configured_base_url_names_the_source(demo_db_file, tmp_path, monkeypatch):
    from jamlik.config import get_settings

    from .conftest import copy_db, make_client

    monkeypatch.setenv("JAMLIK_BASE_URL", "https://jamlik.example.se/")
    get_settings.cache_clear()
    try:
        client = make_client(copy_db(demo_db_file, tmp_path / "db"))
    finally:
        get_settings.cache_clear()
    body = client.get("/indikatorer?tabell=indikatorer&format=xlsx",
                      headers={"host": "evil.example"}).content
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(body))
    text = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row
                    if c.value)
    assert "https://jamlik.example.se/indikatorer?tabell=indikatorer&format=xlsx" in text
    assert "evil.example" not in text
