"""Which measure applies to which stratum, and why not.

The rules are those of the HEAT Plus engine (WHOequity/HEAT-Measures,
``R/validation-tests.R`` and ``HEAT_choose_measures_strata``) and of the
applicability table in the HEAT Plus technical notes (Hosseinpoor et al. 2018,
table 2): D, R, PAF and PAR apply to every dimension; ACI, RCI, SII and RII to
ordered dimensions with more than two subgroups; the variance, mean-difference,
disparity and disproportionality measures to non-ordered dimensions with more
than two subgroups. Weighted measures need the population of every subgroup.
jamlik's large-group variants of D and R (``_large_groups``; not HEAT's) follow
the non-ordered rules and need more than 30, 60 or 100 subgroups with an estimate.
"""

from __future__ import annotations

import numpy as np

from ._large_groups import MIN_SUBGROUPS, THRESHOLDS
from ._prepare import Strata

__all__ = [
    "FAILED",
    "NOT_APPLICABLE",
    "NOT_SHARES_INTERVAL",
    "NO_POP_INTERVAL",
    "NEUTRAL_DIRECTION",
    "NO_SE",
    "OK",
    "REASONS",
    "reasons_for",
]

OK = 0
REASONS: tuple[str, ...] = (
    "",
    "kräver ordnad dimension",
    "kräver icke-ordnad dimension",
    "kräver minst två undergrupper",
    "kräver fler än två undergrupper",
    "alla skattningar saknas",
    "saknar skattning för en av två undergrupper",
    "saknar skattning för den lägsta eller högsta undergruppen i ordningen",
    "under 85 % av undergrupperna har en skattning",
    "alla skattningar är noll",
    "saknar populationsandel (population saknas eller är 0)",
    "saknar både population och setting_average",
    "kräver exakt en referensgrupp (reference_subgroup = 1)",
    "referensgruppen saknar skattning",
    "skattning utanför [0, indicator_scale]; HEAT:s logistiska modell kräver andelar",
    "kunde inte beräknas (division med noll eller modellen konvergerade inte)",
    "saknar standardfel för någon undergrupp; inget konfidensintervall",
    "saknar population; inget konfidensintervall",
    "Walters standardfel kräver andelar (0 ≤ estimate ≤ indicator_scale) och en referensgrupp med "
    "skattning över 0; inget konfidensintervall",
    "gäller inte en neutral indikator: måttet beror på vilken riktning som är bättre",
)
(
    _, NEEDS_ORDERED, NEEDS_UNORDERED, NEEDS_TWO, NEEDS_MORE_THAN_TWO, ALL_MISSING,
    PAIR_MISSING, EXTREME_MISSING, UNDER_85, ALL_ZERO, NO_POP, NO_POP_OR_AVERAGE,
    NO_REFERENCE, REFERENCE_MISSING, OUTSIDE_SCALE, FAILED, NO_SE, NO_POP_INTERVAL,
    NOT_SHARES_INTERVAL, NEUTRAL_DIRECTION,
) = range(len(REASONS))  # fmt: skip
# jamlik's large-group variants of D and R (``_large_groups``, not HEAT's): per
# threshold, too few subgroups at all, then too few with an estimate.
_FEW_ROWS = {k: len(REASONS) + i for i, k in enumerate(THRESHOLDS)}
_FEW_ESTIMATES = {k: len(REASONS) + len(THRESHOLDS) + i for i, k in enumerate(THRESHOLDS)}
REASON_FEW_ROWS = "kräver fler än {count} undergrupper"
REASON_FEW_ESTIMATES = "kräver fler än {count} undergrupper med skattning"
REASONS += tuple(REASON_FEW_ROWS.format(count=k) for k in THRESHOLDS)
REASONS += tuple(REASON_FEW_ESTIMATES.format(count=k) for k in THRESHOLDS)
# A ratio, a log-scale interval or a share of the average is not defined for estimates
# ≤ 0 (a change indicator, a balance): the measure is refused, not shown as R = −0.5.
NON_POSITIVE, NEGATIVE = len(REASONS), len(REASONS) + 1
REASONS += (
    "kräver positiva skattningar: en kvot och dess intervall på log-skala är inte definierade "
    "när en skattning är 0 eller negativ",
    "kräver skattningar ≥ 0 och ett positivt medelvärde: andelen av medelvärdet är inte "
    "definierad för negativa värden",
)
_LOG_SCALE = {"R", "RII", "TI", "MLD"}
# Reasons that mean "this measure is not defined for this kind of dimension";
# the CLI leaves such rows out and keeps the ones that could not be computed.
NOT_APPLICABLE = frozenset(
    REASONS[i]
    for i in (NEEDS_ORDERED, NEEDS_UNORDERED, NEEDS_TWO, NEEDS_MORE_THAN_TWO, *_FEW_ROWS.values())
)

_ORDERED = {"ACI", "RCI", "SII", "RII"}
_UNORDERED = {
    "BGV", "BGSD", "COV", "MDMU", "MDMW", "MDBU", "MDBW", "MDRU", "MDRW",
    "IDISU", "IDISW", "TI", "MLD", *MIN_SUBGROUPS,
}  # fmt: skip
_NEEDS_POP = {
    "ACI",
    "RCI",
    "SII",
    "RII",
    "BGV",
    "BGSD",
    "COV",
    "MDMW",
    "MDBW",
    "MDRW",
    "IDISW",
    "TI",
    "MLD",
    *MIN_SUBGROUPS,
}
_NEEDS_REFERENCE = {"MDRU", "MDRW"}
#: Measures whose value depends on which direction is better: the best subgroup
#: (MDB*, PAF/PAR's default reference, HEAT's MDR* simulation), or with a marked
#: reference D and R ("the lowest other" for a favourable indicator).
DIRECTIONAL = {"MDBU", "MDBW", "PAF", "PAR"}
DIRECTIONAL_HEAT = {"MDRU", "MDRW"}


def reasons_for(measure: str, strata: Strata, compat: str) -> np.ndarray:
    """Reason code per stratum (0 where ``measure`` can be computed)."""
    n = len(strata.n_rows)
    code = np.zeros(n, dtype=np.int16)

    def fail(mask: np.ndarray, reason: int) -> None:
        code[(code == OK) & mask] = reason

    rows, n_est = strata.n_rows, strata.n_est
    if measure in _ORDERED:
        fail(~strata.ordered, NEEDS_ORDERED)
    if measure in _UNORDERED:
        fail(strata.ordered, NEEDS_UNORDERED)
    if measure in MIN_SUBGROUPS:
        least = MIN_SUBGROUPS[measure]
        fail(rows <= least, _FEW_ROWS[least])
        fail(n_est <= least, _FEW_ESTIMATES[least])
    if measure in ("D", "R", "PAF", "PAR"):
        fail(rows < 2, NEEDS_TWO)
    else:
        fail(rows <= 2, NEEDS_MORE_THAN_TWO)
    fail(n_est == 0, ALL_MISSING)
    if measure in ("D", "R"):
        fail((rows == 2) & (n_est < 2), PAIR_MISSING)
        fail((rows > 2) & strata.extreme_missing, EXTREME_MISSING)
        fail(n_est < 2, NEEDS_TWO)
    else:
        # HEAT's test_under85_pct: computed only if at least 85 % have an estimate.
        fail(n_est < 0.85 * rows, UNDER_85)
    fail(strata.all_zero, ALL_ZERO)
    # HEAT computes the point MDMU from the population-weighted mean only.
    needs_pop = _NEEDS_POP | ({"MDMU"} if compat == "heat" else set())
    if measure in needs_pop:
        fail(strata.pop_missing, NO_POP)
    if measure in ("MDMU", "IDISU", "PAF", "PAR"):
        fail(strata.pop_missing & strata.average_missing, NO_POP_OR_AVERAGE)
    if strata.non_positive is not None and (measure in _LOG_SCALE or measure.startswith("R_")):
        fail(strata.non_positive, NON_POSITIVE)
    if strata.negative is not None and measure == "PAF":
        fail(strata.negative, NEGATIVE)
    if measure in ("PAF", "PAR"):
        fail(strata.ref_missing, REFERENCE_MISSING)
    if measure in _NEEDS_REFERENCE:
        fail(strata.ref_missing, REFERENCE_MISSING)
        fail(strata.ref_count != 1, NO_REFERENCE)
    if measure in ("SII", "RII") and compat == "heat":
        fail(strata.outside_scale, OUTSIDE_SCALE)
    if strata.neutral is not None:
        directional = DIRECTIONAL | (DIRECTIONAL_HEAT if compat == "heat" else set())
        if measure in directional:
            fail(strata.neutral, NEUTRAL_DIRECTION)
        if measure in ("D", "R"):
            fail(strata.neutral & (strata.ref_count == 1), NEUTRAL_DIRECTION)
    return code
