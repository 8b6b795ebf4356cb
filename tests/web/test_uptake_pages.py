"""The uptake review page (analysts and coordinators only) and the public uptake page."""

from __future__ import annotations

from importlib import resources

import pytest

from jamlik.demo._users import create_demo_users
from jamlik.jobs import import_documents, run_uptake
from jamlik.program import create_organisation, load_programme, read_programme
from jamlik.store import connect, decision_history, stored_matches

from .conftest import login, make_client

pytestmark = pytest.mark.xdist_group("web")
GOTEBORG = str(resources.files("jamlik.data").joinpath("program-goteborg-2018-2026.yaml"))
REPORT = """Mål och uppdrag

Bokstart har nått 1 400 familjer med små barn. Bibliotekarier har besökt familjerna hemma \
och delat ut böcker på familjens språk.

Inom MO2.4 har nämnden erbjudit feriearbete till 800 ungdomar.
"""


@pytest.fixture
def uptake_client(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = connect(url)
    load_programme(engine, read_programme(GOTEBORG))
    create_organisation(engine, code="kn", name="Kulturnämnden", kind="board")
    create_demo_users(engine)
    (tmp_path / "kn.txt").write_text(REPORT, encoding="utf-8")
    import_documents(engine, [tmp_path / "kn.txt"], organisation="kn", year=2024)
    run_uptake(engine, year=2024)
    return make_client(url), engine


def _first(engine, start):
    return next(m for m in stored_matches(engine, year=2024)
                if m.rank == 1 and m.text.startswith(start))


def test_reporter_cannot_review_analyst_can(uptake_client):
    client, engine = uptake_client
    bokstart = _first(engine, "Bokstart")
    token = login(client, "rapportor")
    assert client.get("/arbete/genomslag").status_code == 403
    refused = client.post(f"/arbete/genomslag/{bokstart.id}",
                          data={"csrf_token": token, "decision": "confirm"})
    assert refused.status_code == 403 and decision_history(engine, bokstart.id) == []
    client.cookies.clear()
    token = login(client, "analytiker")
    page = client.get("/arbete/genomslag")
    assert page.status_code == 200
    assert "Bokstart har nått" in page.text and "kn.txt, Mål och uppdrag" in page.text
    assert "theme: delar orden" in page.text
    done = client.post(f"/arbete/genomslag/{bokstart.id}",
                       data={"csrf_token": token, "decision": "confirm"}, follow_redirects=False)
    assert done.status_code == 303
    wrong = client.post(f"/arbete/genomslag/{bokstart.id}",
                        data={"csrf_token": token, "decision": "reassign", "code": ""},
                        follow_redirects=False)
    assert "fel=" in wrong.headers["location"]
    assert [h["decision"] for h in decision_history(engine, bokstart.id)] == ["confirm"]
    assert decision_history(engine, bokstart.id)[0]["reviewer"] == "analytiker"


def test_public_page_shows_confirmed_quotes_only(uptake_client):
    client, engine = uptake_client
    assert "Bokstart har nått" not in client.get("/genomslag").text
    token = login(client, "samordnare")
    bokstart, jobs = _first(engine, "Bokstart"), _first(engine, "Inom MO2.4")
    client.post(f"/arbete/genomslag/{bokstart.id}", data={"csrf_token": token,
                                                          "decision": "confirm"})
    client.post(f"/arbete/genomslag/{jobs.id}", data={"csrf_token": token, "decision": "reject"})
    client.cookies.clear()
    page = client.get("/genomslag")
    assert page.status_code == 200
    assert "Bokstart har nått" in page.text and "feriearbete" not in page.text
    # the board by its name, not its code; the documents here are not example data
    assert "MO1.4 Främja barns språkutveckling" in page.text
    assert "Kulturnämnden, 2024: kn.txt" in page.text and "kn, kn.txt" not in page.text
    assert "Exempeldata" not in page.text.split("<main", 1)[1].split("</main>")[0]
    assert "MO2.4" not in page.text
    english = client.get("/genomslag?lang=en")
    assert "Uptake in the boards" in english.text


def test_review_page_filters_by_year_organisation_and_decision(uptake_client):
    client, engine = uptake_client
    bokstart = _first(engine, "Bokstart")
    token = login(client, "analytiker")
    everything = client.get("/arbete/genomslag")
    shown = everything.text.count('class="proposal"')
    assert shown == len(stored_matches(engine, year=2024)) and shown > 1
    assert '<option value="kn">Kulturnämnden</option>' in everything.text
    done = client.post(f"/arbete/genomslag/{bokstart.id}",
                       data={"csrf_token": token, "decision": "confirm", "ar": "2024",
                             "organisation": "kn", "beslut": "ej-granskade"},
                       follow_redirects=False)
    # the decision returns to the list it was made from
    assert done.headers["location"].startswith(
        "/arbete/genomslag?ar=2024&organisation=kn&beslut=ej-granskade&klart=")
    confirmed = client.get("/arbete/genomslag?beslut=bekraftade")
    assert confirmed.text.count('class="proposal"') == 1
    assert f'id="forslag-{bokstart.id}"' in confirmed.text
    unreviewed = client.get("/arbete/genomslag?ar=2024&organisation=kn&beslut=ej-granskade")
    assert unreviewed.text.count('class="proposal"') == shown - 1
    assert f'id="forslag-{bokstart.id}"' not in unreviewed.text


@pytest.mark.parametrize(("query", "status", "message"), [
    ("ar=1999", 404, "Det finns inga förslag för år 1999."),
    ("ar=abc", 404, "Det finns inga förslag för år abc."),
    ("organisation=xyz", 404, "Det finns inga förslag från organisationen xyz."),
    ("beslut=kanske", 400, "Okänt värde för beslut: kanske."),
])
def test_review_page_refuses_unknown_filters(uptake_client, query, status, message):
    client, _engine = uptake_client
    login(client, "analytiker")
    answer = client.get(f"/arbete/genomslag?{query}")
    assert answer.status_code == status and message in answer.text


def test_demo_uptake_names_boards_marks_example_data_and_is_linked(client):
    public = client.get("/genomslag")
    main = public.text.split("<main", 1)[1].split("</main>")[0]
    assert "Kulturnämnden, 2024: kn-arsrapport-2024.pdf" in main
    assert "kn, kn-arsrapport" not in main
    # one note for the page and one badge per quote, never two on one quote
    assert main.count("example-note") == 1
    assert main.count('<span class="example">') == main.count("<figure>") > 0
    programme = client.get("/program")
    assert 'href="/genomslag"' in programme.text
    assert 'href="/genomslag#MO1.4"' in programme.text and "Upptagen i" in programme.text
    english = client.get("/program?lang=en")
    assert "Taken up in" in english.text
