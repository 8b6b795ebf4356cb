"""The JSON API: one error shape, pagination, permissions, CSRF and the report workflow."""

from __future__ import annotations

import pytest

from .conftest import login

pytestmark = pytest.mark.xdist_group("web")


def error(status, code, message, details=()):
    return {"error": {"status": status, "code": code, "message": message,
                      "details": list(details)}}


def test_an_unknown_code_says_what_exists(backend_public_client):
    """Kind 6 of issue 10: a 404 for a typo says what was meant ("did you mean")."""
    indicator = backend_public_client.get("/api/v1/indicators/medellivslangdd").json()
    assert indicator["error"]["message"].startswith(
        "Indikatorn medellivslangdd finns inte. Menade du medellivslangd"), indicator
    area = backend_public_client.get("/api/v1/areas/RegSO_2025/1480r100").json()
    assert "Menade du 1480R100" in area["error"]["message"], area
    version = backend_public_client.get("/api/v1/areas/RegSO_2052/1480R100").json()
    assert "Menade du RegSO_2025" in version["error"]["message"], version


def test_every_error_has_the_one_shape(backend_public_client):
    unknown = backend_public_client.get("/api/v1/indicators/nope").json()
    assert unknown["error"]["status"] == 404 and unknown["error"]["code"] == "not_found"
    assert unknown["error"]["message"].startswith("Indikatorn nope finns inte. Det finns: ")
    assert backend_public_client.get("/api/v1/nothing-here").json() == error(
        404, "not_found", "Sidan finns inte.")
    response = backend_public_client.post("/api/v1/indicators")
    assert response.status_code == 405 and "GET" in response.headers["allow"]
    assert response.json() == error(405, "method_not_allowed", "Metoden är inte tillåten här.")
    assert backend_public_client.get("/api/v1/indicators?per_page=501").json() == error(
        422, "validation_error", "Uppgifterna är inte giltiga.",
        [{"location": ["query", "per_page"], "message": "Input should be less than or equal "
                                                        "to 500"}])
    assert backend_public_client.get("/api/v1/session").json() == error(
        401, "unauthorized", "Du behöver logga in.")


def test_an_unexpected_failure_is_a_500_in_the_same_shape(client):
    def boom():
        raise RuntimeError("test")

    client.app.add_api_route("/api/v1/test-boom", boom)
    response = client.get("/api/v1/test-boom")
    assert response.status_code == 500
    assert response.json() == error(500, "server_error", "Ett oväntat fel inträffade.")


def test_the_schema_declares_the_error_shape_for_errors(public_client):
    schema = public_client.get("/api/v1/openapi.json").json()
    responses = schema["paths"]["/api/v1/indicators/{code}"]["get"]["responses"]
    assert responses["404"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ErrorResponse")
    assert responses["422"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ErrorResponse")


def test_lists_are_paginated(backend_public_client):
    first = backend_public_client.get("/api/v1/indicators?per_page=3").json()
    # the test store's eight indicators (deaths by age for the equality report among them)
    assert (first["page"], first["per_page"], first["total"], first["pages"]) == (1, 3, 8, 3)
    last = backend_public_client.get("/api/v1/indicators?per_page=3&page=3").json()
    assert len(last["items"]) == 2
    codes = {i["code"] for i in first["items"]} | {i["code"] for i in last["items"]}
    assert len(codes) == 5
    areas = backend_public_client.get("/api/v1/areas?setting=1480&per_page=500").json()
    assert areas["total"] == 147


def test_the_api_covers_what_the_indicator_page_shows(backend_public_client):
    data = backend_public_client.get("/api/v1/indicators/medellivslangd?setting=1480").json()
    assert data["indicator"]["is_example"] is True
    assert set(data["tables"]) == {"rangordning", "stad", "skillnad", "grupper"}
    assert set(data["charts"]) >= {"karta", "rangordning", "stad"}
    assert data["period"] == "2020-2024" and data["dimension"] == "omrade"
    page = backend_public_client.get(data["permalink"])
    assert page.status_code == 200
    ranked = data["tables"]["rangordning"]["rows"]
    assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
    values = backend_public_client.get("/api/v1/indicators/medellivslangd/values?per_page=5").json()
    assert [r["code"] for r in values["items"]] == [r["code"] for r in ranked[:5]]


def test_signing_in_through_the_api(client):
    assert client.post("/api/v1/session", json={"username": "rapportor",
                                                "password": "fel-lösenord"}).json() == error(
        401, "unauthorized", "Fel användarnamn eller lösenord.")
    login(client, "rapportor")
    me = client.get("/api/v1/session").json()
    assert (me["username"], me["role"]) == ("rapportor", "reporter")


def _my_report(client) -> dict:
    return client.get("/api/v1/followup/requests").json()["items"][0]


def test_a_reporter_saves_submits_and_a_coordinator_sends_back(backend_client):
    csrf = login(backend_client, "rapportor")
    report = _my_report(backend_client)
    url = f"/api/v1/status-reports/{report['report_id']}"
    body = {"expected_version": report["version"], "status": "ongoing", "progress": 30,
            "narrative": "Lokal hittad."}
    assert backend_client.put(url, json=body).status_code == 403  # no CSRF token
    saved = backend_client.put(url, json=body, headers={"X-CSRF-Token": csrf}).json()
    assert (saved["state"], saved["version"], saved["current"]["progress"]) == ("draft", 1, 30)
    stale = backend_client.put(url, json=body | {"progress": 50}, headers={"X-CSRF-Token": csrf})
    assert stale.status_code == 409  # version 0 was read, version 1 is stored
    assert "Du utgick från version 0" in stale.json()["error"]["message"]
    submitted = backend_client.post(url + "/submit", json={"expected_version": 1},
                            headers={"X-CSRF-Token": csrf}).json()
    assert submitted["state"] == "submitted" and submitted["can_edit"] is False
    backend_client.cookies.clear()

    csrf = login(backend_client, "samordnare")
    queue = backend_client.get("/api/v1/followup/queue?per_page=500").json()["items"]
    states = [item["state"] for item in queue]
    assert states == sorted(states, key=lambda s: s != "submitted")  # submitted first
    mine = [item for item in queue if item["report_id"] == report["report_id"]]
    assert [item["state"] for item in mine] == ["submitted"]
    no_comment = backend_client.post(url + "/review", json={"expected_version": 2, "send_back": True},
                             headers={"X-CSRF-Token": csrf})
    assert no_comment.status_code == 422
    assert no_comment.json()["error"]["message"] == (
        "en rapport som skickas tillbaka behöver en kommentar")
    back = backend_client.post(url + "/review", json={"expected_version": 2, "send_back": True,
                                              "comment": "Ange antal familjer."},
                       headers={"X-CSRF-Token": csrf}).json()
    assert back["state"] == "returned" and back["current"]["comment"] == "Ange antal familjer."
    audit = backend_client.get("/api/v1/admin/audit").status_code
    assert audit == 403  # the audit log is the admin's
    backend_client.cookies.clear()
    login(backend_client, "admin")
    actions = [e["action"] for e in backend_client.get("/api/v1/admin/audit").json()["items"]]
    assert {"status_report.save", "status_report.submit", "status_report.send_back"} <= set(
        actions)


def test_a_reporter_cannot_read_another_organisations_report(client):
    import sqlite3

    path = str(client.app.state.engine.url.database)
    with sqlite3.connect(path) as conn:
        other = conn.execute(
            "SELECT r.id FROM status_report r JOIN organisation o ON o.id = r.organisation_id "
            "WHERE o.code NOT IN ('sn-sydvast', 'sf-sydvast') LIMIT 1").fetchone()[0]
    csrf = login(client, "rapportor")
    message = "Du kan bara öppna statusrapporter för dina egna organisationer."
    assert client.get(f"/api/v1/status-reports/{other}").json() == error(
        403, "forbidden", message)
    assert client.put(f"/api/v1/status-reports/{other}", json={"expected_version": 0},
                      headers={"X-CSRF-Token": csrf}).status_code == 403
    page = client.get(f"/arbete/rapporter/{other}")
    assert page.status_code == 403 and message in page.text
    assert client.get("/api/v1/status-reports/999999").status_code == 404


def test_an_analyst_imports_through_the_api_and_sees_row_errors(client):
    csrf = login(client, "analytiker")
    broken = b"indicator,area_code,area_version,period,value\nx,1480,Kommun_2025,2021,abc\n"
    response = client.post("/api/v1/admin/imports", files={"file": ("data.csv", broken)},
                           headers={"X-CSRF-Token": csrf})
    assert response.json() == error(
        422, "validation_error", "data.csv: rad 2, kolumn 'value': väntade ett tal, fick 'abc'",
        [{"location": ["data.csv", 2, "value"], "message": "väntade ett tal, fick 'abc'"}])
