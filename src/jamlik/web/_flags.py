"""Areas against their city: the one flag that the map, the ranking, the funnel plot
and the area profile all show (issue 9, item 4).

With 147 districts each compared with the city at 95 %, about seven are flagged by
chance even when all are alike. The pages therefore flag at 99.8 % and say how many
flags chance alone would give. Where the areas have counts (numerator and
denominator of a proportion or a rate), the flags are
:func:`jamlik.stats.funnel_flags`: funnel limits around the city's value with
Spiegelhalter's overdispersion check, and the limits widened (DerSimonian–Laird)
when the check finds that districts differ by more than chance. Without counts the
area's 99.8 % interval (from its standard error) is compared with the city's value
by :func:`jamlik.stats.compare_with_benchmark`, without an overdispersion check.
Every view calls :func:`area_flags`; none has its own rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError
from jamlik.stats import compare_with_benchmark, funnel_flags, se_from_interval, z_value

from ._i18n import gettext as _
from ._i18n import language

__all__ = ["LEVEL", "Flags", "area_flags", "flag_test_text"]

LEVEL = 0.998  # the level of every flag shown
_FUNNEL_KINDS = {"proportion": "proportion", "rate": "rate"}


@dataclass
class Flags:
    """The flags of one set of areas (one city, one period), in the input's order."""

    keys: np.ndarray  # better/worse (higher/lower for a neutral indicator), similar, none
    method: str  # "funnel" or "interval"
    compared: int = 0
    expected: float = 0.0  # flags at 99.8 % expected by chance among ``compared``
    funnel: pd.DataFrame | None = None  # funnel_flags' rows, indexed like the input
    notes: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> int:
        return int(np.isin(self.keys, ("better", "worse", "higher", "lower")).sum())


def _direction(flag: np.ndarray, polarity: str | None) -> np.ndarray:
    """funnel_flags' above/below/within as the pages' comparison classes."""
    up, down = {"higher_better": ("better", "worse"),
                "lower_better": ("worse", "better")}.get(polarity, ("higher", "lower"))
    return np.where(flag == "above", up, np.where(flag == "below", down, "similar"))


def area_flags(areas: pd.DataFrame, city_value: float, *, polarity: str | None,
               kind: str | None, scale: float | None) -> Flags:
    """Flag each area at 99.8 % against the city's value.

    Parameters
    ----------
    areas
        One row per area (one period): ``value, lower, upper`` (95 %), ``numerator,
        denominator`` (NaN when not given) and ``suppressed``.
    city_value
        The city's value in the indicator's unit (the funnel's target).
    polarity, kind, scale
        The indicator's metadata: whether higher is better; ``proportion`` and
        ``rate`` get a funnel when at least three areas have counts; ``scale`` is
        the multiplier of the values (100 for per cent).

    Returns
    -------
    Flags
        ``keys`` per area (``none`` where an area cannot be compared), the method,
        the number compared and the number of flags expected by chance
        (0.002 per area compared).
    """
    n = len(areas)
    keys = np.full(n, "none", dtype=object)
    if n == 0 or city_value is None or np.isnan(city_value):
        return Flags(keys, "interval")
    value = areas["value"].to_numpy(dtype=float)
    usable = ~areas["suppressed"].to_numpy(dtype=bool) & ~np.isnan(value)
    numerator = areas["numerator"].to_numpy(dtype=float)
    denominator = areas["denominator"].to_numpy(dtype=float)
    counted = usable & ~np.isnan(numerator) & (denominator > 0)
    statistic = _FUNNEL_KINDS.get(kind or "")
    multiplier = float(scale) if scale else (100.0 if kind == "proportion" else 1.0)
    target = city_value / multiplier
    found = None
    if statistic and counted.sum() >= 3 and 0 < target and (statistic != "proportion"
                                                             or target < 1):
        try:
            found = funnel_flags(numerator[counted], denominator[counted],
                                 statistic=statistic, multiplier=multiplier,
                                 target=target)
        except ArgumentError:  # counts that do not make a funnel: compare intervals
            found = None
    if found is not None:
        found.index = areas.index[counted]
        keys[counted] = _direction(found["flag_99_8"].to_numpy(), polarity)
        return Flags(keys, "funnel", int(counted.sum()),
                     float(found["expected_flags_99_8"].iloc[0]), found)
    se = se_from_interval(areas["se"].to_numpy(dtype=float) if "se" in areas else
                          np.full(n, np.nan), areas["lower"].to_numpy(dtype=float),
                          areas["upper"].to_numpy(dtype=float), np.full(n, 0.95))
    z = z_value(LEVEL)
    classes = compare_with_benchmark(value - z * se, value + z * se, city_value, polarity)
    usable &= ~np.isnan(se)
    keys[usable] = classes[usable]
    compared = int(usable.sum())
    return Flags(keys, "interval", compared, round((1 - LEVEL) * compared, 6))


def _count(value: float) -> str:
    from ._tables import number

    return number(value, 1, language())


def flag_summary(flags: Flags) -> str:
    """"4 of 147 areas lie outside the 99.8 % limits; chance alone would give 0.3"."""
    if not flags.compared:
        return _("Inga områden kan jämföras med staden för den här perioden.")
    return _("%(flagged)d av %(compared)d områden skiljer sig från staden på 99,8 %%-nivån; "
             "av slump väntas %(expected)s sådana flaggor.") % {
        "flagged": flags.flagged, "compared": flags.compared,
        "expected": _count(flags.expected)}


def dispersion_text(flags: Flags) -> str:
    """What the overdispersion check found and what was done about it."""
    if flags.method != "funnel" or flags.funnel is None:
        return _("Utan täljare och nämnare jämförs områdets 99,8 %-intervall med stadens "
                 "värde; ingen kontroll av överspridning är möjlig.")
    row = flags.funnel.iloc[0]
    phi = _count(float(row["phi"]))
    if row["adjustment"] == "additive":
        return _("Områdena skiljer sig mer än slumpen förklarar (överspridning φ = %(phi)s, "
                 "p %(p)s); trattens gränser är därför vidgade med variansen mellan områden "
                 "(τ², DerSimonian–Laird).") % {"phi": phi, "p": _p(row["p_overdispersion"])}
    if row["adjustment"] == "multiplicative":
        return _("Överspridning (φ = %(phi)s); gränserna är vidgade med faktorn √φ.") % {
            "phi": phi}
    return _("Ingen överspridning (φ = %(phi)s, p %(p)s); trattens gränser bygger på "
             "slumpvariation ensam.") % {"phi": phi, "p": _p(row["p_overdispersion"])}


def _p(p: float) -> str:
    from ._tables import number

    return "< 0,001" if p < 0.001 and language() == "sv" else (
        "< 0.001" if p < 0.001 else "= " + number(p, 3, language()))


def flag_test_text() -> str:
    """The rule behind "better/worse than the city", in words (pages and API)."""
    return _("Ett område flaggas som bättre eller sämre än staden när det ligger utanför "
             "trattdiagrammets 99,8 %-gränser kring stadens värde (Spiegelhalter 2005), "
             "med gränserna vidgade när områdena skiljer sig mer än slumpen förklarar "
             "(överspridning). Utan täljare och nämnare: när områdets 99,8 %-intervall "
             "inte innehåller stadens värde. Sidan anger hur många flaggor slumpen ensam "
             "väntas ge.")
