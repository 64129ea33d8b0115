"""Schema migrations with Alembic, run in-process by ``passerelle db upgrade`` and by set-up."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from passerelle.store import audit
from passerelle.store.db import Database


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "passerelle.store:migrations")
    return cfg


def upgrade(db: Database, revision: str = "head") -> None:
    """Bring the schema to ``revision`` and make sure the audit chain has its head row."""
    with db.engine.begin() as conn:
        cfg = _config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        audit.ensure_head(conn)


def downgrade(db: Database, revision: str) -> None:
    with db.engine.begin() as conn:
        cfg = _config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def current(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()


def is_current(db: Database) -> bool:
    return current(db) == head()
