"""Shared fixtures. ``store`` runs a test on SQLite and on PostgreSQL.

PostgreSQL is the server at 127.0.0.1:5432 (user postgres, trust auth), or
``JAMLIK_TEST_POSTGRES`` (a URL without database name). Each test gets a new
database. When no server answers, the PostgreSQL half FAILS: a machine without
PostgreSQL must not pass the storage suite. Only ``JAMLIK_SKIP_POSTGRES=1`` (asked
for explicitly) skips it, and the run then ends with a loud warning. ``make test``
starts an installed but stopped server first (``scripts/start-postgres.sh``).
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from typing import NamedTuple

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
POSTGRES = os.environ.get("JAMLIK_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432")
_POSTGRES_DOWN: list[str] = []


def skip_postgres_asked() -> bool:
    """True only when ``JAMLIK_SKIP_POSTGRES`` is set to 1/true/yes."""
    return os.environ.get("JAMLIK_SKIP_POSTGRES", "").strip().lower() in ("1", "true", "yes")


def _postgres_admin():
    import psycopg

    return psycopg.connect(POSTGRES.replace("+psycopg", "") + "/postgres", autocommit=True,
                           connect_timeout=3)


def _postgres_available() -> str | None:
    try:
        with _postgres_admin():
            return None
    except Exception as error:  # noqa: BLE001 - any failure means "no server"
        return str(error).strip().splitlines()[0]


@pytest.fixture(scope="session")
def postgres_reason():
    return _postgres_available()


def require_postgres(postgres_reason) -> None:
    """Fail the test when no PostgreSQL server answers (skip only when asked)."""
    if postgres_reason is None:
        return
    _POSTGRES_DOWN.append(postgres_reason)
    if skip_postgres_asked():
        pytest.skip(f"PostgreSQL hoppas över (JAMLIK_SKIP_POSTGRES=1): {postgres_reason}")
    pytest.fail(f"PostgreSQL svarar inte på {POSTGRES}: {postgres_reason}. Starta servern "
                "(make test gör det om den är installerad) eller be uttryckligen om att "
                "hoppa över: JAMLIK_SKIP_POSTGRES=1", pytrace=False)


def create_postgres_database(postgres_reason, *, template: str | None = None) -> tuple[str, str]:
    """A new PostgreSQL database (a copy of ``template`` when given): its URL and name."""
    require_postgres(postgres_reason)
    name = f"jamlik_test_{uuid.uuid4().hex[:12]}"
    with _postgres_admin() as conn:
        conn.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    return f"{POSTGRES}/{name}", name


def drop_postgres_database(name: str) -> None:
    with _postgres_admin() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def postgres_databases(postgres_reason):
    """``create(template=None) -> (url, name)`` and ``drop(name)`` for tests that need a
    PostgreSQL database of their own (the web tests copy a built store as a template)."""
    from types import SimpleNamespace

    return SimpleNamespace(
        create=lambda template=None: create_postgres_database(postgres_reason,
                                                              template=template),
        drop=drop_postgres_database)


def make_store(backend: str, tmp_path: Path, postgres_reason):
    from jamlik.store import connect

    if backend == "sqlite":
        return connect(f"sqlite:///{tmp_path / 'store.db'}"), None
    url, name = create_postgres_database(postgres_reason)
    return connect(url), name


def drop_store(engine, name):
    engine.dispose()
    if name:
        drop_postgres_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path, postgres_reason):
    """An empty, migrated store: SQLite, then PostgreSQL."""
    engine, name = make_store(request.param, tmp_path, postgres_reason)
    yield engine
    drop_store(engine, name)


@pytest.fixture
def make_second_store(request, tmp_path, postgres_reason):
    """A factory for one more empty store on the same backend as ``store``."""
    created = []

    def factory(backend: str):
        folder = tmp_path / uuid.uuid4().hex
        folder.mkdir()
        engine, name = make_store(backend, folder, postgres_reason)
        created.append((engine, name))
        return engine

    yield factory
    for engine, name in created:
        drop_store(engine, name)


class Ran(NamedTuple):
    """What a command printed and returned."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def jamlik_cli(monkeypatch, capsys):
    """Run ``jamlik ARGS`` in this process through the real entry point (``main``, as the
    installed command does: usage errors, messages and exit codes included). A new
    interpreter per command is slow; the settings are read afresh for each command."""
    from jamlik.cli import main
    from jamlik.config import get_settings

    def runner(*args: str) -> Ran:
        monkeypatch.setattr(sys, "argv", ["jamlik", *args])
        get_settings.cache_clear()
        capsys.readouterr()
        try:
            main()
            code = 0
        except SystemExit as stop:
            code = stop.code or 0
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    yield runner
    get_settings.cache_clear()


def backend_of(engine) -> str:
    return engine.dialect.name


def pytest_terminal_summary(terminalreporter):
    if _POSTGRES_DOWN:
        title = ("POSTGRESQL-TESTERNA HOPPADES ÖVER" if skip_postgres_asked()
                 else "POSTGRESQL-TESTERNA MISSLYCKADES")
        terminalreporter.write_sep("!", title, red=True, bold=True)
        terminalreporter.write_line(
            f"Ingen PostgreSQL-server svarade på {POSTGRES}: {_POSTGRES_DOWN[0]}. "
            f"{len(_POSTGRES_DOWN)} lagringstester kördes inte på PostgreSQL.", red=True,
            bold=True)
