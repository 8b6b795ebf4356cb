"""Residents' voices on the web: the public collection page (method and disclosure-controlled
results, never an answer) and the analysts' coding page (suggestions applied only when
accepted), in Swedish and English."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from jamlik.demo._users import create_demo_users
from jamlik.store import VoiceCoding, connect
from jamlik.voices import define_collection, import_answers, open_answers, read_collection

from .conftest import login, make_client

sys.path.insert(0, str(Path(__file__).parents[1] / "voices"))
from voices_world import add_areas, answers_file, collection_file  # noqa: E402

pytestmark = pytest.mark.xdist_group("web")
SECRET = "Ring Kim på 070-123 45 67 om belysningen"


@pytest.fixture
def voices_client(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = connect(url)
    add_areas(engine)
    create_demo_users(engine)
    define_collection(engine, read_collection(collection_file(tmp_path)))
    rows = [f"Hjällbo västra;16-29;{'K' if i % 2 else 'M'};{'Ja' if i % 3 else 'Nej'};"
            f"{'Mer belysning vid hållplatsen' if i % 2 else ''}" for i in range(30)]
    rows += ["Lövgärdet;30-64;K;Ja;" + SECRET, "Lövgärdet;30-64;M;Nej;Fritidsgård för unga"]
    import_answers(engine, answers_file(tmp_path, rows), collection="trygg-2026")
    return make_client(url), engine


def test_public_page_shows_method_and_protected_results_only(voices_client):
    client, _engine = voices_client
    listing = client.get("/rost")
    assert listing.status_code == 200 and "/rost/trygg-2026" in listing.text
    page = client.get("/rost/trygg-2026")
    assert page.status_code == 200
    text = page.text
    assert "Gatuintervjuer vid torg och bibliotek" in text and "gatuintervjuer" in text
    assert "Inte ett slumpmässigt urval." in text
    assert "Andel som känner sig trygga ute på kvällen" in text
    assert "Hjällbo västra" in text and "för få svarande" in text  # Lövgärdet: 2 answers
    assert "Inga kodade svar än." in text
    assert "hållplatsen" not in text and "[telefon]" not in text
    english = client.get("/rost/trygg-2026?lang=en")
    assert "Safety in the neighbourhood 2026" in english.text
    assert "Not a random sample." in english.text and "street interviews" in english.text
    assert client.get("/rost/finns-inte").status_code == 404


def test_coding_page_for_analysts_only_and_suggestions_need_acceptance(voices_client):
    client, engine = voices_client
    anonymous = client.get("/arbete/rost/trygg-2026", follow_redirects=False)
    assert anonymous.status_code == 303 and "/logga-in" in anonymous.headers["location"]
    login(client, "rapportor")
    assert client.get("/arbete/rost/trygg-2026").status_code == 403
    client.cookies.clear()
    token = login(client, "analytiker")
    page = client.get("/arbete/rost/trygg-2026")
    assert page.status_code == 200
    assert "Ring Kim på [telefon] om belysningen" in page.text and "070-123" not in page.text
    assert "Godkänn förslaget" in page.text and "Svar 1–17 av 17." in page.text
    with engine.connect() as conn:
        assert conn.execute(select(VoiceCoding.id)).first() is None
    answer = next(a for a in open_answers(engine, "trygg-2026") if "Kim" in a["text"])
    done = client.post(f"/arbete/rost/trygg-2026/{answer['id']}",
                       data={"csrf_token": token, "code": "belysning", "action": "accept"},
                       follow_redirects=False)
    assert done.status_code == 303
    with engine.connect() as conn:
        coded = conn.execute(select(VoiceCoding.coder, VoiceCoding.from_suggestion)).all()
    assert coded == [("analytiker", True)]
    assert "Svar 1–16 av 16." in client.get("/arbete/rost/trygg-2026?visa=okodade").text
    refused = client.post(f"/arbete/rost/trygg-2026/{answer['id']}",
                          data={"csrf_token": "fel", "code": "fritid"})
    assert refused.status_code in (400, 403)
    from jamlik.voices import code_answer

    code_answer(engine, answer_id=answer["id"], code="trygghet", coder="bo")
    shown = client.get("/arbete/rost/trygg-2026")
    assert "Andra kodare" in shown.text and "bo (Trygghet)" in shown.text
    english = client.get("/arbete/rost/trygg-2026?lang=en")
    assert "Code open answers" in english.text and "Your codes" in english.text


def test_area_profile_shows_the_themes_raised_there_protected(voices_client):
    from jamlik.voices import code_answer, write_indicators

    client, engine = voices_client
    write_indicators(engine, "trygg-2026")
    for answer in open_answers(engine, "trygg-2026"):
        code_answer(engine, answer_id=answer["id"], code="belysning", coder="anna")
    page = client.get("/omraden/RegSO_2025/1480R049")
    assert page.status_code == 200, page.text[:500]
    assert "Vad invånarna säger" in page.text and "Belysning" not in page.text  # a sub-theme
    assert '<th scope="row">Trygghet</th>' in page.text and "/rost/trygg-2026" in page.text
    small = client.get("/omraden/RegSO_2025/1480R098")  # Lövgärdet: two answers
    assert "för få svarande" in small.text and "[telefon]" not in small.text
