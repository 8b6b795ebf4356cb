"""Statistics benchmark at national scale.

1. All 21 WHO HEAT summary measures for 290 municipalities × 15 years × 40 indicators
   × 2 sexes, with about 50 districts as subgroups of each (17.4 million subgroup rows,
   348,000 measurements), computed in chunks of one indicator.
2. Life expectancy (Chiang II) for 6,000 areas × 2 sexes × 3 periods (720,000 rows).

Prints rows per second. ``--indicators N`` runs a smaller national file.

    .venv/bin/python benchmarks/stats.py [--indicators 40] [--reps 100]
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd

from jamlik.stats import life_expectancy, summary_measures

AGES = [0, 1, *range(5, 95, 5)]


def heat_chunk(indicator: int, *, rng: np.random.Generator, municipalities=290, years=15,
               districts=50) -> pd.DataFrame:
    """One indicator's HEAT Plus table: municipality × year × sex, districts as subgroups."""
    sexes = ("kvinnor", "man")
    shape = (municipalities, years, len(sexes), districts)
    count = int(np.prod(shape))
    m, y, s, d = np.unravel_index(np.arange(count), shape)
    level = rng.normal(70, 8, municipalities)[m] + rng.normal(0, 6, (municipalities, districts))[m, d]
    estimate = np.clip(level + 0.3 * y + 2.0 * s + rng.normal(0, 1, count), 1, 99)
    population = rng.integers(500, 20000, count).astype(float)
    return pd.DataFrame({
        "setting": np.array([f"{1000 + i:04d}" for i in range(municipalities)])[m],
        "date": 2010 + y,
        "source": "benchmark",
        "indicator_abbr": np.array([f"ind{indicator:02d}_{sex}" for sex in sexes])[s],
        "dimension": "omrade",
        "subgroup": np.array([f"d{j:02d}" for j in range(districts)])[d],
        "estimate": estimate,
        "se": rng.uniform(0.5, 3.0, count),
        "population": population,
        "favourable_indicator": 1,
        "indicator_scale": 100,
        "ordered_dimension": 0,
        "subgroup_order": np.nan,
        "reference_subgroup": 0,
        "setting_average": np.nan,
    })


def life_table_input(*, rng: np.random.Generator, areas=6000) -> pd.DataFrame:
    groups = areas * 2 * 3
    population = rng.integers(200, 3000, (groups, len(AGES))).astype(float) * 5
    rate = np.exp(-9.5 + 0.085 * np.array(AGES))
    deaths = rng.poisson(population * rate)
    area, sex, period = np.unravel_index(np.arange(groups), (areas, 2, 3))
    return pd.DataFrame({
        "area": np.repeat([f"A{i:05d}" for i in area], len(AGES)),
        "sex": np.repeat(np.array(["kvinnor", "man"])[sex], len(AGES)),
        "period": np.repeat(np.array(["2010-2014", "2015-2019", "2020-2024"])[period], len(AGES)),
        "age_from": np.tile(AGES, groups),
        "population": population.ravel(),
        "deaths": deaths.ravel(),
    })


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--reps", type=int, default=100)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(7)

    rows = measurements = results = 0
    seconds = 0.0
    for indicator in range(args.indicators):
        chunk = heat_chunk(indicator, rng=rng)
        started = time.perf_counter()
        out = summary_measures(chunk, rng=rng, reps=args.reps)
        seconds += time.perf_counter() - started
        rows += len(chunk)
        measurements += len(chunk) // 50
        results += len(out)
    print(f"HEAT, all 21 measures and the 6 large-group variants ({args.reps} simulations "
          "for the simulated intervals):")
    print(f"  {rows:,} subgroup rows, {measurements:,} measurements, {results:,} results "
          f"in {seconds:.1f} s")
    print(f"  {rows / seconds:,.0f} subgroup rows/s, {measurements / seconds:,.0f} measurements/s")

    frame = life_table_input(rng=rng)
    started = time.perf_counter()
    out = life_expectancy(frame, by=["period"])
    seconds = time.perf_counter() - started
    print("Life expectancy (Chiang II, 95 % intervals):")
    print(f"  {len(frame):,} rows, {len(out):,} life tables in {seconds:.2f} s: "
          f"{len(frame) / seconds:,.0f} rows/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
