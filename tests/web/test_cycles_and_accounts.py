"""A coordinator opens and closes follow-up cycles (page and API); an admin edits and
deactivates accounts. Roles, CSRF and the audit log are checked for each."""

from __future__ import annotations

import re

import pytest

from .conftest import login

pytestmark = pytest.mark.xdist_group("web")


def _org_ids(client):
    page = client.get("/arbete/uppfoljningar").text
    return [int(v) for v in re.findall(r'<option value="(\d+)"', page)]


def test_a_coordinator_opens_and_closes_a_cycle_in_the_browser(client):
    csrf = login(client, "samordnare")
    page = client.get("/arbete/uppfoljningar")
    assert page.status_code == 200 and "Årsuppföljning 2025" in page.text
    organisations = _org_ids(client)[:2]
    opened = client.post("/arbete/uppfoljningar", data={
        "year": "2026", "deadline": "2027-02-26", "name": "Årsuppföljning 2026",
        "organisations": [str(o) for o in organisations], "csrf_token": csrf},
        follow_redirects=False)
    assert opened.status_code == 303, opened.text
    cycles = client.get("/api/v1/followup/cycles").json()
    new = next(c for c in cycles if c["name"] == "Årsuppföljning 2026")
    assert (new["year"], new["deadline"], new["status"], new["organisations"], new["opened_by"]) \
        == (2026, "2027-02-26", "open", 2, "samordnare")
    assert client.post(f"/arbete/uppfoljningar/{new['id']}/stang",
                       data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    again = client.post(f"/arbete/uppfoljningar/{new['id']}/stang", data={"csrf_token": csrf})
    assert again.status_code == 409 and "är redan stängd" in again.text
    login(client, "admin")
    log = client.get("/admin/logg").text
    assert "cycle.open" in log and "Årsuppföljning 2026: 2 organisationer" in log
    assert "cycle.close" in log


def test_the_open_form_lists_its_problems(client):
    csrf = login(client, "samordnare")
    bad = client.post("/arbete/uppfoljningar", data={"year": "tjugo", "deadline": "28/2",
                                                     "csrf_token": csrf})
    assert bad.status_code == 422
    for message in ("Skriv året som följs upp (t.ex. 2025).",
                    "Skriv sista dag som ett datum (ÅÅÅÅ-MM-DD).",
                    "Välj minst en organisation som ska rapportera."):
        assert message in bad.text
    organisations = _org_ids(client)[:1]
    # the demo already has a 2025 cycle with the default code
    taken = client.post("/arbete/uppfoljningar", data={
        "year": "2025", "organisations": [str(o) for o in organisations], "csrf_token": csrf})
    assert taken.status_code == 409 and "det finns redan en uppföljning" in taken.text


def test_cycle_pages_and_api_need_a_coordinator_and_the_csrf_token(client):
    assert client.get("/arbete/uppfoljningar", follow_redirects=False).status_code == 303
    assert client.get("/api/v1/followup/cycles").status_code == 401
    for user in ("rapportor", "analytiker"):
        csrf = login(client, user)
        assert client.get("/arbete/uppfoljningar").status_code == 403
        assert client.post("/arbete/uppfoljningar", data={
            "year": "2026", "organisations": ["1"], "csrf_token": csrf}).status_code == 403
        assert client.post("/arbete/uppfoljningar/1/stang",
                           data={"csrf_token": csrf}).status_code == 403
        assert client.get("/api/v1/followup/cycles").status_code == 403
        assert client.post("/api/v1/followup/cycles", json={"year": 2026, "organisations": [1]},
                           headers={"X-CSRF-Token": csrf}).status_code == 403
        assert client.post("/api/v1/followup/cycles/1/close",
                           headers={"X-CSRF-Token": csrf}).status_code == 403
    login(client, "samordnare")
    refused = client.post("/arbete/uppfoljningar", data={"year": "2026", "organisations": ["1"],
                                                         "csrf_token": "fel"})
    assert refused.status_code == 403 and "Formuläret har gått ut" in refused.text
    assert client.post("/api/v1/followup/cycles", json={"year": 2026, "organisations": [1]}
                       ).status_code == 403
    assert client.post("/api/v1/followup/cycles/1/close").status_code == 403
    assert [c["year"] for c in client.get("/api/v1/followup/cycles").json()] == [2025, 2024]


def test_an_admin_opens_and_closes_a_cycle_through_the_api(client):
    csrf = login(client, "admin")
    headers = {"X-CSRF-Token": csrf}
    organisations = _org_ids(client)[:3]
    created = client.post("/api/v1/followup/cycles", headers=headers, json={
        "year": 2026, "organisations": organisations, "deadline": "2027-03-01",
        "name": "Halvårsuppföljning 2026"})
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["name"], body["organisations"], body["status"]) == (
        "Halvårsuppföljning 2026", 3, "open")
    empty = client.post("/api/v1/followup/cycles", headers=headers,
                        json={"year": 2026, "organisations": []})
    assert empty.status_code == 422
    closed = client.post(f"/api/v1/followup/cycles/{body['id']}/close", headers=headers)
    assert closed.status_code == 200 and closed.json()["closed_by"] == "admin"
    assert client.post(f"/api/v1/followup/cycles/{body['id']}/close",
                       headers=headers).status_code == 409
    assert client.post("/api/v1/followup/cycles/99999/close", headers=headers).status_code == 404
    entries = client.get("/api/v1/admin/audit").json()["items"]
    assert [e["action"] for e in entries[:2]] == ["cycle.close", "cycle.open"]


def _account_id(client, username):
    return next(u["id"] for u in client.get("/api/v1/admin/users?per_page=500").json()["items"]
                if u["username"] == username)


def test_an_admin_edits_and_deactivates_an_account_whose_sessions_end(client):
    from .conftest import make_client

    # a second client on the same store: the analyst's own browser
    analyst = make_client(client.app.state.engine.url.render_as_string(hide_password=False))
    login(analyst, "analytiker")
    assert analyst.get("/api/v1/session").status_code == 200
    csrf = login(client, "admin")
    account = _account_id(client, "analytiker")
    page = client.get(f"/admin/anvandare/{account}")
    assert page.status_code == 200 and 'name="active" checked' in page.text
    renamed = client.post(f"/admin/anvandare/{account}", data={
        "display_name": "Ny Analytiker", "role": "analyst", "active": "on",
        "csrf_token": csrf}, follow_redirects=False)
    assert renamed.status_code == 303
    assert analyst.get("/api/v1/session").json()["display_name"] == "Ny Analytiker"
    off = client.post(f"/admin/anvandare/{account}", data={
        "display_name": "Ny Analytiker", "role": "analyst", "csrf_token": csrf},
        follow_redirects=False)
    assert off.status_code == 303
    assert analyst.get("/api/v1/session").status_code == 401  # the session ended
    assert analyst.post("/api/v1/session", json={"username": "analytiker",
                                                  "password": "jamlik-demo"}).status_code == 401
    log = client.get("/admin/logg").text
    assert "analytiker: roll analyst, avstängd" in log and "analytiker: roll analyst, aktiv" in log


def test_account_editing_is_checked(client):
    csrf = login(client, "admin")
    me = _account_id(client, "admin")
    myself = client.post(f"/admin/anvandare/{me}", data={"role": "admin", "csrf_token": csrf})
    assert myself.status_code == 422 and "Du kan inte stänga av ditt eget konto." in myself.text
    other = _account_id(client, "rapportor")
    short = client.post(f"/admin/anvandare/{other}", data={
        "role": "reporter", "active": "on", "password": "kort", "csrf_token": csrf})
    assert short.status_code == 422 and "lösenordet måste ha minst 10 tecken" in short.text
    assert client.post(f"/admin/anvandare/{other}", data={
        "role": "reporter", "active": "on"}).status_code == 403  # no CSRF token
    assert client.get("/admin/anvandare/99999").status_code == 404
    login(client, "samordnare")
    assert client.get(f"/admin/anvandare/{other}").status_code == 403
