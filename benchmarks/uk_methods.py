"""Benchmark of the UK public-health methods at national scale, side by side.

1. Directly standardised rates: 10,000 areas × 19 ESP2013 bands (and 1,000 and
   100,000 areas, to show the cost is linear in areas).
2. SII with Monte Carlo limits at PHE's default 100,000 draws: 10,000 areas ×
   10 deciles, SII alone (phe_sii's default) and with the RII.

Each is run once against
* PHEindicatormethods (phe_dsr / calculate_dsr, phe_sii) when ``Rscript`` and the
  package are installed ("skipped: R not found" otherwise), on the same input;
* a plain pandas/numpy baseline written here: a groupby for the DSR, and for the
  SII phe_sii's own procedure (draw every decile's value, fit each draw by WLS,
  sort), run on a subset of areas and scaled linearly;
and the values are compared. Peak memory is tracemalloc's peak for the call.

Earlier jamlik (before issue 12, commit edd0222), for comparison: DSR 10,000
areas 1.90 s; SII 1,000 areas × 10,000 draws 8.7 s and 718 MB resident (it held
every draw: 10,000 areas × 100,000 draws would need 16 GB); both measured at load
average 2-3.5 on the 2-core machine. The issue measured phe_dsr 5.8× and phe_sii
14× slower than that jamlik.

    .venv/bin/python benchmarks/uk_methods.py [--areas 10000] [--reps 100000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import ndtri

from jamlik.stats import ESP2013, dsr, sii

Z95 = float(ndtri(0.975))


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def measured(function, *args, twice: bool = False, **kwargs):
    """(result, seconds, peak MB) of one call.

    ``twice``: time an untraced call and take the peak from a second one (tracemalloc
    slows code that allocates many small Python objects; numpy-bound code barely).
    """
    if twice:
        started = time.perf_counter()
        function(*args, **kwargs)
        seconds = time.perf_counter() - started
        result, _, peak = measured(function, *args, **kwargs)
        return result, seconds, peak
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = function(*args, **kwargs)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    return result, seconds, peak


def r_available(package: str) -> bool:
    if shutil.which("Rscript") is None:
        return False
    check = subprocess.run(["Rscript", "-e", f"library({package})"], capture_output=True)
    return check.returncode == 0


def run_r(script: str, data: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    """Run an R script on ``data`` (read as ``d``); it writes ``out`` and the seconds."""
    with tempfile.TemporaryDirectory() as folder:
        inp, out, secs = (Path(folder) / name for name in ("in.csv", "out.csv", "seconds.txt"))
        data.to_csv(inp, index=False)
        code = (f"suppressMessages({{library(PHEindicatormethods); library(dplyr)}})\n"
                f"d <- read.csv('{inp}')\n{script}\n"
                f"write.csv(out, '{out}', row.names = FALSE)\n"
                f"writeLines(as.character(elapsed[['elapsed']]), '{secs}')\n")  # fmt: skip
        subprocess.run(["Rscript", "-e", code], check=True)
        return pd.read_csv(out), float(secs.read_text())


# -- 1. DSR ---------------------------------------------------------------------------


def dsr_input(areas: int, rng: np.random.Generator) -> pd.DataFrame:
    bands = list(ESP2013)
    population = rng.integers(200, 6000, areas * len(bands)).astype(float)
    rate = np.tile(np.exp(-9 + 0.09 * np.arange(0, 95, 5)), areas)
    return pd.DataFrame({
        "area": np.repeat([f"A{i:06d}" for i in range(areas)], len(bands)),
        "age_band": np.tile(bands, areas), "population": population,
        "count": rng.poisson(population * rate * 20).astype(float),
    })  # fmt: skip


def dsr_baseline(d: pd.DataFrame) -> pd.DataFrame:
    """DSR with Dobson/Byar limits, written as a plain pandas groupby."""
    weights = pd.DataFrame({"age_band": list(ESP2013), "w": list(ESP2013.values())})
    f = d.merge(weights, on="age_band")
    f["rate"] = f["count"] * f["w"] / f["population"]
    f["var"] = f["count"] * (f["w"] / f["population"]) ** 2
    g = f.groupby("area")[["count", "rate", "var", "w"]].sum()
    o = g["count"]
    value = g["rate"] / g["w"] * 1e5
    var = g["var"] / g["w"] ** 2
    low = o * (1 - 1 / (9 * o) - Z95 / (3 * np.sqrt(o))) ** 3
    high = (o + 1) * (1 - 1 / (9 * (o + 1)) + Z95 / (3 * np.sqrt(o + 1))) ** 3
    factor = np.sqrt(var / o) * 1e5
    return pd.DataFrame({"value": value, "lower": value + factor * (low - o),
                         "upper": value + factor * (high - o)}).reset_index()  # fmt: skip


R_DSR = """
elapsed <- system.time(
  out <- if (exists("calculate_dsr")) {
    d %>% left_join(data.frame(age_band = unique(d$age_band), stdpop = esp2013), by = "age_band") %>%
      group_by(area) %>% calculate_dsr(x = count, n = population, stdpop = stdpop)
  } else {
    d %>% group_by(area) %>% phe_dsr(count, population)
  })
out <- as.data.frame(out)[, c("area", "value", "lowercl", "uppercl")]
"""


def bench_dsr(sizes: list[int], rng: np.random.Generator) -> None:
    print(f"1. Directly standardised rate (ESP2013, 19 bands, Dobson limits) [{load()}]")
    for areas in sizes:
        d = dsr_input(areas, rng)
        ours, seconds, peak = measured(dsr, d, by="area", twice=True)
        base, base_seconds, base_peak = measured(dsr_baseline, d, twice=True)
        merged = ours.merge(base, on="area", suffixes=("", "_base"))
        diff = max(np.nanmax(np.abs(merged[c] - merged[f"{c}_base"]) / merged[f"{c}_base"])
                   for c in ("value", "lower", "upper"))  # fmt: skip
        print(f"  {areas:>7,} areas: jamlik {seconds:7.3f} s, {peak:6.0f} MB peak "
              f"({seconds / areas * 1e6:5.1f} µs/area) | pandas groupby {base_seconds:7.3f} s, "
              f"{base_peak:6.0f} MB: {base_seconds / seconds:5.1f}× | largest relative "
              f"difference {diff:.1e}")  # fmt: skip
        if areas == 10_000:
            if r_available("PHEindicatormethods"):
                out, r_seconds = run_r(R_DSR, d)
                both = ours.merge(out, on="area")
                agree = np.nanmax(np.abs(both["value_x"] - both["value_y"]) / both["value_y"])
                print(f"           PHEindicatormethods {r_seconds:.2f} s: jamlik "
                      f"{r_seconds / seconds:.0f}× faster, largest relative difference "
                      f"{agree:.1e}")  # fmt: skip
            else:
                print("           PHEindicatormethods: skipped: R not found")


# -- 2. SII ---------------------------------------------------------------------------


def sii_input(areas: int, rng: np.random.Generator) -> pd.DataFrame:
    deciles = np.tile(np.arange(1, 11), areas)
    return pd.DataFrame({
        "area": np.repeat(np.arange(areas), 10), "quantile": deciles,
        "population": rng.integers(2000, 20000, areas * 10).astype(float),
        "value": 72 + 0.8 * deciles + rng.normal(0, 0.5, areas * 10),
        "se": rng.uniform(0.3, 1.2, areas * 10),
    })  # fmt: skip


def sii_baseline(d: pd.DataFrame, reps: int, rng: np.random.Generator, rii: bool):
    """phe_sii's procedure in plain numpy: draw, fit every draw by WLS, sort."""
    out = []
    low, high = round(reps * 0.025) - 1, round(reps * 0.975) - 1
    for _, g in d.groupby("area", sort=True):
        share = g["population"].to_numpy() / g["population"].sum()
        rank = np.cumsum(share) - share / 2
        x = np.column_stack([np.ones(10), rank])
        draws = g["value"].to_numpy() + g["se"].to_numpy() * rng.standard_normal((reps, 10))
        beta = np.linalg.solve(x.T @ (share[:, None] * x), x.T @ (share[:, None] * draws.T))
        stat = (beta[0] + beta[1]) / beta[0] if rii else beta[1]
        ordered = np.partition(stat, [low, high])
        out.append((ordered[low], ordered[high], stat.std(ddof=1)))
    return np.array(out)


R_SII = """
elapsed <- system.time(
  out <- d %>% group_by(area) %>% phe_sii(quantile, population, value = value, se = se,
                                         repetitions = REPS, rii = RII))
out <- as.data.frame(out)
"""


def bench_sii(areas: int, reps: int, rng: np.random.Generator) -> None:
    print(f"2. SII, Monte Carlo limits, {reps:,} draws, {areas:,} areas × 10 deciles [{load()}]")
    d = sii_input(areas, rng)
    subset = max(5, min(40, areas))
    part = d[d["area"] < subset]
    for rii in (False, True):
        label = "SII and RII" if rii else "SII alone (phe_sii's default)"
        ours, seconds, peak = measured(sii, d, se="se", by="area", reps=reps, rng=1, rii=rii)
        base, base_seconds, base_peak = measured(sii_baseline, part, reps, rng, rii)
        scaled = base_seconds * areas / subset
        mine = ours[ours["measure"] == ("rii" if rii else "sii")].head(subset)
        # Limits are random: compare them in units of their Monte Carlo standard error
        # (of a 2.5 % order statistic of `reps` draws: √(p(1−p)/n)/φ(z) × sd).
        mc_se = np.sqrt(0.025 * 0.975 / reps) / 0.05844 * base[:, 2] * np.sqrt(2)
        gap = np.max(np.abs(np.column_stack([mine["lower"], mine["upper"]]) - base[:, :2])
                     / mc_se[:, None])  # fmt: skip
        print(f"  {label}: jamlik {seconds:7.2f} s, {peak:5.0f} MB peak | numpy brute force "
              f"{scaled:8.1f} s (timed on {subset} areas, scaled), {base_peak:4.0f} MB for "
              f"{subset}: {scaled / seconds:6.0f}× | limits differ by at most {gap:.1f} Monte "
              f"Carlo SE of the difference")  # fmt: skip
        if r_available("PHEindicatormethods"):
            script = R_SII.replace("REPS", str(reps)).replace("RII", "TRUE" if rii else "FALSE")
            _, r_seconds = run_r(script, part)
            r_scaled = r_seconds * areas / subset
            print(f"           phe_sii {r_scaled:.1f} s (timed on {subset} areas, scaled): "
                  f"jamlik {r_scaled / seconds:.0f}× faster")  # fmt: skip
        else:
            print("           phe_sii: skipped: R not found")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=100_000)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(12)
    bench_dsr(sorted({args.areas // 10, args.areas, args.areas * 10}), rng)
    bench_sii(args.areas, args.reps, rng)
    return 0


if __name__ == "__main__":
    sys.exit(main())
