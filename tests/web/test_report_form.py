"""Forms keep what they do not show (issue 10, kind 10): saving the status report form
keeps every example, including those entered through the API or Excel (with their
links); a status that contradicts the share done ("ej påbörjad" with 40 %) and a link
that is not a web address ("not a url", javascript:) are refused with a message, by
the form and the API alike (one check, in the program layer)."""

from __future__ import annotations

import re

import pytest

from jamlik.errors import ArgumentError
from jamlik.program import check_link

from .conftest import login

pytestmark = pytest.mark.xdist_group("web")

EXAMPLES = [{"quote": "Fler familjer kom.", "document": "Årsrapport", "page": "4",
             "link": "https://example.se/arsrapport.pdf"},
            {"quote": "Lokalen är full.", "document": None, "page": None, "link": None}]


def _report(client):
    return client.get("/api/v1/followup/requests").json()["items"][0]


def _put(client, csrf, report, **fields):
    return client.put(f"/api/v1/status-reports/{report['report_id']}",
                      json={"expected_version": report["version"], **fields},
                      headers={"X-CSRF-Token": csrf})


def test_saving_the_form_keeps_examples_entered_through_the_api(client):
    csrf = login(client, "rapportor")
    report = _report(client)
    saved = _put(client, csrf, report, status="ongoing", progress=30, examples=EXAMPLES)
    assert saved.status_code == 200, saved.text
    page = client.get(f"/arbete/rapporter/{report['report_id']}").text
    # the browser sends back every field the page holds, changing only the narrative
    form = {"csrf_token": csrf, "action": "save", "expected_version": "1",
            "status": "ongoing", "progress": "30", "narrative": "Nu med text."}
    for key in ("quote", "document", "page", "link"):
        assert page.count(f'name="example_{key}"') == 3  # two examples, one empty group
        form[f"example_{key}"] = [_field(page, f"example_{key}-{i}") for i in (1, 2, 3)]
    response = client.post(f"/arbete/rapporter/{report['report_id']}", data=form,
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    current = client.get(f"/api/v1/status-reports/{report['report_id']}").json()["current"]
    assert current["narrative"] == "Nu med text."
    assert current["examples"] == EXAMPLES


def _field(page: str, ident: str) -> str:
    import html

    found = re.search(rf'id="{ident}"[^>]*?value="([^"]*)"', page)
    if found:
        return html.unescape(found.group(1))
    found = re.search(rf'id="{ident}"[^>]*>([^<]*)</textarea>', page)
    return html.unescape(found.group(1)) if found else ""


@pytest.mark.parametrize(("fields", "message"), [
    ({"status": "not_started", "progress": 40},
     "status 'ej påbörjad' passar inte med genomfört 40 %; ange 0 % eller en annan status"),
    ({"status": "completed", "progress": 60},
     "status 'genomförd' passar inte med genomfört 60 %; ange 100 % eller en annan status"),
    ({"evidence_links": ["not a url"]},
     "evidence_links[0] innehåller mellanslag, citattecken eller styrtecken; fick 'not a url'"),
    ({"evidence_links": ["javascript:alert(1)"]},
     "evidence_links[0] ska vara en webbadress som börjar med http:// eller https://; fick "
     "'javascript:alert(1)'"),
    ({"examples": [{"quote": "x", "link": "notaurl"}]},
     "examples[0].link ska vara en webbadress som börjar med http:// eller https://; fick "
     "'notaurl'"),
])
def test_the_api_refuses_contradictions_and_links_that_are_not_web_addresses(
        client, fields, message):
    csrf = login(client, "rapportor")
    response = _put(client, csrf, _report(client), **fields)
    assert response.status_code == 422
    assert response.json()["error"]["message"] == message


@pytest.mark.parametrize(("form", "message"), [
    ({"status": "not_started", "progress": "40"},
     "status &#39;ej påbörjad&#39; passar inte med genomfört 40 %"),
    ({"evidence_links": "https://ok.se\nnot a url"},
     "evidence_links[1] innehåller mellanslag, citattecken eller styrtecken"),
    ({"example_quote": "Citat", "example_document": "", "example_page": "",
      "example_link": "javascript:alert(1)"},
     "examples[0].link ska vara en webbadress som börjar med http:// eller https://"),
])
def test_the_form_refuses_them_with_a_message(client, form, message):
    csrf = login(client, "rapportor")
    report = _report(client)
    response = client.post(f"/arbete/rapporter/{report['report_id']}", data={
        "csrf_token": csrf, "action": "save", "expected_version": str(report["version"]),
        **form})
    assert response.status_code == 422
    assert message in response.text


@pytest.mark.parametrize("link", ["https://goteborg.se/a.pdf", "http://intra.goteborg.se"])
def test_web_addresses_are_links(link):
    assert check_link(f" {link} ", field="x") == link


@pytest.mark.parametrize("link", ["not a url", "javascript:alert(1)", "data:text/html,x",
                                  "file:///etc/passwd", "https://", "//evil.example/x",
                                  "https://a b.se", "ftp://x.se"])
def test_anything_else_is_not(link):
    with pytest.raises(ArgumentError, match="^x "):
        check_link(link, field="x")
