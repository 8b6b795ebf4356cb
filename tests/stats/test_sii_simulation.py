"""Distributional agreement of sii()'s fast simulation with phe_sii's brute-force method.

sii() draws the fitted coefficients, or only the order statistics it needs, where
the fit keeps the draws normal. phe_sii instead draws every quantile's value, fits
each draw and sorts the simulated indices. Both are random; what must agree is the
distribution of the limits, so each is run over many seeds and the two samples of
limits are compared with a two-sample Kolmogorov-Smirnov test (fixed seeds: the
verdict is deterministic).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import ks_2samp

from jamlik.stats import sii

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "uk"
SEEDS = 100
REPS = 1000


def _brute_force(population, value, sd, *, value_type, transform, multiplier, rii, rng):
    """phe_sii's procedure written plainly: draw, fit each draw by WLS, take order statistics."""
    link = {"mean": lambda v: v, "rate": np.log, "proportion": lambda v: np.log(v / (1 - v))}
    inverse = {"mean": lambda v: v, "rate": np.exp, "proportion": lambda v: 1 / (1 + np.exp(-v))}
    share = population / population.sum()
    rank = np.cumsum(share) - share / 2
    design = np.column_stack([np.ones_like(rank), rank])
    draws = link[value_type](value) + sd * rng.standard_normal((REPS, len(value)))
    if not transform:
        draws = inverse[value_type](draws)
    gram = design.T @ (share[:, None] * design)
    coefficients = np.linalg.solve(gram, design.T @ (share[:, None] * draws.T))  # 2 × reps
    low, high = round(REPS * 0.025) - 1, round(REPS * 0.975) - 1
    if rii:
        b0, b1 = coefficients
        ratio = np.sort((b0 + b1) / b0)
        return ratio[low], ratio[high]
    slope = np.sort(coefficients[1] * (1 if transform else multiplier))
    if not transform:
        return slope[low], slope[high]
    fitted = np.linalg.solve(gram, design.T @ (share * link[value_type](value)))
    middle = fitted[0] + fitted[1] / 2
    g = inverse[value_type]
    return tuple((g(middle + s / 2) - g(middle - s / 2)) * multiplier for s in (slope[low], slope[high]))


def _life_expectancy():
    frame = pd.read_csv(FIXTURES / "phe_le_data_males.csv")
    return frame[frame["GeoCode"] == "E06000003"].reset_index(drop=True)


def _rates():
    frame = pd.read_csv(FIXTURES / "phe_dsr_data.csv")
    return frame[frame["Period"] == 2012].reset_index(drop=True)


CASES = {
    # exact order statistics of a normal slope
    "mean, sii": (_life_expectancy, dict(value_type="mean", multiplier=1), False),
    "mean, sii, m=-1": (_life_expectancy, dict(value_type="mean", multiplier=-1), False),
    # coefficients drawn as a bivariate normal
    "mean, rii": (_life_expectancy, dict(value_type="mean", multiplier=1), True),
    # quantile values drawn (log-normal) and fitted as one matrix product
    "rate, sii": (_rates, dict(value_type="rate", multiplier=1), False),
    "rate, rii": (_rates, dict(value_type="rate", multiplier=1), True),
    # intercept close to 0: the RII's ratio may cross it, so the coefficients are drawn
    "mean near 0, rii": (lambda: _life_expectancy().assign(
        LifeExp=lambda d: (d["LifeExp"] - d["LifeExp"].mean()) / 10 + 0.3),
        dict(value_type="mean", multiplier=1), True),
    # transformed: normal slope on the log scale, pivoted
    "rate, transformed": (_rates, dict(value_type="rate", multiplier=1, transform=True), False),
}


@pytest.mark.parametrize("case", CASES)
def test_limits_have_phe_sampling_distribution(case):
    load, options, rii = CASES[case]
    data = load()
    le = "LifeExp" in data.columns
    columns = (dict(quantile="Decile", population="Pop", value="LifeExp", se="SE") if le
               else dict(quantile="Quintile", population="total_pop", value="value",
                         lower="lowercl", upper="uppercl"))  # fmt: skip
    transform = options.get("transform", False)
    population = data[columns["population"]].to_numpy(float)
    value = data[columns["value"]].to_numpy(float)
    if le:
        sd = data["SE"].to_numpy(float)
    else:
        sd = (np.log(data["uppercl"]) - np.log(data["lowercl"])).to_numpy(float) / (2 * 1.959963984540054)
    ours, theirs = [], []
    for seed in range(SEEDS):
        got = sii(data, **columns, **options, reps=REPS, rng=seed, rii=rii)
        row = got[got["measure"] == ("rii" if rii and not transform else "sii")].iloc[0]
        ours.append((row["lower"], row["upper"]))
        theirs.append(_brute_force(population, value, sd, value_type=options["value_type"],
                                   transform=transform, multiplier=options["multiplier"],
                                   rii=rii and not transform,
                                   rng=np.random.default_rng(10_000 + seed)))  # fmt: skip
    ours, theirs = np.array(ours), np.array(theirs)
    for side in (0, 1):
        assert ks_2samp(ours[:, side], theirs[:, side]).pvalue > 0.001, (case, side)
    # Sanity of the test itself: the limits do vary between seeds (Monte Carlo error
    # exists), and a shift of one Monte Carlo standard deviation is detected.
    spread = theirs[:, 0].std()
    assert spread > 0
    assert ks_2samp(ours[:, 0] + 1.0 * spread, theirs[:, 0]).pvalue < 0.001


@pytest.mark.parametrize("options, centre", [
    (dict(value_type="rate", rii=True), 65),  # quantile values drawn chunk by chunk
    (dict(value_type="mean", rii=True), 0.0),  # intercept near 0: coefficients drawn
    (dict(value_type="mean", rii=True), 65),  # exact order statistics of slope and RII
    (dict(value_type="mean", rii=False), 65),  # exact order statistics of the slope
])  # fmt: skip
def test_draws_are_never_held_all_at_once(monkeypatch, options, centre):
    import tracemalloc

    from jamlik.stats import _sii

    groups, reps, k = 300, 10_000, 5
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({
        "area": np.repeat(np.arange(groups), k), "quantile": np.tile(np.arange(1, k + 1), groups),
        "population": rng.integers(1000, 5000, groups * k).astype(float),
        "value": centre + rng.uniform(-15, 15, groups * k) * (centre > 0)
        + rng.uniform(-0.02, 0.02, groups * k), "se": rng.uniform(0.01, 0.05, groups * k),
    })  # fmt: skip
    # Small chunks, so that the ceiling is far below what all draws at once would take:
    # 300 × 10,000 × 5 values (120 MB), or even the 300 × 2 × 10,000 coefficients (48 MB).
    monkeypatch.setattr(_sii, "_CHUNK_FLOATS", 100_000)
    ceiling = 16 * 2**20
    assert groups * 2 * reps * 8 > 2.5 * ceiling
    tracemalloc.start()
    try:
        got = sii(frame, se="se", by="area", reps=reps, rng=1, **options)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got["lower"].notna().all()
    assert peak < ceiling, f"peak {peak / 2**20:.0f} MB"
