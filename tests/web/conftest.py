"""Fixtures of the web tests: a demo-like store built once per test session (shared
by the xdist workers through a lock), apps and clients on copies of it, and a
uvicorn server for the browser tests."""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from . import _demo_db

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
DEMO_PASSWORD = "jamlik-demo"


def _shared_folder(tmp_path_factory) -> Path:
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    base = tmp_path_factory.getbasetemp()
    folder = base.parent / f"web-{run}" if run else base / "web"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory) -> Path:
    """The built store (never changed by a test: tests work on copies)."""
    folder = _shared_folder(tmp_path_factory)
    target = folder / "demo.db"
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            partial = folder / "building.db"
            for leftover in folder.glob("building.db*"):
                leftover.unlink()
            _demo_db.build(f"sqlite:///{partial}")
            partial.replace(target)
        fcntl.flock(lock, fcntl.LOCK_UN)
    return target


def copy_db(source: Path, folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "store.db"
    shutil.copyfile(source, target)
    return f"sqlite:///{target}"


def make_client(url: str):
    from fastapi.testclient import TestClient

    from jamlik.store import connect
    from jamlik.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        app = create_app(connect(url))
    return TestClient(app, base_url="https://testserver", raise_server_exceptions=False)


@pytest.fixture(scope="session")
def _shared_public_client(demo_db_file, tmp_path_factory):
    return make_client(copy_db(demo_db_file, tmp_path_factory.mktemp("public")))


@pytest.fixture
def public_client(_shared_public_client):
    """A client on a session copy of the store, for tests that only read. Each test
    starts without cookies, so a language another test chose (``?lang=en`` sets a
    cookie) never carries over and no test depends on the order tests run in."""
    _shared_public_client.cookies.clear()
    return _shared_public_client


@pytest.fixture
def client(demo_db_file, tmp_path):
    """A client on a fresh copy of the store, for tests that change something."""
    return make_client(copy_db(demo_db_file, tmp_path / "db"))


# The web tests that also run with the data on PostgreSQL (issue 10, kind 15) take
# ``backend_public_client`` or ``backend_client`` instead of ``public_client``/``client``.
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def demo_postgres_template(postgres_databases):
    """The demo-like store built once on PostgreSQL; tests get copies of it (a
    database created from it as template takes a fraction of a second)."""
    url, name = postgres_databases.create()
    try:
        _demo_db.build(url)
        yield name
    finally:
        postgres_databases.drop(name)


def _backend_url(request, backend: str, demo_db_file: Path, folder: Path):
    """A copy of the demo store on ``backend``: its URL and, on PostgreSQL, its name."""
    if backend == "sqlite":
        return copy_db(demo_db_file, folder), None
    template = request.getfixturevalue("demo_postgres_template")
    return request.getfixturevalue("postgres_databases").create(template=template)


@pytest.fixture(scope="session", params=BACKENDS)
def _shared_backend_client(request, demo_db_file, tmp_path_factory):
    url, name = _backend_url(request, request.param, demo_db_file,
                             tmp_path_factory.mktemp("public"))
    client = make_client(url)
    yield client
    client.app.state.engine.dispose()
    if name:
        request.getfixturevalue("postgres_databases").drop(name)


@pytest.fixture
def backend_public_client(_shared_backend_client):
    """Like ``public_client``, on SQLite, then on PostgreSQL (each test without cookies)."""
    _shared_backend_client.cookies.clear()
    return _shared_backend_client


@pytest.fixture(params=BACKENDS)
def backend_client(request, demo_db_file, tmp_path):
    """Like ``client`` (a fresh copy for a test that changes something), on SQLite, then
    on PostgreSQL."""
    url, name = _backend_url(request, request.param, demo_db_file, tmp_path / "db")
    client = make_client(url)
    yield client
    client.app.state.engine.dispose()
    if name:
        request.getfixturevalue("postgres_databases").drop(name)


def login(client, username: str, password: str = DEMO_PASSWORD) -> str:
    """Sign in through the API; return the session's CSRF token."""
    response = client.post("/api/v1/session", json={"username": username,
                                                      "password": password})
    assert response.status_code == 200, response.text
    return response.json()["csrf_token"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(url: str, *, wait: float = 240):
    """uvicorn serving the app on the store at ``url``, on a free loopback port.

    A generator for fixtures: yields the base URL once ``/api/v1/health`` answers,
    and stops the server when resumed.
    """
    import httpx

    port = _free_port()
    env = {**os.environ, "JAMLIK_DATABASE_URL": url}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "jamlik.web._factory:app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"], env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(base + "/api/v1/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.terminate()
        raise RuntimeError(f"webbservern startade inte inom {wait:g} s "
                           f"(avslutskod {process.poll()})")
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def live_server(demo_db_file, tmp_path_factory):
    """uvicorn serving the app on a copy of the store, on a free loopback port."""
    from jamlik.web._assets import ensure_bundle

    ensure_bundle()  # the chart library, built once per machine and version
    url = copy_db(demo_db_file, tmp_path_factory.mktemp("live"))
    for base in serve(url):
        yield {"base": base, "db": url}
