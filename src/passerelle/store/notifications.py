"""Notifications to NCBs: hits on their data, withdrawn diffusions, reviews due."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from passerelle.store.schema import notifications


def notify(
    conn: Connection,
    entity: str,
    kind: str,
    message: dict[str, Any],
    now: dt.datetime,
    record_id: str | None = None,
) -> None:
    conn.execute(
        sa.insert(notifications).values(
            entity=entity, kind=kind, record_id=record_id, message=message, created_at=now
        )
    )


def notify_many(conn: Connection, rows: list[dict[str, Any]], now: dt.datetime) -> None:
    """Several notifications at once: ``rows`` of entity, kind, message and record_id."""
    if rows:
        conn.execute(sa.insert(notifications), [{**r, "created_at": now} for r in rows])


def for_entity(
    conn: Connection, entity: str, *, unread_only: bool = False, after: int = 0, limit: int = 100
) -> list[dict[str, Any]]:
    stmt = sa.select(notifications).where(
        notifications.c.entity == entity, notifications.c.id > after
    )
    if unread_only:
        stmt = stmt.where(notifications.c.read_at.is_(None))
    rows = conn.execute(stmt.order_by(notifications.c.id).limit(limit)).mappings().all()
    return [dict(r) for r in rows]


def mark_read(conn: Connection, entity: str, ids: list[int], now: dt.datetime) -> int:
    result = conn.execute(
        sa.update(notifications)
        .where(
            notifications.c.entity == entity,
            notifications.c.id.in_(ids),
            notifications.c.read_at.is_(None),
        )
        .values(read_at=now)
    )
    return int(result.rowcount)
