"""Example life expectancy made as Statistics Sweden makes it for areas: deaths and
population by age over a five-year period, and a life table (jamlik's Chiang II
with PHE's rules, open age band 90+), instead of values with an invented SE.

Mortality is a Gompertz–Makeham schedule (plus infant mortality) whose level
moves with each area's disadvantage and falls over time, so that life
expectancy at birth is near the demo's target (``Spec.base + effect·z +
trend·t``); the deaths are Poisson draws. Example data: not real statistics.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

AGES = np.array([0, 1, *range(5, 95, 5)], dtype=float)  # abridged, 90+ open
WIDTHS = np.diff(np.append(AGES, 100.0))
OPEN_AGE_BAND = 90
GOMPERTZ_SLOPE = 0.1  # per year of age: life expectancy moves ~1/0.1 years per ln(hazard)
# Share of a Swedish population in each band (roughly SCB 2023), summing to 1.
AGE_SHARES = np.array([1.1, 4.4, *[5.8] * 4, *[6.6] * 6, 6.0, 5.8, 5.4, 5.0, 4.4, 3.4, 2.0, 1.0])
AGE_SHARES = AGE_SHARES / AGE_SHARES.sum()


def _rates(hazard: np.ndarray) -> np.ndarray:
    """Death rates per band (rows: schedules scaled by ``hazard``)."""
    middle = AGES + np.minimum(WIDTHS, 10) / 2
    adult = 2.0e-5 * np.exp(GOMPERTZ_SLOPE * middle) + 1.5e-4
    adult[0] += 2.0e-3  # infant mortality
    return hazard[:, None] * adult[None, :]


def _expectancy(rates: np.ndarray) -> np.ndarray:
    """Life expectancy at birth of each schedule (the same Chiang table, no noise)."""
    a = np.where(AGES == 0, 0.1, 0.5)
    q = WIDTHS * rates / (1 + WIDTHS * (1 - a) * rates)
    q[:, -1] = 1.0
    alive = np.cumprod(np.column_stack([np.ones(len(rates)), 1 - q[:, :-1]]), axis=1)
    dead = alive * q
    years = WIDTHS * (alive - (1 - a) * dead)
    years[:, -1] = alive[:, -1] / rates[:, -1]
    return years.sum(axis=1)


def _hazard_for(target: np.ndarray) -> np.ndarray:
    """Scale of the schedule giving life expectancy ``target`` (two Newton-like steps)."""
    base = float(_expectancy(np.ones((1, len(AGES))) * _rates(np.ones(1)))[0])
    hazard = np.exp(-(target - base) * GOMPERTZ_SLOPE)
    for _ in range(3):
        hazard = hazard * np.exp(-(target - _expectancy(_rates(hazard))) * GOMPERTZ_SLOPE)
    return hazard


def life_table_values(target: np.ndarray, persons: np.ndarray, span: int,
                      rng: np.random.Generator) -> pd.DataFrame:
    """Life expectancy of rolling ``span``-year windows from yearly deaths and population.

    ``target`` (areas × windows, consecutive start years) is the modelled life
    expectancy of each window, linear in time; ``persons`` (areas × windows) the
    mean population. Deaths are drawn per year and summed over each window, so
    overlapping windows share their deaths as published rolling periods do.
    Returns one row per area and window (row-major): value, se, lower, upper,
    reason, and the deaths and person-years behind the table.
    """
    from jamlik.stats import life_expectancy

    n_areas, n_windows = target.shape
    step = (target[:, -1] - target[:, 0]) / max(n_windows - 1, 1)
    offsets = np.arange(n_windows + span - 1) - span // 2
    yearly_target = target[:, :1] + step[:, None] * offsets[None, :]  # areas × years
    yearly_people = persons[:, :1] * AGE_SHARES[None, :]  # areas × ages, per year
    rates = _rates(_hazard_for(yearly_target.ravel())).reshape(n_areas, -1, len(AGES))
    deaths = rng.poisson(rates * yearly_people[:, None, :])
    summed = np.cumsum(np.concatenate([np.zeros_like(deaths[:, :1]), deaths], axis=1), axis=1)
    window_deaths = summed[:, span:] - summed[:, :-span]  # areas × windows × ages
    person_years = np.broadcast_to(persons[:, :, None] * AGE_SHARES * span, window_deaths.shape)
    cells = n_areas * n_windows
    frame = pd.DataFrame({
        "cell": np.repeat(np.arange(cells), len(AGES)), "age_from": np.tile(AGES, cells).astype(int),
        "population": np.maximum(person_years.ravel(), 1.0), "deaths": window_deaths.ravel()})
    table = life_expectancy(frame, area="cell", sex=None, open_band=OPEN_AGE_BAND)
    table = table.set_index("cell").reindex(np.arange(cells))
    return pd.DataFrame({
        "value": table["value"].to_numpy(dtype=float), "se": table["se"].to_numpy(dtype=float),
        "lower": table["lower"].to_numpy(dtype=float), "upper": table["upper"].to_numpy(dtype=float),
        "reason": table["reason"].to_numpy(dtype=object),
        "deaths": window_deaths.sum(axis=2).ravel(), "person_years": person_years.sum(axis=2).ravel()})
