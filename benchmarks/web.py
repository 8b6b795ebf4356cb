"""Load test of the web app: public pages and API under 50 concurrent clients.

Serves the demo-size store (290 municipalities, the RegSO areas of three cities,
7 indicators 2010–2024, the follow-up) with ``jamlik serve --workers 2`` on a free
loopback port, warms it up, then sends each page with 50 concurrent clients for a
bounded time and prints requests per second and latency percentiles per page.
Aim (issue 12): p95 under 100 ms for every page, signed-in included, on a 2-core
machine, cached and uncached, and the first request after a data change under 1 s.

    python benchmarks/web.py [--database sqlite:///demo.db] [--seconds 6] [--clients 50]
    python benchmarks/web.py --all   # every mode below in one run, then one table

Modes: public (the response cache answers), ``--bypass-cache`` (an unknown session
cookie sends every request through routing and the view caches: uncached pages),
``--signed-in`` (the demo analyst's session: public pages and the work pages as a
signed-in user sees them) and, with ``--all``, the first request of each page after
a data change (a one-row import through the API), when every cache must be rebuilt.
The indicator page's map is fetched from its own file (``/geometri/...``), measured
as a page of its own.

``--baseline SRC`` runs the same modes first against a server from another source
tree (e.g. a checkout of main before a change) and prints its p95 beside each row.

Issue 12 item 5, measured 2026-11-29 with ``--all --seconds 2 --baseline`` (the
baseline: main at 9dc9ce3) on the shared 2-core machine at load average 12-15 (six
to seven times oversubscribed by other work, so every figure past the response
cache says more about the machine than the app). The map's shapes are now a file of
their own per area version and zoom (Göteborg: 102 KB, 22 KB gzip, fetched
once and kept a year), so the indicator page went from 222 KB to 122 KB. Public
pages from the response cache: p95 19-82 ms (baseline 41-84 ms), the map file
41 ms. Past the cache p95 144 ms-2.5 s (baseline 237 ms-2.8 s), signed in
124 ms-5.3 s plus 13 s for the follow-up page (baseline 0.27-4.3 s, 6.6 s): the
100 ms goal is NOT met on this machine. The first request after a data change:
overview 5.3 s (baseline 23.2 s), area profile 2.8 s (12.1 s), API overview 0.31 s
(9.3 s), CSV 0.27 s (1.7 s), indicator pages 4.7-5.5 s (3.7-5.2 s, unchanged work:
one indicator's whole frame). In-process CPU time of a cold build (cache cleared,
``time.process_time``, load 9-12): overview 4.7 s -> 0.55-0.6 s, area profile
2.5 s -> 0.6-0.7 s, indicator page 0.86 s -> 0.56-0.7 s.

Without ``--database`` the demo store is built once (``jamlik demo --no-serve``,
about a minute) into ``$TMPDIR/jamlik-bench/demo.db`` and reused. Only 127.0.0.1
is ever contacted; every loop is bounded by its time budget.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

PAGES = [
    ("översikt", "/"),
    ("indikator (karta)", "/indikatorer/medellivslangd"),
    ("indikator, annan period", "/indikatorer/tillit?period=2018&skillnad=fodelseregion"),
    ("områdesprofil", "/omraden/RegSO_2025/1480R001"),
    ("områden", "/omraden"),
    ("program", "/program"),
    ("indikatorlista", "/indikatorer"),
    ("CSV-nedladdning", "/indikatorer/medellivslangd?tabell=rangordning&format=csv"),
    ("API översikt", "/api/v1/overview"),
    ("API indikator", "/api/v1/indicators/medellivslangd"),
    ("API värden", "/api/v1/indicators/medellivslangd/values?per_page=100"),
    ("API område", "/api/v1/areas/RegSO_2025/1480R001"),
    ("API program", "/api/v1/programme"),
]
SIGNED_IN = [
    ("arbete", "/arbete"),
    ("import (formulär)", "/admin/import"),
    ("genomslag (arbete)", "/arbete/genomslag"),
]
HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _database(url: str | None) -> str:
    if url:
        return url
    folder = Path(tempfile.gettempdir()) / "jamlik-bench"
    folder.mkdir(exist_ok=True)
    path = folder / "demo.db"
    url = f"sqlite:///{path}"
    if not path.exists():
        print(f"bygger demodatabasen i {path} (en gång) ...", flush=True)
        subprocess.run([sys.executable, "-m", "jamlik", "demo", "--no-serve"], check=True,
                       env={**os.environ, "JAMLIK_DATABASE_URL": url})
    return url


def _start(url: str, port: int, workers: int, source: str | None = None) -> subprocess.Popen:
    env = {**os.environ, "JAMLIK_DATABASE_URL": url}
    if source:  # the baseline: the same command on another source tree
        env["PYTHONPATH"] = str(Path(source).resolve())
    process = subprocess.Popen(
        [sys.executable, "-m", "jamlik", "serve", "--host", HOST, "--port", str(port),
         "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 600  # a loaded machine may take minutes to spawn workers
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{HOST}:{port}/api/v1/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("servern startade inte inom 600 s")


async def _get(reader, writer, request: bytes) -> int:
    """One request on a kept-alive connection; returns the status (body read fully)."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length, chunked = 0, False
    for line in head.split(b"\r\n"):
        lower = line.lower()
        if lower.startswith(b"content-length:"):
            length = int(line[15:])
        elif lower.startswith(b"transfer-encoding:") and b"chunked" in lower:
            chunked = True
    if not chunked:
        await reader.readexactly(length)
        return status
    while True:  # chunked body: size line, data, CRLF; a zero size ends it
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        await reader.readexactly(size + 2)
        if size == 0:
            return status


async def _clients(port: int, path: str, clients: int, seconds: float,
                   bypass: bool | str = False) -> tuple:
    # an unknown session cookie sends every request past the response cache, through
    # routing, a session look-up and the view caches; a string is a real session
    session = bypass if isinstance(bypass, str) else "benchmark"
    cookie = f"Cookie: jamlik_session={session}\r\n" if bypass else ""
    request = (f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n{cookie}"
               "Accept-Encoding: gzip\r\nConnection: keep-alive\r\n\r\n").encode()
    latencies: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds

    async def one_client():
        nonlocal errors
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            while time.monotonic() < stop:
                started = time.perf_counter()
                try:
                    if await _get(reader, writer, request) != 200:
                        errors += 1
                except (OSError, asyncio.IncompleteReadError):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection(HOST, port)
                latencies.append(time.perf_counter() - started)
        finally:
            writer.close()

    began = time.monotonic()
    await asyncio.gather(*(one_client() for _ in range(clients)))
    return latencies, errors, time.monotonic() - began


def _client_process(args) -> tuple:
    port, path, clients, seconds, bypass = args
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    return asyncio.run(_clients(port, path, clients, seconds, bypass))


def _map_file(port: int) -> list[tuple[str, str]]:
    """The map file that the indicator page names (its shapes, fetched once per area
    version and zoom); none when the server embeds the shapes in the page (a baseline
    from before the file)."""
    import json
    import re

    page = httpx.get(f"http://{HOST}:{port}/indikatorer/medellivslangd", timeout=120).text
    found = re.search(r'"url":\s*"(/geometri/[^"]+)"', page)
    if found is None:
        print("kartfil: ingen (kartans former ligger i sidan)")
        return []
    return [("kartfil (geometri)", json.loads(f'"{found.group(1)}"'))]


def sign_in(port: int) -> str:
    """The session of the demo analyst (the cookie is Secure: read it by hand)."""
    response = httpx.post(f"http://{HOST}:{port}/api/v1/session",
                          json={"username": "analytiker", "password": "jamlik-demo"},
                          timeout=60)
    response.raise_for_status()
    return response.cookies["jamlik_session"]


def _run(port: int, clients: int, seconds: float, processes: int,
         bypass: bool | str = False, pages: list | None = None) -> list[tuple]:
    """Each page in turn; the clients are spread over a few processes (a Python client
    in one process would measure itself, not the server)."""
    from concurrent.futures import ProcessPoolExecutor

    base = f"http://{HOST}:{port}"
    pages = pages or PAGES
    cookies = {"jamlik_session": bypass} if isinstance(bypass, str) else {}
    first: dict[str, float] = {}
    for _ in range(10):  # new connections reach every worker, which fills its caches
        for _name, path in pages:
            started = time.perf_counter()
            httpx.get(base + path, timeout=120, cookies=cookies)
            first.setdefault(path, (time.perf_counter() - started) * 1000)
    share = [clients // processes + (1 if i < clients % processes else 0)
             for i in range(processes)]
    results = []
    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(abs, range(processes)))  # start the processes before the clock
        for name, path in pages:
            parts = list(pool.map(_client_process,
                                  [(port, path, n, seconds, bypass) for n in share if n]))
            elapsed = max(part[2] for part in parts)  # the measuring window itself
            latencies = np.array([x for part in parts for x in part[0]]) * 1000
            errors = sum(part[1] for part in parts)
            results.append((name, first[path], len(latencies), len(latencies) / elapsed,
                            *np.percentile(latencies, [50, 95, 99]), latencies.max(), errors))
            print(f"  {name}: klar", file=sys.stderr, flush=True)
    return results


def after_change(port: int, session: str, pages: list,
                 signed_in: bool = False) -> list[tuple[str, float]]:
    """Import one new value through the API, then time the first request of each page
    (as a visitor, or with ``signed_in`` as the analyst who imported)."""
    csrf = httpx.get(f"http://{HOST}:{port}/api/v1/session", timeout=60,
                     cookies={"jamlik_session": session}).json().get("csrf_token")
    body = (f"indicator,area_code,area_version,period,value\n"
            f"medellivslangd,1480R001,RegSO_2025,2031,{time.time() % 100:.3f}\n").encode()
    response = httpx.post(f"http://{HOST}:{port}/api/v1/admin/imports", timeout=120,
                          cookies={"jamlik_session": session}, headers={"X-CSRF-Token": csrf},
                          files={"file": ("andring.csv", body, "text/csv")})
    if response.status_code != 200:
        raise SystemExit(f"importen misslyckades: {response.status_code} {response.text[:300]}")
    time.sleep(1.2)  # the data version is read at most once a second per worker
    cookies = {"jamlik_session": session} if signed_in else {}
    times = []
    for name, path in pages:
        started = time.perf_counter()
        httpx.get(f"http://{HOST}:{port}{path}", timeout=120, cookies=cookies)
        times.append((name, (time.perf_counter() - started) * 1000))
    return times


def _table(title: str, results: list[tuple], goal: float, baseline: dict | None) -> None:
    print(f"\n{title}")
    print(f"{'sida':<26}{'kall ms':>8}{'anrop':>8}{'anrop/s':>9}{'p50 ms':>8}{'p95 ms':>8}"
          f"{'p99 ms':>8}{'max ms':>8}{'fel':>5}{'bas p95':>9}  mål p95 < {goal:.0f} ms")
    for name, cold, count, rps, p50, p95, p99, worst, errors in results:
        verdict = "ok" if p95 < goal and errors == 0 else "MISSAT"
        before = (baseline or {}).get(name)
        base = f"{before[5]:>9.0f}" if before else f"{'–':>9}"
        print(f"{name:<26}{cold:>8.0f}{count:>8}{rps:>9.0f}{p50:>8.0f}{p95:>8.0f}{p99:>8.0f}"
              f"{worst:>8.0f}{errors:>5}{base}  {verdict}")


def measure(url: str, args, seconds: float, source: str | None = None) -> tuple[list, list]:
    """Every mode asked for against one server (``source``: its source tree, else this
    one's); returns the runs and the first requests after a data change."""
    copy = None
    if args.all and url.startswith("sqlite:///"):  # the data change must not stay
        copy = tempfile.TemporaryDirectory(prefix="jamlik-web-bench-")
        target = Path(copy.name) / "store.db"
        target.write_bytes(Path(url.removeprefix("sqlite:///")).read_bytes())
        url = f"sqlite:///{target}"
    port = _free_port()
    server = _start(url, port, args.workers, source)
    processes = max(1, args.client_processes)
    runs: list[tuple[str, list]] = []
    changed: list[tuple[str, list]] = []
    try:
        pages = PAGES + _map_file(port)
        if args.all or not (args.bypass_cache or args.signed_in):
            runs.append(("publika sidor, svarscachen svarar",
                         _run(port, args.clients, seconds, processes, False, pages)))
        if args.all or args.bypass_cache:
            runs.append(("förbi svarscachen (okänd sessionskaka): sidorna byggs ur vycacharna",
                         _run(port, args.clients, seconds, processes, True, pages)))
        if args.all or args.signed_in:
            session = sign_in(port)
            runs.append(("inloggad (demoanalytikern)", _run(
                port, args.clients, seconds, processes, session, pages + SIGNED_IN)))
            if args.all:
                changed.append(("besökare", after_change(port, session, pages)))
                changed.append(("inloggad", after_change(port, session, pages + SIGNED_IN,
                                                         signed_in=True)))
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        if copy is not None:
            copy.cleanup()
    return runs, changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLAlchemy-URL (annars demodatabasen)")
    parser.add_argument("--seconds", type=float, default=6.0, help="tid per sida (högst 60)")
    parser.add_argument("--clients", type=int, default=50, help="samtidiga klienter")
    parser.add_argument("--workers", type=int, default=2, help="serverns arbetsprocesser")
    parser.add_argument("--bypass-cache", action="store_true",
                        help="förbi svarscachen (som en inloggad användare)")
    parser.add_argument("--signed-in", action="store_true",
                        help="inloggad som demoanalytikern (publika sidor och arbetssidor)")
    parser.add_argument("--all", action="store_true",
                        help="alla lägen i en körning, och första anropet efter en ändring "
                             "(på en kopia av databasen)")
    parser.add_argument("--baseline", metavar="SRC",
                        help="mät också en annan källkodskatalog (t.ex. main:s src) som "
                             "jämförelse, med samma lägen, och visa dess p95 bredvid")
    parser.add_argument("--client-processes", type=int, default=2,
                        help="processer som klienterna delas på")
    args = parser.parse_args()
    seconds = min(max(args.seconds, 1.0), 60.0)
    url = _database(args.database)
    base_runs, base_changed = measure(url, args, seconds, args.baseline) if args.baseline \
        else ([], [])
    runs, changed = measure(url, args, seconds)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n{args.clients} samtidiga klienter i {args.client_processes} processer, "
          f"{seconds:.0f} s per sida, {args.workers} arbetsprocesser i servern, "
          f"{os.cpu_count()} kärnor (klienterna delar dem) [belastning {load}]")
    baselines = {title: {r[0]: r for r in results} for title, results in base_runs}
    for title, results in runs:
        _table(title, results, 100.0, baselines.get(title))
    before = {(who, name): ms for who, times in base_changed for name, ms in times}
    for who, times in changed:
        print(f"\nförsta anropet efter en ändring av data (en import), {who}, mål < 1000 ms")
        for name, ms in times:
            base = before.get((who, name))
            note = f"   (bas {base:.0f} ms)" if base is not None else ""
            print(f"  {name:<26}{ms:>8.0f} ms  {'ok' if ms < 1000 else 'MISSAT'}{note}")
    print("\nkall ms: första anropet efter start (sidan byggs ur databasen); sedan svarar "
          "svarscachen\n(per URL, språk och dataversion) för besökare som inte är inloggade.")
    if args.baseline:
        print(f"bas: samma mätning med servern från {args.baseline}, före den här.")


if __name__ == "__main__":
    main()
