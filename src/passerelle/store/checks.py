"""Checks of travellers and their hits, with the officers' decisions on each hit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from passerelle.model.errors import Conflict, NotFound
from passerelle.store.ids import new_id as new_id
from passerelle.store.schema import checks, hits


def record_check(
    conn: Connection,
    *,
    check_id: str,
    at: dt.datetime,
    user_id: int | None,
    entity: str,
    query: dict[str, Any],
    hit_rows: list[dict[str, Any]],
    duration_ms: float,
    operation_id: str | None = None,
    site: str | None = None,
) -> None:
    conn.execute(
        sa.insert(checks).values(
            operation_id=operation_id,
            site=site,
            id=check_id,
            at=at,
            user_id=user_id,
            entity=entity,
            query=query,
            hit_count=len(hit_rows),
            duration_ms=duration_ms,
        )
    )
    if hit_rows:
        conn.execute(sa.insert(hits), [{**h, "check_id": check_id} for h in hit_rows])


def load_hit(conn: Connection, hit_id: str) -> dict[str, Any]:
    row = (
        conn.execute(
            sa.select(hits, checks.c.entity.label("checked_by"), checks.c.user_id.label("checker"))
            .join(checks, checks.c.id == hits.c.check_id)
            .where(hits.c.id == hit_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"no hit {hit_id!r}")
    return dict(row)


def decide(conn: Connection, hit_id: str, decision: str, user_id: int, now: dt.datetime) -> None:
    result = conn.execute(
        sa.update(hits)
        .where(hits.c.id == hit_id, hits.c.decision.is_(None))
        .values(decision=decision, decided_by=user_id, decided_at=now)
    )
    if result.rowcount != 1:
        raise Conflict(f"hit {hit_id} already has a decision")


def decided_pairs(conn: Connection, after: str = "") -> list[dict[str, Any]]:
    """Hits an officer confirmed or rejected: labelled pairs for retraining the matcher."""
    rows = conn.execute(
        sa.select(hits.c.id, hits.c.pair, hits.c.decision, hits.c.match_kind)
        .where(hits.c.decision.is_not(None), hits.c.id > after)
        .order_by(hits.c.id)
    )
    return [dict(r._mapping) for r in rows]


def stats(conn: Connection, entity: str | None = None) -> dict[str, int]:
    stmt = sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(checks.c.hit_count), 0))
    if entity:
        stmt = stmt.where(checks.c.entity == entity)
    n, h = conn.execute(stmt).one()
    return {"checks": int(n), "hits": int(h)}
