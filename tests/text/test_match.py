"""Each evidence kind on small hand-made cases, Swedish terms, and the metrics."""

from __future__ import annotations

import math

import pytest

from jamlik.text import Labelled, Matcher, Target, evaluate, programme_targets, terms

PROGRAMME = {"target_areas": [
    {"id": "MO1", "name": "Skapa god start i livet och goda uppväxtvillkor", "strategies": [
        {"id": "MO1.3", "name": "Stärka vuxna kring barnet",
         "description": "Föräldraskapsstöd och föräldragrupper."},
        {"id": "MO1.4", "name": "Främja barns språkutveckling på samtliga arenor där barn och "
                               "unga vistas", "description": "Läsning, bibliotek och Bokstart."}]},
    {"id": "MO3", "name": "Skapa hållbara och jämlika livsmiljöer", "strategies": [
        {"id": "MO3.3", "name": "Minska boendesegregationen",
         "description": "Blandade upplåtelseformer och hyresrätter."},
        {"id": "MO3.4", "name": "Öka tillgången till bostäder",
         "description": "Hemlöshet och bostadsbyggande."}]},
]}
RECOMMENDATIONS = [{"code": "F1", "text": "Stärk tidiga insatser för barn och deras föräldrar",
                    "strategies": ["MO1.3"], "commission": "Jämlikt Göteborg"}]


@pytest.fixture(scope="module")
def matcher():
    return Matcher(programme_targets(PROGRAMME, RECOMMENDATIONS))


def _top(matcher, text):
    return matcher.match([("p", text)], top=3)


def test_swedish_terms_meet_across_inflection_and_compounds():
    assert terms("förskolan") == terms("förskolor") == terms("förskola")
    assert terms("familjecentralen")[0] == terms("familjecentral")[0]
    assert "och" not in " ".join(terms("barn och unga"))
    assert set(terms("sommarlovsaktiviteter")) >= {"sommarlov", "aktivitet"}


def test_explicit_code(matcher):
    first = _top(matcher, "Inom strategi MO3.4 har 40 familjer fått eget kontrakt.")[0]
    assert first.code == "MO3.4" and first.target_area == "MO3"
    explicit = [e for e in first.evidence if e.kind == "explicit"]
    assert explicit and explicit[0].score == 1.0 and explicit[0].span == "MO3.4"
    assert "MO3.4" in explicit[0].reason


def test_explicit_name_in_inflected_form(matcher):
    first = _top(matcher, "Bolaget har arbetat för att minska boendesegregationen i Biskopsgården.")[0]
    assert first.code == "MO3.3"
    explicit = next(e for e in first.evidence if e.kind == "explicit")
    assert explicit.span == "minska boendesegregationen" and "vid namn" in explicit.reason


def test_explicit_recommendation_code(matcher):
    first = _top(matcher, "I linje med rekommendation F1 har föräldrastödet byggts ut.")[0]
    assert first.code == "F1" and first.kind == "recommendation" and first.target_area == "MO1"
    assert any(e.kind == "explicit" and e.span == "F1" for e in first.evidence)


def test_reuse_reports_the_aligned_span(matcher):
    text = ("Vi ska främja barns språkutveckling på samtliga arenor där barn och unga vistas, "
            "och därför har fritidsgårdarna fått bokhyllor.")
    first = _top(matcher, text)[0]
    assert first.code == "MO1.4"
    reuse = next(e for e in first.evidence if e.kind == "reuse")
    assert reuse.span.startswith("främja barns språkutveckling") and reuse.span in text
    assert reuse.score == 1.0 and "ord i följd" in reuse.reason


def test_theme_without_naming_anything(matcher):
    matches = _top(matcher, "Fler familjer utan bostad har fått en lägenhet, och ingen barnfamilj "
                            "har varit hemlös under året.")
    first = matches[0]
    assert first.code == "MO3.4"
    assert [e.kind for e in first.evidence] == ["theme"]
    assert "hemlös" in first.evidence[0].words or "bostad" in first.evidence[0].words
    assert first.evidence[0].reason.startswith("delar orden")


def test_no_evidence_no_match(matcher):
    assert _top(matcher, "Resultatet blev tre miljoner kronor.") == []


def test_metrics_are_computed_by_hand(matcher):
    labelled = [
        Labelled("a", "Inom MO3.4 har fler fått bostad.", "MO3.4"),  # rank 1
        Labelled("b", "Inom MO3.4 har fler fått bostad.", "MO3.3"),  # rank 2 (same area)
        Labelled("c", "Bokstart och bibliotek.", "MO1"),  # area rank 1
    ]
    result = evaluate(matcher, labelled)
    ranks = result.ranks["combined"]
    assert ranks[0] == 1 and ranks[2] == 1
    second = ranks[1]
    assert second is not None and second > 1
    overall = result.overall["combined"]
    assert overall.top1 == pytest.approx(2 / 3)
    assert overall.mrr == pytest.approx((1 + 1 / second + 1) / 3)
    assert overall.ndcg10 == pytest.approx((1 + 1 / math.log2(1 + second) + 1) / 3)
    assert overall.area_top1 == 1.0
    assert set(result.per_class["combined"]) == {"MO1", "MO3"}
    assert result.overall["explicit"].top1 == pytest.approx(1 / 3)


def test_unknown_expected_code(matcher):
    with pytest.raises(ValueError, match="x: okänd kod 'MO9.9'"):
        evaluate(matcher, [Labelled("x", "text", "MO9.9")])


def test_targets_need_target_areas():
    from jamlik.errors import ArgumentError

    with pytest.raises(ArgumentError, match="target_areas"):
        programme_targets({})
    assert Target("A", "strategy", "n", "MO1").description == ""
