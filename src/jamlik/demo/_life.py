"""Example life expectancy made as Statistics Sweden makes it for areas: deaths and
population by age over a five-year period, and a life table (jamlik's Chiang II
with PHE's rules, open age band 90+), instead of values with an invented SE.

Mortality is a Gompertz–Makeham schedule (plus infant mortality) whose level
moves with each area's disadvantage and falls over time, so that life
expectancy at birth is near the demo's target (``Spec.base + effect·z +
trend·t``); the deaths are Poisson draws. Example data: not real statistics.

The deaths and person-years by age band behind the tables of the periods that
share no data (2010–2014, 2015–2019, 2020–2024) are stored too, as the example
indicator ``dodstal`` (deaths per 100 000 person-years by age band, numerator =
deaths, denominator = person-years), so that the equality report can decompose
the gap between the most and least deprived areas by age (Arriaga).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

AGES = np.array([0, 1, *range(5, 95, 5)], dtype=float)  # abridged, 90+ open
WIDTHS = np.diff(np.append(AGES, 100.0))
OPEN_AGE_BAND = 90
DEATH_RATE = "dodstal"
AGE_DIMENSION = "alder"
DEATH_RATE_META = {
    "indicator": DEATH_RATE, "indicator_name": "Dödstal efter ålder (exempeldata)",
    "indicator_name_en": "Death rate by age (example data)", "unit": "per 100 000",
    "scale": 100_000.0, "polarity": "lower_better", "kind": "rate"}
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


def age_band_codes() -> list[str]:
    """The stored subgroup codes of the age bands: "0", "1-4", …, "85-89", "90+"."""
    ends = [*(AGES[1:] - 1).astype(int), None]
    return [f"{int(a)}+" if e is None else (str(int(a)) if e == a else f"{int(a)}-{e}")
            for a, e in zip(AGES, ends)]


def life_table_values(target: np.ndarray, persons: np.ndarray, span: int,
                      rng: np.random.Generator) -> pd.DataFrame:
    """Life expectancy of rolling ``span``-year windows from yearly deaths and population.

    ``target`` (areas × windows, consecutive start years) is the modelled life
    expectancy of each window, linear in time; ``persons`` (areas × windows) the
    mean population. Deaths are drawn per year and summed over each window, so
    overlapping windows share their deaths as published rolling periods do.
    Returns one row per area and window (row-major): value, se, lower, upper,
    reason, and the deaths and person-years behind the table; ``attrs["by_age"]``
    holds the same by age band (areas × windows × ages): ``deaths``, ``person_years``.
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
    out = pd.DataFrame({
        "value": table["value"].to_numpy(dtype=float), "se": table["se"].to_numpy(dtype=float),
        "lower": table["lower"].to_numpy(dtype=float), "upper": table["upper"].to_numpy(dtype=float),
        "reason": table["reason"].to_numpy(dtype=object),
        "deaths": window_deaths.sum(axis=2).ravel(), "person_years": person_years.sum(axis=2).ravel()})
    out.attrs["by_age"] = {"deaths": window_deaths, "person_years": person_years}
    return out


def death_rate_rows(by_age: dict, areas, periods: list[str]) -> pd.DataFrame:
    """Observations of :data:`DEATH_RATE` for the RegSO areas in the periods ending
    2014, 2019 and 2024 (five-year windows that share no deaths): one row per area,
    period and age band with the deaths (numerator) and person-years (denominator)
    the life table used. ``by_age`` as in :func:`life_table_values`'s attrs."""
    keep_areas = [i for i, a in enumerate(areas) if a.level == "regso"]
    keep_periods = [j for j, p in enumerate(periods) if p[-4:] in ("2014", "2019", "2024")]
    deaths = by_age["deaths"][np.ix_(keep_areas, keep_periods)]
    years = by_age["person_years"][np.ix_(keep_areas, keep_periods)]
    n_a, n_p, n_x = deaths.shape
    bands = age_band_codes()
    return pd.DataFrame({
        "indicator": DEATH_RATE,
        "area_code": np.repeat([areas[i].code for i in keep_areas], n_p * n_x),
        "area_version": np.repeat([areas[i].version for i in keep_areas], n_p * n_x),
        "period": np.tile(np.repeat([periods[j] for j in keep_periods], n_x), n_a),
        "dimension": AGE_DIMENSION, "subgroup": np.tile(bands, n_a * n_p),
        "value": np.round(1e5 * deaths / years, 2).ravel(),
        "numerator": deaths.ravel().astype(float), "denominator": np.round(years, 1).ravel(),
        "population": np.round(years / 5, 0).ravel(), "suppressed": False,
        "suppression_reason": None})
