"""Accounts hardened (issue 10, kind 9): no admin can switch off their own account by
any route, passwords are checked against a list of common passwords as well as length
(OWASP ASVS 2.1.7), organisations are named once and must exist."""

from __future__ import annotations

import re

import pytest

from jamlik.errors import ArgumentError
from jamlik.store._accounts import check_account, update_account

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
