"""Connecting to the store and bringing its schema up to date (Alembic)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError as SAArgumentError

from jamlik.errors import ConfigError

__all__ = ["connect", "upgrade", "MIGRATIONS"]

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets the web app read while an import writes; NORMAL is safe with WAL.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # a large page cache keeps index pages of big imports in memory (negative = KiB)
    cursor.execute("PRAGMA cache_size=-262144")
    # the temporary table that a re-import is classified in stays in memory
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def connect(url: str | None = None, *, migrate: bool = True) -> Engine:
    """Return an engine for ``url`` (default: the ``JAMLIK_DATABASE_URL`` setting).

    With ``migrate`` the schema is brought up to date first.
    """
    if url is None:
        from jamlik.config import get_settings

        url = get_settings().database_url
    try:
        parsed = make_url(url)
    except SAArgumentError as error:
        raise ConfigError(f"ogiltig databas-URL '{url}': {error}") from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"databasen '{parsed.get_backend_name()}' stöds inte; använd sqlite eller postgresql"
        )
    engine = create_engine(parsed, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate:
        upgrade(engine)
    return engine


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Run the Alembic migrations up to ``revision`` on ``engine``."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

