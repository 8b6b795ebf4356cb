"""The PostgreSQL half of the storage suite fails, not skips, without a server (issue 10, kind 15).

Run on a dead address, a PostgreSQL-parametrised test must FAIL; only
``JAMLIK_SKIP_POSTGRES=1``, asked for explicitly, turns that into a skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEST = "tests/store/test_measures.py::test_an_empty_store_gives_an_empty_run[postgresql]"


def run_without_server(**env: str) -> subprocess.CompletedProcess:
    dead = "postgresql+psycopg://postgres@127.0.0.1:9"  # nothing listens on port 9
    environment = {**os.environ, "JAMLIK_TEST_POSTGRES": dead,
                   **env}
    if "JAMLIK_SKIP_POSTGRES" not in env:
        environment.pop("JAMLIK_SKIP_POSTGRES", None)
    return subprocess.run([sys.executable, "-m", "pytest", TEST, "-q", "-n", "0",
                           "-p", "no:randomly", "-p", "no:cacheprovider"],
                          cwd=ROOT, capture_output=True, text=True, env=environment)


@pytest.mark.parametrize("asked, outcome, code", [({}, "1 error", 1),
                                                  ({"JAMLIK_SKIP_POSTGRES": "1"}, "1 skipped", 0)])
def test_no_server_fails_unless_a_skip_is_asked_for(asked, outcome, code):
    done = run_without_server(**asked)
    assert done.returncode == code, done.stdout[-2000:]
    assert outcome in done.stdout
    assert "PostgreSQL" in done.stdout
