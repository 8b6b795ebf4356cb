"""Residents' voices beside the numbers, on the web: quotes approved in the coding page,
themes and quotes on the collection, area, indicator and programme pages and in the annual
summary — no group under the threshold shown or recoverable by differencing what all of
them publish together — erasure from the web leaving no trace (cached pages included), and
English pages without Swedish."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, insert, select

from jamlik.demo._users import create_demo_users
from jamlik.store import (
    AuditEntry, ImportBatch, Indicator, IndicatorTargetArea, Observation, TargetArea,
    VoiceAnswer, VoiceCode, VoiceCoding, VoiceCollection, VoiceErasure, VoiceQuestion,
    VoiceRespondent, connect,
)
from jamlik.voices import (
    approve_quote, define_collection, import_answers, open_answers, read_collection,
    theme_shares, voices_by_target_area, write_indicators,
)

from .conftest import login, make_client

sys.path.insert(0, str(Path(__file__).parents[1] / "voices"))
from test_shares import determined  # noqa: E402
from voices_world import (  # noqa: E402
    AREAS, SMALL_WORLD, TEXTS, add_areas, answers_file, code_small_world, linked_collection,
    load_programme_of_goteborg, small_world_rows,
)

pytestmark = pytest.mark.xdist_group("web")
TITLE = "Trygghet i stadsdelen 2026"
INDICATOR = "rost.trygg-2026.trygg"
THEMES = {"Trygghet": "trygghet", "Safety": "trygghet", "Fritid för unga": "fritid",
          "Leisure for young people": "fritid"}
NAMES = {name: code for code, name in AREAS.items()} | {"Alla svar": "*", "All answers": "*"}


def _row(area: str, theme: str | None) -> int:
    return next(i + 2 for i, (a, _s, t) in enumerate(SMALL_WORLD) if a == area and t == theme)


@pytest.fixture
def together(tmp_path):
    """The small world (see voices_world.SMALL_WORLD) linked to Göteborg's programme, coded,
    its closed question an indicator that follows MO3, one quote approved."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = connect(url)
    add_areas(engine)
    _add_municipality(engine)
    programme = load_programme_of_goteborg(engine)
    create_demo_users(engine)
    define_collection(engine, read_collection(linked_collection(tmp_path)))
    import_answers(engine, answers_file(tmp_path, small_world_rows()), collection="trygg-2026")
    code_small_world(engine)
    write_indicators(engine, "trygg-2026")
    with engine.begin() as conn:
        conn.execute(insert(IndicatorTargetArea).values(
            indicator_id=conn.execute(select(Indicator.id).where(
                Indicator.code == INDICATOR)).scalar(),
            target_area_id=conn.execute(select(TargetArea.id).where(
                TargetArea.programme_id == programme, TargetArea.code == "MO3")).scalar()))
    answers = {a["row"]: a["id"] for a in open_answers(engine, "trygg-2026")}
    approve_quote(engine, answer_id=answers[_row("Haga", "fritid")], by="analytiker")
    return make_client(url), engine, programme, answers


def _add_municipality(engine) -> None:
    """Göteborg itself, the districts' parent (so that its pages have a municipality)."""
    from jamlik.store import Area, AreaVersion

    with engine.begin() as conn:
        version = conn.execute(insert(AreaVersion).values(
            code="Kommun_2025", name="Kommuner 2025", level="kommun", year=2025)
        ).inserted_primary_key[0]
        city = conn.execute(insert(Area).values(version_id=version, code="1480", name="Göteborg",
                                                attributes={})).inserted_primary_key[0]
        conn.execute(Area.__table__.update().where(Area.code.in_(list(AREAS))).values(
            parent_id=city))


class _Tables(HTMLParser):
    """Every table of a page: its caption and rows of cell texts (headers included)."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._caption = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1]["rows"][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        for part in (self._caption, self._cell):
            if part is not None:
                part.append(data)


def tables(html: str) -> list[dict]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def _number(text: str) -> float:
    return float(text.replace("\u2212", "-").replace(",", ".").replace("\xa0", "").replace(
        " ", ""))


def _cells(html: str, kind: str, area: str | None = None):
    """(theme, area) → (x, n) or "withheld", from one page's theme tables."""
    out = {}
    for table in tables(html):
        caption = table["caption"]
        theme = next((c for n, c in THEMES.items() if caption.startswith(n)), None)
        for row in table["rows"][1:]:
            if kind == "rows-are-areas" and theme is not None:  # collection, indicator page
                key, cells = (theme, NAMES[row[0]]), row[1:]
            elif kind == "rows-are-themes" and row and row[0] in THEMES and (
                    "andel" in caption.lower() or "share" in caption.lower()):
                key = (THEMES[row[0]], area)
                cells = row[2:] if area != "*" else row[1:]  # the area page names target areas
            else:
                continue
            withheld = "för få" in cells[0] or "too few" in cells[0]
            out[key] = "withheld" if withheld else (_number(cells[0]), _number(cells[-1]))
    return out


def _published(client, engine, programme) -> dict[str, dict]:
    """Every theme cell any view publishes, per view (they must all agree)."""
    views = {"collection": _cells(client.get("/rost/trygg-2026").text, "rows-are-areas"),
             "indicator": _cells(client.get(f"/indikatorer/{INDICATOR}").text,
                                 "rows-are-areas"),
             "programme": _cells(client.get("/program?municipality=1480").text,
                                 "rows-are-themes", "*")}
    answered = {code for code, name in AREAS.items() if any(a == name for a, _s, _t in SMALL_WORLD)}
    assert "Vad invånarna säger" not in client.get(
        f"/omraden/RegSO_2025/{sorted(set(AREAS) - answered)[0]}").text
    for code in sorted(answered):
        views[f"area {code}"] = _cells(client.get(f"/omraden/RegSO_2025/{code}").text,
                                       "rows-are-themes", code)
    report = {}  # the annual summary's tables and the equality report's function
    from jamlik.reports._annual_voices import collect_voices, voices_view

    for target_id, collections in collect_voices(engine, programme, 2026).items():
        view = voices_view(collections, "MO", lambda words: {"text": words}, "sv")
        for item in view["items"]:
            for name, x, _share, _interval, n in item["table"]["rows"]:
                report[(THEMES[name], "*")] = "withheld" if "för få" in x else (
                    _number(x), _number(n))
    views["annual summary"] = report
    views["voices_by_target_area"] = {
        (theme["code"], cell["area"] or "*"): "withheld" if cell["suppressed"] else (
            cell["x"], cell["n"])
        for target in voices_by_target_area(engine, programme_id=programme)
        for collection in target["collections"] for theme in collection["themes"]
        for cell in [theme["all"], *theme["areas"]]}
    return views


def test_no_view_shows_or_lets_anyone_work_out_a_small_group(together):
    client, engine, programme, _answers = together
    views = _published(client, engine, programme)
    assert all(views.values()), {k: len(v) for k, v in views.items()}
    shares = theme_shares(engine, "trygg-2026")
    audited = {(r.code, r.area): r for r in shares[shares["dimension"] == "total"].itertuples()}
    shown: dict[tuple, tuple] = {}
    for view, cells in views.items():
        for key, value in cells.items():
            truth = audited[key]
            if value == "withheld":
                assert truth.suppressed, (view, key)
            else:
                assert not truth.suppressed and value == (truth.x, truth.n), (view, key, value)
                shown[key] = value
    # Haga's safety (3 of 25) and Lövgärdet (3 answers) are withheld everywhere
    assert ("trygghet", "1480R042") not in shown and ("trygghet", "1480R098") not in shown
    # … and cannot be worked out from everything published together, by any sums
    for code in ("trygghet", "fritid"):
        people = pd.DataFrame({
            "area": [{n: c for c, n in AREAS.items()}[a] for a, _s, _t in SMALL_WORLD],
            "sex": ["kvinnor" if s == "K" else "man" for _a, s, _t in SMALL_WORLD],
            "age_group": "30-64", "positive": [t == code for _a, _s, t in SMALL_WORLD]})
        published = shares[shares["code"] == code][["area", "dimension", "subgroup"]].assign(
            suppressed=lambda f: [(code, a) not in shown or d != "total"
                                  for a, d in zip(f["area"], f["dimension"])])
        assert determined(people, published, with_total=True) == []
    # the closed question: its downloads withhold what the collection page withholds
    page = client.get("/rost/trygg-2026").text
    assert "Lövgärdet" in page and page.count("för få svarande") >= 3
    for name in ("rangordning", "karta", "tratt", "stad", "grupper", "skillnad"):
        download = client.get(f"/indikatorer/{INDICATOR}?tabell={name}&format=csv")
        if download.status_code == 200:
            assert not re.search(r"1480R098,[0-9]", download.text), name


def test_an_analyst_approves_a_quote_in_the_coding_page(together):
    client, engine, _programme, answers = together
    hjallbo, haga = answers[_row("Hjällbo västra", "trygghet")], answers[_row("Haga",
                                                                                "trygghet")]
    login(client, "rapportor")
    assert client.post(f"/arbete/rost/trygg-2026/{hjallbo}/citat",
                       data={"csrf_token": "x", "approve": "1"}).status_code == 403
    client.cookies.clear()
    token = login(client, "analytiker")
    page = client.get("/arbete/rost/trygg-2026")
    assert "Godkänn som citat" in page.text and "Godkänt citat" in page.text  # Haga's leisure
    refused = client.post(f"/arbete/rost/trygg-2026/{hjallbo}/citat",
                          data={"csrf_token": "fel", "approve": "1"})
    assert refused.status_code == 403
    done = client.post(f"/arbete/rost/trygg-2026/{hjallbo}/citat",
                       data={"csrf_token": token, "approve": "1", "sida": "1"},
                       follow_redirects=False)
    assert done.status_code == 303 and f"citat={hjallbo}" in done.headers["location"]
    with engine.connect() as conn:
        assert conn.execute(select(VoiceAnswer.approved_quote).where(
            VoiceAnswer.id == hjallbo)).scalar() is True
        assert conn.execute(select(AuditEntry.username).where(
            AuditEntry.action == "voices.quote.approve", AuditEntry.object_id == str(hjallbo))
        ).scalar() == "analytiker"
    assert "Citatet är sparat." in client.get(done.headers["location"]).text
    small = client.post(f"/arbete/rost/trygg-2026/{haga}/citat",
                        data={"csrf_token": token, "approve": "1"}, follow_redirects=False)
    assert "skal=small_group" in small.headers["location"]
    shown = client.get(small.headers["location"]).text
    assert "citatet skulle visa en grupp som tabellerna döljer" in shown
    with engine.connect() as conn:
        assert conn.execute(select(VoiceAnswer.approved_quote).where(
            VoiceAnswer.id == haga)).scalar() is False
    client.cookies.clear()  # the public sees the approved quotes, masked, where they may
    public = client.get("/rost/trygg-2026").text
    assert TEXTS["trygghet"] in public and TEXTS["fritid"] in public
    assert TEXTS["trygghet"] in client.get("/omraden/RegSO_2025/1480R049").text
    assert TEXTS["trygghet"] not in client.get("/omraden/RegSO_2025/1480R042").text
    assert TEXTS["trygghet"] in client.get(f"/indikatorer/{INDICATOR}").text  # MO3
    assert TEXTS["fritid"] not in client.get(f"/indikatorer/{INDICATOR}").text  # MO1
    programme = client.get("/program?municipality=1480").text
    assert programme.count("Vad invånarna säger") == 2  # MO1 and MO3


def _response_store(app):
    from jamlik.web._cache import ResponseCache

    layer = app.middleware_stack
    while layer is not None and not isinstance(layer, ResponseCache):
        layer = getattr(layer, "app", None)
    return layer.store


PAGES = ["/rost", "/rost/trygg-2026", "/omraden/RegSO_2025/1480R049", f"/indikatorer/{INDICATOR}",
         "/indikatorer", "/program?municipality=1480", f"/indikatorer/{INDICATOR}?tabell="
         "rangordning&format=csv"]


def test_erasing_from_the_web_leaves_no_trace_not_even_a_cached_page(together):
    client, engine, _programme, _answers = together
    for path in PAGES:  # the public pages, rendered and stored in the response cache
        assert client.get(path).status_code == 200, path
    store = _response_store(client.app)
    marks = [TITLE.encode(), TEXTS["fritid"].encode(), INDICATOR.encode()]
    assert any(m in entry[2] for entry in store.items.values() for m in marks)
    token = login(client, "analytiker")
    confirm = client.get("/arbete/rost/trygg-2026/radera")
    assert confirm.status_code == 200 and "Radera samlingen för alltid" in confirm.text
    assert re.search(r"Svarande</th><td class=\"num\">70<", confirm.text)
    wrong = client.post("/arbete/rost/trygg-2026/radera",
                        data={"csrf_token": token, "confirm": "trygg"})
    assert wrong.status_code == 400 and "Skriv samlingens kod exakt" in wrong.text
    assert client.post("/arbete/rost/trygg-2026/radera",
                       data={"csrf_token": "fel", "confirm": "trygg-2026"}).status_code == 403
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(VoiceAnswer)).scalar() > 0
    done = client.post("/arbete/rost/trygg-2026/radera",
                       data={"csrf_token": token, "confirm": "trygg-2026"},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/rost?raderad=1"
    assert "Samlingen är raderad" in client.get(done.headers["location"]).text
    with engine.connect() as conn:
        for model in (VoiceCollection, VoiceQuestion, VoiceRespondent, VoiceAnswer, VoiceCode,
                      VoiceCoding):
            assert conn.execute(select(func.count()).select_from(model)).scalar() == 0, model
        assert conn.execute(select(Indicator.id).where(Indicator.code.like("rost.%"))).all() == []
        assert conn.execute(select(ImportBatch.id).where(ImportBatch.format == "voices")
                            ).all() == []
        assert conn.execute(select(func.count()).select_from(Observation)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(IndicatorTargetArea)).scalar() == 0
        assert conn.execute(select(VoiceErasure.erased_by)).scalar() == "analytiker"
        logged = conn.execute(select(AuditEntry.username, AuditEntry.details).where(
            AuditEntry.action == "voices.erase")).one()
    assert logged[0] == "analytiker" and logged[1]["answers"] == 140
    assert not any(m in entry[2] for entry in store.items.values() for m in marks)
    assert not any("trygg-2026" in repr(key) for key in client.app.state.service.cache._items)
    client.cookies.clear()
    for path in PAGES:
        response = client.get(path)
        assert not any(m.decode() in response.text for m in marks[:2]), path
        assert "Vad invånarna säger" not in response.text, path
    assert client.get("/rost/trygg-2026").status_code == 404
    assert client.get(f"/indikatorer/{INDICATOR}").status_code == 404


def _english_text(html: str) -> str:
    """The page's visible text, without what is marked as Swedish (quotes, the programme's
    and the collection's own texts) and without scripts."""
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    html = re.sub(r"<(\w+)[^>]*\blang=\"sv\"[^>]*>.*?</\1>", "", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _swedish_messages() -> list[str]:
    """The Swedish message ids of the voices templates and the voices block."""
    folder = Path(__file__).parents[2] / "src" / "jamlik" / "web" / "templates"
    found = set()
    for path in [*folder.glob("voices_*.html"), folder / "_voices_block.html"]:
        for text in re.findall(r'_\("([^"]+)"', path.read_text(encoding="utf-8")):
            if re.search(r"[åäö]", text):
                found.add(re.split(r"%\(|<", text)[0].strip().replace("%%", "%"))
    return sorted(t for t in found if len(t) > 4)


def test_the_voices_views_in_english_have_no_swedish_left(together):
    client, engine, _programme, answers = together
    area_words = {w for name in AREAS.values() for w in name.split()} | {"Göteborg"}
    login(client, "analytiker")
    pages = ["/rost", "/rost/trygg-2026", "/omraden/RegSO_2025/1480R049",
             "/omraden/RegSO_2025/1480R042", f"/indikatorer/{INDICATOR}", "/indikatorer",
             "/program?municipality=1480", "/arbete/rost/trygg-2026",
             "/arbete/rost/trygg-2026/radera",
             f"/arbete/rost/trygg-2026?nej={answers[_row('Haga', 'trygghet')]}&skal=small_group"]
    messages = _swedish_messages()
    assert len(messages) > 20
    for path in pages:
        html = client.get(path + ("&" if "?" in path else "?") + "lang=en").text
        if path.startswith("/program"):  # the programme's own names are the city's, in Swedish
            html = "".join(re.findall(r'<div class="voices">.*?(?=</section>)', html, re.S))
            assert "What residents say" in html
        # the indicator's source as the collection names itself (who ran it, its title)
        text = _english_text(html).replace(f"Stadsområde Nordost: {TITLE}", "")
        assert [m for m in messages if m in text] == [], path
        left = set(re.findall(r"\b\w*[åäöÅÄÖ]\w*\b", text)) - area_words
        assert left <= {"Källa"}, (path, sorted(left))  # the map's attribution, SCB's own
    english = client.get("/indikatorer?lang=en").text
    assert "Survey question trygg (trygg-2026)" in english
    assert "Andel som känner sig trygga" not in english
    assert "Leisure for young people" in client.get("/program?municipality=1480&lang=en").text
