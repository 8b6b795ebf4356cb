"""Malformed form fields never give a server error (issue 10, kind 6): every form of the
site is posted, signed in as an admin, with hypothesis-drawn fields (non-numeric and
non-ASCII ids, huge integers, duplicated organisations, empty and odd files named
``..``); each answer is a page with a message, a redirect or a refusal, never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import copy_db, login, make_client

pytestmark = [pytest.mark.xdist_group("web"), pytest.mark.slow]

NASTY = ["", " ", "0", "1", "2", "-1", "abc", "²", "١", "1.5", "1e9", "9" * 30,
         str(2**31), str(2**63), "..", "../../etc/passwd", "<script>", "\x00", "%00", "null",
         "2025-13-45", "2025", "on", "admin", "ett långt lösenord"]
VALUE = st.one_of(st.sampled_from(NASTY), st.text(max_size=30))
FIELDS = {
    "/admin/anvandare": ["username", "password", "role", "display_name", "organisations",
                         "account_id", "active"],
    "/admin/anvandare/1": ["role", "display_name", "organisations", "active", "password"],
    "/admin/organisationer": ["code", "name", "kind", "parent"],
    "/arbete/uppfoljningar": ["year", "deadline", "name", "organisations"],
    "/arbete/uppfoljningar/1/stang": [],
    "/arbete/rapporter/1": ["action", "expected_version", "status", "goal_attainment",
                            "progress", "narrative", "example_quote", "example_document",
                            "example_page", "evidence_links", "comment"],
    "/logga-in": ["username", "password", "next"],
}


@pytest.fixture(scope="module")
def admin(demo_db_file, tmp_path_factory):
    client = make_client(copy_db(demo_db_file, tmp_path_factory.mktemp("forms")))
    return client, login(client, "admin")


def _form(draw, names):
    data = []
    for name in names:
        for value in draw(st.lists(VALUE, max_size=3)):
            data.append((name, value))
    return data


@pytest.mark.parametrize("path", sorted(FIELDS))
def test_no_form_answers_a_server_error(admin, path):
    client, csrf = admin

    @given(st.data())
    @settings(max_examples=40, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(data):
        fields = _form(data.draw, FIELDS[path]) + [("csrf_token", csrf)]
        body = "&".join(f"{_quote(k)}={_quote(v)}" for k, v in fields)
        response = client.post(path, content=body.encode("utf-8", "surrogatepass"),
                               headers={"content-type": "application/x-www-form-urlencoded"},
                               follow_redirects=False)
        assert response.status_code < 500, (fields, response.text[:500])
        if path == "/logga-in" and response.status_code == 303:
            login(client, "admin")  # a fuzzed login that worked must not end the run

    run()


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text.encode("utf-8", "surrogatepass"), safe="")


FILES = st.tuples(
    st.sampled_from(["..", ".", "../x.csv", "data.csv", "tom.csv", "a.xlsx", "x" * 300 + ".csv",
                     "ingen-ändelse", "f.json", "f.px", "f\x00.csv"]),
    st.sampled_from([b"", b"\n", b"indicator,area_code,period,value\n",
                     b"indicator,area_code,period,value\nx,1480,2024,abc\n",
                     b"PK\x03\x04garbage", b"\xff\xfe\x00", b"{}", b"[]",
                     b"indicator;area_code;period;value\nx;1480;2024;1\n"]),
    st.sampled_from(["", "csv", "xlsx", "heat", "px", "okänt", ".."]))


def test_the_import_form_never_answers_a_server_error(admin):
    client, csrf = admin

    @given(FILES)
    @settings(max_examples=40, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        name, content, fmt = case
        response = client.post("/admin/import", data={"csrf_token": csrf, "format": fmt},
                               files={"file": (name, content, "application/octet-stream")})
        assert response.status_code < 500, (case, response.text[:500])

    run()


def test_the_named_cases_get_a_message_on_their_field(admin):
    client, csrf = admin
    response = client.post("/arbete/uppfoljningar", data={
        "csrf_token": csrf, "year": "2025", "organisations": ["abc", "²", "9" * 30]})
    assert response.status_code == 422
    assert "abc är inget giltigt id (ett heltal från 1 till 2147483647)." in response.text
    assert "² är inget giltigt id" in response.text
    response = client.post("/admin/anvandare", data={
        "csrf_token": csrf, "username": "ny.person", "password": "ett långt lösenord",
        "role": "reporter", "organisations": ["1", "1"]}, follow_redirects=False)
    assert response.status_code == 303  # the same organisation twice counts once
    response = client.post("/admin/anvandare", data={
        "csrf_token": csrf, "username": "ny.person2", "password": "ett långt lösenord",
        "role": "reporter", "organisations": ["2147483647"]})
    assert response.status_code == 422 and "organisation 2147483647 finns inte" in response.text
    response = client.post("/admin/import", data={"csrf_token": csrf},
                           files={"file": ("..", b"", "text/csv")})
    assert response.status_code == 422
