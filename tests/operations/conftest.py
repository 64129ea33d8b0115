"""Operations fixtures: an operation over three ports, and synthetic checks, screenings and
hits written through the store (the screening services fill these tables in real use)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from passerelle.api.app import create_app
from passerelle.model.operations import OperationInput
from passerelle.model.principals import Role
from passerelle.services import operations
from passerelle.services.context import Platform
from passerelle.store import operations as repo

from tests.conftest import Actor, MakeUser

SITES = [
    {"locode": "FRMRS", "name": "Marseille", "kind": "port"},
    {"locode": "ESALG", "name": "Algeciras", "kind": "port"},
    {"locode": "TNTUN", "name": "Tunis", "kind": "port"},
]


def at(day: int, hour: int = 10) -> dt.datetime:
    """A moment of the fixture operation: day 1 is 2026-02-20."""
    return dt.datetime(2026, 2, 19, hour, tzinfo=dt.UTC) + dt.timedelta(days=day)


@pytest.fixture
def client(platform: Platform) -> Iterator[TestClient]:
    with TestClient(create_app(platform), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def gs(make_user: MakeUser) -> Actor:
    return make_user("IPSG", Role.GS_REVIEWER)


@pytest.fixture
def operation(platform: Platform, gs: Actor) -> dict[str, Any]:
    given = OperationInput(
        name="Operation TESTGULL",
        coordinator="IPSG",
        starts_on=dt.date(2026, 2, 20),
        ends_on=dt.date(2026, 2, 24),
        participants=["FR", "ES", "TN"],
        sites=SITES,  # type: ignore[arg-type]
    )
    return operations.create(platform, gs.call, given)


Activity = Callable[..., list[str]]


@pytest.fixture
def check(platform: Platform) -> Activity:
    """``check(op_id, "FRMRS", at(1), hits=1, entity="FR")``: one single check; its hit ids."""
    counter = iter(range(1_000_000))

    def make(
        operation_id: str | None,
        site: str | None,
        when: dt.datetime,
        *,
        hits: int = 0,
        entity: str | None = None,
    ) -> list[str]:
        n = next(counter)
        check_id = f"chk_t{n:06d}"
        hit_ids = [f"hit_t{n:06d}_{k}" for k in range(hits)]
        with platform.db.transaction() as conn:
            repo.insert_activity(
                conn,
                checks_rows=[
                    {
                        "id": check_id,
                        "at": when,
                        "user_id": None,
                        "entity": entity or (site or "FR")[:2],
                        "query": {},
                        "hit_count": hits,
                        "duration_ms": 1.0,
                        "operation_id": operation_id,
                        "site": site,
                    }
                ],
                hit_rows=[_hit(h, check_id=check_id) for h in hit_ids],
            )
        return hit_ids

    return make


@pytest.fixture
def screening(platform: Platform) -> Activity:
    """``screening(op_id, "ESALG", at(2), processed=500, hits=2)``: one bulk screening."""
    counter = iter(range(1_000_000))

    def make(
        operation_id: str | None,
        site: str | None,
        when: dt.datetime,
        *,
        processed: int,
        hits: int = 0,
        entity: str | None = None,
    ) -> list[str]:
        n = next(counter)
        screening_id = f"scr_t{n:06d}"
        hit_ids = [f"sh_t{n:06d}_{k}" for k in range(hits)]
        with platform.db.transaction() as conn:
            repo.insert_activity(
                conn,
                screening_rows=[
                    {
                        "id": screening_id,
                        "entity": entity or (site or "FR")[:2],
                        "user_id": None,
                        "operation_id": operation_id,
                        "site": site,
                        "manifest_sha256": f"{n:064d}",
                        "filename": "m.csv",
                        "format": "csv",
                        "engine": "local",
                        "status": "finished",
                        "total": processed,
                        "processed": processed,
                        "malformed": 0,
                        "hit_count": hits,
                        "errors": [],
                        "message": None,
                        "created_at": when,
                        "started_at": when,
                        "finished_at": when,
                    }
                ],
                screening_hit_rows=[
                    {
                        **_hit(h),
                        "screening_id": screening_id,
                        "batch_no": 0,
                        "row": k + 1,
                        "traveller": {},
                    }
                    for k, h in enumerate(hit_ids)
                ],
            )
        return hit_ids

    return make


def _hit(hit_id: str, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": hit_id,
        "record_id": "P-TEST",
        "record_kind": "person",
        "owner": "DE",
        "probability": 0.97,
        "visible": True,
        "match_kind": "name_dob",
        "explanation": {},
        **extra,
    }
    if "check_id" in extra:
        row["pair"] = {}
    return row
