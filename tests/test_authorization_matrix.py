"""Every role x every policy shape x every read path: nothing leaks, and the guard is needed.

The expected outcome comes from ``expected`` below, written from the rules in the issue and
DOMAIN.md, independently of ``passerelle.store.access``. ``leaks`` compares what each read path
really returns against it; the last test removes the guard and checks that leaks appear.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from passerelle.model.errors import DomainError
from passerelle.model.policy import Confidentiality
from passerelle.model.principals import Role
from passerelle.services import notices, records, screening
from passerelle.services.context import Platform
from passerelle.services.notices import NoticeInput
from passerelle.services.policies import PolicyInput
from passerelle.services.screening import CheckInput
from passerelle.store import access
from passerelle.store.schema import hits

from tests.conftest import Actor, Clock, MakeUser

TOKEN = "zorvelaqx"  # a surname no other fixture uses, so searches find only these records
LEVELS = {"official_use": 1, "restricted": 2, "confidential": 3}


@dataclass(frozen=True)
class Shape:
    """One record's policy (and workflow state): how the test expects it to be seen."""

    name: str
    owner: str
    access: str = "all"
    entities: tuple[str, ...] = ()
    level: str = "restricted"
    kind: str = "person"
    state: str | None = None
    expired: bool = False


SHAPES = [
    Shape("all", "DE"),
    Shape("allow-caller", "DE", "allow", ("FR",)),
    Shape("allow-other", "DE", "allow", ("ES",)),
    Shape("allow-gs", "DE", "allow", ("IPSG",)),
    Shape("deny-caller", "DE", "deny", ("FR", "IPSG")),
    Shape("deny-other", "DE", "deny", ("ES",)),
    Shape("official", "DE", level="official_use"),
    Shape("confidential", "DE", level="confidential"),
    Shape("own-deny-self", "FR", "deny", ("FR",)),
    Shape("own-confidential", "FR", level="confidential"),
    Shape("expired", "DE", expired=True),
    Shape("own-expired", "FR", expired=True),
    Shape("notice-draft", "DE", kind="notice", state="draft"),
    Shape("notice-submitted", "DE", kind="notice", state="submitted"),
    Shape("notice-submitted-deny", "DE", "deny", ("FR", "IPSG"), kind="notice", state="submitted"),
    Shape("notice-published", "DE", kind="notice", state="published"),
    Shape("notice-published-allow-es", "DE", "allow", ("ES",), kind="notice", state="published"),
    Shape("own-notice-draft", "FR", kind="notice", state="draft"),
    Shape("diffusion-to-caller", "DE", "allow", ("FR",), kind="diffusion", state="sent"),
    Shape("diffusion-to-other", "DE", "allow", ("ES",), kind="diffusion", state="sent"),
    Shape("diffusion-withdrawn", "DE", "allow", ("FR",), kind="diffusion", state="withdrawn"),
]

# (entity, role, clearance override) of each caller
CALLERS = [
    ("FR", Role.NCB_OFFICER, None),
    ("FR", Role.NCB_OFFICER, "official_use"),
    ("FR", Role.NCB_SUPERVISOR, None),
    ("FR", Role.ANALYST, None),
    ("FR", Role.BORDER_OFFICER, None),
    ("FR", Role.AUDITOR, None),
    ("FR", Role.ADMIN, None),
    ("IPSG", Role.GS_REVIEWER, None),
    ("ES", Role.NCB_OFFICER, None),
]

READERS = {Role.NCB_OFFICER, Role.NCB_SUPERVISOR, Role.ANALYST, Role.GS_REVIEWER}
DEFAULT_LEVEL = {
    Role.NCB_OFFICER: 2,
    Role.NCB_SUPERVISOR: 3,
    Role.ANALYST: 2,
    Role.GS_REVIEWER: 3,
    Role.BORDER_OFFICER: 2,
    Role.AUDITOR: 1,
    Role.ADMIN: 1,
}


def expected(entity: str, role: Role, clearance: int, s: Shape) -> bool:
    """The rule, restated: who may read a record with shape ``s``."""
    if role not in READERS or s.expired or LEVELS[s.level] > clearance:
        return False
    if s.owner == entity:
        return True
    if role is Role.GS_REVIEWER and s.kind == "notice" and s.state in ("submitted", "under_review"):
        return True
    if s.kind == "notice" and s.state != "published":
        return False
    if s.kind == "diffusion" and s.state == "withdrawn":
        return False
    if s.access == "allow":
        return entity in s.entities
    if s.access == "deny":
        return entity not in s.entities
    return True


def _create(platform: Platform, owner: Actor, gs: Actor, s: Shape, clock: Clock) -> str:
    expires = clock.now + dt.timedelta(days=1) if s.expired else None
    policy = PolicyInput.model_validate(
        {
            "access": s.access,
            "entities": list(s.entities),
            "confidentiality": s.level,
            "expires_at": expires,
        }
    )
    person = {"names": [{"full": f"Ilena {TOKEN} {s.name}"}], "date_of_birth": "1979"}
    if s.kind == "person":
        return str(records.create(platform, owner.call, "person", person, policy)["id"])
    details = {
        "summary_of_facts": "Synthetic facts",
        "warrant_reference": "W-1",
        "charges": "Synthetic charge",
        "penalty_max_years": 10,
    }
    given = NoticeInput(type="red", subject=person, details=details, policy=policy)
    if s.kind == "diffusion":
        rid = str(notices.send_diffusion(platform, owner.call, given)["id"])
        if s.state == "withdrawn":
            notices.withdraw_diffusion(platform, owner.call, rid, "sent in error")
        return rid
    rid = str(notices.create_notice(platform, owner.call, given)["id"])
    if s.state in ("submitted", "published"):
        notices.submit(platform, owner.call, rid)
    if s.state == "published":
        notices.start_review(platform, gs.call, rid)
        criteria = ("article3_neutrality", "human_rights", "thresholds", "data_quality")
        checklist = {"passed": dict.fromkeys(criteria, True)}
        notices.decide(platform, gs.call, rid, "publish", checklist)
    return rid


@pytest.fixture
def world(
    platform: Platform, make_user: MakeUser, clock: Clock
) -> tuple[dict[str, str], list[tuple[Actor, int]]]:
    owners = {e: make_user(e, Role.NCB_SUPERVISOR) for e in ("DE", "FR")}
    gs = make_user("IPSG", Role.GS_REVIEWER)
    ids = {s.name: _create(platform, owners[s.owner], gs, s, clock) for s in SHAPES}
    clock.advance(days=2)  # the 'expired' shapes are now past their expiry
    callers = []
    for entity, role, level in CALLERS:
        extra = {"clearance": Confidentiality.from_label(level)} if level else {}
        actor = make_user(entity, role, **extra)
        callers.append((actor, LEVELS[level] if level else DEFAULT_LEVEL[role]))
    return ids, callers


def leaks(platform: Platform, ids: dict[str, str], callers: list[tuple[Actor, int]]) -> list[str]:
    """Every (caller, path, record) where what was returned differs from the rule."""
    problems: list[str] = []
    by_id = {rid: s for s in SHAPES for name, rid in ids.items() if name == s.name}
    for actor, level in callers:
        p = actor.call.principal
        want = {ids[s.name] for s in SHAPES if expected(p.entity, p.role, level, s)}
        want_shown = {
            ids[s.name]
            for s in SHAPES
            if p.role in CHECKERS and expected_for_checker(p.entity, level, s)
        }
        who = f"{p.entity}/{p.role.value}/L{level}"
        got_get = set()
        for rid in ids.values():
            try:
                records.get(platform, actor.call, rid)
                got_get.add(rid)
            except DomainError:
                pass
        paths = {"get": got_get}
        for path, kwargs in (("list", {}), ("search", {"text": TOKEN})):
            found: set[str] = set()
            cursor = None
            try:
                while True:
                    items, cursor = records.search(
                        platform, actor.call, cursor=cursor, limit=7, **kwargs
                    )  # type: ignore[arg-type]
                    found |= {i["id"] for i in items}
                    if cursor is None:
                        break
            except DomainError:
                pass
            paths[path] = found & set(ids.values())
        try:
            paths["export"] = {r["id"] for r in records.export(platform, actor.call)} & set(
                ids.values()
            )
        except DomainError:
            paths["export"] = set()
        shown, _ = _screened(platform, actor, ids)
        paths["screening"] = shown
        for path, got in paths.items():
            target = want_shown if path == "screening" else want
            for rid in got - target:
                problems.append(f"LEAK {who} {path} {by_id[rid].name}")
            for rid in target - got:
                problems.append(f"MISSING {who} {path} {by_id[rid].name}")
    return problems


CHECKERS = {Role.NCB_OFFICER, Role.NCB_SUPERVISOR, Role.BORDER_OFFICER}


def _screened(platform: Platform, actor: Actor, ids: dict[str, str]) -> tuple[set[str], set[str]]:
    """Check each record's exact name: (records shown in full, records hit at all)."""
    shown: set[str] = set()
    hit: set[str] = set()
    if actor.call.principal.role not in CHECKERS:
        return shown, hit
    for s in SHAPES:
        answer = screening.check(
            platform, actor.call, CheckInput(names=[f"Ilena {TOKEN} {s.name}"], limit=50)
        )
        for h in answer["hits"]:
            if h["visible"] and h["record"]["id"] == ids[s.name]:
                shown.add(ids[s.name])
            if not h["visible"] and _hit_record(platform, h["hit_id"]) == ids[s.name]:
                hit.add(ids[s.name])
    return shown, hit | shown


def _hit_record(platform: Platform, hit_id: str) -> str:
    """Which record a hidden hit was on: the caller is not told, the store knows."""
    with platform.db.read() as conn:
        return str(
            conn.execute(sa.select(hits.c.record_id).where(hits.c.id == hit_id)).scalar_one()
        )


def expected_for_checker(entity: str, clearance: int, s: Shape) -> bool:
    """What a check may show in full: released records only, then the reading rule."""
    unreleased = s.state in ("draft", "submitted", "under_review", "withdrawn")
    return not unreleased and expected(entity, Role.NCB_OFFICER, clearance, s)


def test_no_leak_on_any_read_path(platform: Platform, world: tuple) -> None:  # type: ignore[type-arg]
    ids, callers = world
    assert leaks(platform, ids, callers) == []


def test_removing_the_guard_is_caught(
    platform: Platform,
    world: tuple,  # type: ignore[type-arg]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If the one place that enforces policy stops doing it, the matrix sees leaks."""
    ids, callers = world
    monkeypatch.setattr(access, "visible_clause", lambda principal, now: sa.true())
    found = leaks(platform, ids, callers)
    assert any(line.startswith("LEAK") and " get " in line for line in found)
    assert any(" list " in line for line in found) and any(" export " in line for line in found)


def test_hits_on_unreleased_or_expired_records_never_surface(
    platform: Platform,
    world: tuple,  # type: ignore[type-arg]
) -> None:
    """Drafts, withdrawn diffusions and expired records are nobody's hit, not even 'contact'."""
    ids, callers = world
    border = next(a for a, _ in callers if a.call.principal.role is Role.BORDER_OFFICER)
    _, hit = _screened(platform, border, ids)
    silent = {
        "notice-draft",
        "notice-submitted",
        "notice-submitted-deny",
        "own-notice-draft",
        "diffusion-withdrawn",
        "expired",
        "own-expired",
    }
    assert {n for n, rid in ids.items() if rid in hit} == {s.name for s in SHAPES} - silent


def test_removing_the_check_guard_is_caught(
    platform: Platform,
    world: tuple,  # type: ignore[type-arg]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids, callers = world
    monkeypatch.setattr(access, "checker_may_see", lambda *args: True)
    found = leaks(platform, ids, callers)
    assert any(line.startswith("LEAK") and " screening " in line for line in found)
