"""Start-up time of the command line: ``jamlik --help`` and ``jamlik inequality`` on 10 rows.

Each command is run ``--runs`` times as a fresh process; the median wall time and the
median CPU time (user + system, which the machine's other load does not inflate) are
printed next to ``python -c pass``, the interpreter's own start-up. Aims (issue 12,
item 6): ``jamlik --help`` under 0.5 s, ``jamlik inequality`` on a 10-row HEAT Plus
file under 2 s.

    python benchmarks/cli_startup.py [--runs 7]

The 10-row file (one ordered and one non-ordered dimension of 5 subgroups each) is
written to a temporary folder; nothing else is read or written.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ("setting,date,source,indicator_abbr,indicator_name,dimension,subgroup,estimate,se,"
          "population,favourable_indicator,indicator_scale,ordered_dimension,subgroup_order,"
          "reference_subgroup")
ROWS = [  # estimate, se, population per subgroup
    (20, 5, 78), (30, 7, 91), (35, 6, 60), (40, 5, 85), (50, 8, 70),
]


def ten_row_file(folder: Path) -> Path:
    """A HEAT Plus template with 10 rows: education (ordered 1–5) and region (not ordered)."""
    lines = [HEADER]
    for i, (estimate, se, population) in enumerate(ROWS, start=1):
        lines.append(f"Malmö,2023,SCB,ind,Indikator,utbildning,u{i},{estimate},{se},"
                     f"{population},1,100,1,{i},0")
    for i, (estimate, se, population) in enumerate(ROWS, start=1):
        lines.append(f"Malmö,2023,SCB,ind,Indikator,region,r{i},{estimate + 3},{se},"
                     f"{population},1,100,0,0,{int(i == 1)}")
    path = folder / "heat10.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


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
    with tempfile.TemporaryDirectory() as tmp:
        data = ten_row_file(Path(tmp))
        cases = [
            ("python -c pass", [python, "-c", "pass"], None),
            ("jamlik --help", [python, "-m", "jamlik", "--help"], 0.5),
            ("jamlik inequality (10 rader)",
             [python, "-m", "jamlik", "inequality", str(data), "--seed", "1"], 2.0),
        ]
        print(f"median of {args.runs} runs; load average {os.getloadavg()[0]:.2f} "
              f"on {os.cpu_count()} cores")
        print(f"{'command':32} {'wall s':>8} {'cpu s':>8} {'aim s':>6}")
        for name, command, aim in cases:
            wall, cpu = timed(command, args.runs)
            print(f"{name:32} {wall:8.3f} {cpu:8.3f} {'' if aim is None else f'{aim:6.1f}'}")


if __name__ == "__main__":
    main()
