"""Operations, their outcomes, and the counts their dashboard and report show.

Counts come straight from the check and screening tables (single checks carry an
``operation_id`` and a ``site``; bulk screenings do too, and their processed travellers count as
checks), grouped by site and UTC day in SQL so that millions of checks never leave the
database. The day bucket is the one dialect difference, in ``_day``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from passerelle.model.countries import GENERAL_SECRETARIAT
from passerelle.model.errors import NotFound
from passerelle.store.ids import new_id as new_id
from passerelle.store.schema import (
    checks,
    hits,
    operations,
    outcomes,
    records,
    screening_hits,
    screenings,
)

# --- operations -------------------------------------------------------------------------------


def insert(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(sa.insert(operations).values(**values))


def load(conn: Connection, operation_id: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(operations).where(operations.c.id == operation_id)).first()
    return dict(row._mapping) if row else None


def can_see(operation: dict[str, Any], entity: str) -> bool:
    """The coordinator, the participants and the General Secretariat see an operation."""
    return (
        entity in (GENERAL_SECRETARIAT, operation["coordinator"])
        or entity in (operation["participants"])
    )


def visible(conn: Connection, operation_id: str, entity: str) -> dict[str, Any]:
    """The operation if ``entity`` may see it; NotFound otherwise (its existence is not told)."""
    found = load(conn, operation_id)
    if found is None or not can_see(found, entity):
        raise NotFound(f"no operation {operation_id!r}")
    return found


def list_visible(conn: Connection, entity: str) -> list[dict[str, Any]]:
    """Operations ``entity`` may see, newest window first. Operations are few (tens a year),
    so the participant filter runs here rather than as dialect-specific JSON SQL."""
    rows = conn.execute(
        sa.select(operations).order_by(operations.c.starts_on.desc(), operations.c.id)
    )
    return [dict(r._mapping) for r in rows if can_see(dict(r._mapping), entity)]


def update(conn: Connection, operation_id: str, **values: Any) -> None:
    conn.execute(sa.update(operations).where(operations.c.id == operation_id).values(**values))


# --- hits and outcomes ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HitSource:
    """Who made a hit and under which operation: a single check's or a bulk screening's."""

    hit_id: str
    source: str  # "check" or "screening"
    entity: str
    operation_id: str | None
    site: str | None


def hit_source(conn: Connection, hit_id: str) -> HitSource:
    single = conn.execute(
        sa.select(checks.c.entity, checks.c.operation_id, checks.c.site)
        .join(hits, hits.c.check_id == checks.c.id)
        .where(hits.c.id == hit_id)
    ).first()
    if single is not None:
        return HitSource(hit_id, "check", single.entity, single.operation_id, single.site)
    bulk = conn.execute(
        sa.select(screenings.c.entity, screenings.c.operation_id, screenings.c.site)
        .join(screening_hits, screening_hits.c.screening_id == screenings.c.id)
        .where(screening_hits.c.id == hit_id)
    ).first()
    if bulk is not None:
        return HitSource(hit_id, "screening", bulk.entity, bulk.operation_id, bulk.site)
    raise NotFound(f"no hit {hit_id!r}")


def outcome_kinds(conn: Connection, hit_id: str) -> list[str]:
    rows = conn.execute(sa.select(outcomes.c.kind).where(outcomes.c.hit_id == hit_id))
    return [r.kind for r in rows]


def insert_outcome(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(sa.insert(outcomes).values(**values))


def list_outcomes(conn: Connection, operation_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        sa.select(outcomes)
        .where(outcomes.c.operation_id == operation_id)
        .order_by(outcomes.c.at, outcomes.c.id)
    )
    return [dict(r._mapping) for r in rows]


# --- counts -----------------------------------------------------------------------------------


def _day(conn: Connection, column: Any) -> ColumnElement[Any]:
    """The UTC day of a timestamp column (stored naive UTC on both databases)."""
    if conn.dialect.name == "sqlite":
        return sa.func.date(column)
    return sa.cast(column, sa.Date)


def _as_day(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


@dataclass(frozen=True, slots=True)
class Cell:
    """One count for one site (None: no site given) on one UTC day."""

    site: str | None
    day: str
    count: int
    kind: str | None = None


def _cells(rows: Iterable[Any]) -> list[Cell]:
    return [
        Cell(r.site, _as_day(r.day), int(r.n or 0), getattr(r, "kind", None))
        for r in rows
        if r.day is not None
    ]


def check_counts(conn: Connection, operation_id: str) -> list[Cell]:
    """Travellers checked per site and day: single checks plus bulk screenings' processed."""
    day = _day(conn, checks.c.at).label("day")
    single = conn.execute(
        sa.select(checks.c.site, day, sa.func.count().label("n"))
        .where(checks.c.operation_id == operation_id)
        .group_by(checks.c.site, day)
    )
    out = _cells(single)
    # A screening's travellers count on the day it started (created, if not started yet).
    when = sa.func.coalesce(screenings.c.started_at, screenings.c.created_at)
    bday = _day(conn, when).label("day")
    bulk = conn.execute(
        sa.select(screenings.c.site, bday, sa.func.sum(screenings.c.processed).label("n"))
        .where(screenings.c.operation_id == operation_id)
        .group_by(screenings.c.site, bday)
    )
    return out + _cells(bulk)


def hit_counts(conn: Connection, operation_id: str) -> list[Cell]:
    """Hits per site and day, from single checks and bulk screenings alike."""
    day = _day(conn, checks.c.at).label("day")
    single = conn.execute(
        sa.select(checks.c.site, day, sa.func.count().label("n"))
        .select_from(hits.join(checks, hits.c.check_id == checks.c.id))
        .where(checks.c.operation_id == operation_id)
        .group_by(checks.c.site, day)
    )
    out = _cells(single)
    when = sa.func.coalesce(screenings.c.started_at, screenings.c.created_at)
    bday = _day(conn, when).label("day")
    bulk = conn.execute(
        sa.select(screenings.c.site, bday, sa.func.count().label("n"))
        .select_from(
            screening_hits.join(screenings, screening_hits.c.screening_id == screenings.c.id)
        )
        .where(screenings.c.operation_id == operation_id)
        .group_by(screenings.c.site, bday)
    )
    return out + _cells(bulk)


def outcome_counts(conn: Connection, operation_id: str) -> list[Cell]:
    """Outcomes per kind, site and day."""
    day = _day(conn, outcomes.c.at).label("day")
    rows = conn.execute(
        sa.select(outcomes.c.kind, outcomes.c.site, day, sa.func.count().label("n"))
        .where(outcomes.c.operation_id == operation_id)
        .group_by(outcomes.c.kind, outcomes.c.site, day)
    )
    return _cells(rows)


def seized_items(conn: Connection, operation_id: str) -> list[dict[str, float]]:
    """The item lists of every seizure (few: one per seizure), summed by the caller."""
    rows = conn.execute(
        sa.select(outcomes.c["items"]).where(
            outcomes.c.operation_id == operation_id, outcomes.c.kind == "items_seized"
        )
    )
    return [dict(r[0]) for r in rows]


# --- activity written directly (demo data and tests) ------------------------------------------


def insert_activity(
    conn: Connection,
    *,
    checks_rows: Sequence[dict[str, Any]] = (),
    hit_rows: Sequence[dict[str, Any]] = (),
    screening_rows: Sequence[dict[str, Any]] = (),
    screening_hit_rows: Sequence[dict[str, Any]] = (),
) -> None:
    """Insert checks, hits, screenings and screening hits as given (complete rows).

    The screening services write these tables in real use; the demo operation and the tests
    of the counters write synthetic rows through here, so both go through one place.
    """
    for table, rows in (
        (checks, checks_rows),
        (hits, hit_rows),
        (screenings, screening_rows),
        (screening_hits, screening_hit_rows),
    ):
        if rows:
            conn.execute(sa.insert(table), list(rows))


def some_person_ids(conn: Connection, limit: int) -> list[str]:
    """Ids of a few person records, for demo hits that point at real demo records."""
    rows = conn.execute(
        sa.select(records.c.id)
        .where(records.c.kind == "person")
        .order_by(records.c.seq)
        .limit(limit)
    )
    return [r.id for r in rows]
