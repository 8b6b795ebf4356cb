"""A budget shared by need: proportionate universalism in whole kronor.

Marmot's proportionate universalism (*Fair Society, Healthy Lives*, 2010) asks
for services for all, scaled to need. The allocation formula is::

    a_i = B · [(1 − α) · n_i / Σn + α · n_i·w_i / Σ(n·w)]

with budget ``B``, population ``n_i``, need index ``w_i`` and ``α`` the need-
weighted part (α = 0: per head; α = 1: all by need), as in NHS England's fair-
shares formula where a target share is moved towards by pace-of-change limits.

Constraints: a floor and a cap per area, and a pace-of-change limit that keeps
each area within ``[last_year·(1 − max_decrease), last_year·(1 + max_increase)]``.
All bounds are in whole kronor (pace bounds rounded inwards: up for the lower,
down for the upper). The constrained allocation is the fixed point of "clamp the
areas outside their bounds, rescale the rest so the total is ``B`` again": the
``λ`` with ``Σ clip(λ·target_i, lower_i, upper_i) = B``, found exactly from the
break points of this piecewise-linear function. Rounding rule (largest
remainder, Hamilton's method): every area gets the whole kronor below its exact
share; the kronor left over go one each to the areas with the largest
fractional parts (ties: the area listed first), never past a cap; the total is
exactly ``B``.

The need index (:func:`need_index`) combines indicators relative to their
population-weighted mean, each turned so that more need gives a larger ratio.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError

__all__ = ["POLARITIES", "allocate", "largest_remainder", "need_index"]

POLARITIES = ("lower_better", "higher_better")


def need_index(indicators: pd.DataFrame, population, *, weights: Mapping[str, float],
               polarity: Mapping[str, str]) -> pd.DataFrame:
    """A need index from indicators, each relative to its population-weighted mean.

    Parameters
    ----------
    indicators : DataFrame
        One row per area, one column per indicator (values > 0 for
        ``higher_better`` indicators).
    population : array ``(n,)``
        Population per area (the weights of the mean).
    weights : mapping
        Weight of each indicator (≥ 0, not all 0; normalised to sum 1).
    polarity : mapping
        ``lower_better`` (a high value means more need, e.g. child poverty:
        ratio ``x / x̄``) or ``higher_better`` (e.g. employment: ratio ``x̄ / x``).

    Returns
    -------
    DataFrame
        For each indicator ``ratio_<name>`` and ``weight_<name>``, then ``need``
        = Σ weight × ratio; an area at the mean of every indicator has need 1.
    """
    population = np.asarray(population, dtype=float)
    total = sum(float(weights[name]) for name in weights)
    if not weights or total <= 0 or any(float(v) < 0 for v in weights.values()):
        raise ArgumentError("weights måste vara tal ≥ 0 med en summa > 0")
    result = pd.DataFrame(index=indicators.index)
    need = np.zeros(len(indicators))
    for name, weight in weights.items():
        if name not in indicators:
            raise ArgumentError(f"indikatorn {name!r} finns inte bland kolumnerna")
        if polarity.get(name) not in POLARITIES:
            raise ArgumentError(f"polarity för {name!r} måste vara en av "
                                f"{', '.join(POLARITIES)}, fick {polarity.get(name)!r}")
        values = indicators[name].to_numpy(float)
        if not np.isfinite(values).all() or (values < 0).any():
            raise ArgumentError(f"indikatorn {name!r} måste ha ändliga värden ≥ 0")
        mean = np.average(values, weights=population)
        if polarity[name] == "lower_better":
            ratio = values / mean
        else:
            if (values <= 0).any():
                raise ArgumentError(f"indikatorn {name!r} (higher_better) måste vara > 0")
            ratio = mean / values
        result[f"ratio_{name}"] = ratio
        result[f"weight_{name}"] = float(weight) / total
        need += float(weight) / total * ratio
    result["need"] = need
    return result


def _check_vector(values, name: str, size: int, *, optional: bool = False) -> np.ndarray | None:
    if values is None:
        return None
    array = np.asarray(values, dtype=float)
    if array.shape != (size,):
        raise ArgumentError(f"{name} måste ha {size} värden, fick formen {array.shape}")
    finite = np.isfinite(array)
    if (not optional and not finite.all()) or (array[finite] < 0).any():
        raise ArgumentError(f"{name} måste vara {'tal' if not optional else 'tomma eller tal'} "
                            "≥ 0")
    return array


def _bounds(size, floor, cap, last_year, max_decrease, max_increase):
    """Lower and upper bound per area (whole kronor) and which rule sets each."""
    lower, upper = np.zeros(size), np.full(size, np.inf)
    lower_rule = np.full(size, "", dtype=object)
    upper_rule = np.full(size, "", dtype=object)
    if floor is not None:
        has = np.isfinite(floor)
        lower[has], lower_rule[has] = np.ceil(floor[has] - 1e-9) + 0.0, "floor"
    if cap is not None:
        has = np.isfinite(cap)
        upper[has], upper_rule[has] = np.floor(cap[has] + 1e-9), "cap"
    if last_year is not None and max_decrease is not None:
        pace = np.where(np.isfinite(last_year), np.ceil(last_year * (1 - max_decrease) - 1e-9), 0)
        tighter = pace > lower
        lower[tighter], lower_rule[tighter] = pace[tighter], "pace"
    if last_year is not None and max_increase is not None:
        pace = np.where(np.isfinite(last_year),
                        np.floor(last_year * (1 + max_increase) + 1e-9), np.inf)
        tighter = pace < upper
        upper[tighter], upper_rule[tighter] = pace[tighter], "pace"
    return lower, upper, lower_rule, upper_rule


def _fixed_point(target: np.ndarray, lower: np.ndarray, upper: np.ndarray, budget: int):
    """The λ-scaled targets clipped to their bounds, summing to ``budget``."""
    def total(scale: float) -> float:
        return float(np.clip(scale * target, lower, upper).sum())

    positive = target > 0
    safe = np.where(positive, target, 1.0)
    # Each area's break points, computed once so that comparisons below are exact.
    low_point = np.where(positive, lower / safe, np.inf)
    high_point = np.where(positive, upper / safe, np.inf)
    points = np.unique(np.r_[0.0, low_point[positive], high_point[np.isfinite(high_point)]])
    sums = np.array([total(point) for point in points])
    if sums[-1] < budget - 1e-6 and not (positive & ~np.isfinite(upper)).any():
        raise ArgumentError(
            f"budgeten {budget} kr kan inte fördelas: taken (och områden utan behov eller "
            f"befolkning, som står kvar på golvet) räcker bara till {sums[-1]:.0f} kr")
    k = int(np.searchsorted(sums, budget, side="right")) - 1
    k = max(k, 0)
    scale = points[k]
    free = positive & (low_point <= scale) & (high_point > scale)
    slope = target[free].sum()
    if slope > 0:
        scale += (budget - sums[k]) / slope
    # Which bound holds each area. Where Σ is flat around the budget any λ there gives the
    # same allocation; its midpoint says unambiguously which bounds hold.
    flat = np.flatnonzero(np.abs(sums - budget) <= 1e-9 * max(budget, 1))
    label = (points[flat[0]] + points[flat[-1]]) / 2 if len(flat) > 1 else scale
    return np.clip(scale * target, lower, upper), low_point > label, high_point <= label


def largest_remainder(exact: np.ndarray, budget: int, upper: np.ndarray) -> np.ndarray:
    """Whole numbers ≥ floor(exact) summing to ``budget`` (Hamilton's method).

    Ties in the fractional part go to the area listed first; no area is raised
    past ``upper``.
    """
    exact = np.round(exact, 6)
    whole = np.floor(exact)
    left = int(round(budget - whole.sum()))
    fraction = exact - whole
    fraction[whole + 1 > upper] = -1.0
    order = np.argsort(-fraction, kind="stable")
    whole[order[:left]] += 1
    return whole.astype(np.int64)


def allocate(population, need, budget: int, *, alpha: float, areas: Sequence | None = None,
             floor=None, cap=None, last_year=None, max_decrease: float | None = None,
             max_increase: float | None = None) -> pd.DataFrame:
    """Share ``budget`` by population and need, in whole kronor.

    Parameters
    ----------
    population : array ``(n,)``
        People per area (≥ 0, sum > 0).
    need : array ``(n,)``
        Need index per area (≥ 0; 1 = average need), e.g. from :func:`need_index`.
    budget : int
        Whole kronor to share, ``B``.
    alpha : float in [0, 1]
        The need-weighted part of the budget.
    areas : sequence, optional
        Area names for the result (default 1…n).
    floor, cap : arrays ``(n,)``, optional
        Least and most per area in kronor (``nan``: none).
    last_year : array ``(n,)``, optional, with max_decrease / max_increase
        Pace-of-change limits as fractions of last year's allocation
        (``0.05`` = at most 5 % less / more).

    Returns
    -------
    DataFrame
        Per area: ``population, need, population_share, need_share``
        (n·w/Σn·w), ``base`` and ``need_part`` (kronor, before constraints),
        ``target`` = base + need_part, ``lower, upper, bound`` (the binding
        rule: floor, cap or pace), ``exact`` (after constraints),
        ``allocation`` (whole kronor), ``per_head``, ``last_year``, ``change``.

    Raises
    ------
    jamlik.errors.ArgumentError
        For bad arguments, an area whose floor exceeds its cap, or bounds that
        cannot meet the budget.
    """
    population = _check_vector(population, "population", len(np.atleast_1d(population)))
    size = len(population)
    need = _check_vector(need, "need", size)
    if isinstance(budget, bool) or int(budget) != budget or budget < 0:
        raise ArgumentError(f"budget måste vara ett helt antal kronor ≥ 0, fick {budget!r}")
    budget = int(budget)
    if not 0 <= alpha <= 1:
        raise ArgumentError(f"alpha måste ligga mellan 0 och 1, fick {alpha!r}")
    if population.sum() <= 0:
        raise ArgumentError("population måste ha en summa > 0")
    weighted = population * need
    if alpha > 0 and weighted.sum() <= 0:
        raise ArgumentError("need × population har summan 0; behovsdelen kan inte fördelas")
    for name, value in (("max_decrease", max_decrease), ("max_increase", max_increase)):
        if value is not None and not (0 <= value and (name == "max_increase" or value <= 1)):
            raise ArgumentError(f"{name} måste vara en andel ≥ 0 (t.ex. 0.05), fick {value!r}")
    names = list(areas) if areas is not None else list(range(1, size + 1))
    floor = _check_vector(floor, "floor", size, optional=True)
    cap = _check_vector(cap, "cap", size, optional=True)
    last_year = _check_vector(last_year, "last_year", size, optional=True)
    lower, upper, lower_rule, upper_rule = _bounds(size, floor, cap, last_year,
                                                   max_decrease, max_increase)
    _check_bounds(names, lower, upper, budget)
    population_share = population / population.sum()
    need_share = weighted / weighted.sum() if weighted.sum() > 0 else np.zeros(size)
    base = budget * (1 - alpha) * population_share
    need_part = budget * alpha * need_share
    target = base + need_part
    exact, at_lower, at_upper = _fixed_point(target, lower, upper, budget)
    allocation = largest_remainder(exact, budget, upper)
    bound = np.where(at_lower, lower_rule, np.where(at_upper, upper_rule, ""))
    return pd.DataFrame({
        "area": names, "population": population, "need": need,
        "population_share": population_share, "need_share": need_share, "base": base,
        "need_part": need_part, "target": target, "lower": lower,
        "upper": np.where(np.isfinite(upper), upper, np.nan), "bound": bound,
        "exact": exact, "allocation": allocation,
        "per_head": np.divide(allocation, population, out=np.full(size, np.nan),
                              where=population > 0),
        "last_year": last_year if last_year is not None else np.full(size, np.nan),
        "change": allocation - (last_year if last_year is not None else np.nan),
    })


def _check_bounds(names, lower, upper, budget) -> None:
    crossed = np.flatnonzero(lower > upper)
    if len(crossed):
        i = int(crossed[0])
        raise ArgumentError(f"området {names[i]!r}: den lägsta tillåtna tilldelningen "
                            f"({lower[i]:.0f} kr) är högre än den högsta ({upper[i]:.0f} kr)")
    if lower.sum() > budget:
        raise ArgumentError(f"golven (inkl. förändringstakten) kräver {lower.sum():.0f} kr, "
                            f"mer än budgeten {budget} kr")
    if upper.sum() < budget:
        raise ArgumentError(f"taken (inkl. förändringstakten) tillåter bara {upper.sum():.0f} "
                            f"kr, mindre än budgeten {budget} kr")
