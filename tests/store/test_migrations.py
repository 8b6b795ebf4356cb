"""The migrations build exactly the schema the models declare, and go down and up again."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from jamlik.store._db import upgrade
from jamlik.store._models import Base


def test_models_and_migrations_agree(store):
    with store.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_downgrade_to_base_and_upgrade_again(store):
    upgrade(store, "heads")
    from alembic import command
    from alembic.config import Config

    from jamlik.store._db import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    assert set(inspect(store).get_table_names()) <= {"alembic_version"}
    upgrade(store)
    assert "observation" in inspect(store).get_table_names()
