"""Notices (reviewed before publication) and diffusions (reviewed after)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from passerelle.api.deps import CallDep, PlatformDep
from passerelle.api.schemas import Decision, DiffusionReview, Page, Reason, RecordOut
from passerelle.model.notices import notice_types
from passerelle.services import notices, records
from passerelle.services.notices import NoticeInput

router = APIRouter(tags=["notices"])


@router.get("/notice-types")
def list_notice_types() -> list[dict[str, Any]]:
    """The registered notice types and the data each requires."""
    return [
        {
            "code": t.code,
            "label": t.label,
            "purpose": t.purpose,
            "required": [{"name": r.name, "description": r.description} for r in t.required],
            "public_extract_allowed": t.public_extract_allowed,
            "always_public": t.always_public,
            "needs_person": t.needs_person,
        }
        for t in notice_types().values()
    ]


@router.post("/notices", status_code=status.HTTP_201_CREATED, response_model=RecordOut)
def create_notice(body: NoticeInput, platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """Draft a notice request; `workflow.prechecks` lists what is still missing."""
    return notices.create_notice(platform, call, body)


@router.get("/notices", response_model=Page[RecordOut])
def list_notices(
    platform: PlatformDep,
    call: CallDep,
    state: Annotated[str | None, Query(max_length=24)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int | None, Query(ge=1, le=500)] = None,
) -> dict[str, Any]:
    """Notices you may see: published ones, your own, and (reviewers) those to review."""
    items, nxt = records.search(
        platform, call, kinds=("notice",), text=q, state=state, cursor=cursor, limit=limit
    )
    return {"items": items, "next_cursor": nxt}


@router.put("/notices/{notice_id}", response_model=RecordOut)
def edit_notice(
    notice_id: str, body: NoticeInput, platform: PlatformDep, call: CallDep
) -> dict[str, Any]:
    """Edit a draft (e.g. after the reviewer asked for more information)."""
    return notices.edit_draft(platform, call, notice_id, body)


@router.post("/notices/{notice_id}/submit", response_model=RecordOut)
def submit(notice_id: str, platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """Send a complete draft to the General Secretariat for review."""
    return notices.submit(platform, call, notice_id)


@router.post("/notices/{notice_id}/review", response_model=RecordOut)
def start_review(notice_id: str, platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """A GS reviewer takes a submitted notice into review."""
    return notices.start_review(platform, call, notice_id)


@router.post("/notices/{notice_id}/decision", response_model=RecordOut)
def decide(notice_id: str, body: Decision, platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """Publish, refuse (with reasons) or send back for more information."""
    return notices.decide(platform, call, notice_id, body.decision, body.checklist)


@router.post("/notices/{notice_id}/cancel", response_model=RecordOut)
def cancel(notice_id: str, body: Reason, platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """The requesting NCB cancels its notice."""
    return notices.cancel(platform, call, notice_id, body.reason)


@router.post("/diffusions", status_code=status.HTTP_201_CREATED, response_model=RecordOut)
def send_diffusion(body: NoticeInput, platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """Send a diffusion to chosen NCBs (policy access `allow`) or to all; visible at once."""
    return notices.send_diffusion(platform, call, body)


@router.post("/diffusions/{diffusion_id}/review", response_model=RecordOut)
def review_diffusion(
    diffusion_id: str, body: DiffusionReview, platform: PlatformDep, call: CallDep
) -> dict[str, Any]:
    """A GS reviewer checks a diffusion after the fact; non-compliant ones are withdrawn."""
    return notices.review_diffusion(platform, call, diffusion_id, body.compliant, body.reason)


@router.post("/diffusions/{diffusion_id}/withdraw", response_model=RecordOut)
def withdraw(
    diffusion_id: str, body: Reason, platform: PlatformDep, call: CallDep
) -> dict[str, Any]:
    """The sender withdraws its diffusion; recipients are notified."""
    return notices.withdraw_diffusion(platform, call, diffusion_id, body.reason)
