"""A Göteborg-like setup for the simulation tests: the 147 RegSO districts with
Statistics Sweden's real områdestyp 2022 as the area index, populations and a latent
disadvantage shaped as in the demo generator (``jamlik.demo._indicators``: lognormal
populations around 5,500, value = base + effect · disadvantage), and binomial counts
of the demo's sample sizes (gymnasiebehörighet: 1.1 % of the population per year,
tillit: a survey of 1.2 %)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from jamlik.data import regso_area_types

SETTINGS = {  # indicator: (base %, effect per unit of disadvantage, sample per inhabitant)
    "gymnasiebehorighet": (86.0, -8.0, 0.011),
    "tillit": (63.0, -9.0, 0.012),
}


def districts(rng: np.random.Generator) -> pd.DataFrame:
    types = {code: t for code, t in regso_area_types().items() if code.startswith("1480")}
    codes = sorted(types)
    index = np.array([types[c] for c in codes])
    population = rng.lognormal(np.log(5500), 0.45, len(codes)).round()
    # disadvantage falls with the area type, with spread inside each type
    disadvantage = (3 - index) * 0.6 + rng.normal(0.0, 0.4, len(codes))
    return pd.DataFrame({"area": codes, "area_index": index, "population": population,
                         "disadvantage": disadvantage})


def true_percent(areas: pd.DataFrame, indicator: str, *, effect_change: float = 0.0,
                 years_from_start: float = 0.0, no_gap: bool = False) -> np.ndarray:
    base, effect, _ = SETTINGS[indicator]
    effect = 0.0 if no_gap else effect + effect_change * years_from_start
    return np.clip(base + effect * areas["disadvantage"].to_numpy(), 0.5, 99.5)


def sample_sizes(areas: pd.DataFrame, indicator: str, years: int = 1) -> np.ndarray:
    return np.maximum((areas["population"].to_numpy() * SETTINGS[indicator][2]).round(), 1) * years


def draw(areas, indicator, rng, reps, *, percent=None, years=1):
    """``reps`` replicates of counts per district: a long table rep × area."""
    percent = true_percent(areas, indicator) if percent is None else percent
    n = sample_sizes(areas, indicator, years)
    x = rng.binomial(n.astype(np.int64), percent / 100, size=(reps, len(areas)))
    k = len(areas)
    return pd.DataFrame({
        "rep": np.repeat(np.arange(reps), k), "area": np.tile(areas["area"], reps),
        "area_index": np.tile(areas["area_index"], reps),
        "population": np.tile(areas["population"], reps),
        "numerator": x.ravel().astype(float), "denominator": np.tile(n, reps).astype(float),
    })
