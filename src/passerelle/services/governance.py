"""Retention, audit verification and notifications: the platform's accountability duties."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from passerelle.model.errors import Forbidden
from passerelle.model.policy import REVIEW_BEFORE_EXPIRY
from passerelle.model.principals import Role
from passerelle.services.context import Call, Platform
from passerelle.services.views import record_view
from passerelle.store import audit, notifications
from passerelle.store import records as repo
from passerelle.store.audit import SYSTEM, VerifyReport


@dataclass(frozen=True, slots=True)
class RetentionReport:
    purged: int
    review_notices: int


def run_retention(platform: Platform, batch: int = 1000) -> RetentionReport:
    """Purge expired records and tell owners which records are due for review.

    Each purge is audited (what, whose, when it expired) in the same transaction as the delete.
    An owner is reminded once per record, when it enters its six-month review window.
    """
    now = platform.now()
    purged = 0
    while True:
        with platform.db.transaction() as conn:
            chunk = repo.expired(conn, now, limit=batch)
            for stored in chunk:
                repo.delete(conn, stored, now)
                audit.append(
                    conn,
                    SYSTEM,
                    "purge",
                    object_kind=stored.kind,
                    object_id=stored.id,
                    detail={
                        "owner": stored.policy.owner,
                        "expired_at": str(stored.policy.expires_at),
                    },
                )
                notifications.notify(
                    conn,
                    stored.policy.owner,
                    "record_purged",
                    {"kind": stored.kind},
                    now,
                    stored.id,
                )
        purged += len(chunk)
        if len(chunk) < batch:
            break
    reminded = 0
    with platform.db.transaction() as conn:
        for stored in repo.due_for_review(conn, None, now, REVIEW_BEFORE_EXPIRY):
            if stored.workflow.get("review_reminded_for") == str(stored.policy.expires_at):
                continue
            notifications.notify(
                conn,
                stored.policy.owner,
                "review_due",
                {
                    "kind": stored.kind,
                    "expires_at": str(stored.policy.expires_at),
                    "action": "extend with a reason, or let it be deleted",
                },
                now,
                stored.id,
            )
            repo.update(
                conn,
                stored,
                now,
                workflow={**stored.workflow, "review_reminded_for": str(stored.policy.expires_at)},
            )
            reminded += 1
        if purged or reminded:
            audit.append(conn, SYSTEM, "retention", detail={"purged": purged, "reminded": reminded})
    return RetentionReport(purged, reminded)


def due_for_review(platform: Platform, call: Call) -> list[dict[str, Any]]:
    now = platform.now()
    with platform.db.transaction() as conn:
        found = repo.due_for_review(conn, call.principal.entity, now, REVIEW_BEFORE_EXPIRY)
        audit.append(conn, call.actor, "list", detail={"review_due": [r.id for r in found]})
    return [record_view(r, call.principal) for r in found]


def verify_audit(platform: Platform) -> VerifyReport:
    with platform.db.engine.connect() as conn:
        return audit.verify(conn)


def read_audit(
    platform: Platform,
    call: Call,
    *,
    entity: str | None = None,
    object_id: str | None = None,
    action: str | None = None,
    after: int = 0,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """Auditors read the whole log; supervisors read their own NCB's rows."""
    p = call.principal
    if p.role is Role.NCB_SUPERVISOR:
        entity = p.entity
    elif p.role is not Role.AUDITOR:
        raise Forbidden("only auditors (and supervisors, for their NCB) read the audit log")
    with platform.db.transaction() as conn:
        rows = audit.query(
            conn,
            entity=entity,
            object_id=object_id,
            action=action,
            after=after,
            limit=min(limit, 1000),
        )
        audit.append(conn, call.actor, "audit-read", detail={"entity": entity, "after": after})
    return rows


def my_notifications(
    platform: Platform, call: Call, unread_only: bool = False, after: int = 0
) -> list[dict[str, Any]]:
    with platform.db.engine.connect() as conn:
        rows = notifications.for_entity(
            conn, call.principal.entity, unread_only=unread_only, after=after
        )
    return [
        {
            **r,
            "created_at": r["created_at"].isoformat(),
            "read_at": r["read_at"].isoformat() if r["read_at"] else None,
        }
        for r in rows
    ]


def mark_notifications_read(platform: Platform, call: Call, ids: list[int]) -> int:
    with platform.db.transaction() as conn:
        return notifications.mark_read(conn, call.principal.entity, ids, platform.now())
