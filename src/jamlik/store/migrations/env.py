"""Alembic environment: runs on the connection jamlik hands over (see store._db.upgrade)."""

from alembic import context

from jamlik.store._models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic` command line: connect from the settings
    from jamlik.store._db import connect

    connection = connect(migrate=False).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
