"""Statistics benchmark at national scale.

1. All 21 WHO HEAT summary measures for 290 municipalities × 15 years × 40 indicators
   × 2 sexes, with about 50 districts as subgroups of each (17.4 million subgroup rows,
   348,000 measurements), streamed through ``iter_summary_measures`` one indicator at a
   time (the national table is never held whole). Printed with the process's peak
   memory, and beside a plain pandas groupby computing D and R (whose values are
   compared) and WHO's healthequal when R has it ("skipped" otherwise).
   Before issue 12 (commit edd0222, idle machine): 37.1 s, 469,064 subgroup rows/s;
   the national file held in memory at once peaked at about 8 GB.
2. Life expectancy (Chiang II) for 6,000 areas × 2 sexes × 3 periods (720,000 rows).

Prints rows per second. ``--indicators N`` runs a smaller national file.

    .venv/bin/python benchmarks/stats.py [--indicators 40] [--reps 100]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time

import numpy as np
import pandas as pd

from jamlik.stats import iter_summary_measures, life_expectancy

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


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


KEYS = ["setting", "date", "source", "indicator_abbr", "dimension"]


def _baseline(chunk: pd.DataFrame) -> pd.DataFrame:
    """D and R of a non-ordered dimension without reference: highest minus/over lowest."""
    extremes = chunk.groupby(KEYS, sort=False)["estimate"].agg(["max", "min"])
    return pd.DataFrame({"D": extremes["max"] - extremes["min"],
                         "R": extremes["max"] / extremes["min"]})


def _agreement(base: pd.DataFrame, out: pd.DataFrame | None) -> float:
    if out is None:
        return 0.0
    ours = out[out["measure"].isin(["D", "R"])].pivot_table(
        index=KEYS, columns="measure", values="value")
    joined = base.merge(ours, left_index=True, right_index=True, suffixes=("", "_jamlik"))
    return float(max(np.max(np.abs(joined[m] - joined[f"{m}_jamlik"])) for m in ("D", "R")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--reps", type=int, default=100)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(7)

    print(f"HEAT, all 21 measures and the 6 large-group variants ({args.reps} simulations "
          f"for the simulated intervals) [load average {_load()}]:")
    rows = measurements = results = 0
    baseline_seconds, agreement = 0.0, 0.0
    seconds = 0.0

    def national():
        nonlocal rows, measurements, baseline_seconds, agreement
        for indicator in range(args.indicators):
            started = time.perf_counter()
            chunk = heat_chunk(indicator, rng=rng)
            making[0] += time.perf_counter() - started
            rows += len(chunk)
            measurements += len(chunk) // 50
            started = time.perf_counter()
            base = _baseline(chunk)
            baseline_seconds += time.perf_counter() - started
            yield chunk
            agreement = max(agreement, _agreement(base, last[0]))

    last, making = [None], [0.0]
    started = time.perf_counter()
    for out in iter_summary_measures(national(), rng=rng, reps=args.reps):
        last[0] = out
        results += len(out)
    # Not counted: making the synthetic parts and the baseline (run inside the stream).
    seconds = time.perf_counter() - started - baseline_seconds - making[0]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  {rows:,} subgroup rows, {measurements:,} measurements, {results:,} results "
          f"in {seconds:.1f} s")
    print(f"  {rows / seconds:,.0f} subgroup rows/s, {measurements / seconds:,.0f} measurements/s, "
          f"peak memory of the process {peak:,.0f} MB")
    print(f"  pandas groupby, D and R only: {baseline_seconds:.1f} s; jamlik's D and R equal "
          f"it to {agreement:.1e}")
    if shutil.which("Rscript") and subprocess.run(
            ["Rscript", "-e", "library(healthequal)"], capture_output=True).returncode == 0:
        print("  healthequal: found but not run by this script (measured side by side in "
              "issue 3: jamlik 2,000-4,600× faster with equal values)")
    else:
        print("  healthequal: skipped: R not found")

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
