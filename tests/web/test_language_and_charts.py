"""Catalogues complete, charts valid Vega-Lite, and the stated comparisons and verdicts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jamlik.stats import compare_with_benchmark
from jamlik.web import _charts, _compare
from jamlik.web._catalogue import extract
from jamlik.web._i18n import CATALOGUES, reset_language, translations, use_language

pytestmark = pytest.mark.xdist_group("web")


def _po(lang):
    from babel.messages.pofile import read_po

    with (CATALOGUES / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def test_every_message_of_the_code_is_in_both_catalogues_and_translated():
    wanted = {m.id for m in extract() if m.id}
    for lang in ("sv", "en"):
        assert wanted <= {m.id for m in _po(lang) if m.id}, (
            f"kör python -m jamlik.web._catalogue: {sorted(wanted - {m.id for m in _po(lang)})}")
    untranslated = sorted(str(m.id) for m in _po("en")
                          if m.id in wanted and not all(_forms(m.string)))
    assert not untranslated


def _forms(text) -> tuple[str, ...]:
    """A message's id or string as its forms (one, or singular and plural)."""
    return tuple(text) if isinstance(text, (tuple, list)) else (text,)


def test_placeholders_survive_translation():
    import re

    def placeholders(text: str) -> list[str]:
        return sorted(re.findall(r"%\(\w+\)[sd]|%%", text))

    for message in _po("en"):
        if message.id and all(_forms(message.string)):
            wanted = placeholders(_forms(message.id)[-1])
            for form in _forms(message.string):
                assert placeholders(form) == wanted, message.id


def test_the_language_of_the_context_picks_the_catalogue():
    token = use_language("en")
    try:
        assert translations("en").gettext("Översikt") == "Overview"
        from jamlik.web._i18n import gettext

        assert gettext("Logga in") == "Sign in"
    finally:
        reset_language(token)


ROWS = [{"name": "A", "value": 80.0, "lower": 78.0, "upper": 82.0, "comparison": "Bättre",
         "rank": 1},
        {"name": "B", "value": float("nan"), "lower": None, "upper": None,
         "comparison": "Kan inte", "rank": 2}]
FEATURES = [{"type": "Feature", "properties": {"code": "1", "name": "A", "value": 3.0},
             "geometry": {"type": "Polygon", "coordinates": [[[11.9, 57.7], [12.0, 57.7],
                                                              [12.0, 57.8], [11.9, 57.7]]]}}]


@pytest.mark.parametrize("spec", [
    _charts.choropleth(FEATURES, unit="år"),
    _charts.caterpillar(ROWS, unit="procent", city_value=79.0,
                        labels={"better": "Bättre", "none": "Kan inte"}, show_names=True),
    _charts.trend([{"period": "2020", "value": 1.0, "lower": 0.5, "upper": 1.5}], title="D",
                  null_value=0.0),
    _charts.group_dots([{"group": "Kvinnor", "value": 1.0, "lower": 0.5, "upper": 1.5}],
                       unit="år"),
    _charts.profile_dots([{"indicator": "X", "difference": 5.0, "difference_lower": 1.0,
                           "difference_upper": 9.0, "comparison": "Sämre", "unit": "år"}],
                         labels={"worse": "Sämre"}),
], ids=["karta", "rangordning", "trend", "grupper", "profil"])
def test_charts_are_valid_vega_lite_and_render(spec):
    import altair as alt
    import vl_convert

    alt.Chart.from_dict(spec).to_dict(validate=True)  # the Vega-Lite JSON schema
    assert "NaN" not in str(spec)
    svg = vl_convert.vegalite_to_svg({**spec, "width": 400})
    assert svg.startswith("<svg")


def test_an_area_is_flagged_only_when_its_interval_excludes_the_city():
    lower = np.array([81.0, 70.0, 74.0, 79.0, np.nan])
    upper = np.array([85.0, 79.5, 80.0, 79.0, np.nan])
    # the city's 80.0 lies above B's whole interval, inside C's, and D's is a point below
    assert list(compare_with_benchmark(lower, upper, 80.0, "higher_better")) == [
        "better", "worse", "similar", "worse", "none"]
    assert list(compare_with_benchmark(lower, upper, 80.0, "lower_better")) == [
        "worse", "better", "similar", "better", "none"]
    assert list(compare_with_benchmark(lower, upper, 80.0, None)) == [
        "higher", "lower", "similar", "lower", "none"]


def _gaps(values, se, measure="D"):
    years = np.arange(2015, 2015 + len(values))
    return pd.DataFrame({
        "measure": measure, "period": [str(y) for y in years],
        "start_date": pd.to_datetime([f"{y}-01-01" for y in years]),
        "end_date": pd.to_datetime([f"{y}-12-31" for y in years]),
        "value": values, "se": np.nan, "lower": np.array(values) - 1.959964 * se,
        "upper": np.array(values) + 1.959964 * se, "confidence": 0.95})


def test_the_gap_verdict_follows_the_weighted_slope_and_its_interval():
    # Slope by hand: equal weights, t = 0..4 (centred −2..2, Σt² = 10), y = 10, 9, 8, 7, 6:
    # b = Σ t·y / Σ t² = −10/10 = −1 per year, se(b) = se/√Σt² = 0.5/√10 = 0.158.
    closing = _compare.gap_verdicts(_gaps([10.0, 9.0, 8.0, 7.0, 6.0], 0.5)).iloc[0]
    assert closing["verdict"] == "closing"
    assert closing["slope"] == pytest.approx(-1.0, abs=1e-6)
    assert closing["upper"] - closing["slope"] == pytest.approx(1.959964 * 0.5 / 10 ** 0.5,
                                                                rel=1e-4)
    assert _compare.gap_verdicts(_gaps([6.0, 7.0, 8.0, 9.0, 10.0], 0.5)).iloc[0][
        "verdict"] == "widening"
    # the same movement with se 5: the interval (−1 ± 3.1) holds 0, so no verdict
    assert _compare.gap_verdicts(_gaps([10.0, 9.0, 8.0, 7.0, 6.0], 5.0)).iloc[0][
        "verdict"] == "none"
    # a ratio falling toward 1 closes, measured on the log scale
    ratio = _gaps([1.5, 1.4, 1.3, 1.2, 1.1], 0.02, measure="R")
    assert _compare.gap_verdicts(ratio).iloc[0]["verdict"] == "closing"


def test_the_ranking_the_units_and_the_verdict_read_in_both_languages():
    ranked = ("SCB:s områdestyp 2022 (1 = stora socioekonomiska utmaningar); "
              "befolkning saknas, områdena vägs lika")
    closing = _gaps([10.0, 9.0, 8.0, 7.0, 6.0], 0.5)
    assert _compare.ranking_text(ranked) == ranked  # Swedish: as stored
    assert _compare.unit_text("SII", "procent", per_year=True) == "procentenheter per år"
    assert _compare.gap_verdicts(closing).iloc[0]["text"] == "Skillnaden minskar"
    token = use_language("en")
    try:
        assert _compare.ranking_text(ranked) == (
            "Statistics Sweden's area type 2022 (1 = major socioeconomic challenges); "
            "population missing, the areas weigh alike")
        assert _compare.unit_text("SII", "procent", per_year=True) == \
            "percentage points per year"
        assert _compare.unit_text("SII", "år") == "years"
        assert _compare.unit_text("RII", "år", per_year=True) == "ln(ratio) per year"
        assert _compare.gap_verdicts(closing).iloc[0]["text"] == "The gap is closing"
        assert _compare.ranking_text(None) == "an unknown area index"
    finally:
        reset_language(token)
