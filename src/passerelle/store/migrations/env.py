"""Alembic environment: runs migrations on the connection handed in by ``store.migrate``."""

from __future__ import annotations

from alembic import context

from passerelle.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")

if connection is None:  # pragma: no cover - only when alembic's own CLI is used
    from passerelle.store.db import create_db_engine

    engine = create_db_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    context.run_migrations()
