"""Use cases on shared records: create, read, list and search, change, policy, retention, delete.

Every function takes a ``Call`` and writes its audit row in the same transaction as the work,
so there is no read or change without its trace.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ValidationError

from passerelle.model.errors import Forbidden, InvalidInput, NotFound
from passerelle.model.policy import MAX_EXTENSION, HandlingCode, Policy
from passerelle.model.principals import READER_ROLES, WRITER_ROLES, Role
from passerelle.model.records import RECORD_KINDS
from passerelle.services.context import Call, Platform
from passerelle.services.policies import PolicyInput, build_policy
from passerelle.services.views import record_view
from passerelle.store import access, audit
from passerelle.store import records as repo

PLAIN_KINDS = tuple(RECORD_KINDS)


def validation_message(exc: ValidationError, prefix: str = "") -> InvalidInput:
    """One readable error per field: ``names[0].full: String should have at least 1 character``."""
    errors = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"] if p not in ("function-after",))
        where = f"{prefix}.{loc}" if prefix and loc else (prefix or loc)
        msg = str(err["msg"]).removeprefix("Value error, ")
        errors.append(f"{where}: {msg}" if where else msg)
    return InvalidInput(
        errors[0] if len(errors) == 1 else f"{len(errors)} problems: " + "; ".join(errors[:10]),
        errors=errors,
    )


def parse_record(kind: str, data: Any, prefix: str = "data") -> BaseModel:
    """Validate ``data`` as a record of ``kind`` (the model's rules, with field paths)."""
    model = RECORD_KINDS.get(kind)
    if model is None:
        raise InvalidInput(
            f"unknown record kind {kind!r}; use one of {', '.join(RECORD_KINDS)}", where="kind"
        )
    if not isinstance(data, dict):
        raise InvalidInput("a record must be a JSON object", where=prefix)
    try:
        return model.model_validate({**data, "kind": kind})
    except ValidationError as exc:
        raise validation_message(exc, prefix) from None


def search_text(record: BaseModel) -> str:
    """Folded names and identifiers, for substring search across scripts and cases."""
    data = record.model_dump(mode="json")
    parts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            for key, inner in value.items():
                if key not in ("kind", "status", "type", "sex", "remarks"):
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(data)
    return " ".join(parts).casefold()[:4000]


def _require(call: Call, roles: frozenset[Role], action: str) -> None:
    if call.principal.role not in roles:
        raise Forbidden(f"the role {call.principal.role.value} may not {action}")


def create(
    platform: Platform, call: Call, kind: str, data: Any, policy: PolicyInput | None = None
) -> dict[str, Any]:
    """Share a new record; the caller's NCB owns it."""
    _require(call, WRITER_ROLES, "create records")
    record = parse_record(kind, data)
    now = platform.now()
    pol = build_policy(call.principal.entity, policy, now)
    new = repo.NewRecord(
        kind=kind,
        data=record.model_dump(mode="json"),
        policy=pol,
        search_text=search_text(record),
        source_reference=getattr(record, "source_reference", None),
    )
    with platform.db.transaction() as conn:
        record_id = repo.insert(conn, new, call.principal.user_id, now)
        audit.append(conn, call.actor, "create", object_kind=kind, object_id=record_id)
        stored = repo.load(conn, record_id)
    assert stored is not None
    return record_view(stored, call.principal)


def get(platform: Platform, call: Call, record_id: str) -> dict[str, Any]:
    _require(call, READER_ROLES, "read records")
    now = platform.now()
    denied: NotFound | None = None
    with platform.db.transaction() as conn:
        try:
            stored = repo.get(conn, call.principal, record_id, now)
        except NotFound as exc:
            audit.append(conn, call.actor, "read-denied", object_id=record_id[:64])
            denied = exc
        else:
            audit.append(conn, call.actor, "read", object_kind=stored.kind, object_id=stored.id)
    if denied is not None:  # raised once the audit row is committed: raising inside rolls it back
        raise denied
    return record_view(stored, call.principal)


def search(
    platform: Platform,
    call: Call,
    *,
    kinds: tuple[str, ...] | None = None,
    owner: str | None = None,
    text: str | None = None,
    state: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """List (no text) or search (text) what the caller may see; one audit row per page."""
    _require(call, READER_ROLES, "list or search records")
    limit = min(limit or platform.settings.page_size, 500)
    # A cursor is a 32-bit sequence number: a forged larger one would overflow in the driver.
    if cursor is not None and not 0 <= repo.decode_cursor(cursor) <= 2**31 - 1:
        raise InvalidInput("the cursor is not one this server issued", where="cursor")
    now = platform.now()
    with platform.db.transaction() as conn:
        page = repo.search(
            conn,
            call.principal,
            now,
            kinds=kinds,
            owner=owner,
            text=text,
            state=state,
            cursor=cursor,
            limit=limit,
        )
        audit.append(
            conn,
            call.actor,
            "search" if text else "list",
            detail={
                "kinds": list(kinds or ()),
                "owner": owner,
                "text": text,
                "state": state,
                "returned": [r.id for r in page.items],
            },
        )
    return [record_view(r, call.principal) for r in page.items], page.next_cursor


def owned(conn: Any, call: Call, record_id: str, now: dt.datetime) -> repo.StoredRecord:
    """Load a record for a change: unknown to a caller who may not see it, else owner-only."""
    stored = repo.load(conn, record_id)
    if stored is None or not (
        access.may_manage(call.principal, stored.as_row())
        or access.may_read(call.principal, stored.as_row(), stored.policy.entities, now)
    ):
        raise NotFound(f"no record {record_id!r} that you may see")
    if not access.may_manage(call.principal, stored.as_row()):
        raise Forbidden("only the owner NCB's officers may change this record")
    return stored


def update(platform: Platform, call: Call, record_id: str, data: Any) -> dict[str, Any]:
    """Replace a record's content (owner NCB only); its policy is unchanged."""
    _require(call, WRITER_ROLES, "change records")
    now = platform.now()
    with platform.db.transaction() as conn:
        stored = owned(conn, call, record_id, now)
        if stored.kind not in PLAIN_KINDS:
            raise InvalidInput("notices and diffusions change through their workflow", where="kind")
        record = parse_record(stored.kind, data)
        fresh = repo.update(
            conn, stored, now, data=record.model_dump(mode="json"), search_text=search_text(record)
        )
        audit.append(conn, call.actor, "update", object_kind=stored.kind, object_id=stored.id)
    return record_view(fresh, call.principal)


def change_policy(
    platform: Platform, call: Call, record_id: str, policy: PolicyInput
) -> dict[str, Any]:
    """Only the owner (its supervisor, or the officer who created it) changes the policy."""
    now = platform.now()
    with platform.db.transaction() as conn:
        stored = owned(conn, call, record_id, now)
        if not access.may_change_policy(call.principal, stored.as_row()):
            raise Forbidden(
                "only the owner NCB's supervisor or the record's author may change its policy"
            )
        given = (
            policy
            if policy.expires_at
            else policy.model_copy(update={"expires_at": stored.policy.expires_at})
        )
        pol = build_policy(stored.policy.owner, given, now)
        fresh = repo.update(conn, stored, now, policy=pol)
        audit.append(
            conn,
            call.actor,
            "policy",
            object_kind=stored.kind,
            object_id=stored.id,
            detail={
                "access": pol.access.value,
                "entities": sorted(pol.entities),
                "confidentiality": pol.confidentiality.label,
                "handling": sorted(h.value for h in pol.handling),
            },
        )
    return record_view(fresh, call.principal)


def extend_retention(
    platform: Platform, call: Call, record_id: str, until: dt.datetime, reason: str
) -> dict[str, Any]:
    """Keep a record longer: at most five years from now, and the reason is recorded."""
    reason = reason.strip()
    if len(reason) < 10:
        raise InvalidInput(
            "give the reason for keeping the data (at least 10 characters)", where="reason"
        )
    now = platform.now()
    if until.tzinfo is None:
        until = until.replace(tzinfo=dt.UTC)
    if until <= now or until > now + MAX_EXTENSION:
        raise InvalidInput(
            "the new expiry must be in the future and at most five years away", where="until"
        )
    with platform.db.transaction() as conn:
        stored = owned(conn, call, record_id, now)
        if not access.may_change_policy(call.principal, stored.as_row()):
            raise Forbidden(
                "only the owner NCB's supervisor or the record's author may extend its retention"
            )
        pol = Policy(**{**stored.policy.model_dump(), "expires_at": until})
        workflow = dict(stored.workflow)
        workflow.setdefault("extensions", []).append(
            {
                "at": now.isoformat(),
                "by": call.principal.username,
                "until": until.isoformat(),
                "reason": reason,
            }
        )
        fresh = repo.update(conn, stored, now, policy=pol, workflow=workflow)
        audit.append(
            conn,
            call.actor,
            "extend",
            object_kind=stored.kind,
            object_id=stored.id,
            detail={"until": until.isoformat(), "reason": reason},
        )
    return record_view(fresh, call.principal)


def delete(platform: Platform, call: Call, record_id: str) -> None:
    _require(call, WRITER_ROLES, "delete records")
    now = platform.now()
    with platform.db.transaction() as conn:
        stored = owned(conn, call, record_id, now)
        repo.delete(conn, stored, now)
        audit.append(conn, call.actor, "delete", object_kind=stored.kind, object_id=stored.id)


def export(
    platform: Platform, call: Call, kinds: tuple[str, ...] | None = None
) -> list[dict[str, Any]]:
    """Everything the caller may see, minus what the source marked H2 (no onward sharing).

    H2 data stays with its owner: another NCB may read it but not take it away in bulk.
    """
    _require(call, READER_ROLES, "export records")
    now = platform.now()
    out: list[dict[str, Any]] = []
    withheld = 0
    with platform.db.transaction() as conn:
        for stored in repo.iter_visible(conn, call.principal, now, kinds):
            if (
                HandlingCode.H2 in stored.policy.handling
                and stored.policy.owner != call.principal.entity
            ):
                withheld += 1
                continue
            out.append(record_view(stored, call.principal))
        audit.append(
            conn,
            call.actor,
            "export",
            detail={
                "kinds": list(kinds or ()),
                "exported": [r["id"] for r in out],
                "withheld_h2": withheld,
            },
        )
    return out
