"""The headline gap between areas: SII and RII across areas ranked by a
socioeconomic area index, and the most against the least deprived fifth.

Public-health practice compares local areas by ranking them on a deprivation
index (PHE/OHID: deprivation deciles of the IMD; in Sweden Statistics Sweden's
RegSO area types, områdestyp 1–5), not by their own values: the range max − min
of 147 noisy district values is biased upward by the noise and says nothing of
a social gradient. :func:`area_gap` computes

* **SII** (lutningsindex) and **RII**: the population-weighted least-squares
  line of the area values on their ridit rank in the index (areas of the same
  index value share a rank), read at the least and the most deprived end;
* **Q1**, **Q5** and their difference **D_Q1Q5** and ratio **R_Q1Q5**: the
  most (Q1) and least (Q5) deprived fifth of the population, with intervals from
  the summed counts where counts exist (Wilson, Byar) and MOVER limits for the
  difference and ratio;
* **range** (max − min of the area values): a described spread only, without
  an interval.

Sign convention (PHE's, with its multiplier −1 for indicators where a high
value is bad): a positive SII, D_Q1Q5 and an RII, R_Q1Q5 above 1 mean that the
most deprived areas are worse off. For ``higher_better`` and ``neutral``
indicators SII = fitted(least deprived) − fitted(most deprived) and RII their
ratio; for ``lower_better`` the reverse.

References
----------
Low A, Low A. Measuring the gap: quantifying and comparing local health
inequalities. J Public Health 2004;26:388-395.
Public Health England. Technical Guide: Slope index of inequality. PHE, 2018.
Newcombe RG. Interval estimation for the difference between independent
proportions. Stat Med 1998;17:873-890.
Zou GY, Donner A. Construction of confidence limits about effect measures.
Stat Methods Med Res 2008;17:611-628.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError

from jamlik.stats._area_gap_core import (
    linear_fit,
    mover,
    ridits,
    tail_fractions,
    tail_from_counts,
    tail_from_values,
    tie_groups,
)
from jamlik.stats._intervals import check_confidence, z_value
from jamlik.stats._result import result_frame

__all__ = ["AREA_GAP_MEASURES", "POLARITIES", "area_gap"]

AREA_GAP_MEASURES = ("SII", "RII", "Q1", "Q5", "D_Q1Q5", "R_Q1Q5", "range")
POLARITIES = ("higher_better", "lower_better", "neutral")
KINDS = ("proportion", "rate", "mean")
MIN_SHARE_WITH_VALUE = 0.85  # HEAT's test_under85_pct, applied to areas
REASON_FEW_AREAS = ("under 85 % av områdena har värde och index ({missing} av {total} saknas "
                    "eller är undertryckta)")
REASON_ONE_LEVEL = "områdesindexet har färre än två nivåer bland områdena"
REASON_RII_POSITIVE = "RII kräver positiva anpassade värden i båda ändar"
REASON_RATIO_POSITIVE = "kvoten kräver positiva värden och gränser"
_Z95 = z_value(0.95)


def _numbers(df: pd.DataFrame, column: str | None) -> np.ndarray:
    if column is None:
        return np.full(len(df), np.nan)
    if column not in df.columns:
        raise ArgumentError(f"kolumnen '{column}' finns inte i df")
    raw = df[column]
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = np.isnan(values) & raw.notna().to_numpy()
    if bad.any():
        at = int(np.flatnonzero(bad)[0])
        raise ArgumentError(f"kolumnen '{column}' rad {at}: väntade ett tal, fick {raw.iloc[at]!r}")
    return values


def _check_options(kind, polarity, most_deprived, multiplier):
    if kind not in KINDS:
        raise ArgumentError(f"kind måste vara en av {', '.join(KINDS)}, fick {kind!r}")
    if polarity not in POLARITIES:
        raise ArgumentError(f"polarity måste vara en av {', '.join(POLARITIES)}, fick {polarity!r}")
    if most_deprived not in ("low", "high"):
        raise ArgumentError(f"most_deprived måste vara 'low' eller 'high', fick {most_deprived!r}")
    if isinstance(multiplier, bool) or not isinstance(multiplier, (int, float, np.number)) \
            or not np.isfinite(multiplier) or multiplier <= 0:
        raise ArgumentError(f"multiplier måste vara ett tal > 0, fick {multiplier!r}")


def _columns(df, *, value, population, index, se, lower, upper, numerator, denominator,
             kind, multiplier):
    """Values, their sampling variances, populations and index, per row."""
    if se is None and (lower is None or upper is None) and (numerator is None or denominator is None):
        raise ArgumentError("area_gap behöver se, lower och upper, eller numerator och denominator")
    x, n = _numbers(df, numerator), _numbers(df, denominator)
    counted = np.isfinite(x) & np.isfinite(n) & (n > 0)
    if kind == "proportion" and (counted & (x > n)).any():
        at = int(np.flatnonzero(counted & (x > n))[0])
        raise ArgumentError(f"rad {at}: numerator ({x[at]:g}) är större än denominator ({n[at]:g})")
    y = _numbers(df, value) if value in df.columns or not counted.any() else np.full(len(df), np.nan)
    y = np.where(np.isnan(y) & counted, x / np.where(counted, n, 1) * multiplier, y)
    variance = (_numbers(df, se) ** 2) if se is not None else np.full(len(df), np.nan)
    if lower is not None and upper is not None:
        from_limits = ((_numbers(df, upper) - _numbers(df, lower)) / (2 * _Z95)) ** 2
        variance = np.where(np.isnan(variance), from_limits, variance)
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "proportion":
            smooth = (x + 0.5) / (n + 1)  # keeps 0 of n and n of n from a zero variance
            from_counts = smooth * (1 - smooth) / n * multiplier**2
        else:
            from_counts = np.maximum(x, 0.5) / n**2 * multiplier**2
    variance = np.where(counted, from_counts, variance)
    pop, idx = _numbers(df, population), _numbers(df, index)
    usable = np.isfinite(y) & np.isfinite(idx)
    bad = usable & ~(pop > 0)
    if bad.any():
        at = int(np.flatnonzero(bad)[0])
        raise ArgumentError(f"kolumnen '{population}' rad {at}: väntade ett tal > 0, fick {pop[at]!r}")
    bad = usable & ~(variance >= 0)
    if bad.any():
        at = int(np.flatnonzero(bad)[0])
        raise ArgumentError(f"rad {at}: standardfel saknas för ett område med värde")
    return y, variance, pop, idx, x, n, counted


def _regression_rows(fit, z, sign, method, ranked_by):
    intercept, slope = fit.beta
    sii = sign * slope
    se = float(np.sqrt(fit.cov[1, 1]))
    rows = [dict(measure="SII", value=sii, se=se, lower=sii - z * se, upper=sii + z * se,
                 method=method + "; normalapproximation", reason=None)]
    top = intercept + slope
    if intercept > 0 and top > 0:
        gradient = np.array([1 / top - 1 / intercept, 1 / top])
        se_log = float(np.sqrt(gradient @ fit.cov @ gradient))
        log_rii = sign * (np.log(top) - np.log(intercept))
        rii = float(np.exp(log_rii))
        rows.append(dict(measure="RII", value=rii, se=rii * se_log,
                         lower=float(np.exp(log_rii - z * se_log)),
                         upper=float(np.exp(log_rii + z * se_log)),
                         method=method + "; deltametoden på ln RII", reason=None))
    else:
        rows.append(dict(measure="RII", reason=REASON_RII_POSITIVE))
    return rows


def _tail_rows(tails, sign, counted_method):
    q1, q5 = tails
    rows = [dict(measure=name, value=t.value, se=t.se, lower=t.lower, upper=t.upper,
                 method=f"mest/minst utsatta femtedelen av befolkningen; {t.method}", reason=None)
            for name, t in (("Q1", q1), ("Q5", q5))]
    first, second = (q1, q5) if sign > 0 else (q5, q1)
    for name, log in (("D_Q1Q5", False), ("R_Q1Q5", True)):
        value, lower, upper = mover(first, second, log=log)
        reason = None if np.isfinite(lower) else REASON_RATIO_POSITIVE
        rows.append(dict(measure=name, value=value, lower=lower, upper=upper, reason=reason,
                         method=f"MOVER (Newcombe 1998) ur femtedelarnas intervall ({counted_method})"))
    return rows


def _one_group(y, variance, pop, idx, x, n, counted, *, opts) -> list[dict]:
    rows_total = len(y)
    usable = np.isfinite(y) & np.isfinite(idx)
    n_used = int(usable.sum())
    facts = dict(n_areas=rows_total, n_used=n_used, ranked_by=opts["ranked_by"])
    reason = None
    if n_used < MIN_SHARE_WITH_VALUE * rows_total:
        reason = REASON_FEW_AREAS.format(missing=rows_total - n_used, total=rows_total)
    elif len(np.unique(idx[usable])) < 2:
        reason = REASON_ONE_LEVEL
    if reason is not None:
        return [dict(measure=m, reason=reason, **facts) for m in AREA_GAP_MEASURES]
    y, variance, pop, idx = y[usable], variance[usable], pop[usable], idx[usable]
    codes, n_groups = tie_groups(idx, opts["most_deprived"])
    z, sign = opts["z"], opts["sign"]
    fit = linear_fit(y, variance, pop, ridits(pop, codes, n_groups))
    method = f"befolkningsviktad WLS på ridit-rang efter {opts['ranked_by']}, se ur områdenas se"
    rows = _regression_rows(fit, z, sign, method, opts["ranked_by"])
    low, high = tail_fractions(pop, codes, n_groups)
    all_counted = bool(counted[usable].all())
    if all_counted and opts["kind"] != "mean":
        tails = [tail_from_counts(part, x[usable], n[usable], kind=opts["kind"],
                                  scale=opts["scale"], level=opts["level"]) for part in (low, high)]
    else:
        tails = [tail_from_values(part, pop, y, variance, z) for part in (low, high)]
    rows += _tail_rows(tails, sign, "antal" if all_counted else "områdenas se")
    rows.append(dict(measure="range", value=float(y.max() - y.min()),
                     method="beskrivande spridning: största minus minsta områdesvärde, "
                            "inget intervall (brus gör den större än den sanna)", reason=None))
    return [dict(row, **facts) for row in rows]


def area_gap(
    df: pd.DataFrame,
    *,
    index: str = "area_index",
    population: str = "population",
    value: str = "value",
    se: str | None = None,
    lower: str | None = None,
    upper: str | None = None,
    numerator: str | None = None,
    denominator: str | None = None,
    by: Sequence[str] | str = (),
    kind: str = "proportion",
    multiplier: float = 100,
    polarity: str = "higher_better",
    most_deprived: str = "low",
    ranked_by: str | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """The gap between areas ranked by a socioeconomic area index (SII, RII, fifths).

    Parameters
    ----------
    df
        One row per area (and group of ``by``): its value in the indicator's unit,
        population, index value and uncertainty. A row whose value is missing
        (suppressed) or lacks an index counts against the 85 % rule.
    index
        Column of the area index, e.g. områdestyp 1–5; ties share one rank.
    population
        Column of the population (> 0 where a value is given): the weights.
    value, se, lower, upper
        The area value and its standard error or 95 % limits (for ``"mean"``
        indicators such as life expectancy, or rates without counts).
    numerator, denominator
        Counts (cases and persons, or events and person-years); where given they
        define the value when ``value`` is missing, the area's sampling variance
        and the fifths' Wilson or Byar intervals.
    by
        Grouping columns (indicator, period, sex, ...): one result per group.
    kind
        ``"proportion"`` (0 to ``multiplier``), ``"rate"`` (per ``multiplier``)
        or ``"mean"``.
    multiplier
        Scale of the values: 100 for percent.
    polarity
        ``"higher_better"``, ``"lower_better"`` or ``"neutral"``: sets the sign
        (module notes), never which areas are compared.
    most_deprived
        ``"low"`` when low index values are the most deprived (områdestyp 1 =
        major socioeconomic challenges), ``"high"`` for a deprivation score.
    ranked_by
        Name of the ranking shown in the methods and the ``ranked_by`` column
        (default: the index column's name).
    confidence
        Two-sided level of the intervals.

    Returns
    -------
    pandas.DataFrame
        Per group, rows ``measure`` in :data:`AREA_GAP_MEASURES` with the tidy
        result columns, then ``n_areas, n_used, ranked_by``. Values are in the
        indicator's unit (SII, D_Q1Q5, range: percentage points for percent),
        RII and R_Q1Q5 are ratios. When fewer than 85 % of areas have a value and
        an index, every measure is NaN with the reason.

    Raises
    ------
    ArgumentError
        A missing column, a bad option, a non-number, a population ≤ 0 or a
        missing se for an area with a value, a numerator above its denominator.

    Notes
    -----
    SII: weighted least squares of the area values on the ridit rank r (0 = most
    deprived, 1 = least) with population-share weights a: β = (XᵀAX)⁻¹XᵀAy = Cy,
    SII = ±β₁, Var(β) = C diag(v) Cᵀ with v the areas' sampling variances — exact,
    as the estimator is linear in y (ranking and populations fixed; Low & Low
    2004). With tied ranks this equals PHE's SII on the index groups' weighted
    means. RII = (β₀ + β₁)/β₀ (inverted for ``lower_better``), delta method on
    ln RII. Fifths: areas are taken from each end of the ranking until a fifth of
    the population is reached; the boundary group enters with the part needed,
    spread over its areas in proportion to their populations.
    """
    _check_options(kind, polarity, most_deprived, multiplier)
    level = check_confidence(confidence)
    if not isinstance(df, pd.DataFrame):
        raise ArgumentError(f"df måste vara en pandas DataFrame, fick {type(df).__name__}")
    keys = [by] if isinstance(by, str) else list(by)
    for key in [index, population, *keys]:
        if key not in df.columns:
            raise ArgumentError(f"kolumnen '{key}' finns inte i df")
    frame = df.reset_index(drop=True)
    arrays = _columns(frame, value=value, population=population, index=index, se=se,
                      lower=lower, upper=upper, numerator=numerator, denominator=denominator,
                      kind=kind, multiplier=float(multiplier))  # fmt: skip
    opts = dict(z=z_value(level), sign=-1.0 if polarity == "lower_better" else 1.0, kind=kind,
                scale=float(multiplier), level=level, most_deprived=most_deprived,
                ranked_by=ranked_by or index)
    groups = frame.groupby(keys, sort=True, dropna=False).indices if keys else {(): np.arange(len(frame))}
    rows = []
    for key, at in groups.items():
        named = dict(zip(keys, key if isinstance(key, tuple) else (key,))) if keys else {}
        for row in _one_group(*(a[at] for a in arrays), opts=opts):
            rows.append({**named, **row, "confidence": level})
    return result_frame(rows, keys=keys)
