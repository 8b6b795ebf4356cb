"""The app on an empty store (SQLite and PostgreSQL), and `jamlik serve --workers`."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from .conftest import ROOT, _free_port

pytestmark = pytest.mark.xdist_group("web")


def test_every_public_page_and_the_api_work_on_an_empty_store(store):
    import warnings

    from fastapi.testclient import TestClient

    from jamlik.store._accounts import create_account
    from jamlik.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        client = TestClient(create_app(store), base_url="https://testserver")
    for path in ("/", "/indikatorer", "/omraden", "/program", "/tillganglighet",
                 "/api/v1/overview", "/api/v1/indicators", "/api/v1/programme",
                 "/api/v1/areas", "/api/v1/municipalities", "/api/v1/settings"):
        assert client.get(path).status_code == 200, path
    assert "Inget program är inläst ännu." in client.get("/program").text
    create_account(store, "admin", "ett långt lösenord", role="admin")
    response = client.post("/api/v1/session", json={"username": "admin",
                                                    "password": "ett långt lösenord"})
    assert response.status_code == 200
    assert client.get("/admin/logg").status_code == 200
    assert client.get("/api/v1/admin/audit").json()["total"] == 2  # created, signed in


@pytest.mark.slow
def test_serve_runs_several_workers_on_the_configured_store(tmp_path):
    port = _free_port()
    env = {**os.environ, "JAMLIK_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}
    process = subprocess.Popen([sys.executable, "-m", "jamlik", "serve", "--port", str(port),
                                "--workers", "2"], env=env, cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/health").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            pytest.fail("jamlik serve svarade inte")
        workers = subprocess.run(["pgrep", "-P", str(process.pid), "-f", "spawn_main"],
                                 check=False, capture_output=True, text=True).stdout.split()
        assert len(workers) == 2  # uvicorn's worker processes
    finally:
        process.terminate()
        process.wait(timeout=30)
