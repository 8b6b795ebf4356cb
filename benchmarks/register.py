"""Register microdata at national scale: DuckDB against Spark local[2], one run.

Writes a synthetic register (default 10 million persons × 5 years, about 48 million
person-years), then computes the shipped indicator definitions (4 indicators × 3 area
levels × sex and region of birth) on DuckDB and on Spark, and prints time, peak memory and
whether the two agree. Usage: ``python benchmarks/register.py [--persons N] [--keep]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRIPT = """
import resource, sys, time
from jamlik.register import DEFAULT_DEFINITIONS, compute_indicators, load_definitions, open_persons
start = time.perf_counter()
table = open_persons(sys.argv[1], engine=sys.argv[2])
frame = compute_indicators(table, load_definitions(DEFAULT_DEFINITIONS))
elapsed = time.perf_counter() - start
frame.to_parquet(sys.argv[3])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{elapsed:.1f} {peak:.0f} {len(frame)} {int(frame['suppressed'].sum())}")
"""


def run(engine: str, persons: Path, out: Path) -> tuple[float, float, int, int]:
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(persons), engine, str(out)],
                          capture_output=True, text=True, check=True)
    seconds, peak, rows, withheld = done.stdout.split()[-4:]
    return float(seconds), float(peak), int(rows), int(withheld)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=10_000_000)
    parser.add_argument("--years", default="2019-2023")
    parser.add_argument("--keep", action="store_true", help="keep the persons file")
    args = parser.parse_args()
    import pandas as pd

    from jamlik.register import synthesize_persons

    first, last = map(int, args.years.split("-"))
    folder = Path(tempfile.mkdtemp(prefix="jamlik-register-"))
    persons = folder / "persons.parquet"
    print(f"load average {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores")
    start = time.perf_counter()
    rows = synthesize_persons(persons, persons=args.persons, years=range(first, last + 1), seed=1)
    print(f"synthetic register: {args.persons:,} persons, {rows:,} person-years, "
          f"{persons.stat().st_size / 2**20:,.0f} MiB Parquet, {time.perf_counter() - start:.0f} s")
    results = {}
    for engine in ("duckdb", "spark"):
        out = folder / f"{engine}.parquet"
        seconds, peak, count, withheld = run(engine, persons, out)
        results[engine] = pd.read_parquet(out)
        memory = f"peak {peak:,.0f} MiB (Python process)" if engine == "duckdb" else \
            "driver only; executors are JVM threads in local[2]"
        print(f"{engine:7s} {seconds:7.1f} s   {count:,} rows, {withheld:,} withheld   {memory}")
    key = ["indicator", "area_level", "area_code", "period", "dimension", "subgroup"]
    left = results["duckdb"].set_index(key).sort_index()
    right = results["spark"].set_index(key).sort_index()
    same = left.index.equals(right.index) and left["numerator"].equals(right["numerator"])
    print(f"DuckDB and Spark agree on every key and count: {same}")
    if not args.keep:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    print(f"benchmark process peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
