"""Start-up time of the command line: ``jamlik --help`` and ``jamlik inequality`` on 10 rows.

Each command is run ``--runs`` times as a fresh process; the median wall time and the
median CPU time (user + system, which the machine's other load does not inflate) are
printed next to ``python -c pass``, the interpreter's own start-up. Aims (issue 12,
item 6): ``jamlik --help`` under 0.5 s, ``jamlik inequality`` on a 10-row HEAT Plus
file under 2 s.

    python benchmarks/cli_startup.py [--runs 7]

The 10-row file is docs/examples/heat.csv (one ordered and one non-ordered dimension
of 5 subgroups each); nothing is written.

Each command runs in two settings. *As here*: the environment as it is; in the team's
sandbox ``PYTHONDONTWRITEBYTECODE=1`` is set and the shared virtual environment has no
``__pycache__``, so every run compiles pandas, scipy, typer, ... from source again
(``builtins.compile`` was 5.0 s of an 8.2 s ``jamlik inequality`` under cProfile at
load 7). *Bytecode cached*: ``PYTHONPYCACHEPREFIX`` points at a temporary folder and
one untimed run fills it, as an installed package has (pip writes .pyc files when it
installs; uv or a read-only install without them pays the compile on every start).

Issue 12, item 6 (branch importspeed, load average 6.7-11.3 on 2 cores, CPU seconds):
``jamlik --help`` 0.54-0.61 as here, 0.26-0.29 cached; ``jamlik inequality`` 3.2-3.3 as
here, 1.1 cached. The command needs pandas (1.8 s of CPU to compile and import uncached, 0.48
cached), numpy and scipy.special (0.8 / 0.31: its ndtr/ndtri draw the truncated
normals), and typer builds a pydantic adapter per option when a command runs; nothing
else heavy is imported (tests/test_cli_startup.py). Wall times on a loaded machine are
2-3x the CPU times.
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

HEAT10 = Path(__file__).resolve().parents[1] / "docs" / "examples" / "heat.csv"


def timed(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median wall and median CPU (user + system) seconds of ``runs`` fresh runs."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env={**env, "LANG": "sv_SE.UTF-8"})
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
    with tempfile.TemporaryDirectory() as cache:
        cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached["PYTHONPYCACHEPREFIX"] = cache
        settings = [(f"as here (PYTHONDONTWRITEBYTECODE="
                     f"{os.environ.get('PYTHONDONTWRITEBYTECODE', 'unset')})", dict(os.environ)),
                    ("bytecode cached", cached)]
        for setting, env in settings:
            print(f"{setting}:")
            print(f"  {'command':30} {'wall s':>8} {'cpu s':>8} {'aim s':>6}")
            for name, command, aim in cases:
                if env is cached:
                    timed(command, 1, env)  # fills the cache, untimed
                wall, cpu = timed(command, args.runs, env)
                print(f"  {name:30} {wall:8.3f} {cpu:8.3f} {'' if aim is None else f'{aim:6.1f}'}")


if __name__ == "__main__":
    main()
