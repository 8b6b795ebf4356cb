"""Reasons stored with unpublished values are said in the page's language (issue 9:
every gap checked in both languages)."""

from __future__ import annotations

import pytest

from jamlik.web._i18n import reason, reason_messages, reset_language, use_language

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


def _filled(template: str) -> str:
    import string

    fields = {field for _, field, _, _ in string.Formatter().parse(template) if field}
    return template.format(**dict.fromkeys(fields, 7))


def test_every_reason_jamlik_stores_is_said_in_english():
    """The kind behind "not published (kan inte beräknas: rad 0: ...)" on an English
    page: every template a function stores is known to the pages, and English says it
    without a Swedish word left."""
    import re

    from jamlik.jobs import reason_templates

    templates = reason_templates()
    assert len(templates) > 40
    token = use_language("en")
    try:
        for template in templates:
            stored = _filled(template)
            english = reason(stored)
            assert english != stored, template
            assert not re.search("[åäöÅÄÖ]", english), (template, english)
    finally:
        reset_language(token)


def test_every_reason_constant_of_the_statistics_is_listed():
    """A new ``REASON_*`` in jamlik.stats or the gap job that is not in the one list
    would reach English pages in Swedish."""
    import importlib
    import pkgutil

    import jamlik.stats
    from jamlik.jobs import reason_templates

    listed = set(reason_templates())
    modules = [info.name for info in pkgutil.walk_packages(jamlik.stats.__path__,
                                                           "jamlik.stats.")]
    modules.append("jamlik.jobs._area_gaps")
    for name in modules:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if attribute.startswith("REASON_") and isinstance(value, str):
                assert value in listed, f"{name}.{attribute}"


def test_a_field_does_not_swallow_a_more_specific_reason():
    token = use_language("en")
    try:
        assert reason("kräver fler än 30 undergrupper med skattning") == (
            "needs more than 30 subgroups with an estimate")
        assert reason("kräver fler än 30 undergrupper") == "needs more than 30 subgroups"
    finally:
        reset_language(token)


def test_the_english_overview_gives_tillits_reason_in_english(public_client):
    page = public_client.get("/?lang=en").text
    assert "fewer than 85 % of the areas have a value and an index" in page
    assert "under 85 % av områdena" not in page
