"""What drives a life-expectancy gap: Arriaga's decomposition by age band and cause.

The numeric core (:func:`arriaga_contributions`, :func:`cause_contributions`) works on
life-table columns; :func:`decompose_life_expectancy_gap` checks a tidy table of
deaths and population, builds both populations' Chiang II life tables (the same
table as :func:`jamlik.stats.life_expectancy`) and returns one row per age band
(and cause) with its contribution in years.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError
from jamlik.stats._lifetable_core import chiang_life_table
from jamlik.stats._lifetable_input import expected_ages, to_matrices

__all__ = ["arriaga_contributions", "cause_contributions", "decompose_life_expectancy_gap"]

ALL_CAUSES = "Alla orsaker"
METHOD = ("Arriagas dekomposition (1984) av skillnaden i förväntad livslängd vid födseln, "
          "Chiang II-livstabeller (PHE/ONS: a0 = 0,1, annars 0,5; öppet intervall {open}+)")
CAUSE_METHOD = "; orsaker efter andel av skillnaden i dödstal (Arriaga 1989, Preston m.fl. 2001)"


def arriaga_contributions(l1: np.ndarray, years_lived1: np.ndarray, years_to_live1: np.ndarray,
                          l2: np.ndarray, years_lived2: np.ndarray,
                          years_to_live2: np.ndarray) -> np.ndarray:
    r"""Contribution of each age interval to e_0(2) − e_0(1), in years.

    Parameters
    ----------
    l1, years_lived1, years_to_live1, l2, years_lived2, years_to_live2
        Life-table columns l_x, L_x and T_x of population 1 (the reference) and 2,
        arrays ``(k,)`` or ``(groups, k)`` over the same intervals; the last interval
        is open. l_0 need not be 1.

    Returns
    -------
    numpy.ndarray
        Same shape; the contributions sum to e_0(2) − e_0(1) exactly (up to rounding).

    Notes
    -----
    For a closed interval [x, x+n) and the open interval ω+ (Preston, Heuveline and
    Guillot 2001, eq. 3.11):

    .. math::

        {}_n\Delta_x = \frac{l^1_x}{l^1_0}\Big(\frac{{}_nL^2_x}{l^2_x}
            - \frac{{}_nL^1_x}{l^1_x}\Big) + \frac{T^2_{x+n}}{l^1_0}
            \Big(\frac{l^1_x}{l^2_x} - \frac{l^1_{x+n}}{l^2_{x+n}}\Big),\qquad
        \Delta_\omega = \frac{l^1_\omega}{l^1_0}\Big(\frac{T^2_\omega}{l^2_\omega}
            - \frac{T^1_\omega}{l^1_\omega}\Big).

    The first term is the direct effect of the interval's mortality on years lived
    in it, the second the indirect and interaction effect on the years lived after
    it. The result equals a stepwise replacement of population 1's rates by
    population 2's from the oldest interval to the youngest (Andreev, Shkolnikov and
    Begun 2002), which the tests check.

    References
    ----------
    Arriaga EE. Measuring and explaining the change in life expectancies.
    Demography 1984;21(1):83-96. Preston SH, Heuveline P, Guillot M. Demography:
    measuring and modeling population processes. Blackwell, 2001, 64-65.
    """
    l1, l2 = np.asarray(l1, float), np.asarray(l2, float)
    big_l1, big_l2 = np.asarray(years_lived1, float), np.asarray(years_lived2, float)
    big_t1, big_t2 = np.asarray(years_to_live1, float), np.asarray(years_to_live2, float)
    radix = l1[..., :1]
    out = np.empty(np.broadcast_shapes(l1.shape, l2.shape))
    with np.errstate(divide="ignore", invalid="ignore"):
        direct = l1[..., :-1] / radix * (big_l2[..., :-1] / l2[..., :-1]
                                         - big_l1[..., :-1] / l1[..., :-1])
        later = big_t2[..., 1:] / radix * (l1[..., :-1] / l2[..., :-1]
                                           - l1[..., 1:] / l2[..., 1:])
        # nobody alive at x+n in population 2: no years after the interval to gain or lose
        out[..., :-1] = direct + np.where(l2[..., 1:] > 0, later, 0.0)
        out[..., -1] = l1[..., -1] / radix[..., 0] * (big_t2[..., -1] / l2[..., -1]
                                                      - big_t1[..., -1] / l1[..., -1])
    return out


def cause_contributions(by_age: np.ndarray, rates1: np.ndarray,
                        rates2: np.ndarray) -> np.ndarray:
    r"""Split each age interval's contribution between causes of death.

    Parameters
    ----------
    by_age
        ``(k,)`` contributions of the age intervals (:func:`arriaga_contributions`).
    rates1, rates2
        ``(causes, k)`` cause-specific death rates of the two populations; over causes
        they sum to the all-cause rates.

    Returns
    -------
    numpy.ndarray
        ``(causes, k)``; each column sums to ``by_age`` where the all-cause rates
        differ. Where they are equal the interval contributes nothing, and nor does
        any cause.

    Notes
    -----
    :math:`{}_n\Delta^i_x = {}_n\Delta_x\,({}_nm^{i,2}_x - {}_nm^{i,1}_x)/
    ({}_nm^2_x - {}_nm^1_x)` (Arriaga 1989; Preston, Heuveline and Guillot 2001, 84).
    """
    difference = np.asarray(rates2, float) - np.asarray(rates1, float)
    total = difference.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total != 0, difference / total, 0.0)
    return share * np.asarray(by_age, float)


def decompose_life_expectancy_gap(
    df: pd.DataFrame,
    *,
    group: str = "group",
    reference: object,
    comparison: object,
    age_from: str = "age_from",
    population: str = "population",
    deaths: str = "deaths",
    cause: str | None = None,
    open_band: int = 90,
    age_structure: str = "abridged",
) -> pd.DataFrame:
    """Which ages (and causes) make the life-expectancy gap between two populations.

    Parameters
    ----------
    df
        One row per population, age interval (and cause): ``group`` says which
        population, ``age_from`` the interval start, ``population`` the person-years
        and ``deaths`` the deaths (of that cause). With ``cause`` each population and
        interval has a row per cause, all with the same population.
    reference, comparison
        The two values of ``group`` compared: the gap is e_0(comparison) − e_0(reference),
        e.g. the least deprived fifth minus the most deprived.
    age_from, population, deaths, cause
        Column names; ``cause=None`` decomposes by age only.
    open_band, age_structure
        As in :func:`jamlik.stats.life_expectancy` (90+ by default, abridged bands).

    Returns
    -------
    pandas.DataFrame
        One row per age interval (× cause): ``age_from``, ``age_band`` ("0", "1–4",
        …, "90+"), ``cause``, ``contribution`` (years), ``share`` (of the gap), and the
        same ``e0_reference``, ``e0_comparison``, ``gap`` and ``method`` on every row.
        The contributions sum to ``gap``.

    Raises
    ------
    jamlik.errors.ArgumentError
        Missing columns, bad ages, population or deaths (the messages of
        :func:`jamlik.stats.life_expectancy`); ``reference`` or ``comparison`` not in
        ``group``; a population differing between causes of one interval; an interval
        whose life table cannot be completed (zero population, no deaths in the open
        interval).

    References
    ----------
    Arriaga EE. Demography 1984;21(1):83-96. Public Health England, Segment Tool:
    technical document (the gap between the most and least deprived quintiles
    decomposed by age and cause).
    """
    ages = expected_ages(age_structure, open_band)
    keys = [group] if cause is None else [group, cause]
    data = to_matrices(df, keys=keys, age_from=age_from, population=population,
                       deaths=deaths, pool=None, ages=ages)
    labels = data.keys.reset_index(drop=True)
    rows = _pick(labels[group].tolist(), group, reference, comparison)
    pop = np.stack([data.population[rows[0]], data.population[rows[1]]])
    if cause is not None:
        _same_population(data, labels, group=group, population=population, ages=ages)
    dth = np.stack([data.deaths[(labels[group] == value).to_numpy()].sum(axis=0)
                    for value in (reference, comparison)])
    if (pop <= 0).any() or (dth[:, -1] <= 0).any():
        raise ArgumentError(f"livstabellen kan inte fyllas i för {group}: befolkningen är 0 i "
                            f"en åldersgrupp eller ingen dog i den öppna gruppen {open_band}+")
    table = chiang_life_table(pop, dth, ages)
    by_age = arriaga_contributions(table.l[0], table.years_lived[0], table.years_to_live[0],
                                   table.l[1], table.years_lived[1], table.years_to_live[1])
    e0 = table.e[:, 0]
    method = METHOD.format(open=int(ages[-1]))
    if cause is None:
        out = pd.DataFrame({"age_from": ages, "cause": ALL_CAUSES, "contribution": by_age})
    else:
        causes = sorted(set(labels[cause]), key=str)
        rates = np.zeros((2, len(causes), ages.size))
        for index, row in labels.iterrows():  # one row per population and cause: small
            if row[group] in (reference, comparison):
                which = 0 if row[group] == reference else 1
                rates[which, causes.index(row[cause])] = data.deaths[index] / pop[which]
        split = cause_contributions(by_age, rates[0], rates[1])
        out = pd.DataFrame({"age_from": np.tile(ages, len(causes)),
                            "cause": np.repeat(np.array(causes, dtype=object), ages.size),
                            "contribution": split.ravel()})
        method += CAUSE_METHOD
    gap = float(e0[1] - e0[0])
    out.insert(1, "age_band", [_band(ages, int(a)) for a in out["age_from"]])
    out["share"] = out["contribution"] / gap if gap != 0 else np.nan
    out["e0_reference"], out["e0_comparison"], out["gap"] = float(e0[0]), float(e0[1]), gap
    out["method"] = method
    return out


def _same_population(data, labels, *, group, population, ages) -> None:
    """Every cause of a population must carry the same population in each interval."""
    for value, members in labels.groupby(group, sort=False).groups.items():
        block = data.population[list(members)]
        differs = ~np.isclose(block, block[0]).all(axis=0)
        if differs.any():
            age = int(ages[np.flatnonzero(differs)[0]])
            raise ArgumentError(f"{population} skiljer sig mellan orsakerna för {group}="
                                f"{value}, ålder {age}: samma befolkning väntades på varje orsak")


def _pick(values: Sequence, group: str, reference, comparison) -> list[int]:
    """The first row of the reference and of the comparison population."""
    if reference == comparison:
        raise ArgumentError("reference och comparison måste vara två olika grupper")
    rows = []
    for name, wanted in (("reference", reference), ("comparison", comparison)):
        if wanted not in values:
            raise ArgumentError(f"{name}={wanted!r} finns inte i kolumnen {group} "
                                f"(finns: {', '.join(sorted(set(map(str, values))))})")
        rows.append(values.index(wanted))
    return rows


def _band(ages: np.ndarray, start: int) -> str:
    position = int(np.searchsorted(ages, start))
    if position == ages.size - 1:
        return f"{start}+"
    end = int(ages[position + 1]) - 1
    return str(start) if end == start else f"{start}–{end}"
