"""Comparisons the pages state in words: an area against its city, and is a gap closing.

Area against city: :func:`jamlik.stats.compare_with_benchmark` (an area is
*significantly* better or worse than the city when the area's 95 % confidence
interval does not contain the city's value, Public Health England's benchmark
comparison); this module only puts its classes into words.

Gap trend: :func:`jamlik.stats.gap_verdict`, the one verdict of the pages, the
API, ``jamlik trend`` and the annual report (the trend of the measure over
non-overlapping periods, with the stored standard errors); this module only
picks its columns and puts its words into the page's language.
"""

from __future__ import annotations

import pandas as pd

from jamlik.errors import ArgumentError

from ._i18n import gettext as _
from ._i18n import language, reason, term

__all__ = ["NULL_VALUES", "comparison_labels", "gap_measures", "gap_verdicts", "ranking_text",
           "unit_text", "verdict_text"]

NULL_VALUES = {"D": 0.0, "SII": 0.0, "R": 1.0, "RII": 1.0}


def comparison_labels(polarity: str | None) -> dict[str, str]:
    """The words of each comparison class for an indicator of this polarity."""
    if polarity in ("higher_better", "lower_better"):
        return {"better": _("Bättre än staden"), "similar": _("Ingen säker skillnad"),
                "worse": _("Sämre än staden"), "none": _("Kan inte jämföras")}
    return {"higher": _("Högre än staden"), "similar": _("Ingen säker skillnad"),
            "lower": _("Lägre än staden"), "none": _("Kan inte jämföras")}


def gap_measures(ordered: bool, dimension: str | None = None) -> tuple[str, str]:
    """(absolute, relative) gap measure for a dimension: SII/RII if ordered or between
    areas (ranked by their area index, see :func:`jamlik.stats.area_gap`), else D/R."""
    return ("SII", "RII") if ordered or dimension == "omrade" else ("D", "R")


def gap_verdicts(measures: pd.DataFrame) -> pd.DataFrame:
    """:func:`jamlik.stats.gap_verdict` for the gap measures of one city and dimension.

    ``measures`` are rows of :func:`jamlik.store.current_measures`. Returns one row
    per measure: ``measure, slope, lower, upper, verdict`` (closing, widening,
    none) ``, text`` (the verdict's words in the page's language), ``n_periods,
    period_first, period_last, n_overlapping_dropped, reason``.
    """
    from jamlik.stats import gap_verdict

    columns = ["measure", "slope", "lower", "upper", "verdict", "text", "n_periods",
               "period_first", "period_last", "n_overlapping_dropped", "reason"]
    usable = measures[measures["value"].notna()]
    if usable.empty:
        return pd.DataFrame(columns=columns)
    out = gap_verdict(usable, confidence=0.95)
    periods = out["periods"]
    return pd.DataFrame({
        "measure": out["source_measure"], "slope": out["value"].astype(float),
        "lower": out["lower"].astype(float), "upper": out["upper"].astype(float),
        "verdict": out["verdict"].fillna("none"),
        "text": [verdict_text(v, sv, en) for v, sv, en in
                 zip(out["verdict"], out["verdict_sv"], out["verdict_en"])],
        "n_periods": out["n_periods"],
        "period_first": [p[0] if len(p) else None for p in periods],
        "period_last": [p[-1] if len(p) else None for p in periods],
        "n_overlapping_dropped": out["n_overlapping_dropped"],
        "reason": [reason(text) for text in out["reason"]],
    }, columns=columns).reset_index(drop=True)


def verdict_text(verdict: str | None, sv: str | None, en: str | None) -> str:
    """The verdict's own words (:data:`jamlik.stats.VERDICT_WORDS`) in the page's
    language, capitalised; "Too few periods" when no trend could be estimated."""
    if verdict is None or not isinstance(sv, str):
        return _("För få perioder för en trend")
    words = en if language() == "en" else sv
    return words[:1].upper() + words[1:]


def unit_text(measure: str, indicator_unit: str | None, *, per_year: bool = False) -> str:
    """The unit of a gap measure (or of its trend) in the page's language, from
    :func:`jamlik.stats.measure_unit`: "procentenheter" / "percentage points"."""
    from jamlik.stats import measure_unit

    lang = language()
    unit = term(indicator_unit) if lang == "en" else indicator_unit
    try:
        return measure_unit(measure, unit, lang=lang, per_year=per_year)
    except ArgumentError:  # a measure without a known unit
        return ""


def ranking_text(ranked_by: str | None) -> str:
    """What the areas were ranked by (a measure's ``ranked_by``), in the page's language;
    its parts ("…; befolkning saknas, områdena vägs lika") are translated one by one."""
    if not isinstance(ranked_by, str) or not ranked_by:
        return _("okänt områdesindex")
    return "; ".join(term(part.strip()) for part in ranked_by.split(";"))
