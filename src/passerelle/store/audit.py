"""The audit log: append-only and hash-chained, so that any edit or deletion is detectable.

Each row's hash covers its own fields and the previous row's hash. Appends first update the
single ``audit_head`` row, which takes a row lock on PostgreSQL and the write lock on SQLite,
so concurrent writers chain one after the other. Database triggers (see the migrations) refuse
UPDATE and DELETE on ``audit_log``; the chain catches whoever bypasses them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from passerelle.store.schema import audit_head, audit_log

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did it, from which NCB, for what purpose: the 'who' of every audit row."""

    user_id: int | None
    username: str
    entity: str
    role: str
    purpose: str | None = None


SYSTEM = Actor(None, "system", "SYSTEM", "system")


def _digest(fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_HASHED = (
    "seq",
    "at",
    "user_id",
    "username",
    "entity",
    "role",
    "purpose",
    "action",
    "object_kind",
    "object_id",
    "detail",
    "prev_hash",
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing to write to the log: what was done, to which object, with which details."""

    action: str
    object_kind: str | None = None
    object_id: str | None = None
    detail: dict[str, Any] | None = None


def append(
    conn: Connection,
    actor: Actor,
    action: str,
    *,
    object_kind: str | None = None,
    object_id: str | None = None,
    detail: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Append one row to the chain inside the caller's transaction; return its sequence number."""
    return append_many(conn, actor, [Entry(action, object_kind, object_id, detail)], at=at)


def append_many(
    conn: Connection, actor: Actor, entries: list[Entry], *, at: dt.datetime | None = None
) -> int:
    """Append rows in order with one lock of the head: a check and its hits in a few statements.

    Returns the sequence number of the last row (the head's, when ``entries`` is empty).
    """
    # The no-op update takes the head's row lock (PostgreSQL) before it is read.
    lock = sa.update(audit_head).where(audit_head.c.id == 1).values(seq=audit_head.c.seq)
    if conn.dialect.update_returning:
        head = conn.execute(lock.returning(audit_head.c.seq, audit_head.c.hash)).one()
    else:  # pragma: no cover - SQLite before 3.35
        conn.execute(lock)
        head = conn.execute(sa.select(audit_head.c.seq, audit_head.c.hash)).one()
    if not entries:
        return int(head.seq)
    stamp = (at or dt.datetime.now(dt.UTC)).isoformat(timespec="microseconds")
    seq, prev = int(head.seq), str(head.hash)
    rows: list[dict[str, Any]] = []
    for entry in entries:
        seq += 1
        row: dict[str, Any] = {
            "seq": seq,
            "at": stamp,
            "user_id": actor.user_id,
            "username": actor.username,
            "entity": actor.entity,
            "role": actor.role,
            "purpose": actor.purpose,
            "action": entry.action,
            "object_kind": entry.object_kind,
            "object_id": entry.object_id,
            "detail": json.dumps(entry.detail or {}, sort_keys=True, ensure_ascii=False),
            "prev_hash": prev,
        }
        row["hash"] = prev = _digest({k: row[k] for k in _HASHED})
        rows.append(row)
    conn.execute(sa.insert(audit_log), rows)
    conn.execute(sa.update(audit_head).where(audit_head.c.id == 1).values(seq=seq, hash=prev))
    return seq


def ensure_head(conn: Connection) -> None:
    """Create the chain's head row if the database is new."""
    if conn.execute(sa.select(audit_head.c.id)).first() is None:
        conn.execute(sa.insert(audit_head).values(id=1, seq=0, hash=GENESIS))


@dataclass(frozen=True, slots=True)
class VerifyReport:
    rows: int
    ok: bool
    broken_at: int | None = None
    reason: str | None = None


def verify(conn: Connection, batch: int = 5000) -> VerifyReport:
    """Walk the chain from the start; report the first row whose link or content is wrong."""
    expected_prev = GENESIS
    expected_seq = 1
    count = 0
    for row in _rows(conn, batch):
        fields = {k: row[k] for k in _HASHED}
        if row["seq"] != expected_seq:
            return VerifyReport(count, False, expected_seq, f"row {expected_seq} is missing")
        if row["prev_hash"] != expected_prev:
            return VerifyReport(count, False, row["seq"], "link to the previous row is broken")
        if _digest(fields) != row["hash"]:
            return VerifyReport(count, False, row["seq"], "row content does not match its hash")
        expected_prev = row["hash"]
        expected_seq += 1
        count += 1
    head = conn.execute(sa.select(audit_head.c.seq, audit_head.c.hash)).first()
    if head is not None and (head.seq != count or head.hash != expected_prev):
        return VerifyReport(
            count, False, count + 1, f"rows after {count} were removed (head says {head.seq})"
        )
    return VerifyReport(count, True)


def _rows(conn: Connection, batch: int) -> Iterator[dict[str, Any]]:
    last = 0
    while True:
        chunk = (
            conn.execute(
                sa.select(audit_log)
                .where(audit_log.c.seq > last)
                .order_by(audit_log.c.seq)
                .limit(batch)
            )
            .mappings()
            .all()
        )
        if not chunk:
            return
        for r in chunk:
            yield dict(r)
        last = chunk[-1]["seq"]


def query(
    conn: Connection,
    *,
    entity: str | None = None,
    object_id: str | None = None,
    action: str | None = None,
    after: int = 0,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """Read audit rows (for auditors), newest last, filtered."""
    stmt = sa.select(audit_log).where(audit_log.c.seq > after)
    if entity:
        stmt = stmt.where(audit_log.c.entity == entity)
    if object_id:
        stmt = stmt.where(audit_log.c.object_id == object_id)
    if action:
        stmt = stmt.where(audit_log.c.action == action)
    rows = conn.execute(stmt.order_by(audit_log.c.seq).limit(limit)).mappings().all()
    return [dict(r) | {"detail": json.loads(r["detail"])} for r in rows]
