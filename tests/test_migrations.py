"""Migrations create exactly the schema the code declares, go down and up again, and mend
what earlier versions stored."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from passerelle.services import operations
from passerelle.services.context import Platform
from passerelle.store import migrate
from passerelle.store.schema import metadata, screenings


def test_schema_matches_models(platform: Platform) -> None:
    with platform.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    assert migrate.is_current(platform.db)


def test_downgrade_and_upgrade_again(platform: Platform) -> None:
    migrate.downgrade(platform.db, "base")
    assert migrate.current(platform.db) is None
    migrate.upgrade(platform.db)
    assert migrate.is_current(platform.db)
    migrate.upgrade(platform.db)  # idempotent
    assert migrate.is_current(platform.db)


def test_demo_screenings_seeded_as_done_read_as_finished(platform: Platform) -> None:
    """A database seeded before revision 0004 held demo screenings marked "done"."""
    operations.seed_operation(platform, seed=3)
    migrate.downgrade(platform.db, "0003")
    with platform.db.transaction() as conn:
        conn.execute(sa.update(screenings).values(status="done"))
    migrate.upgrade(platform.db)
    with platform.db.engine.connect() as conn:
        statuses = set(conn.execute(sa.select(screenings.c.status)).scalars())
    assert statuses == {"finished"}
