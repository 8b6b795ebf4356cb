"""Accounts, sessions, CSRF and login rate limiting."""

from __future__ import annotations

import re

import pytest

from jamlik.errors import ArgumentError, ConflictError
from jamlik.store._accounts import (
    check_account,
    create_account,
    hash_password,
    verify_password,
)

from .conftest import login

pytestmark = pytest.mark.xdist_group("web")


def test_passwords_are_argon2id_hashes_with_a_salt():
    first, second = hash_password("ett långt lösenord"), hash_password("ett långt lösenord")
    assert first.startswith("$argon2id$") and first != second
    assert verify_password(first, "ett långt lösenord")
    assert not verify_password(first, "ett annat lösenord")
    assert not verify_password("inte en hash", "x")


@pytest.mark.parametrize(("username", "password", "role", "message"), [
    ("Admin", "tillräckligt", "admin", ("användarnamnet får bara ha små bokstäver a–z, "
                                        "siffror, punkt, bindestreck och understreck (2–80 "
                                        "tecken), fick 'Admin'")),
    ("anna", "tillräckligt", "chef", ("okänd roll 'chef'; välj en av admin, analyst, "
                                      "coordinator, reporter")),
    ("anna", "kort", "admin", "lösenordet måste ha minst 10 tecken"),
])
def test_account_fields_are_checked_with_exact_messages(username, password, role, message):
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        check_account(username, password, role)


def test_a_user_name_is_taken_once(client):
    engine = client.app.state.engine
    with pytest.raises(ConflictError, match="^användarnamnet 'admin' finns redan$"):
        create_account(engine, "admin", "ett långt lösenord", role="admin")


def test_the_session_cookie_is_secure_httponly_and_samesite(client):
    response = client.post("/api/v1/session", json={"username": "admin",
                                                    "password": "jamlik-demo"})
    cookie = response.headers["set-cookie"].lower()
    assert "jamlik_session=" in cookie
    assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie


def _login_form(client, username, password, csrf=None):
    page = client.get("/logga-in")
    token = csrf if csrf is not None else re.search(
        r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return client.post("/logga-in", data={"username": username, "password": password,
                                          "csrf_token": token}, follow_redirects=False)


def test_the_login_form_needs_its_csrf_token(client):
    assert _login_form(client, "admin", "jamlik-demo", csrf="fel").status_code == 403
    response = _login_form(client, "admin", "jamlik-demo")
    assert response.status_code == 303 and response.headers["location"] == "/arbete"


def test_every_form_of_a_signed_in_user_needs_the_session_token(client):
    login(client, "admin")
    response = client.post("/admin/organisationer", data={"code": "x", "name": "X"})
    assert response.status_code == 403
    assert "Formuläret har gått ut" in response.text


def test_the_login_form_lists_its_errors_with_links_to_the_fields(client):
    response = _login_form(client, "", "")
    assert response.status_code == 422
    assert '<a href="#username">Skriv ditt användarnamn.</a>' in response.text
    assert 'aria-invalid="true"' in response.text


def test_logins_are_rate_limited_per_user_name(client):
    for _ in range(5):
        assert _login_form(client, "samordnare", "fel lösenord").status_code == 401
    blocked = _login_form(client, "samordnare", "jamlik-demo")
    assert blocked.status_code == 429
    assert "För många misslyckade inloggningar. Vänta 15 minuter och försök igen." in blocked.text
    assert _login_form(client, "admin", "jamlik-demo").status_code == 303  # others still can


def test_roles_guard_the_admin_pages(client):
    assert client.get("/admin/anvandare", follow_redirects=False).status_code == 303
    login(client, "analytiker")
    assert client.get("/admin/import").status_code == 200
    assert client.get("/admin/anvandare").status_code == 403
    assert client.get("/admin/logg").status_code == 403


def test_an_admin_creates_an_account_and_the_log_shows_it(client):
    csrf = login(client, "admin")
    response = client.post("/admin/anvandare", data={
        "username": "ny.rapportor", "display_name": "Ny", "password": "ett långt lösenord",
        "role": "reporter", "csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    log = client.get("/admin/logg").text
    assert "account.create" in log and "ny.rapportor (reporter)" in log
    bad = client.post("/admin/anvandare", data={
        "username": "kort", "password": "kort", "role": "reporter", "csrf_token": csrf})
    assert bad.status_code == 422 and "lösenordet måste ha minst 10 tecken" in bad.text
