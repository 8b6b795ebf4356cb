"""Import benchmark: 1 million observations from a tidy CSV into SQLite and PostgreSQL.

Prints rows per second for each backend (parse + check + write, one batch), and
for a re-import of a revised file (every value changed: history is kept), beside a
plain baseline at the machine's limit: pandas ``read_csv`` and one ``executemany``
into a bare SQLite table, and PostgreSQL's own ``COPY ... FROM STDIN (FORMAT csv)``
of the file's bytes (no checks, no history). There is no reference tool for this.
Peak memory is the process's resident peak after jamlik's imports.

Before issue 12 (commit edd0222, idle machine): SQLite 118,729 rows/s, revised
59,801 rows/s; PostgreSQL (COPY) 73,933 rows/s, revised 34,362 rows/s.

Issue 12 item 4, the same 1M-row files run before (4051e94) and after (branch speed),
one after the other on a shared 2-core machine at load average 7.7-8.4 (so far
below the idle figures above; compare the pairs, not with them):
SQLite 44,623 -> 66,657 rows/s, revised 31,897 -> 37,511 rows/s; PostgreSQL
34,324 -> 48,981 rows/s, revised 12,522 -> 13,530 rows/s. Again at load average
4.5-5.1 (with the chunked write): SQLite 53,995 -> 102,617 rows/s, revised
51,406 -> 90,023 rows/s; PostgreSQL 52,351 -> 96,241 rows/s, revised 24,798 ->
35,105 rows/s. Still far from the goal (500,000 and 300,000 rows/s). cProfile of the first
SQLite import before (load 3.3, 9.7 s): parsing and checking 4.1 s (CSV reader
0.8 s, typing 0.9 s, checks 1.7 s of which pandas' str/object conversions ~1.4 s),
metadata (areas, subgroups, periods, indicators) ~1.6 s, writing 3.8 s (3.4 s in
sqlite's executemany). After: parsing and checking ~2.5x faster (Arrow's reader,
no conversions, one factorization per column); the write is now the bulk
(executemany into observation with its three indexes: ~60 % of the time), then
the re-import's two classifying statements (UPDATE of the superseded rows and
INSERT of the new ones: ~9.7 s of 16.5 s at load 6.8).

Branch importspeed (issue 12 item 4, second pass). The shared machine stood at load
average 11-17 on 2 cores while these ran, so wall-clock rows/s are a fraction of what an
idle machine gives; the process's CPU seconds (printed since this pass) are the fairer
comparison for SQLite, whose work is all in this process. Same files, before (main
9dc9ce3) and after, back to back: SQLite first import 11.5 -> 7.3 CPU s (87,000 ->
137,000 rows per CPU second), revised 18.3 -> 13.4 CPU s (55,000 -> 75,000); wall
clock at load 12-13: 18,388 -> 20,023 and 15,097 -> 13,723 rows/s (noise). PostgreSQL
at load 12-14: 16,839 -> 24,940 rows/s, revised 5,109 -> 8,555 rows/s; but the bare
COPY baseline moved 105,975 -> 148,956 rows/s between the two runs, so against it the
first import gained little (16 -> 17 % of the baseline) and the revised one some (4.8
-> 5.7 %); this process's CPU is ~5.5 s either way (the server does the rest). What
changed: 64 rows bound per INSERT statement (the driver's per-row step/reset/bind
overhead was half the write); ids looked up by one factorization per column; PostgreSQL
loads a first import into an empty table without its secondary indexes and rebuilds them
in the same transaction (1M rows: write 17 s instead of 23-26 s at load 8; in SQLite the
rebuild's sorts cost more than the key-ordered index appends, so it keeps them), then
ANALYZEs, and marks revised rows with UPDATE ... FROM (a merge join over the unique
index: 32 s instead of 64 s at load 10; the old form was planned as a look-up by id per
row). What bounds it: parsing and checking (ingest, not changed here) take ~2.1 CPU s of
the 7.3; the SQLite INSERT itself ~1.4 CPU s (the engine's own B-tree work without Python
is ~0.9 s for 1M rows with no indexes, ~2.3 s with them, out of key order); a revision
in SQLite is an UPDATE of the old row (its two index entries move) plus an INSERT (~7 CPU
s of the 13.4); in PostgreSQL the server's own work dominates (COPY, four indexes, WAL
with full-page writes, 128 MB shared buffers, and a revision rewrites the old row's
tuple and every index entry because the indexed superseded_by_batch_id changes). The
goals of 500,000 / 300,000 rows/s are not reached: even the bare baselines (no checks,
no history, no indexes) stay below them here.

    .venv/bin/python benchmarks/import_bench.py [--rows 1000000] [--no-postgres] [--no-sqlite]
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
import pandas as pd


def make_csv(path: Path, rows: int, *, rng: np.random.Generator, shift: float = 0.0) -> None:
    areas = 3363
    periods = list(range(2010, 2025))
    subgroups = [("total", "total"), ("kon", "kvinnor"), ("kon", "man")]
    per_indicator = areas * len(periods) * len(subgroups)
    indicators = -(-rows // per_indicator)
    index = np.arange(rows)
    area = index % areas
    rest = index // areas
    period = rest % len(periods)
    rest //= len(periods)
    subgroup = rest % len(subgroups)
    indicator = rest // len(subgroups)
    frame = pd.DataFrame({
        "indicator": np.array([f"ind{i:02d}" for i in range(indicators)])[indicator],
        "area_code": np.array([f"{1000 + a // 12:04d}R{a % 12:03d}" for a in range(areas)])[area],
        "area_version": "RegSO_2025",
        "period": np.array([str(p) for p in periods])[period],
        "dimension": np.array([d for d, _ in subgroups])[subgroup],
        "subgroup": np.array([s for _, s in subgroups])[subgroup],
        "value": np.round(rng.normal(50, 10, rows) + shift, 3),
        "se": np.round(rng.uniform(0.5, 3, rows), 3),
        "population": rng.integers(1000, 30000, rows),
    })
    frame.to_csv(path, index=False)


def run(url: str, csv_path: Path, revised: Path) -> tuple[float, float]:
    from jamlik.jobs import import_file
    from jamlik.store import connect

    engine = connect(url)
    started, cpu = time.perf_counter(), time.process_time()
    first = import_file(csv_path, engine=engine)
    first_seconds = time.perf_counter() - started
    first_cpu = time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    second = import_file(revised, engine=engine)
    second_seconds = time.perf_counter() - started
    second_cpu = time.process_time() - cpu
    assert first.rows_inserted == first.rows_read, first
    assert second.rows_revised == second.rows_read, second
    engine.dispose()
    print(f"  (this process's CPU: {first_cpu:.1f} s and {second_cpu:.1f} s, i.e. "
          f"{first.rows_read / first_cpu:,.0f} and {second.rows_read / second_cpu:,.0f} rows "
          f"per CPU second; a PostgreSQL server's own work is not in it)")
    return first.rows_read / first_seconds, second.rows_read / second_seconds


def baseline_sqlite(csv_path: Path, folder: Path) -> float:
    started = time.perf_counter()
    frame = pd.read_csv(csv_path)
    with sqlite3.connect(folder / "baseline.db") as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"CREATE TABLE t ({', '.join(frame.columns)})")
        conn.executemany(f"INSERT INTO t VALUES ({', '.join('?' * frame.shape[1])})",
                         frame.itertuples(index=False, name=None))
    return len(frame) / (time.perf_counter() - started)


def baseline_postgres(csv_path: Path, url: str) -> float:
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE baseline (indicator text, area_code text, area_version text, "
                     "period text, dimension text, subgroup text, value float8, se float8, "
                     "population float8)")
        started = time.perf_counter()
        with conn.cursor().copy("COPY baseline FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            copy.write(csv_path.read_bytes())
        conn.commit()
        rows = conn.execute("SELECT count(*) FROM baseline").fetchone()[0]
        return rows / (time.perf_counter() - started)


def _peak() -> str:
    return f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(1)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        csv_path, revised = folder / "observations.csv", folder / "revised.csv"
        make_csv(csv_path, args.rows, rng=rng)
        make_csv(revised, args.rows, rng=np.random.default_rng(1), shift=0.5)
        size = csv_path.stat().st_size / 1e6
        print(f"{args.rows:,} observations, {size:.0f} MB CSV [load average {_load()}]")
        if not args.no_sqlite:
            first, second = run(f"sqlite:///{folder / 'bench.db'}", csv_path, revised)
            print(f"SQLite:     import {first:>10,.0f} rows/s   revised re-import "
                  f"{second:>10,.0f} rows/s   (peak memory {_peak()}) [load average {_load()}]")
            print(f"  baseline, pandas read_csv + executemany into a bare table: "
                  f"{baseline_sqlite(csv_path, folder):,.0f} rows/s")
        if not args.no_postgres:
            import psycopg

            name = f"jamlik_bench_{uuid.uuid4().hex[:8]}"
            admin = args.postgres.replace("+psycopg", "") + "/postgres"
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {name}")
            try:
                first, second = run(f"{args.postgres}/{name}", csv_path, revised)
                print(f"PostgreSQL: import {first:>10,.0f} rows/s   revised re-import "
                      f"{second:>10,.0f} rows/s   (peak memory {_peak()}) [load average {_load()}]")
                plain = baseline_postgres(csv_path, admin.rsplit("/", 1)[0] + "/" + name)
                print(f"  baseline, COPY of the CSV bytes into a bare table: {plain:,.0f} rows/s")
            finally:
                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
