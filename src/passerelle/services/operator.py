"""What the platform operator does at the command line: migrate, act as a user, check the DB."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from passerelle.model.errors import DomainError
from passerelle.model.policy import Purpose
from passerelle.services.context import Call, Platform
from passerelle.store import migrate
from passerelle.store import records as records_repo
from passerelle.store import users as users_repo


class DatabaseUnavailable(Exception):
    """The database cannot be reached or is not migrated."""


def upgrade_database(platform: Platform) -> str | None:
    """Apply every pending migration; return the revision the schema is now at."""
    try:
        migrate.upgrade(platform.db)
        return migrate.current(platform.db)
    except OperationalError as exc:
        raise DatabaseUnavailable(
            f"cannot reach the database at {_safe(platform)}: {exc.orig}"
        ) from None


def revision(platform: Platform) -> tuple[str | None, str | None]:
    """(current revision, newest revision)."""
    try:
        return migrate.current(platform.db), migrate.head()
    except OperationalError as exc:
        raise DatabaseUnavailable(f"cannot reach the database: {exc.orig}") from None


def ensure_ready(platform: Platform) -> None:
    """Refuse to work on a database that is not at the newest schema."""
    current, newest = revision(platform)
    if current != newest:
        raise DatabaseUnavailable(
            f"the database schema is at {current or 'nothing'} but this version needs "
            f"{newest}: run `passerelle db upgrade`"
        )


def call_as(platform: Platform, username: str, purpose: Purpose | None = None) -> Call:
    """Act as ``username`` from the command line (the audit log names that user)."""
    ensure_ready(platform)
    with platform.db.engine.connect() as conn:
        user = users_repo.by_username(conn, username)
    if not user.active:
        raise DomainError(f"the user {username!r} is deactivated")
    return Call(user.principal(), purpose)


def is_empty(platform: Platform) -> bool:
    with platform.db.engine.connect() as conn:
        return records_repo.count(conn) == 0


def _safe(platform: Platform) -> str:
    url = platform.db.engine.url
    hidden = url.set(password="***")  # noqa: S106 - masks the real password
    return str(hidden) if url.password else str(url)
