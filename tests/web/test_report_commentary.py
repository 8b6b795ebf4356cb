"""Analysts' commentary on the equality report: a signed-in form per section (CSRF,
logged), every save kept as a version, the report showing the newest text."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from .conftest import login

pytestmark = pytest.mark.xdist_group("web")
PAGE = "/jamlikhetsrapport/kommentarer?municipality=1480"


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_signed_out_is_sent_to_sign_in(client):
    answer = client.get(PAGE + "&lang=sv", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/logga-in")


def test_a_comment_is_saved_logged_kept_and_in_the_report(client):
    from jamlik.store import AuditEntry

    login(client, "analytiker")
    page = client.get(PAGE + "&lang=sv")
    assert page.status_code == 200
    assert 'id="text-mal-mo1"' in page.text and 'id="text-livslangd"' in page.text
    token = _token(page.text)
    for text in ("Skillnaden i behörighet följs upp av förvaltningen.",
                 "Skillnaden i behörighet följs upp; se även bilaga 2."):
        saved = client.post("/jamlikhetsrapport/kommentarer?municipality=1480",
                            data={"csrf_token": token, "section": "mal-mo1", "text": text},
                            follow_redirects=False)
        assert saved.status_code == 303 and "sparad=mal-mo1" in saved.headers["location"]
    page = client.get(PAGE + "&lang=sv").text
    assert "Tidigare versioner" in page and "(2)" in page
    assert "följs upp av förvaltningen." in page  # the older version is still shown
    report = client.get("/jamlikhetsrapport?municipality=1480&lang=sv").text
    assert "Analytikernas kommentar" in report
    assert "Skillnaden i behörighet följs upp; se även bilaga 2." in report
    assert "följs upp av förvaltningen." not in report  # only the newest version
    with client.app.state.engine.connect() as conn:
        logged = conn.execute(select(AuditEntry.username).where(
            AuditEntry.action == "commentary.save")).scalars().all()
    assert logged == ["analytiker", "analytiker"]


def test_without_the_token_or_with_an_unknown_section_nothing_is_saved(client):
    from jamlik.store import ReportCommentary

    login(client, "analytiker")
    token = _token(client.get(PAGE + "&lang=sv").text)
    forged = client.post("/jamlikhetsrapport/kommentarer?municipality=1480",
                         data={"csrf_token": "fel", "section": "mal-mo1", "text": "x"})
    assert forged.status_code == 403
    unknown = client.post("/jamlikhetsrapport/kommentarer?municipality=1480",
                          data={"csrf_token": token, "section": "bilaga", "text": "x"})
    assert unknown.status_code == 400 and "Okänt avsnitt: bilaga." in unknown.text
    with client.app.state.engine.connect() as conn:
        assert conn.execute(select(ReportCommentary.id)).all() == []


def test_a_reader_without_the_role_is_refused(client):
    login(client, "rapportor")
    assert client.get(PAGE + "&lang=sv").status_code == 403


def test_the_english_page_has_no_swedish_left(client):
    login(client, "analytiker")
    page = client.get(PAGE + "&lang=en").text
    assert "The equality report: commentary" in page and "Save the commentary" in page
    for word in ("Kommentar", "Spara", "Tidigare", "Skriv analytikernas"):
        assert word not in page


def test_the_work_page_leads_analysts_and_coordinators_to_the_commentary(client):
    login(client, "analytiker")
    assert 'href="/jamlikhetsrapport/kommentarer"' in client.get("/arbete").text


def test_a_reporter_is_not_led_there(client):
    login(client, "rapportor")
    assert "/jamlikhetsrapport/kommentarer" not in client.get("/arbete").text
