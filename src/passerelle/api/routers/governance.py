"""Audit log, retention reviews, notifications and the member registry."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from passerelle.api.deps import MAX_DB_ID, CallDep, DbIdItem, PlatformDep
from passerelle.api.schemas import RecordOut
from passerelle.model.countries import registry
from passerelle.services import governance

router = APIRouter(tags=["governance"])


@router.get("/audit")
def read_audit(
    platform: PlatformDep,
    call: CallDep,
    entity: Annotated[str | None, Query(max_length=8)] = None,
    object_id: Annotated[str | None, Query(max_length=64)] = None,
    action: Annotated[str | None, Query(max_length=24)] = None,
    after: Annotated[int, Query(ge=0, le=MAX_DB_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    """The audit log (auditors; supervisors see their NCB's rows). Page with `after`."""
    return governance.read_audit(
        platform, call, entity=entity, object_id=object_id, action=action, after=after, limit=limit
    )


@router.get("/audit/verify")
def verify_audit(platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """Walk the hash chain and report the first broken link."""
    governance.read_audit(platform, call, limit=1)  # same permission as reading the log
    report = governance.verify_audit(platform)
    return {
        "rows": report.rows,
        "ok": report.ok,
        "broken_at": report.broken_at,
        "reason": report.reason,
    }


@router.get("/retention/due", response_model=list[RecordOut])
def review_due(platform: PlatformDep, call: CallDep) -> list[dict[str, Any]]:
    """Your NCB's records that expire within six months: extend them or let them go."""
    return governance.due_for_review(platform, call)


@router.get("/notifications")
def notifications(
    platform: PlatformDep,
    call: CallDep,
    unread: bool = False,
    after: Annotated[int, Query(ge=0, le=MAX_DB_ID)] = 0,
) -> list[dict[str, Any]]:
    """Messages to your NCB: hits on your data, withdrawn diffusions, reviews due."""
    return governance.my_notifications(platform, call, unread, after)


@router.post("/notifications/read")
def mark_read(ids: list[DbIdItem], platform: PlatformDep, call: CallDep) -> dict[str, int]:
    """Mark notifications as read."""
    return {"marked": governance.mark_notifications_read(platform, call, ids[:1000])}


@router.get("/registry/entities")
def entities(lang: Annotated[str, Query(pattern="^(ar|en|fr|es)$")] = "en") -> list[dict[str, Any]]:
    """Member NCBs and international entities, named in one of the four languages."""
    reg = registry()
    out = []
    for code, ent in sorted(reg.entities.items()):
        country = reg.countries.get(code)
        out.append(
            {
                "code": code,
                "kind": ent.kind.value,
                "name": ent.name(lang),
                "alpha3": country.alpha3 if country else None,
                "region": country.region if country else None,
            }
        )
    return out
