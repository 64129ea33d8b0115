"""Repository of records (persons, documents, vehicles, vessels, notices, diffusions).

Every public read function takes the caller and goes through ``access``; the only unguarded
reader, ``unrestricted_rows_for_screening``, feeds the screening index, whose hits are filtered
by ``access.entity_may_see`` before anything but "hit, contact NCB X" leaves the services layer.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from passerelle.model.errors import Conflict, InvalidInput, NotFound
from passerelle.model.policy import AccessMode, Confidentiality, HandlingCode, Policy, Purpose
from passerelle.model.principals import Principal
from passerelle.store import access
from passerelle.store.ids import new_id
from passerelle.store.schema import record_access, record_changes, records

_PREFIX = {
    "person": "per",
    "travel_document": "doc",
    "vehicle": "veh",
    "vessel": "ves",
    "notice": "ntc",
    "diffusion": "dif",
}


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """A record as stored: its policy, its data, and its workflow state where it has one."""

    seq: int
    id: str
    kind: str
    subtype: str | None
    state: str | None
    policy: Policy
    data: dict[str, Any]
    created_at: dt.datetime
    updated_at: dt.datetime
    created_by: int | None
    version: int
    source_reference: str | None
    workflow: dict[str, Any] = field(default_factory=dict)

    def as_row(self) -> dict[str, Any]:
        """The columns the access guard reads."""
        return {
            "owner": self.policy.owner,
            "kind": self.kind,
            "state": self.state,
            "access": self.policy.access.value,
            "expires_at": self.policy.expires_at,
            "confidentiality": self.policy.confidentiality.rank,
            "created_by": self.created_by,
        }


def _stored(row: Mapping[str, Any] | RowMapping, entities: frozenset[str]) -> StoredRecord:
    # Stored policies were validated when written: constructing, not validating again, is
    # a third of the cost of reading a record back (the screening index reads them all).
    policy = Policy.model_construct(
        owner=row["owner"],
        access=AccessMode(row["access"]),
        entities=entities,
        confidentiality=Confidentiality.from_rank(row["confidentiality"]),
        handling=frozenset(HandlingCode(h) for h in row["handling"]),
        purpose=Purpose(row["purpose"]),
        expires_at=row["expires_at"],
    )
    return StoredRecord(
        seq=row["seq"],
        id=row["id"],
        kind=row["kind"],
        subtype=row["subtype"],
        state=row["state"],
        policy=policy,
        data=row["data"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        created_by=row["created_by"],
        version=row["version"],
        source_reference=row["source_reference"],
        workflow=row["workflow"] or {},
    )


def _entities(conn: Connection, seqs: list[int]) -> dict[int, frozenset[str]]:
    found: dict[int, set[str]] = {s: set() for s in seqs}
    for start in range(0, len(seqs), 500):
        chunk = seqs[start : start + 500]
        rows = conn.execute(
            sa.select(record_access.c.record_seq, record_access.c.entity).where(
                record_access.c.record_seq.in_(chunk)
            )
        )
        for seq, entity in rows:
            found[seq].add(entity)
    return {s: frozenset(v) for s, v in found.items()}


def _hydrate(
    conn: Connection, rows: Sequence[Mapping[str, Any]] | Sequence[RowMapping]
) -> list[StoredRecord]:
    ents = _entities(conn, [r["seq"] for r in rows])
    return [_stored(r, ents[r["seq"]]) for r in rows]


@dataclass(frozen=True, slots=True)
class NewRecord:
    kind: str
    data: dict[str, Any]
    policy: Policy
    search_text: str
    subtype: str | None = None
    state: str | None = None
    source_reference: str | None = None
    workflow: dict[str, Any] = field(default_factory=dict)


def insert(conn: Connection, new: NewRecord, created_by: int | None, now: dt.datetime) -> str:
    return insert_many(conn, [new], created_by, now)[0]


def insert_many(
    conn: Connection, news: Sequence[NewRecord], created_by: int | None, now: dt.datetime
) -> list[str]:
    """Insert records with their access lists and change-feed rows in three statements.

    An import or the demo data set writes thousands of records: one statement per table
    instead of four per record is what makes a large data set load in minutes, not hours.
    """
    if not news:
        return []
    ids = [new_id(_PREFIX[new.kind]) for new in news]
    rows = [
        {
            "id": record_id,
            "kind": new.kind,
            "subtype": new.subtype,
            "state": new.state,
            "owner": new.policy.owner,
            "access": new.policy.access.value,
            "confidentiality": new.policy.confidentiality.rank,
            "handling": sorted(h.value for h in new.policy.handling),
            "purpose": new.policy.purpose.value,
            "expires_at": new.policy.expires_at,
            "created_at": now,
            "updated_at": now,
            "created_by": created_by,
            "version": 1,
            "source_reference": new.source_reference,
            "search_text": new.search_text,
            "data": new.data,
            "workflow": new.workflow,
        }
        for record_id, new in zip(ids, news, strict=True)
    ]
    returned = conn.execute(
        sa.insert(records).returning(records.c.seq, sort_by_parameter_order=True), rows
    )
    seqs = [int(seq) for seq in returned.scalars()]
    granted = [
        {"record_seq": seq, "entity": entity}
        for seq, new in zip(seqs, news, strict=True)
        if new.policy.access is not AccessMode.ALL
        for entity in sorted(new.policy.entities)
    ]
    if granted:
        conn.execute(sa.insert(record_access), granted)
    conn.execute(
        sa.insert(record_changes), [{"record_id": rid, "op": "insert", "at": now} for rid in ids]
    )
    return ids


def _changed(conn: Connection, record_id: str, op: str, now: dt.datetime) -> None:
    conn.execute(sa.insert(record_changes).values(record_id=record_id, op=op, at=now))


def changes_since(conn: Connection, after: int, limit: int = 10_000) -> list[tuple[int, str, str]]:
    """(seq, record_id, op) of changes after ``after``: what an index must re-read or drop."""
    rows = conn.execute(
        sa.select(record_changes.c.seq, record_changes.c.record_id, record_changes.c.op)
        .where(record_changes.c.seq > after)
        .order_by(record_changes.c.seq)
        .limit(limit)
    )
    return [(r.seq, r.record_id, r.op) for r in rows]


def change_anchor(conn: Connection, mark: int) -> tuple[Any, ...]:
    """The feed row at ``mark`` and the feed's first row, as text: together they tell this
    database from another one (re-created or restored) whose feed reached the same ``mark``."""
    c = record_changes.c
    at_mark = conn.execute(sa.select(c.record_id, c.op, c.at).where(c.seq == mark)).first()
    first = conn.execute(sa.select(c.seq, c.at).order_by(c.seq).limit(1)).first()
    return (
        mark,
        None if at_mark is None else tuple(str(v) for v in at_mark),
        None if first is None else tuple(str(v) for v in first),
    )


def last_change(conn: Connection) -> int:
    return int(
        conn.execute(sa.select(sa.func.coalesce(sa.func.max(record_changes.c.seq), 0))).scalar_one()
    )


def _write_entities(conn: Connection, seq: int, policy: Policy) -> None:
    conn.execute(sa.delete(record_access).where(record_access.c.record_seq == seq))
    if policy.access is not AccessMode.ALL and policy.entities:
        conn.execute(
            sa.insert(record_access),
            [{"record_seq": seq, "entity": e} for e in sorted(policy.entities)],
        )


def load(conn: Connection, record_id: str) -> StoredRecord | None:
    """Unguarded load for write paths, which check ``access.may_manage`` themselves."""
    row = conn.execute(sa.select(records).where(records.c.id == record_id)).mappings().first()
    return _hydrate(conn, [row])[0] if row else None


def get(conn: Connection, principal: Principal, record_id: str, now: dt.datetime) -> StoredRecord:
    """Read one record; a record the caller may not see is reported as not found."""
    row = (
        conn.execute(
            sa.select(records).where(
                records.c.id == record_id, access.visible_clause(principal, now)
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"no record {record_id!r} that you may see")
    return _hydrate(conn, [row])[0]


@dataclass(frozen=True, slots=True)
class Page:
    items: list[StoredRecord]
    next_cursor: str | None


def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"s{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith("s"):
            raise ValueError
        return int(raw[1:])
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("the cursor is not one this server issued", where="cursor") from None


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(
    conn: Connection,
    principal: Principal,
    now: dt.datetime,
    *,
    kinds: tuple[str, ...] | None = None,
    owner: str | None = None,
    text: str | None = None,
    state: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page:
    """List or search what the caller may see, oldest first, ``limit`` at a time."""
    stmt = sa.select(records).where(access.visible_clause(principal, now))
    if kinds:
        stmt = stmt.where(records.c.kind.in_(kinds))
    if owner:
        stmt = stmt.where(records.c.owner == owner)
    if state:
        stmt = stmt.where(records.c.state == state)
    if text:
        for term in text.casefold().split()[:8]:
            stmt = stmt.where(records.c.search_text.like(f"%{_like_escape(term)}%", escape="\\"))
    if cursor:
        stmt = stmt.where(records.c.seq > decode_cursor(cursor))
    rows = conn.execute(stmt.order_by(records.c.seq).limit(limit + 1)).mappings().all()
    items = _hydrate(conn, rows[:limit])
    nxt = encode_cursor(items[-1].seq) if len(rows) > limit and items else None
    return Page(items, nxt)


def iter_visible(
    conn: Connection, principal: Principal, now: dt.datetime, kinds: tuple[str, ...] | None
) -> Iterator[StoredRecord]:
    """Everything the caller may see, in batches: the export path."""
    cursor: str | None = None
    while True:
        page = search(conn, principal, now, kinds=kinds, cursor=cursor, limit=500)
        yield from page.items
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def unrestricted_rows_for_screening(
    conn: Connection, now: dt.datetime, kinds: tuple[str, ...], after_seq: int = 0
) -> Iterator[StoredRecord]:
    """All live records of ``kinds`` for the screening index, whoever may see them.

    Hit/no-hit needs the index to know records the checker may not see; what leaves the
    services layer about such a hit is only that it exists and whom to contact.

    Pages follow the primary key alone, with kind and expiry checked here: given them in
    SQL, SQLite walked the kind index and sorted every remaining record for each page of
    2,000, so reading a million records took the square of the time (a 1 M-person API
    start took 21 minutes; it now reads in a straight line).
    """
    wanted = frozenset(kinds)
    last = after_seq
    while True:
        rows = (
            conn.execute(
                sa.select(records).where(records.c.seq > last).order_by(records.c.seq).limit(2000)
            )
            .mappings()
            .all()
        )
        if not rows:
            return
        live = [
            r
            for r in rows
            if r["kind"] in wanted and (r["expires_at"] is None or r["expires_at"] > now)
        ]
        if live:
            yield from _hydrate(conn, live)
        last = rows[-1]["seq"]


def update(
    conn: Connection,
    record: StoredRecord,
    now: dt.datetime,
    *,
    data: dict[str, Any] | None = None,
    search_text: str | None = None,
    policy: Policy | None = None,
    state: str | None = None,
    workflow: dict[str, Any] | None = None,
) -> StoredRecord:
    """Change a record (optimistic: the stored version must not have moved under us)."""
    values: dict[str, Any] = {"updated_at": now, "version": record.version + 1}
    if data is not None:
        values["data"] = data
    if search_text is not None:
        values["search_text"] = search_text
    if state is not None:
        values["state"] = state
    if workflow is not None:
        values["workflow"] = workflow
    if policy is not None:
        values.update(
            owner=policy.owner,
            access=policy.access.value,
            confidentiality=policy.confidentiality.rank,
            handling=sorted(h.value for h in policy.handling),
            purpose=policy.purpose.value,
            expires_at=policy.expires_at,
        )
    result = conn.execute(
        sa.update(records)
        .where(records.c.seq == record.seq, records.c.version == record.version)
        .values(**values)
    )
    if result.rowcount != 1:
        raise Conflict(f"record {record.id} was changed by someone else; reload and retry")
    if policy is not None:
        _write_entities(conn, record.seq, policy)
    if data is not None or policy is not None or state is not None:
        _changed(conn, record.id, "update", now)
    fresh = load(conn, record.id)
    assert fresh is not None
    return fresh


def delete(conn: Connection, record: StoredRecord, now: dt.datetime) -> None:
    conn.execute(sa.delete(record_access).where(record_access.c.record_seq == record.seq))
    conn.execute(sa.delete(records).where(records.c.seq == record.seq))
    _changed(conn, record.id, "delete", now)


def expired(conn: Connection, now: dt.datetime, limit: int = 1000) -> list[StoredRecord]:
    rows = (
        conn.execute(
            sa.select(records)
            .where(records.c.expires_at <= now)
            .order_by(records.c.seq)
            .limit(limit)
        )
        .mappings()
        .all()
    )
    return _hydrate(conn, rows)


def due_for_review(
    conn: Connection, owner: str | None, now: dt.datetime, within: dt.timedelta
) -> list[StoredRecord]:
    """Live records whose expiry falls within ``within``: their owners must decide."""
    stmt = sa.select(records).where(
        records.c.expires_at > now, records.c.expires_at <= now + within
    )
    if owner:
        stmt = stmt.where(records.c.owner == owner)
    rows = conn.execute(stmt.order_by(records.c.expires_at).limit(10_000)).mappings().all()
    return _hydrate(conn, rows)


def count(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(records)).scalar_one())
