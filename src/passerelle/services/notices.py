"""The notice workflow (reviewed before publication) and diffusions (reviewed after sending).

draft -> submitted -> under_review -> published | refused; published -> cancelled | expired;
a reviewer may send a notice back to draft asking for more information. Diffusions are visible
to their recipients at once; the General Secretariat reviews them afterwards and a withdrawal
notifies every recipient.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from passerelle.model.errors import Conflict, Forbidden, InvalidInput, NotFound
from passerelle.model.notices import (
    TRANSITIONS,
    DiffusionState,
    NoticeState,
    ReviewChecklist,
    notice_type,
    precheck,
)
from passerelle.model.policy import AccessMode
from passerelle.model.principals import WRITER_ROLES, Role
from passerelle.model.records import clean_text
from passerelle.services.context import Call, Platform
from passerelle.services.policies import PolicyInput, build_policy
from passerelle.services.records import owned, parse_record, search_text, validation_message
from passerelle.services.views import record_view
from passerelle.store import audit, notifications
from passerelle.store import records as repo


class NoticeInput(BaseModel):
    """A notice request or a diffusion: its type, its subject and the type's required data."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(
        description="Notice type code: red, yellow, blue, black, green, orange, "
        "purple, silver, un_special (or a registered one)"
    )
    subject: dict[str, Any] | None = Field(default=None, description="The person, as a record")
    details: dict[str, Any] = Field(default_factory=dict)
    public_extract: bool = False
    policy: PolicyInput | None = None


def _content(given: NoticeInput) -> tuple[dict[str, Any], str, list[str]]:
    try:
        kind = notice_type(given.type)
    except ValueError as exc:
        raise InvalidInput(str(exc), where="type") from None
    subject = parse_record("person", given.subject, "subject") if given.subject else None
    _check_text(given.details, "details")
    if given.public_extract and not kind.public_extract_allowed and not kind.always_public:
        raise InvalidInput(f"a {kind.label} never has a public extract", where="public_extract")
    data = {
        "notice_type": kind.code,
        "subject": subject.model_dump(mode="json") if subject else None,
        "details": given.details,
        "public_extract": given.public_extract or kind.always_public,
    }
    text = (search_text(subject) if subject else "") + " " + kind.code
    return data, text, precheck(kind.code, given.details, subject is not None)


def _check_text(value: Any, where: str) -> None:
    """Refuse control and bidi-override characters anywhere in free-form details (spoofing)."""
    if isinstance(value, str):
        try:
            clean_text(value)
        except ValueError as exc:
            raise InvalidInput(str(exc), where=where) from None
    elif isinstance(value, dict):
        for key, inner in value.items():
            _check_text(key, where)
            _check_text(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            _check_text(inner, f"{where}[{i}]")


def create_notice(platform: Platform, call: Call, given: NoticeInput) -> dict[str, Any]:
    """Draft a notice request; it is seen by its NCB only until published."""
    return _create(platform, call, given, "notice", NoticeState.DRAFT.value)


def send_diffusion(platform: Platform, call: Call, given: NoticeInput) -> dict[str, Any]:
    """Send a diffusion straight to the NCBs in its allow-list (or to all): visible at once."""
    return _create(platform, call, given, "diffusion", DiffusionState.SENT.value)


def _create(
    platform: Platform, call: Call, given: NoticeInput, kind: str, state: str
) -> dict[str, Any]:
    if call.principal.role not in WRITER_ROLES:
        raise Forbidden(f"the role {call.principal.role.value} may not request notices")
    data, text, problems = _content(given)
    now = platform.now()
    pol = build_policy(call.principal.entity, given.policy, now)
    if kind == "diffusion" and pol.access is AccessMode.DENY:
        raise InvalidInput("a diffusion goes to chosen NCBs (allow) or to all", where="policy")
    workflow = {
        "prechecks": problems,
        "history": [{"at": now.isoformat(), "by": call.principal.username, "to": state}],
    }
    new = repo.NewRecord(
        kind=kind,
        subtype=data["notice_type"],
        state=state,
        data=data,
        policy=pol,
        search_text=text.strip(),
        workflow=workflow,
    )
    with platform.db.transaction() as conn:
        record_id = repo.insert(conn, new, call.principal.user_id, now)
        audit.append(
            conn,
            call.actor,
            "create",
            object_kind=kind,
            object_id=record_id,
            detail={"type": data["notice_type"], "state": state},
        )
        if kind == "diffusion":
            for code in sorted(pol.entities) if pol.access is AccessMode.ALLOW else ["*"]:
                if code != "*":
                    notifications.notify(
                        conn,
                        code,
                        "diffusion",
                        {"from": pol.owner, "type": data["notice_type"]},
                        now,
                        record_id,
                    )
        stored = repo.load(conn, record_id)
    assert stored is not None
    return record_view(stored, call.principal)


def _history(
    stored: repo.StoredRecord, call: Call, to: str, platform: Platform, **extra: Any
) -> dict[str, Any]:
    workflow = dict(stored.workflow)
    workflow["history"] = [
        *workflow.get("history", []),
        {"at": platform.now().isoformat(), "by": call.principal.username, "to": to, **extra},
    ]
    return workflow


def _move(stored: repo.StoredRecord, action: str) -> str:
    if stored.kind != "notice":
        raise NotFound(f"no notice {stored.id!r}")
    state = NoticeState(stored.state or NoticeState.DRAFT.value)
    target = TRANSITIONS[state].get(action)
    if target is None:
        allowed = ", ".join(TRANSITIONS[state]) or "nothing (final state)"
        raise Conflict(f"a notice in state {state.value!r} cannot {action}; allowed: {allowed}")
    return target.value


def _transition(
    conn: Any,
    platform: Platform,
    call: Call,
    stored: repo.StoredRecord,
    action: str,
    audit_action: str,
    detail: dict[str, Any] | None = None,
    **history: Any,
) -> repo.StoredRecord:
    """Move a notice along the workflow: new state, history entry and audit row together."""
    target = _move(stored, action)
    fresh = repo.update(
        conn,
        stored,
        platform.now(),
        state=target,
        workflow=_history(stored, call, target, platform, **history),
    )
    audit.append(
        conn, call.actor, audit_action, object_kind="notice", object_id=stored.id, detail=detail
    )
    return fresh


def edit_draft(
    platform: Platform, call: Call, notice_id: str, given: NoticeInput
) -> dict[str, Any]:
    now = platform.now()
    with platform.db.transaction() as conn:
        stored = owned(conn, call, notice_id, now)
        if stored.kind != "notice" or stored.state != NoticeState.DRAFT.value:
            raise Conflict("only a draft notice can be edited")
        data, text, problems = _content(given)
        workflow = {**stored.workflow, "prechecks": problems}
        fresh = repo.update(
            conn, stored, now, data=data, search_text=text.strip(), workflow=workflow
        )
        audit.append(conn, call.actor, "update", object_kind="notice", object_id=notice_id)
    return record_view(fresh, call.principal)


def submit(platform: Platform, call: Call, notice_id: str) -> dict[str, Any]:
    """Send a draft to the General Secretariat; automatic pre-checks must find nothing missing."""
    now = platform.now()
    with platform.db.transaction() as conn:
        stored = owned(conn, call, notice_id, now)
        _move(stored, "submit")  # a wrong state is a conflict before anything else
        problems = precheck(
            stored.data["notice_type"], stored.data["details"], stored.data["subject"] is not None
        )
        if problems:
            raise InvalidInput(
                "the request is incomplete: " + "; ".join(problems),
                where="details",
                errors=problems,
            )
        fresh = _transition(conn, platform, call, stored, "submit", "submit")
        notifications.notify(
            conn,
            "IPSG",
            "notice_submitted",
            {"from": stored.policy.owner, "type": stored.subtype},
            now,
            notice_id,
        )
    return record_view(fresh, call.principal)


def _reviewer_load(conn: Any, call: Call, notice_id: str) -> repo.StoredRecord:
    if call.principal.role is not Role.GS_REVIEWER:
        raise Forbidden("only General Secretariat reviewers review notices and diffusions")
    stored = repo.load(conn, notice_id)
    if stored is None or stored.kind not in ("notice", "diffusion"):
        raise NotFound(f"no notice or diffusion {notice_id!r}")
    return stored


def start_review(platform: Platform, call: Call, notice_id: str) -> dict[str, Any]:
    """A General Secretariat reviewer takes a submitted notice into review."""
    with platform.db.transaction() as conn:
        stored = _reviewer_load(conn, call, notice_id)
        fresh = _transition(
            conn, platform, call, stored, "start_review", "review", {"to": "under_review"}
        )
    return record_view(fresh, call.principal)


def decide(
    platform: Platform, call: Call, notice_id: str, decision: str, checklist: dict[str, Any]
) -> dict[str, Any]:
    """Publish or refuse, with every criterion assessed and reasons for each failure."""
    try:
        answers = ReviewChecklist.model_validate(checklist)
    except ValidationError as exc:
        raise validation_message(exc, "checklist") from None
    if answers.missing():
        raise InvalidInput(
            "assess every criterion: missing " + ", ".join(c.value for c in answers.missing()),
            where="checklist",
        )
    failed = answers.failed()
    if decision == "publish" and failed:
        raise InvalidInput(
            "a notice that fails " + ", ".join(c.value for c in failed) + " cannot be published",
            where="checklist",
        )
    if decision == "refuse":
        if not failed:
            raise InvalidInput("name the criteria the notice fails", where="checklist")
        unexplained = [c.value for c in failed if not answers.reasons.get(c)]
        if unexplained:
            raise InvalidInput(
                "give a reason for " + ", ".join(unexplained), where="checklist.reasons"
            )
    if decision not in ("publish", "refuse", "request_info"):
        raise InvalidInput("decision must be publish, refuse or request_info", where="decision")
    now = platform.now()
    with platform.db.transaction() as conn:
        stored = _reviewer_load(conn, call, notice_id)
        review = answers.model_dump(mode="json")
        detail = {"decision": decision, "failed": [c.value for c in failed]}
        fresh = _transition(conn, platform, call, stored, decision, "review", detail, review=review)
        notifications.notify(
            conn,
            stored.policy.owner,
            f"notice_{fresh.state}",
            {"type": stored.subtype, "review": review},
            now,
            notice_id,
        )
    return record_view(fresh, call.principal)


def cancel(platform: Platform, call: Call, notice_id: str, reason: str) -> dict[str, Any]:
    """The requester cancels (e.g. the person was arrested, the warrant quashed)."""
    now = platform.now()
    with platform.db.transaction() as conn:
        stored = owned(conn, call, notice_id, now)
        fresh = _transition(
            conn, platform, call, stored, "cancel", "cancel", {"reason": reason}, reason=reason
        )
    return record_view(fresh, call.principal)


def review_diffusion(
    platform: Platform, call: Call, diffusion_id: str, compliant: bool, reason: str | None
) -> dict[str, Any]:
    """After-the-fact review; a non-compliant diffusion is withdrawn and recipients are told."""
    with platform.db.transaction() as conn:
        stored = _reviewer_load(conn, call, diffusion_id)
        return _close_diffusion(conn, platform, call, stored, compliant, reason)


def withdraw_diffusion(
    platform: Platform, call: Call, diffusion_id: str, reason: str
) -> dict[str, Any]:
    """The sender withdraws its diffusion; every recipient is notified."""
    now = platform.now()
    with platform.db.transaction() as conn:
        stored = owned(conn, call, diffusion_id, now)
        return _close_diffusion(conn, platform, call, stored, False, reason)


def _close_diffusion(
    conn: Any,
    platform: Platform,
    call: Call,
    stored: repo.StoredRecord,
    compliant: bool,
    reason: str | None,
) -> dict[str, Any]:
    if stored.kind != "diffusion":
        raise NotFound(f"no diffusion {stored.id!r}")
    if stored.state == DiffusionState.WITHDRAWN.value:
        raise Conflict("the diffusion is already withdrawn")
    if not compliant and not (reason and reason.strip()):
        raise InvalidInput("say why the diffusion is withdrawn", where="reason")
    now = platform.now()
    target = (DiffusionState.COMPLIANT if compliant else DiffusionState.WITHDRAWN).value
    fresh = repo.update(
        conn,
        stored,
        now,
        state=target,
        workflow=_history(stored, call, target, platform, reason=reason),
    )
    audit.append(
        conn,
        call.actor,
        "withdraw" if not compliant else "review",
        object_kind="diffusion",
        object_id=stored.id,
        detail={"to": target, "reason": reason},
    )
    if not compliant:
        from passerelle.model.countries import registry

        recipients = (
            sorted(stored.policy.entities)
            if stored.policy.access is AccessMode.ALLOW
            else sorted(e for e in registry().entities if e != stored.policy.owner)
        )
        for code in recipients:
            notifications.notify(
                conn,
                code,
                "diffusion_withdrawn",
                {
                    "from": stored.policy.owner,
                    "reason": reason,
                    "action": "delete or update your national copies",
                },
                now,
                stored.id,
            )
        if call.principal.entity != stored.policy.owner:
            notifications.notify(
                conn,
                stored.policy.owner,
                "diffusion_withdrawn",
                {"by": call.principal.entity, "reason": reason},
                now,
                stored.id,
            )
    return record_view(fresh, call.principal)
