"""Life expectancy (medellivslängd / återstående medellivslängd) by area and sex.

The Chiang II abridged life table as Public Health England's life expectancy
calculator and PHEindicatormethods' ``phe_life_expectancy`` build it, vectorised
over all groups at once; see :func:`life_expectancy`.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import NormalDist

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError

from jamlik.stats._lifetable_core import chiang_life_table
from jamlik.stats._lifetable_input import (
    check_confidence,
    expected_ages,
    requested_ages,
    to_matrices,
)
from jamlik.stats._result import result_frame

__all__ = ["life_expectancy", "MIN_TOTAL_POPULATION", "MAX_INTERVAL_WIDTH"]

#: PHE does not compute life expectancy for a total population (person-years) at or
#: below this (Toson & Baker 2003).
MIN_TOTAL_POPULATION = 5000
#: PHE suppresses a life expectancy whose 95 % interval is wider than this (years).
MAX_INTERVAL_WIDTH = 20.0

_Z95 = NormalDist().inv_cdf(0.975)

REASON_SMALL = (
    "total befolkning högst 5 000 (personår): för liten för en robust skattning"
)
REASON_WIDE = "95 %-konfidensintervallet är bredare än 20 år"
REASON_ZERO_POPULATION = "befolkningen är 0 i åldersgruppen {age}: livslängd kan inte beräknas"
REASON_NO_OPEN_DEATHS = (
    "inga dödsfall i den öppna åldersgruppen {age}+: livslängd kan inte beräknas"
)
REASON_NO_SURVIVORS = "ingen i livstabellen överlever till åldern {age}"


def life_expectancy(
    df: pd.DataFrame,
    *,
    area: str | None = "area",
    sex: str | None = "sex",
    age_from: str = "age_from",
    population: str = "population",
    deaths: str = "deaths",
    by: str | Sequence[str] | None = None,
    age: int | Sequence[int] | str = 0,
    confidence: float = 0.95,
    open_band: int = 90,
    age_structure: str = "abridged",
    pool: str | None = None,
    le_suppress: bool = True,
) -> pd.DataFrame:
    r"""Life expectancy with confidence intervals (Chiang II life table).

    Parameters
    ----------
    df
        One row per group and age interval: the interval start ``age_from``, the
        mid-year ``population`` (medelfolkmängd) and the number of ``deaths``.
        Abridged tables need the starts 0, 1, 5, 10, …, ``open_band``; single-year
        tables 0, 1, 2, …, ``open_band``. The last interval is open (e.g. 90+).
    area, sex
        Grouping columns; ``None`` when the data has no such column.
    age_from, population, deaths
        Column names.
    by
        Further grouping columns, e.g. a period.
    age
        Report life expectancy at these interval starts (återstående medellivslängd
        at 65 with ``age=65``), or ``"all"``. Default: at birth.
    confidence
        Level of the normal interval value ± z·se, between 0 and 1.
    open_band
        Start of the open interval: 90 (PHE, ONS) or 85 for abridged tables, any
        multiple of 5; with ``age_structure="single"`` the last single age.
    age_structure
        ``"abridged"`` (0, 1–4, 5-year bands) or ``"single"`` (single years of age).
    pool
        A column whose values (years) are pooled: deaths and populations are summed
        over them before the table is built, as Statistics Sweden does for its
        5-year area life tables. The summed population is then person-years
        (medelfolkmängd × år) and the result is the life expectancy of the pooled
        period. Without ``pool`` each age must appear once per group.
    le_suppress
        Apply PHE's two suppression rules: no life expectancy when the group's total
        population (person-years) is at most 5,000, and none for an age whose 95 %
        interval is wider than 20 years (its se is kept). Values that cannot be
        computed at all are NaN with a reason either way.

    Returns
    -------
    pandas.DataFrame
        The tidy result shape: ``area, sex, *by, age, measure, value, se, lower,
        upper, confidence, method, reason`` with ``measure="life_expectancy"``.

    Raises
    ------
    jamlik.errors.ArgumentError
        Missing columns; ages that are not interval starts, or missing or repeated
        for a group; population not a number ≥ 0; deaths not an integer ≥ 0; more
        deaths than population in a row; bad options.

    Notes
    -----
    With M_x = D_x/P_x, interval width n_x and a_x = 0.1 at age 0 and 0.5 elsewhere
    (the values PHE and ONS use; generalised unchanged to single years, n_x = 1):

    .. math::

        q_x = \frac{n_x M_x}{1 + n_x (1 - a_x) M_x},\quad
        L_x = n_x (l_{x+n} + a_x d_x),\quad L_\omega = l_\omega / M_\omega,\quad
        e_x = \sum_{y \ge x} L_y / l_x,

    and the variance of e_x is Chiang's weighted sum of Var(q_y) = q_y²(1 − q_y)/D_y
    plus, for the open interval, Silcocks et al.'s l_ω²/(D_ω M_ω²); see
    :func:`jamlik.stats._lifetable_core.chiang_life_table`. The interval is
    e_x ± z·se with z = Φ⁻¹((1 + confidence)/2). PHE's published worked example
    uses z rounded to 1.96.

    Groups where a band has zero population, or the open band has no deaths, get
    NaN with a reason (the table cannot be completed).

    References
    ----------
    Chiang CL. Introduction to Stochastic Processes in Biostatistics. Wiley, 1968.
    Silcocks PBS, Jenner DA, Reza R. J Epidemiol Community Health 2001;55:38-43.
    Eayres DP, Williams ES. J Epidemiol Community Health 2004;58:243-249.
    PHEindicatormethods, ``phe_life_expectancy`` (Fingertips life expectancy calculator).

    Examples
    --------
    >>> ages = [0, 1, *range(5, 95, 5)]
    >>> pop = [7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435, 55601,
    ...        50209, 56416, 46411, 39820, 37978, 37039, 33288, 23306, 11936, 11936]
    >>> dth = [17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872,
    ...        1390, 1605, 1936, 1937]
    >>> df = pd.DataFrame({"age_from": ages, "population": pop, "deaths": dth})
    >>> out = life_expectancy(df, area=None, sex=None, age=[0, 65])
    >>> out[["age", "value"]].round(4).to_string(index=False)
    ' age   value\n   0 80.1696\n  65 18.7686'
    """
    ages = expected_ages(age_structure, open_band)
    report = requested_ages(age, ages)
    level = check_confidence(confidence)
    if not isinstance(le_suppress, bool):
        raise ArgumentError(f"le_suppress måste vara True eller False, fick {le_suppress!r}")
    extra = [by] if isinstance(by, str) else list(by or [])
    keys = [c for c in (area, sex) if c is not None] + extra
    data = to_matrices(
        df, keys=keys, age_from=age_from, population=population, deaths=deaths,
        pool=pool, ages=ages,
    )

    table = chiang_life_table(data.population, data.deaths, ages)
    cols = np.searchsorted(ages, report)
    value = table.e[:, cols]
    se = np.sqrt(table.var_e[:, cols])
    reason, keep_se = _reasons(table.l[:, cols], se, data, ages, report,
                               le_suppress=le_suppress)

    z = NormalDist().inv_cdf(0.5 + level / 2)
    suppressed = reason.astype(bool)  # None → False, a reason → True
    se = np.where(keep_se, se, np.nan)
    value = np.where(suppressed, np.nan, value)
    lower = value - z * se
    upper = value + z * se

    method = _methods(age_structure, int(ages[-1]), data.periods, pooled=pool is not None)
    n_groups, n_ages = value.shape
    out = data.keys.loc[np.repeat(np.arange(n_groups), n_ages)].reset_index(drop=True)
    out["age"] = np.tile(report, n_groups)
    out["measure"] = "life_expectancy"
    out["value"] = value.ravel()
    out["se"] = se.ravel()
    out["lower"] = lower.ravel()
    out["upper"] = upper.ravel()
    out["confidence"] = level
    out["method"] = np.repeat(method, n_ages)
    out["reason"] = reason.ravel()
    return result_frame(out, keys=[*keys, "age"])


def _reasons(survivors, se, data, ages, report, *, le_suppress):
    """Why each (group, age) has no value or no interval: (reasons, whether se is kept).

    Each rule overwrites the reasons set before it: lowest priority first.
    """
    reason = np.full(se.shape, None, dtype=object)
    keep_se = np.ones(se.shape, dtype=bool)
    no_one = survivors <= 0
    reason[no_one] = np.array(
        [REASON_NO_SURVIVORS.format(age=int(a)) for a in report], dtype=object
    )[np.nonzero(no_one)[1]]
    keep_se &= ~no_one
    if le_suppress:
        wide = ~no_one & (2 * _Z95 * se > MAX_INTERVAL_WIDTH)
        reason[wide] = REASON_WIDE
        small = data.population.sum(axis=1) <= MIN_TOTAL_POPULATION
        reason[small] = REASON_SMALL
        keep_se &= ~small[:, None]
    no_open_deaths = data.deaths[:, -1] <= 0
    reason[no_open_deaths] = REASON_NO_OPEN_DEATHS.format(age=int(ages[-1]))
    zero_pop = data.population <= 0
    has_zero = zero_pop.any(axis=1)
    first_zero = ages[np.argmax(zero_pop, axis=1)]
    for g in np.flatnonzero(has_zero):  # rare: one string per broken group
        reason[g] = REASON_ZERO_POPULATION.format(age=int(first_zero[g]))
    keep_se &= ~(no_open_deaths | has_zero)[:, None]
    return reason, keep_se


def _methods(
    age_structure: str, open_age: int, periods: np.ndarray, *, pooled: bool
) -> np.ndarray:
    base = f"Chiang II, Silcocks {open_age}+"
    if age_structure == "single":
        base += ", ettårsklasser"
    if not pooled:
        return np.full(periods.shape, base, dtype=object)
    kinds, index = np.unique(periods, return_inverse=True)
    texts = np.array(
        [f"{base}, {k} perioder sammanslagna (befolkning = personår)" for k in kinds],
        dtype=object,
    )
    return texts[index]
