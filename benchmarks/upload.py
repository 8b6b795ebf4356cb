"""Uploads: the server's peak memory and the public pages' p95 while a big file imports.

Issue 10's goal: memory stays under 500 MB for any upload the limits allow, and
public pages keep p95 under 200 ms while a 1-million-row import runs.

Serves a store (the demo store of ``benchmarks/web.py`` unless ``--database``)
with ``jamlik serve --workers 2`` on a free loopback port, signs in as the demo
analyst and uploads through ``POST /api/v1/admin/imports`` a long-format CSV of
``--rows`` observations (default 1,000,000; five columns, a file just under the
50 MB upload limit). While the upload is read and imported, ``--clients``
concurrent visitors (default 10) ask for public pages (the overview, an
indicator page, its map file, the indicator API and the health check) with
keep-alive connections; the script prints their latency percentiles, then a
baseline of the same load without an import. The peak memory is the resident
high-water mark (``VmHWM``) of the server and of each of its worker processes,
read from ``/proc`` after the import, beside their value before it.

    .venv/bin/python benchmarks/upload.py [--rows 1000000] [--clients 10]

The import runs in a child process (``jamlik.jobs.import_file_in_subprocess``);
its peak is read every 20 ms from ``/proc`` while it lives.

First figures (branch speed, 2 workers, 10 visitors, shared 2-core machine at load
average 6.2-7.7): the 1,000,000-row upload (37.9 MB) imported in 16.7 s (60,001
rows/s) inside a web worker; public pages p95 2 ms without an import and 5 ms during
it (p99 13 ms, worst case 12.5 s: requests that reached the importing worker while it
held the interpreter); the importing worker went from 389 MB to a peak of 1,445 MB;
the same file imported alone (``jamlik.jobs.import_file``) peaked at 696 MB.

Now (branch upload, same command, two runs on the machine shared with five other
sessions' test runs, so times are three to ten times those of an idle machine):

- load average 12.1-16.5: HTTP 200 after 109.6 s; public pages p95 6 ms without an
  import and 30 ms during it (p99 23 and 60 ms, max 155 ms and 59.4 s);
  import child peak 416 MB; workers 546 → 885 MB and 547 → 657 MB;
- load average 11.4-19.2 (view cache bounded at 160 MB): HTTP 200 after 170.6 s;
  p95 21 and 55 ms (p99 63 and 142 ms, max 369 ms and 75.2 s); import child peak
  417 MB; workers 547 → 1,236 MB (1,033 MB after) and 546 → 549 MB.

Met: p95 under 200 ms during the import; the import's own process under 500 MB
(its ``ru_maxrss`` for this file 416-444 MB over several runs; 1.32 million rows,
the most of this shape under the 50 MB limit, 494 MB in one process, so the
child's 490 MB limit is tight until ``store._write`` maps indicator ids without
a per-row dict lookup, which alone takes 125 MB at that size). Not met: the web
workers, already 546 MB after the warm-up on the demo store's pages (119 MB of it
the view cache), grow by 340-690 MB while the visitors' first requests rebuild the
pages with 29 new indicators of 34,500 rows (computation, not what the bounded
caches keep: 444 MB of frames without the bound, at most 160 MB with it); the
worst cases (59 s, 75 s) are requests waiting for that first rebuild of the
overview after the import committed.

Only 127.0.0.1 is ever contacted; every loop ends with the upload or its time budget.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from web import HOST, _clients, _database, _free_port  # noqa: E402


def _start(url: str, port: int, workers: int, wait: float = 600) -> subprocess.Popen:
    """``jamlik serve`` on ``url``; waits up to ``wait`` s for its health check (on a
    loaded shared machine two workers can take minutes to start)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "jamlik", "serve", "--host", HOST, "--port", str(port),
         "--workers", str(workers)],
        env={**os.environ, "JAMLIK_DATABASE_URL": url}, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{HOST}:{port}/api/v1/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    process.terminate()
    process.wait(timeout=30)
    raise SystemExit(f"servern startade inte inom {wait:.0f} s")

PAGES = ["/", "/indikatorer/medellivslangd", "/api/v1/indicators", "/api/v1/health",
         "/tillganglighet"]


def make_csv(path: Path, rows: int) -> int:
    """A long-format CSV of ``rows`` observations: 29 indicators × 2,300 areas × 15 years."""
    areas, years = 2300, 15
    index = np.arange(rows)
    area = index % areas
    year = (index // areas) % years
    indicator = index // (areas * years)
    rng = np.random.default_rng(12)
    with path.open("w") as handle:
        handle.write("indicator,area_code,area_version,period,value\n")
        for start in range(0, rows, 200_000):
            part = slice(start, min(rows, start + 200_000))
            lines = [f"last{i:02d},{1400 + a // 20:04d}R{a % 20:03d},RegSO_2025,{2010 + y},{v:.2f}"
                     for i, a, y, v in zip(indicator[part], area[part], year[part],
                                           rng.uniform(0, 100, part.stop - part.start))]
            handle.write("\n".join(lines) + "\n")
    return path.stat().st_size


def _peaks(pid: int) -> dict[int, tuple[int, int]]:
    """(VmRSS, VmHWM) in MB of ``pid`` and its children."""
    found = {}
    children = Path(f"/proc/{pid}/task/{pid}/children")
    pids = [pid] + [int(p) for p in children.read_text().split()] if children.exists() else [pid]
    for one in pids:
        try:
            status = Path(f"/proc/{one}/status").read_text()
        except OSError:
            continue
        rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) // 1024
        hwm = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) // 1024
        found[one] = (rss, hwm)
    return found


def _watch_children(pid: int, stop: threading.Event, found: dict) -> None:
    """Until ``stop``: the resident high-water mark (MB) of every import child
    (``jamlik.jobs._import_child``) of ``pid``'s workers, read every 20 ms."""
    while not stop.is_set():
        for worker in _peaks(pid):
            children = Path(f"/proc/{worker}/task")
            try:
                pids = [int(p) for task in children.iterdir()
                        for p in (task / "children").read_text().split()]
            except OSError:
                continue
            for child in pids:
                try:
                    if b"_import_child" not in Path(f"/proc/{child}/cmdline").read_bytes():
                        continue
                    status = Path(f"/proc/{child}/status").read_text()
                except OSError:
                    continue
                hwm = re.search(r"VmHWM:\s+(\d+)", status)
                if hwm:
                    found[child] = max(found.get(child, 0), int(hwm.group(1)) // 1024)
        time.sleep(0.02)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _visitors(port: int, clients: int, stop: threading.Event, seconds: float) -> list[float]:
    """Latencies (ms) of ``clients`` visitors spread over PAGES, in rounds of ``seconds``,
    until ``stop`` is set."""
    latencies: list[float] = []

    async def run():
        share = max(1, clients // len(PAGES))
        while not stop.is_set():
            parts = await asyncio.gather(*(
                _clients(port, path, share, seconds) for path in PAGES))
            for got, _errors, _elapsed in parts:
                latencies.extend(x * 1000 for x in got)

    asyncio.run(run())
    return latencies


def _signed_in(base: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base, timeout=1800)
    login = client.post("/api/v1/session", json={"username": "analytiker",
                                                 "password": "jamlik-demo"})
    login.raise_for_status()
    client.cookies.clear()  # the session cookie is Secure: sent by hand over http
    client.headers["cookie"] = f"jamlik_session={login.cookies['jamlik_session']}"
    return client, login.json()["csrf_token"]


def _summary(label: str, latencies: list[float]) -> str:
    values = np.array(latencies)
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    verdict = "ok" if p95 < 200 else "MISSAT"
    return (f"{label:<34}{len(values):>8}{p50:>8.0f}{p95:>8.0f}{p99:>8.0f}"
            f"{values.max():>8.0f}  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLAlchemy-URL (annars demodatabasen, kopierad)")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jamlik-upload-bench-") as folder:
        folder = Path(folder)
        url = args.database
        if url is None:  # a copy: the import must not change the shared demo store
            source = Path(_database(None).removeprefix("sqlite:///"))
            (folder / "store.db").write_bytes(source.read_bytes())
            url = f"sqlite:///{folder / 'store.db'}"
        csv = folder / "stor.csv"
        size = make_csv(csv, args.rows)
        body = csv.read_bytes()
        port = _free_port()
        server = _start(url, port, args.workers)
        base = f"http://{HOST}:{port}"
        try:
            for path in PAGES:  # warm every worker's caches
                for _ in range(4):
                    httpx.get(base + path, timeout=120)
            before = _peaks(server.pid)
            quiet = threading.Event()
            timer = threading.Timer(8.0, quiet.set)
            timer.start()
            baseline = _visitors(port, args.clients, quiet, 2.0)
            client, csrf = _signed_in(base)
            stop, result = threading.Event(), {}

            def upload():
                started = time.perf_counter()
                response = client.post("/api/v1/admin/imports", headers={"X-CSRF-Token": csrf},
                                       files={"file": ("stor.csv", body, "text/csv")})
                result.update(status=response.status_code, text=response.text[:300],
                              seconds=time.perf_counter() - started)
                stop.set()

            thread = threading.Thread(target=upload)
            children: dict[int, int] = {}
            watcher = threading.Thread(target=_watch_children,
                                       args=(server.pid, stop, children))
            thread.start()
            watcher.start()
            during = _visitors(port, args.clients, stop, 1.0)
            thread.join()
            watcher.join()
            time.sleep(3)  # visitors' caches rebuilt with the new data: asked once more
            for path in PAGES:
                httpx.get(base + path, timeout=120)
            after = _peaks(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"\n{args.rows:,} rader, {size / 1e6:.1f} MB CSV, {args.workers} arbetsprocesser, "
          f"{args.clients} samtidiga besökare [belastning {_load()}]")
    print(f"uppladdning och import: HTTP {result['status']} på {result['seconds']:.1f} s "
          f"({args.rows / result['seconds']:,.0f} rader/s)")
    if result["status"] != 200 or '"ok":true' not in result["text"].replace(" ", ""):
        print("  svar:", result["text"])
    print(f"\n{'':<34}{'anrop':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}"
          "  mål p95 < 200 ms")
    print(_summary("publika sidor utan import", baseline))
    print(_summary("publika sidor under importen", during))
    print("\nminne per process (MB): före importen RSS / topp, efter importen RSS / topp"
          "  mål topp < 500 MB")
    for pid, (rss, hwm) in after.items():
        old = before.get(pid, (0, 0))
        role = "huvudprocess" if pid == server.pid else "arbetsprocess"
        print(f"  {role} {pid}: {old[0]:>5} / {old[1]:>5}   {rss:>5} / {hwm:>5}"
              f"  {'ok' if hwm < 500 else 'MISSAT'}")
    for pid, hwm in children.items():
        print(f"  importprocess {pid}: topp {hwm:>5}  {'ok' if hwm < 500 else 'MISSAT'}")
    if not children:
        print("  importprocess: ingen sedd")


if __name__ == "__main__":
    main()
