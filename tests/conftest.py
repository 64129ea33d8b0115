"""Shared fixtures: a real database (SQLite by default, PostgreSQL when asked) per test.

Set ``PASSERELLE_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test`` to run the
suite on PostgreSQL: each run works in a schema of its own, dropped at the end, and every test
starts from empty tables. On SQLite every test gets a copy of a freshly migrated file.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from passerelle.model.principals import Role
from passerelle.services import accounts
from passerelle.services.context import Call, Platform
from passerelle.settings import Settings
from passerelle.store import migrate
from passerelle.store.db import Database
from passerelle.store.schema import metadata

PG_URL = os.environ.get("PASSERELLE_TEST_DATABASE_URL", "")


def pytest_report_header() -> str:
    return f"database: {'PostgreSQL ' + PG_URL if PG_URL else 'SQLite (per-test file)'}"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots a test's API keeps for a server database go to the test's folder, not to
    the user's cache (subprocesses inherit it through the environment)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database to start every test from: a file (SQLite) or a schema (PG)."""
    if PG_URL:
        schema = f"t_{uuid.uuid4().hex[:12]}"
        admin = sa.create_engine(PG_URL)
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        sep = "&" if "?" in PG_URL else "?"
        url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
        migrate.upgrade(Database(url))
        yield url
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
        db = Database(f"sqlite:///{path}")
        migrate.upgrade(db)
        db.dispose()
        yield str(path)


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> str:
    if PG_URL:
        engine = sa.create_engine(database_template)
        with engine.begin() as conn:
            names = ", ".join(t.name for t in metadata.sorted_tables)
            conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            conn.exec_driver_sql(
                "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '" + "0" * 64 + "')"
            )
            # a test may have dropped the append-only trigger to play the attacker
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
            conn.exec_driver_sql(
                "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
                "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
            )
        engine.dispose()
        return database_template
    path = tmp_path / "passerelle.db"
    shutil.copy(database_template, path)
    return f"sqlite:///{path}"


class Clock:
    """A settable clock: retention and expiry tests move time instead of waiting."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += dt.timedelta(**kwargs)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def platform(database_url: str, clock: Clock) -> Iterator[Platform]:
    settings = Settings(
        database_url=database_url, demo_on_first_start=False, index_refresh_seconds=0
    )
    p = Platform(settings=settings, db=Database(database_url), clock=clock)
    yield p
    p.db.dispose()


@dataclass(frozen=True)
class Actor:
    call: Call
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


MakeUser = Callable[..., Actor]


@pytest.fixture
def make_user(platform: Platform) -> MakeUser:
    """Create a user with a token: ``make_user("FR", Role.NCB_OFFICER)``."""
    counter = iter(range(1_000_000))

    def make(entity: str, role: Role, **kwargs: object) -> Actor:
        name = f"{role.value}-{entity.lower()}-{next(counter)}"
        user = accounts.create_user(
            platform,
            None,
            username=name,
            entity_code=entity,
            role=role,
            password="correct horse battery",
            **kwargs,
        )
        secret, _ = accounts.create_token(platform, None, name)
        return Actor(Call(user.principal()), secret)

    return make
