"""The demo data set: users of a few NCBs, synthetic records under varied policies, notices.

Everything is synthetic (``passerelle.services.demo``). Records go through the same store calls
as real ones, so the demo exercises policy, audit and the screening index like production data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from passerelle.model.notices import DiffusionState, NoticeState
from passerelle.model.policy import MAX_EXTENSION, AccessMode, Policy
from passerelle.model.principals import Role
from passerelle.services import accounts, operations
from passerelle.services.context import Platform
from passerelle.services.demo import generate
from passerelle.services.demo import write_watchlist as _write_watchlist
from passerelle.services.records import search_text
from passerelle.store import audit
from passerelle.store import records as repo
from passerelle.store.audit import SYSTEM

#: The demo password of every demo user. The demo runs on localhost with synthetic data only.
DEMO_PASSWORD = "passerelle-demo"  # noqa: S105 - documented demo credential

#: (username, entity, role) of the demo users.
DEMO_USERS: tuple[tuple[str, str, Role], ...] = (
    ("admin", "IPSG", Role.ADMIN),
    ("gs.reviewer", "IPSG", Role.GS_REVIEWER),
    ("auditor", "IPSG", Role.AUDITOR),
    ("fr.officer", "FR", Role.NCB_OFFICER),
    ("fr.supervisor", "FR", Role.NCB_SUPERVISOR),
    ("fr.border", "FR", Role.BORDER_OFFICER),
    ("ma.officer", "MA", Role.NCB_OFFICER),
    ("ma.border", "MA", Role.BORDER_OFFICER),
    ("es.officer", "ES", Role.NCB_OFFICER),
    ("it.analyst", "IT", Role.ANALYST),
    ("tn.supervisor", "TN", Role.NCB_SUPERVISOR),
)


@dataclass
class SeedReport:
    users: list[str] = field(default_factory=list)
    records: int = 0
    notices: int = 0
    token: str | None = None
    operation: str | None = None

    def summary(self) -> str:
        lines = [
            f"demo data: {self.records} records, {self.notices} notices/diffusions",
            f"demo users (password '{DEMO_PASSWORD}'): {', '.join(self.users)}",
        ]
        if self.operation:
            lines.append(f"demo operation SEAGULL-DEMO: {self.operation}")
        if self.token:
            lines.append(f"API token of fr.officer (shown once): {self.token}")
        return "\n".join(lines)


def write_watchlist(
    out_dir: Path, *, persons: int, seed: int, progress: Callable[[int], None] | None = None
) -> Path:
    """``DIR/watchlist.jsonl``: one synthetic person a line (see docs/demo-data.md)."""
    return _write_watchlist(out_dir, persons, seed, progress=progress)


def _live(policy: Policy, now: dt.datetime, n: int) -> Policy:
    """Keep the generated policy but move its expiry into the platform's present."""
    if policy.expires_at is not None and now < policy.expires_at <= now + MAX_EXTENSION:
        return policy
    days = 200 + (n * 37) % (5 * 365 - 200)
    return policy.model_copy(update={"expires_at": now + dt.timedelta(days=days)})


def seed(
    platform: Platform,
    *,
    persons: int = 2000,
    seed: int = 7,
    progress: Callable[[int], None] | None = None,
) -> SeedReport:
    """Load users, records and notices into an empty (or existing) database."""
    report = SeedReport()
    existing = {u.username for u in accounts.list_all_users(platform)}
    for username, entity_code, role in DEMO_USERS:
        if username not in existing:
            accounts.create_user(
                platform,
                None,
                username=username,
                entity_code=entity_code,
                role=role,
                password=DEMO_PASSWORD,
            )
        report.users.append(username)
    if "fr.officer" not in existing:
        report.token, _ = accounts.create_token(platform, None, "fr.officer", "demo")
    now = platform.now()
    subjects: list[dict[str, Any]] = []
    batch: list[repo.NewRecord] = []
    done = 0

    def flush() -> None:
        nonlocal batch
        with platform.db.transaction() as conn:
            ids = repo.insert_many(conn, batch, None, now)
            audit.append_many(
                conn,
                SYSTEM,
                [
                    audit.Entry("create", new.kind, rid, {"demo": True})
                    for new, rid in zip(batch, ids, strict=True)
                ],
                at=now,
            )
        batch = []

    for n, item in enumerate(generate(persons, seed)):
        record = item.record
        data = record.model_dump(mode="json")
        if record.kind == "person" and len(subjects) < 40 and n % 7 == 0:
            subjects.append(data)
        batch.append(
            repo.NewRecord(
                kind=record.kind,
                data=data,
                policy=_live(item.policy, now, n),
                search_text=search_text(record),
                source_reference=item.id,
            )
        )
        done += 1
        if len(batch) >= 500:
            flush()
            if progress:
                progress(done)
    flush()
    report.records = done
    report.notices = _notices(platform, subjects, now)
    report.operation = operations.seed_operation(platform, seed=seed)
    if progress:
        progress(done)
    return report


_RED_DETAILS = {
    "summary_of_facts": "Synthetic case for the demonstration data set.",
    "warrant_reference": "DEMO-W-{n:04d}",
    "charges": "Synthetic charge",
    "penalty_max_years": 10,
}


def _notices(platform: Platform, subjects: list[dict[str, Any]], now: dt.datetime) -> int:
    """Red notices in every workflow state, and diffusions, owned by a few demo NCBs."""
    owners = ("FR", "MA", "ES", "TN")
    states = (
        NoticeState.PUBLISHED,
        NoticeState.PUBLISHED,
        NoticeState.PUBLISHED,
        NoticeState.UNDER_REVIEW,
        NoticeState.SUBMITTED,
        NoticeState.DRAFT,
    )
    count = 0
    with platform.db.transaction() as conn:
        for n, subject in enumerate(subjects):
            owner = owners[n % len(owners)]
            policy = Policy(owner=owner, expires_at=now + dt.timedelta(days=4 * 365))
            details = {
                k: (v.format(n=n) if isinstance(v, str) else v) for k, v in _RED_DETAILS.items()
            }
            if n % 5 == 4:
                kind, state = "diffusion", DiffusionState.SENT.value
                policy = policy.model_copy(
                    update={
                        "access": AccessMode.ALLOW,
                        "entities": frozenset({"FR", "ES", "IT", "MA"} - {owner}),
                    }
                )
            else:
                kind, state = "notice", states[n % len(states)].value
            data = {
                "notice_type": "red",
                "subject": subject,
                "details": details,
                "public_extract": False,
            }
            names = " ".join(
                str(nm.get("full", "")) + " " + str(nm.get("latin") or "")
                for nm in subject.get("names", [])
            )
            rid = repo.insert(
                conn,
                repo.NewRecord(
                    kind=kind,
                    subtype="red",
                    state=state,
                    data=data,
                    policy=Policy.model_validate(policy.model_dump()),
                    search_text=f"{names} red".casefold(),
                    workflow={
                        "prechecks": [],
                        "history": [{"at": now.isoformat(), "by": "demo", "to": state}],
                    },
                ),
                None,
                now,
            )
            audit.append(
                conn,
                SYSTEM,
                "create",
                object_kind=kind,
                object_id=rid,
                detail={"demo": True, "state": state},
            )
            count += 1
    return count
