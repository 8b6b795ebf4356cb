"""Load test of the web app: public pages and API under 50 concurrent clients.

Serves the demo-size store (290 municipalities, the RegSO areas of three cities,
7 indicators 2010–2024, the follow-up) with ``jamlik serve --workers 2`` on a free
loopback port, warms it up, then sends each page with 50 concurrent clients for a
bounded time and prints requests per second and latency percentiles per page.
Aim: p95 under 200 ms for every page on a 2-core machine.

    python benchmarks/web.py [--database sqlite:///demo.db] [--seconds 6] [--clients 50]

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


def _start(url: str, port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "jamlik", "serve", "--host", HOST, "--port", str(port),
         "--workers", str(workers)],
        env={**os.environ, "JAMLIK_DATABASE_URL": url}, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{HOST}:{port}/api/v1/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("servern startade inte inom 120 s")


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
                   bypass: bool = False) -> tuple:
    # an unknown session cookie sends every request past the response cache, through
    # routing, a session look-up and the view caches (the cost for a signed-in user)
    cookie = "Cookie: jamlik_session=benchmark\r\n" if bypass else ""
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


def _run(port: int, clients: int, seconds: float, processes: int,
         bypass: bool = False) -> list[tuple]:
    """Each page in turn; the clients are spread over a few processes (a Python client
    in one process would measure itself, not the server)."""
    from concurrent.futures import ProcessPoolExecutor

    base = f"http://{HOST}:{port}"
    first: dict[str, float] = {}
    for _ in range(10):  # new connections reach every worker, which fills its caches
        for _name, path in PAGES:
            started = time.perf_counter()
            httpx.get(base + path, timeout=120)
            first.setdefault(path, (time.perf_counter() - started) * 1000)
    share = [clients // processes + (1 if i < clients % processes else 0)
             for i in range(processes)]
    results = []
    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(abs, range(processes)))  # start the processes before the clock
        for name, path in PAGES:
            parts = list(pool.map(_client_process,
                                  [(port, path, n, seconds, bypass) for n in share if n]))
            elapsed = max(part[2] for part in parts)  # the measuring window itself
            latencies = np.array([x for part in parts for x in part[0]]) * 1000
            errors = sum(part[1] for part in parts)
            results.append((name, first[path], len(latencies), len(latencies) / elapsed,
                            *np.percentile(latencies, [50, 95, 99]), latencies.max(), errors))
            print(f"  {name}: klar", file=sys.stderr, flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLAlchemy-URL (annars demodatabasen)")
    parser.add_argument("--seconds", type=float, default=6.0, help="tid per sida (högst 60)")
    parser.add_argument("--clients", type=int, default=50, help="samtidiga klienter")
    parser.add_argument("--workers", type=int, default=2, help="serverns arbetsprocesser")
    parser.add_argument("--bypass-cache", action="store_true",
                        help="förbi svarscachen (som en inloggad användare)")
    parser.add_argument("--client-processes", type=int, default=2,
                        help="processer som klienterna delas på")
    args = parser.parse_args()
    seconds = min(max(args.seconds, 1.0), 60.0)
    url = _database(args.database)
    port = _free_port()
    server = _start(url, port, args.workers)
    try:
        results = _run(port, args.clients, seconds, max(1, args.client_processes),
                       args.bypass_cache)
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(f"\n{args.clients} samtidiga klienter i {args.client_processes} processer, "
          f"{seconds:.0f} s per sida, {args.workers} arbetsprocesser i servern, "
          f"{os.cpu_count()} kärnor (klienterna delar dem)"
          + (", förbi svarscachen" if args.bypass_cache else "") + "\n")
    print(f"{'sida':<26}{'kall ms':>8}{'anrop':>8}{'anrop/s':>9}{'p50 ms':>8}{'p95 ms':>8}"
          f"{'p99 ms':>8}{'max ms':>8}{'fel':>5}  mål p95 < 200 ms")
    for name, cold, count, rps, p50, p95, p99, worst, errors in results:
        verdict = "ok" if p95 < 200 and errors == 0 else "MISSAT"
        print(f"{name:<26}{cold:>8.0f}{count:>8}{rps:>9.0f}{p50:>8.0f}{p95:>8.0f}{p99:>8.0f}"
              f"{worst:>8.0f}{errors:>5}  {verdict}")
    print("\nkall ms: första anropet efter start (sidan byggs ur databasen); sedan svarar "
          "svarscachen\n(per URL, språk och dataversion) för besökare som inte är inloggade.")


if __name__ == "__main__":
    main()
