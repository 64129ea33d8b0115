"""Bulk screenings: the job row, its committed batches, and its hits.

A batch is committed by ``commit_batch`` in the caller's transaction, together with the hits,
counters, notifications and audit rows of that batch: it is all there or none of it is. The
``screening_batches`` row goes in *first*, so a second process racing on the same batch fails
on its primary key before writing anything else, and the unique (screening, row, record) key on
hits is a second safety net. That is what makes kill -9 and re-run exact.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from passerelle.model.errors import NotFound
from passerelle.store.schema import operations, screening_batches, screening_hits, screenings

#: Errors kept on the screening row (the count of malformed travellers is always exact).
MAX_STORED_ERRORS = 1000


def find(conn: Connection, screening_id: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(screenings).where(screenings.c.id == screening_id)).mappings()
    found = row.first()
    return dict(found) if found else None


def load(conn: Connection, screening_id: str) -> dict[str, Any]:
    found = find(conn, screening_id)
    if found is None:
        raise NotFound(f"no screening {screening_id!r}")
    return found


def list_for(
    conn: Connection,
    entity: str,
    *,
    operation_id: str | None = None,
    status: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[int, list[dict[str, Any]]]:
    """(how many, one page) of an entity's screenings, newest first."""
    where = [screenings.c.entity == entity]
    if operation_id is not None:
        where.append(screenings.c.operation_id == operation_id)
    if status is not None:
        where.append(screenings.c.status == status)
    total = conn.execute(sa.select(sa.func.count()).select_from(screenings).where(*where))
    page = conn.execute(
        sa.select(screenings)
        .where(*where)
        .order_by(screenings.c.created_at.desc(), screenings.c.id)
        .offset(offset)
        .limit(limit)
    ).mappings()
    return int(total.scalar_one()), [dict(row) for row in page]


def operation_exists(conn: Connection, operation_id: str) -> bool:
    stmt = sa.select(sa.func.count()).where(operations.c.id == operation_id)
    return bool(conn.execute(stmt).scalar_one())


def create(conn: Connection, **values: Any) -> None:
    values["errors"] = list(values.get("errors", []))[:MAX_STORED_ERRORS]
    conn.execute(sa.insert(screenings).values(**values))


def set_status(
    conn: Connection,
    screening_id: str,
    status: str,
    now: dt.datetime,
    *,
    message: str | None = None,
    engine: str | None = None,
) -> None:
    values: dict[str, Any] = {"status": status, "message": message}
    if status == "running":
        values["started_at"] = now
        values["finished_at"] = None
    elif status in ("finished", "failed"):
        values["finished_at"] = now
    if engine:
        values["engine"] = engine
    conn.execute(sa.update(screenings).where(screenings.c.id == screening_id).values(**values))


def committed_batches(conn: Connection, screening_id: str) -> set[int]:
    stmt = sa.select(screening_batches.c.batch_no).where(
        screening_batches.c.screening_id == screening_id
    )
    return {int(n) for n in conn.execute(stmt).scalars()}


def batch_travellers(conn: Connection, screening_id: str, batch_no: int) -> int | None:
    """How many travellers a committed batch held (``None``: not committed)."""
    stmt = sa.select(screening_batches.c.travellers).where(
        screening_batches.c.screening_id == screening_id,
        screening_batches.c.batch_no == batch_no,
    )
    found = conn.execute(stmt).scalar_one_or_none()
    return None if found is None else int(found)


def commit_batch(
    conn: Connection,
    screening_id: str,
    batch_no: int,
    travellers: int,
    hit_rows: list[dict[str, Any]],
    now: dt.datetime,
) -> None:
    """Record one batch as done, with its hits, and move the counters (one transaction)."""
    conn.execute(
        sa.insert(screening_batches).values(
            screening_id=screening_id,
            batch_no=batch_no,
            travellers=travellers,
            hits=len(hit_rows),
            committed_at=now,
        )
    )
    if hit_rows:
        conn.execute(
            sa.insert(screening_hits),
            [{**h, "screening_id": screening_id, "batch_no": batch_no} for h in hit_rows],
        )
    conn.execute(
        sa.update(screenings)
        .where(screenings.c.id == screening_id)
        .values(
            processed=screenings.c.processed + travellers,
            hit_count=screenings.c.hit_count + len(hit_rows),
        )
    )


def hits(
    conn: Connection, screening_id: str, *, offset: int = 0, limit: int | None = None
) -> list[dict[str, Any]]:
    """Hits in manifest order (row, then most probable first)."""
    stmt = (
        sa.select(screening_hits)
        .where(screening_hits.c.screening_id == screening_id)
        .order_by(screening_hits.c.row, screening_hits.c.probability.desc(), screening_hits.c.id)
        .offset(offset)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def count_hits(conn: Connection, screening_id: str) -> int:
    stmt = sa.select(sa.func.count()).where(screening_hits.c.screening_id == screening_id)
    return int(conn.execute(stmt).scalar_one())
