"""Coordinated operations: create and follow them, record what came of each hit, count, report.

Who may do what, and why:

- the coordinator's NCB supervisor, or the General Secretariat, creates an operation and adds
  sites and participants (the coordinator answers for it);
- the coordinator, the participants and the GS see it; to anyone else it does not exist;
- an outcome is recorded by the NCB that made the hit, as in NEPTUNE the follow-up trail runs
  from the officer at the port back to the source NCB; every outcome is audited;
- counters and reports hold figures only, never a person, so every participant sees them all.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from passerelle.model.countries import GENERAL_SECRETARIAT
from passerelle.model.errors import Conflict, Forbidden, InvalidInput
from passerelle.model.operations import (
    OperationChange,
    OperationInput,
    OutcomeInput,
    OutcomeKind,
)
from passerelle.model.principals import CHECKER_ROLES, Role
from passerelle.services.context import Call, Platform
from passerelle.services.records import validation_message
from passerelle.store import audit
from passerelle.store import operations as repo

M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], data: dict[str, Any]) -> M:
    """Validate input from the CLI or a file into ``model``, with readable located errors."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_message(exc) from None


def view(row: dict[str, Any]) -> dict[str, Any]:
    """An operation as the API, the CLI and the report show it."""
    return {
        "id": row["id"],
        "name": row["name"],
        "description": row["description"],
        "coordinator": row["coordinator"],
        "starts_on": _date(row["starts_on"]).isoformat(),
        "ends_on": _date(row["ends_on"]).isoformat(),
        "participants": list(row["participants"]),
        "sites": list(row["sites"]),
        "created_at": row["created_at"].isoformat(),
    }


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _may_run(call: Call, coordinator: str) -> bool:
    p = call.principal
    if p.entity == GENERAL_SECRETARIAT:
        return p.role not in (Role.AUDITOR, Role.ADMIN)
    return p.role is Role.NCB_SUPERVISOR and p.entity == coordinator


def create(platform: Platform, call: Call, given: OperationInput) -> dict[str, Any]:
    """Open an operation; the coordinator NCB (if an NCB) is a participant from the start."""
    if not _may_run(call, given.coordinator):
        raise Forbidden(
            "only a supervisor of the coordinating NCB or the General Secretariat opens an "
            "operation"
        )
    participants = set(given.participants)
    if given.coordinator != GENERAL_SECRETARIAT:
        participants.add(given.coordinator)
    now = platform.now()
    operation_id = repo.new_id("op")
    values: dict[str, Any] = {
        "id": operation_id,
        "name": given.name,
        "description": given.description,
        "coordinator": given.coordinator,
        "starts_on": given.starts_on,
        "ends_on": given.ends_on,
        "participants": sorted(participants),
        "sites": [s.model_dump(mode="json") for s in given.sites],
        "created_by": call.principal.user_id,
        "created_at": now,
    }
    with platform.db.transaction() as conn:
        repo.insert(conn, values)
        audit.append(
            conn,
            call.actor,
            "create",
            object_kind="operation",
            object_id=operation_id,
            detail={"name": given.name, "coordinator": given.coordinator},
            at=now,
        )
        stored = repo.load(conn, operation_id)
    assert stored is not None
    return view(stored)


def list_operations(platform: Platform, call: Call) -> list[dict[str, Any]]:
    with platform.db.read() as conn:
        return [view(r) for r in repo.list_visible(conn, call.principal.entity)]


def get(platform: Platform, call: Call, operation_id: str) -> dict[str, Any]:
    with platform.db.read() as conn:
        return view(repo.visible(conn, operation_id, call.principal.entity))


def change(
    platform: Platform, call: Call, operation_id: str, given: OperationChange
) -> dict[str, Any]:
    """Add participants and sites; a site already listed keeps its first description."""
    now = platform.now()
    with platform.db.transaction() as conn:
        found = repo.visible(conn, operation_id, call.principal.entity)
        if not _may_run(call, found["coordinator"]):
            raise Forbidden("only the coordinator's supervisors or the GS change an operation")
        participants = sorted(set(found["participants"]) | set(given.participants))
        sites = list(found["sites"])
        known = {s["locode"] for s in sites}
        added = [s.model_dump(mode="json") for s in given.sites if s.locode not in known]
        sites += added
        repo.update(conn, operation_id, participants=participants, sites=sites)
        audit.append(
            conn,
            call.actor,
            "update",
            object_kind="operation",
            object_id=operation_id,
            detail={
                "participants_added": sorted(set(participants) - set(found["participants"])),
                "sites_added": [s["locode"] for s in added],
            },
            at=now,
        )
        fresh = repo.load(conn, operation_id)
    assert fresh is not None
    return view(fresh)


# --- outcomes ---------------------------------------------------------------------------------


def record_outcome(
    platform: Platform, call: Call, operation_id: str, given: OutcomeInput
) -> dict[str, Any]:
    """Record what came of a hit made under this operation, by the NCB that made it.

    A hit may have several outcomes (arrested *and* items seized), each kind once, except
    seizures, which add up; a false positive excludes every other outcome.
    """
    p = call.principal
    if p.role not in CHECKER_ROLES:
        raise Forbidden(f"the role {p.role.value} does not record outcomes of hits")
    now = platform.now()
    with platform.db.transaction() as conn:
        found = repo.visible(conn, operation_id, p.entity)
        source = repo.hit_source(conn, given.hit_id)
        if source.entity != p.entity:
            raise Forbidden(
                f"only {source.entity}, whose officers made this hit, records its outcome"
            )
        if source.operation_id != operation_id:
            raise InvalidInput(
                f"hit {given.hit_id} was not made under this operation", where="hit_id"
            )
        site = given.site or source.site
        if given.site and given.site not in {s["locode"] for s in found["sites"]}:
            raise InvalidInput(f"{given.site} is not a site of this operation", where="site")
        _check_compatible(repo.outcome_kinds(conn, given.hit_id), given.kind)
        outcome_id = repo.new_id("out")
        values: dict[str, Any] = {
            "id": outcome_id,
            "operation_id": operation_id,
            "hit_id": given.hit_id,
            "entity": p.entity,
            "kind": given.kind.value,
            "items": given.items,
            "site": site,
            "note": given.note,
            "at": now,
            "user_id": p.user_id,
        }
        repo.insert_outcome(conn, values)
        audit.append(
            conn,
            call.actor,
            "create",
            object_kind="outcome",
            object_id=outcome_id,
            detail={
                "operation": operation_id,
                "hit": given.hit_id,
                "source": source.source,
                "kind": given.kind.value,
                "items": given.items,
            },
            at=now,
        )
    return _outcome_view(values)


def _check_compatible(existing: list[str], kind: OutcomeKind) -> None:
    false_positive = OutcomeKind.FALSE_POSITIVE.value
    if kind is OutcomeKind.FALSE_POSITIVE and existing:
        raise Conflict(f"this hit already has outcomes ({', '.join(sorted(set(existing)))})")
    if false_positive in existing:
        raise Conflict("this hit was recorded as a false positive")
    if kind is not OutcomeKind.ITEMS_SEIZED and kind.value in existing:
        raise Conflict(f"this hit already has the outcome {kind.value}")


def _outcome_view(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "operation_id": row["operation_id"],
        "hit_id": row["hit_id"],
        "entity": row["entity"],
        "kind": row["kind"],
        "items": dict(row["items"]),
        "site": row["site"],
        "note": row["note"],
        "at": row["at"].isoformat(),
    }


def list_outcomes(platform: Platform, call: Call, operation_id: str) -> list[dict[str, Any]]:
    with platform.db.read() as conn:
        repo.visible(conn, operation_id, call.principal.entity)
        return [_outcome_view(r) for r in repo.list_outcomes(conn, operation_id)]


# --- counters ---------------------------------------------------------------------------------


def dashboard(platform: Platform, call: Call, operation_id: str) -> dict[str, Any]:
    """Live counters: checks, hits and outcomes in total, by kind, by site and by UTC day.

    This dict is also the JSON export of the final report, so the two cannot disagree.
    """
    with platform.db.read() as conn:
        found = repo.visible(conn, operation_id, call.principal.entity)
        checks = repo.check_counts(conn, operation_id)
        hits = repo.hit_counts(conn, operation_id)
        outcomes = repo.outcome_counts(conn, operation_id)
        seizures = repo.seized_items(conn, operation_id)
    return _figures(view(found), checks, hits, outcomes, seizures, platform.now())


def _figures(
    operation: dict[str, Any],
    checks: list[repo.Cell],
    hits: list[repo.Cell],
    outcomes: list[repo.Cell],
    seizures: list[dict[str, float]],
    now: dt.datetime,
) -> dict[str, Any]:
    kinds = [k.value for k in OutcomeKind]
    by_kind = Counter(dict.fromkeys(kinds, 0))
    items: Counter[str] = Counter()
    for cell in outcomes:
        by_kind[cell.kind or ""] += cell.count
    for seized in seizures:
        items.update(seized)
    named = {s["locode"]: s for s in operation["sites"]}
    seen_sites = {c.site for c in (*checks, *hits, *outcomes)}
    order: list[str | None] = list(named) + sorted(s for s in seen_sites if s and s not in named)
    if None in seen_sites:
        order.append(None)
    sites = []
    for code in order:
        info = named.get(code, {}) if code else {}
        sites.append(
            {
                "locode": code,
                "name": info.get("name", "" if code else "(no site given)"),
                "kind": info.get("kind"),
                "checks": sum(c.count for c in checks if c.site == code),
                "hits": sum(c.count for c in hits if c.site == code),
                "outcomes": {
                    k: sum(c.count for c in outcomes if c.site == code and c.kind == k)
                    for k in kinds
                },
            }
        )
    start, end = _date(operation["starts_on"]), _date(operation["ends_on"])
    window = {(start + dt.timedelta(days=n)).isoformat() for n in range((end - start).days + 1)}
    days = sorted(window | {c.day for c in (*checks, *hits, *outcomes)})
    return {
        "operation": operation,
        "generated_at": now.isoformat(),
        "totals": {
            "checks": sum(c.count for c in checks),
            "hits": sum(c.count for c in hits),
            "outcomes": sum(c.count for c in outcomes),
        },
        "outcomes_by_kind": dict(by_kind),
        "items_seized": {k: _number(v) for k, v in sorted(items.items())},
        "by_site": sites,
        "by_day": [
            {
                "day": day,
                "checks": sum(c.count for c in checks if c.day == day),
                "hits": sum(c.count for c in hits if c.day == day),
                "outcomes": sum(c.count for c in outcomes if c.day == day),
            }
            for day in days
        ],
        "checks_by_day_site": _series(checks),
        "hits_by_day_site": _series(hits),
    }


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 3)


def _series(cells: list[repo.Cell]) -> list[dict[str, Any]]:
    total: Counter[tuple[str, str]] = Counter()
    for c in cells:
        total[(c.day, c.site or "")] += c.count
    return [
        {"day": day, "site": site or None, "count": n} for (day, site), n in sorted(total.items())
    ]


# --- the final report -------------------------------------------------------------------------

REPORT_FORMATS = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def report(
    platform: Platform, call: Call, operation_id: str, fmt: str = "html", lang: str = "en"
) -> tuple[bytes, str]:
    """The final report as bytes and its media type: self-contained HTML, PDF or JSON."""
    if fmt not in REPORT_FORMATS:
        raise InvalidInput(f"report format is one of {', '.join(REPORT_FORMATS)}", where="format")
    from passerelle.services import reports

    figures = dashboard(platform, call, operation_id)
    return reports.render(figures, fmt, lang), REPORT_FORMATS[fmt]


# --- the demo operation -----------------------------------------------------------------------

DEMO_SITES = (
    ("FRMRS", "Marseille", "port"),
    ("ESALG", "Algeciras", "port"),
    ("ITGOA", "Genova", "port"),
    ("TNTUN", "Tunis", "port"),
    ("DZALG", "Alger", "port"),
    ("MAPTM", "Tanger Med", "port"),
)
_DEMO_OUTCOMES = (
    ("identified", 30),
    ("located", 12),
    ("arrested", 25),
    ("refused_entry", 10),
    ("items_seized", 13),
    ("false_positive", 25),
)
_DEMO_ITEMS = (("cash_eur", 4000, 60000), ("cannabis_kg", 1, 40), ("firearms", 1, 3),
               ("vehicles", 1, 2), ("cocaine_kg", 1, 9))  # fmt: skip


def seed_operation(platform: Platform, *, seed: int = 7, days: int = 14) -> str:
    """Load "Operation SEAGULL-DEMO": six western Mediterranean ports, a window of ``days``
    days that ends three days from now, and synthetic checks, bulk screenings, hits and
    outcomes on every day already past. Returns the operation id.

    Deterministic for a seed and a clock; hits point at the persons already loaded when there
    are some (so the demo's hits are real demo records), else at made-up ids.
    """
    import random

    rng = random.Random(f"passerelle-demo:{seed}:operation")
    now = platform.now()
    today = now.date()
    start = today - dt.timedelta(days=days - 4)
    operation_id = f"op_seagull_demo_{seed}"
    with platform.db.transaction() as conn:
        if repo.load(conn, operation_id) is not None:
            return operation_id
        persons = repo.some_person_ids(conn, 200)
        repo.insert(
            conn,
            {
                "id": operation_id,
                "name": "Operation SEAGULL-DEMO",
                "description": "Synthetic demo: ferry and port checks on western Mediterranean "
                "routes, NEPTUNE-style. No real person, no real figure.",
                "coordinator": GENERAL_SECRETARIAT,
                "starts_on": start,
                "ends_on": start + dt.timedelta(days=days - 1),
                "participants": sorted({code[:2] for code, _, _ in DEMO_SITES}),
                "sites": [{"locode": c, "name": n, "kind": k} for c, n, k in DEMO_SITES],
                "created_by": None,
                "created_at": now,
            },
        )
        audit.append(
            conn,
            audit.SYSTEM,
            "create",
            object_kind="operation",
            object_id=operation_id,
            detail={"name": "Operation SEAGULL-DEMO", "demo": True},
            at=now,
        )
        for offset in range((today - start).days + 1):
            day = start + dt.timedelta(days=offset)
            for locode, _, _ in DEMO_SITES:
                _seed_day(conn, rng, operation_id, locode, day, persons, now)
    return operation_id


def _seed_day(
    conn: Any,
    rng: Any,
    operation_id: str,
    site: str,
    day: dt.date,
    persons: list[str],
    now: dt.datetime,
) -> None:
    entity = site[:2]
    noon = dt.datetime.combine(day, dt.time(6), tzinfo=dt.UTC)
    check_rows, hit_rows = [], []
    for _ in range(rng.randint(15, 60)):
        at = noon + dt.timedelta(minutes=rng.randint(0, 14 * 60))
        check_id = repo.new_id("chk")
        hit = rng.random() < 0.04
        check_rows.append(
            {
                "id": check_id,
                "at": min(at, now),
                "user_id": None,
                "entity": entity,
                "query": {"demo": True},
                "hit_count": int(hit),
                "duration_ms": round(rng.uniform(2, 25), 2),
                "operation_id": operation_id,
                "site": site,
            }
        )
        if hit:
            hit_rows.append(_demo_hit(rng, check_id, persons))
    screening_id = repo.new_id("scr")
    processed = rng.randint(1500, 9000)
    bulk_hits = [
        {
            "id": repo.new_id("sh"),
            "screening_id": screening_id,
            "batch_no": 0,
            "row": rng.randint(1, processed),
            "traveller": {"demo": True},
            **{k: v for k, v in _demo_hit(rng, "", persons).items() if k in _BULK_HIT_KEYS},
        }
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))
    ]
    repo.insert_activity(
        conn,
        checks_rows=check_rows,
        hit_rows=hit_rows,
        screening_rows=[
            {
                "id": screening_id,
                "entity": entity,
                "user_id": None,
                "operation_id": operation_id,
                "site": site,
                "manifest_sha256": f"{screening_id:0<64}"[:64],
                "filename": f"{site}-{day:%Y%m%d}.edi",
                "format": "paxlst",
                "engine": "local",
                "status": "finished",
                "total": processed,
                "processed": processed,
                "malformed": 0,
                "hit_count": len(bulk_hits),
                "errors": [],
                "message": None,
                "created_at": min(noon, now),
                "started_at": min(noon, now),
                "finished_at": min(noon + dt.timedelta(minutes=3), now),
            }
        ],
        screening_hit_rows=bulk_hits,
    )
    for row in [*hit_rows, *bulk_hits]:
        if rng.random() < 0.7:
            _demo_outcome(conn, rng, operation_id, row["id"], entity, site, noon, now)


_BULK_HIT_KEYS = frozenset(
    {"record_id", "record_kind", "owner", "probability", "visible", "match_kind", "explanation"}
)


def _demo_hit(rng: Any, check_id: str, persons: list[str]) -> dict[str, Any]:
    return {
        "id": repo.new_id("hit"),
        "check_id": check_id,
        "record_id": rng.choice(persons) if persons else f"demo-{rng.randrange(10**6):06d}",
        "record_kind": "person",
        "owner": rng.choice(("FR", "ES", "IT", "MA", "TN", "DZ", "DE", "TR")),
        "probability": round(rng.uniform(0.9, 0.999), 3),
        "visible": True,
        "match_kind": "name_dob",
        "explanation": {"demo": True},
        "pair": {"demo": True},
    }


def _demo_outcome(
    conn: Any,
    rng: Any,
    operation_id: str,
    hit_id: str,
    entity: str,
    site: str,
    noon: dt.datetime,
    now: dt.datetime,
) -> None:
    total = sum(w for _, w in _DEMO_OUTCOMES)
    roll, kind = rng.uniform(0, total), _DEMO_OUTCOMES[0][0]
    for name, weight in _DEMO_OUTCOMES:
        roll -= weight
        if roll <= 0:
            kind = name
            break
    items: dict[str, float] = {}
    if kind == "items_seized":
        for name, low, high in rng.sample(_DEMO_ITEMS, rng.randint(1, 2)):
            items[name] = rng.randint(low, high)
    outcome_id = repo.new_id("out")
    at = min(noon + dt.timedelta(hours=rng.randint(1, 20)), now)
    repo.insert_outcome(
        conn,
        {
            "id": outcome_id,
            "operation_id": operation_id,
            "hit_id": hit_id,
            "entity": entity,
            "kind": kind,
            "items": items,
            "site": site,
            "note": "synthetic demo outcome",
            "at": at,
            "user_id": None,
        },
    )
    audit.append(
        conn,
        audit.SYSTEM,
        "create",
        object_kind="outcome",
        object_id=outcome_id,
        detail={"operation": operation_id, "hit": hit_id, "kind": kind, "demo": True},
        at=at,
    )
