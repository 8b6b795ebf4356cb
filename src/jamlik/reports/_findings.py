"""Written findings generated from the numbers, for the equality report.

A finding is one sentence about one gap's movement, built from a template whose
verb is chosen by the verdict of :func:`jamlik.stats.gap_verdict` and nothing else:
"minskar"/"is closing" only for ``closing``, "ökar"/"is widening" only for
``widening``, and "ingen påvisbar förändring"/"no detectable change" otherwise.
Every number in the sentence is formatted the reader's way (decimal comma and a
minus sign in Swedish) and listed in :attr:`Finding.numbers`, so a test can find
each one in the data appendix under the finding's id.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from jamlik.errors import ArgumentError

from ._format import decimals_for, number

__all__ = ["Finding", "gap_finding"]

VERDICTS = ("closing", "widening", "none")
_TEMPLATES = {
    ("closing", "sv"): ("Skillnaden mellan områdena i {indicator} minskar: {measure} ändrades "
                        "med {slope} {unit} per år från {first} till {last} (95 % KI {lower} till "
                        "{upper}).{level}"),
    ("widening", "sv"): ("Skillnaden mellan områdena i {indicator} ökar: {measure} ändrades "
                         "med {slope} {unit} per år från {first} till {last} (95 % KI {lower} till "
                         "{upper}).{level}"),
    ("none", "sv"): ("För {indicator} finns ingen påvisbar förändring av skillnaden mellan "
                     "områdena från {first} till {last}: {measure} ändrades med {slope} {unit} per år "
                     "(95 % KI {lower} till {upper}), ett intervall som rymmer både en "
                     "minskning och en ökning.{level}"),
    ("sign", "sv"): ("För {indicator} kan skillnaden mellan områdena inte sägas minska eller "
                     "öka från {first} till {last}: {reason} ({measure} ändrades med {slope} {unit} per "
                     "år, 95 % KI {lower} till {upper}).{level}"),
    (None, "sv"): ("För {indicator} går det inte att bedöma om skillnaden mellan områdena "
                   "förändras: {reason}.{level}"),
    ("closing", "en"): ("The gap between areas in {indicator} is closing: {measure} changed by "
                        "{slope} {unit} a year from {first} to {last} (95% CI {lower} to "
                        "{upper}).{level}"),
    ("widening", "en"): ("The gap between areas in {indicator} is widening: {measure} changed "
                         "by {slope} {unit} a year from {first} to {last} (95% CI {lower} to "
                         "{upper}).{level}"),
    ("none", "en"): ("For {indicator} there is no detectable change in the gap between areas "
                     "from {first} to {last}: {measure} changed by {slope} {unit} a year (95% CI "
                     "{lower} to {upper}), an interval that holds both a decrease and an "
                     "increase.{level}"),
    ("sign", "en"): ("For {indicator} the gap between areas cannot be said to close or widen "
                     "from {first} to {last}: {reason} ({measure} changed by {slope} {unit} a year, "
                     "95% CI {lower} to {upper}).{level}"),
    (None, "en"): ("For {indicator} it cannot be judged whether the gap between areas is "
                   "changing: {reason}.{level}"),
}
_CROSSES = {"sv": "skillnaden byter riktning under perioden",
            "en": "the gap changes direction during the period"}
_LEVEL = {"sv": " Senast ({period}) var {measure} {value} {unit} (95 % KI {lower} till {upper}).",
          "en": " Most recently ({period}) {measure} was {value} {unit} (95% CI {lower} to "
                "{upper})."}


@dataclass(frozen=True)
class Finding:
    """One generated sentence: its id (the key of its rows in the data appendix), the
    verdict it states, the text, and the numbers the text quotes, as printed."""

    id: str
    verdict: str | None
    text: str
    numbers: tuple[str, ...]


def gap_finding(finding_id: str, *, indicator: str, measure: str, unit: str,
                first: str, last: str, verdict: str | None, slope: float | None = None,
                lower: float | None = None, upper: float | None = None,
                latest: tuple[str, float, float, float] | None = None,
                reason: str | None = None, lang: str = "sv") -> Finding:
    """The sentence on how a gap moved, with the verb the verdict allows.

    Parameters
    ----------
    finding_id
        The id under which the numbers stand in the data appendix.
    indicator, measure, unit
        What the gap is of ("gymnasiebehörighet"), its measure ("SII") and the
        measure's unit ("procentenheter"); the slope's unit is that unit per year.
    first, last
        The first and last of the non-overlapping periods the trend spans.
    verdict
        ``"closing"``, ``"widening"``, ``"none"`` (from :func:`jamlik.stats.gap_verdict`)
        or ``None`` when it could not be judged (then ``reason`` says why).
    slope, lower, upper
        The trend per year and its 95 % interval (needed with a verdict).
    latest
        Optionally ``(period, value, lower, upper)`` of the latest measure.
    lang
        ``"sv"`` or ``"en"``.

    Returns
    -------
    Finding

    Raises
    ------
    jamlik.errors.ArgumentError
        An unknown verdict or language; a verdict without slope and interval; a
        verdict the interval contradicts (``closing``/``widening`` with an interval
        that holds 0), since the words must follow from the interval alone. A
        ``none`` whose interval excludes 0 is a gap that changed direction: the
        sentence says so, with ``reason``.
    """
    if lang not in ("sv", "en"):
        raise ArgumentError(f"lang måste vara sv eller en, fick {lang!r}")
    if verdict is not None and verdict not in VERDICTS:
        raise ArgumentError(f"verdict måste vara en av {', '.join(VERDICTS)} eller None, "
                            f"fick {verdict!r}")
    numbers: list[str] = []
    fields = {"indicator": indicator, "measure": measure, "unit": unit, "first": first,
              "last": last, "reason": reason or "", "level": ""}
    if verdict is not None:
        _check_interval(verdict, slope, lower, upper)
        decimals = max(decimals_for(slope), decimals_for(lower), decimals_for(upper))
        for key, value in (("slope", slope), ("lower", lower), ("upper", upper)):
            fields[key] = number(value, decimals, lang)
            numbers.append(fields[key])
    if latest is not None:
        period, value, low, high = latest
        decimals = max(1, decimals_for(value))
        printed = [number(v, decimals, lang) for v in (value, low, high)]
        fields["level"] = _LEVEL[lang].format(period=period, measure=measure, unit=unit,
                                              value=printed[0], lower=printed[1],
                                              upper=printed[2])
        numbers.extend(printed)
    template = verdict
    if verdict == "none" and not lower <= 0 <= upper:  # a real change that crosses zero
        template = "sign"
        fields["reason"] = reason or _CROSSES[lang]
    text = _TEMPLATES[(template, lang)].format(**fields)
    return Finding(finding_id, verdict, text, tuple(numbers))


def _check_interval(verdict: str, slope, lower, upper) -> None:
    values = (slope, lower, upper)
    if any(v is None or not math.isfinite(v) for v in values):
        raise ArgumentError(f"verdict={verdict!r} kräver slope, lower och upper som tal")
    if not lower <= slope <= upper:
        raise ArgumentError(f"slope {slope} ligger utanför intervallet [{lower}; {upper}]")
    # "none" may also stand for a change that crosses zero (the gap changes direction)
    if verdict != "none" and lower <= 0 <= upper:
        raise ArgumentError(f"verdict={verdict!r} stämmer inte med intervallet "
                            f"[{lower}; {upper}]: orden ska följa av intervallet")
