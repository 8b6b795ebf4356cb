"""Start-up time of the command line: ``jamlik --help`` and ``jamlik inequality`` on 10 rows.

Each command is run ``--runs`` times as a fresh process; the median wall time and the
median CPU time (user + system, which the machine's other load does not inflate) are
printed next to ``python -c pass``, the interpreter's own start-up. Aims (issue 12,
item 6): ``jamlik --help`` under 0.5 s, ``jamlik inequality`` on a 10-row HEAT Plus
file under 2 s.

    python benchmarks/cli_startup.py [--runs 7]

The 10-row file is docs/examples/heat.csv (one ordered and one non-ordered dimension
of 5 subgroups each); nothing is written.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HEAT10 = Path(__file__).resolve().parents[1] / "docs" / "examples" / "heat.csv"


def timed(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall and median CPU (user + system) seconds of ``runs`` fresh runs."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env={**os.environ, "LANG": "sv_SE.UTF-8"})
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            sys.exit(f"{' '.join(command)} failed: {done.stderr.decode()[-500:]}")
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    python = sys.executable
    cases = [
        ("python -c pass", [python, "-c", "pass"], None),
        ("jamlik --help", [python, "-m", "jamlik", "--help"], 0.5),
        ("jamlik inequality (10 rader)",
         [python, "-m", "jamlik", "inequality", str(HEAT10), "--seed", "1"], 2.0),
    ]
    print(f"median of {args.runs} runs; load average {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} cores")
    print(f"{'command':32} {'wall s':>8} {'cpu s':>8} {'aim s':>6}")
    for name, command, aim in cases:
        wall, cpu = timed(command, args.runs)
        print(f"{name:32} {wall:8.3f} {cpu:8.3f} {'' if aim is None else f'{aim:6.1f}'}")

if __name__ == "__main__":
    main()
