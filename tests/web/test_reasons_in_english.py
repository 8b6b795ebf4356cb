"""Reasons stored with unpublished values are said in the page's language (issue 9:
every gap checked in both languages)."""

from __future__ import annotations

import pytest

from jamlik.web._i18n import _REASONS, reason, reset_language, use_language

pytestmark = pytest.mark.xdist_group("web")


@pytest.mark.parametrize(("stored", "english"), [
    ("under 85 % av områdena har värde och index (26 av 147 saknas eller är undertryckta)",
     "fewer than 85 % of the areas have a value and an index (26 of 147 are missing or "
     "suppressed)"),
    ("under 85 % av undergrupperna har en skattning",
     "fewer than 85 % of the subgroups have an estimate"),
    ("kräver fler än 30 undergrupper", "needs more than 30 subgroups"),
    ("färre än två icke-överlappande perioder med värde och standardfel",
     "fewer than two non-overlapping periods with a value and a standard error"),
    ("något helt annat", "något helt annat"),  # unknown: shown as stored, never dropped
])
def test_a_stored_reason_in_both_languages(stored, english):
    token = use_language("en")
    try:
        assert reason(stored) == english
    finally:
        reset_language(token)
    assert reason(stored) == stored  # Swedish: as stored


def test_every_pattern_matches_its_own_swedish_message():
    import re

    for pattern, message in _REASONS:
        example = message % {"missing": "1", "total": "2", "count": "3"}
        assert re.fullmatch(pattern, example), message


def test_the_english_overview_gives_tillits_reason_in_english(public_client):
    page = public_client.get("/?lang=en").text
    assert "fewer than 85 % of the areas have a value and an index" in page
    assert "under 85 % av områdena" not in page
