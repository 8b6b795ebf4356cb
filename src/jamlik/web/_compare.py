"""Comparisons the pages state in words: an area against its city, and is a gap closing.

Area against city: :func:`jamlik.stats.compare_with_benchmark` (an area is
*significantly* better or worse than the city when the area's 95 % confidence
interval does not contain the city's value, Public Health England's benchmark
comparison); this module only puts its classes into words.

Gap trend: :func:`jamlik.stats.gap_trend` on the gap measure over all periods; a
gap closes (widens) when the 95 % interval of the inverse-variance weighted linear
trend excludes 0 and the fitted gap ends nearer to (farther from) "no gap".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._i18n import gettext as _

__all__ = ["NULL_VALUES", "comparison_labels", "gap_measures", "gap_verdicts"]

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


def years(start: pd.Series, end: pd.Series) -> np.ndarray:
    """Mid-points of periods in decimal years."""
    start = pd.to_datetime(start)
    end = pd.to_datetime(end)
    middle = start + (end - start) / 2
    return (middle.dt.year + (middle.dt.day_of_year - 1) / 365.25).to_numpy(dtype=float)


def gap_verdicts(measures: pd.DataFrame) -> pd.DataFrame:
    """The slope verdict of each gap measure in ``measures`` (one setting and dimension).

    Returns one row per measure: ``measure, slope, lower, upper, verdict (closing,
    widening, none), n_periods, period_first, period_last``.
    """
    from jamlik.stats import gap_trend

    columns = ["measure", "slope", "lower", "upper", "verdict", "n_periods", "period_first",
               "period_last"]
    usable = measures[measures["value"].notna()]
    if usable.empty:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame({
        "measure": usable["measure"].to_numpy(),
        "time": years(usable["start_date"], usable["end_date"]),
        "period": usable["period"].to_numpy(),
        "value": usable["value"].to_numpy(dtype=float),
        "se": usable["se"].to_numpy(dtype=float),
        "lower": usable["lower"].to_numpy(dtype=float),
        "upper": usable["upper"].to_numpy(dtype=float),
        "confidence": usable["confidence"].fillna(0.95).to_numpy(dtype=float),
    })
    # the stored se of a ratio is on the log scale for some methods; gap_trend derives
    # the se from the interval when se is missing, so give it the interval only
    frame["se"] = np.nan
    out = gap_trend(frame, period="time", null_value=NULL_VALUES)
    slope = out[out["measure"] == "slope"]
    labels = dict(zip(frame["time"], frame["period"]))
    return pd.DataFrame({
        "measure": slope["source_measure"].to_numpy(),
        "slope": slope["value"].to_numpy(dtype=float),
        "lower": slope["lower"].to_numpy(dtype=float),
        "upper": slope["upper"].to_numpy(dtype=float),
        "verdict": slope["verdict_en"].map({"closing": "closing", "widening": "widening",
                                            "no clear change": "none"}).fillna("none")
        .to_numpy(),
        "n_periods": slope["n_periods"].to_numpy(),
        "period_first": slope["period_first"].map(labels).to_numpy(),
        "period_last": slope["period_last"].map(labels).to_numpy(),
    }, columns=columns)


def verdict_text(verdict: str | None) -> str:
    return {"closing": _("Skillnaden minskar"), "widening": _("Skillnaden ökar"),
            "none": _("Ingen säker förändring")}.get(verdict or "none", _("Ingen säker förändring"))


def comparison_test_text() -> str:
    """The test behind "better/worse than the city", in words."""
    return _("Ett område är signifikant bättre eller sämre än staden när områdets 95 % "
             "konfidensintervall inte innehåller stadens värde för samma period (jämförelse "
             "med riktmärke som i Public Health Englands Fingertips).")
