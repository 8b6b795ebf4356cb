"""The unit of a measure, from the unit of its indicator.

A difference between two percentages is in percentage points (procentenheter),
not in percent; a ratio has no unit; a trend is per year. Every page, table and
report takes the unit of a gap from :func:`measure_unit`, so that "D = 12" is
always "12 procentenheter" for a percentage indicator and "12 år" for life
expectancy.
"""

from __future__ import annotations

from jamlik.errors import ArgumentError

__all__ = ["measure_unit"]

_PERCENT = {"procent", "%", "percent", "per cent", "andel (%)", "procent (%)"}
_POINTS = {"sv": "procentenheter", "en": "percentage points"}
# Measures in the indicator's own unit (differences, slopes, deviations, levels).
_SAME_UNIT = {
    "D", "SII", "D_Q1Q5", "RANGE", "ACI", "BGSD", "MDMU", "MDMW", "MDBU", "MDBW", "MDRU",
    "MDRW", "PAR", "D_Q", "D_D", "D_P",
}
_LEVELS = {"Q1", "Q5", "VALUE"}
_RATIOS = {"R", "RII", "R_Q1Q5", "R_Q", "R_D", "R_P"}
_FIXED = {
    "RCI": {"sv": "index (−1 till 1)", "en": "index (−1 to 1)"},
    "COV": {"sv": "procent av medelvärdet", "en": "percent of the mean"},
    "IDISU": {"sv": "procent av medelvärdet", "en": "percent of the mean"},
    "IDISW": {"sv": "procent av medelvärdet", "en": "percent of the mean"},
    "PAF": {"sv": "procent av medelvärdet", "en": "percent of the mean"},
    "TI": {"sv": "index × 1000", "en": "index × 1000"},
    "MLD": {"sv": "index × 1000", "en": "index × 1000"},
}
_RATIO = {"sv": "kvot", "en": "ratio"}
_PER_YEAR = {"sv": "per år", "en": "per year"}
_LOG_RATIO = {"sv": "ln(kvot)", "en": "ln(ratio)"}
_SQUARED = {"sv": "i kvadrat", "en": "squared"}
_PERCENT_WORD = {"sv": "procent", "en": "percent"}


def _differences(unit: str, lang: str) -> str:
    return _POINTS[lang] if unit.strip().lower() in _PERCENT else unit


def measure_unit(measure: str, indicator_unit: str | None, *, lang: str = "sv",
                 per_year: bool = False) -> str:
    """The unit of ``measure`` computed on an indicator measured in ``indicator_unit``.

    Parameters
    ----------
    measure
        A measure code (any case): the HEAT measures, SII/RII, Q1/Q5, D_Q1Q5,
        R_Q1Q5, range, or "value" for the indicator itself.
    indicator_unit
        The indicator's unit as stored, e.g. "procent", "år", "per 100 000";
        None or "" when unknown (then differences are "enheter"/"units").
    lang
        ``"sv"`` or ``"en"``.
    per_year
        The unit of a trend (slope) of the measure: "… per år"; for ratio measures,
        trended on the log scale, "ln(kvot) per år".

    Returns
    -------
    str
        E.g. ``"procentenheter"``, ``"år"``, ``"kvot"``, ``"procentenheter per år"``.

    Raises
    ------
    ArgumentError
        An unknown ``lang`` or measure.

    Examples
    --------
    >>> measure_unit("D", "procent"), measure_unit("SII", "år", per_year=True)
    ('procentenheter', 'år per år')
    >>> measure_unit("rii", "procent", lang="en", per_year=True)
    'ln(ratio) per year'
    """
    if lang not in ("sv", "en"):
        raise ArgumentError(f"lang måste vara 'sv' eller 'en', fick {lang!r}")
    code = str(measure).strip().upper()
    unit = (indicator_unit or "").strip() or ("enheter" if lang == "sv" else "units")
    if code in _RATIOS:
        base = _LOG_RATIO[lang] if per_year else _RATIO[lang]
    elif code in _FIXED:
        base = _FIXED[code][lang]
    elif code in _SAME_UNIT:
        base = _differences(unit, lang)
    elif code in _LEVELS:
        base = _PERCENT_WORD[lang] if unit.lower() in _PERCENT else unit
        if per_year:
            base = _differences(unit, lang)
    elif code in ("BGV",):
        base = f"({_differences(unit, lang)}) {_SQUARED[lang]}"
    else:
        raise ArgumentError(f"okänt mått för enhet: {measure!r}")
    return f"{base} {_PER_YEAR[lang]}" if per_year else base
