"""Migrations create exactly the schema the code declares, and go down and up again."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from passerelle.services.context import Platform
from passerelle.store import migrate
from passerelle.store.schema import metadata


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
