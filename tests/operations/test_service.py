"""Operations use cases: who may create, see and change them, outcomes, live counters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from passerelle.model.errors import Conflict, Forbidden, InvalidInput, NotFound
from passerelle.model.operations import OperationChange, OperationInput, OutcomeInput
from passerelle.model.principals import Role
from passerelle.services import operations
from passerelle.services.context import Platform
from passerelle.store.schema import audit_log

from tests.conftest import Actor, MakeUser
from tests.operations.conftest import SITES, Activity, at


def _input(coordinator: str = "FR", **extra: Any) -> OperationInput:
    return OperationInput.model_validate(
        {
            "name": "Operation Y",
            "coordinator": coordinator,
            "starts_on": "2026-03-01",
            "ends_on": "2026-03-05",
            "participants": ["ES"],
            **extra,
        }
    )


def test_who_may_create(platform: Platform, make_user: MakeUser, gs: Actor) -> None:
    fr_sup = make_user("FR", Role.NCB_SUPERVISOR)
    created = operations.create(platform, fr_sup.call, _input())
    assert created["participants"] == ["ES", "FR"]  # the coordinating NCB takes part
    assert operations.create(platform, gs.call, _input())["coordinator"] == "FR"
    for actor in (
        make_user("FR", Role.NCB_OFFICER),
        make_user("ES", Role.NCB_SUPERVISOR),  # not the coordinator
        make_user("IPSG", Role.AUDITOR),
    ):
        with pytest.raises(Forbidden):
            operations.create(platform, actor.call, _input())


def test_visibility(
    platform: Platform, make_user: MakeUser, gs: Actor, operation: dict[str, Any]
) -> None:
    op_id = operation["id"]
    es = make_user("ES", Role.BORDER_OFFICER)
    de = make_user("DE", Role.NCB_SUPERVISOR)
    assert [o["id"] for o in operations.list_operations(platform, es.call)] == [op_id]
    assert operations.get(platform, es.call, op_id)["name"] == "Operation TESTGULL"
    assert operations.list_operations(platform, de.call) == []
    for fn in (operations.get, operations.dashboard, operations.list_outcomes):
        with pytest.raises(NotFound):
            fn(platform, de.call, op_id)
    with pytest.raises(NotFound):
        operations.report(platform, de.call, op_id, "json")
    assert operations.list_operations(platform, make_user("IPSG", Role.AUDITOR).call)


def test_add_sites_and_participants(
    platform: Platform, make_user: MakeUser, gs: Actor, operation: dict[str, Any]
) -> None:
    change = OperationChange.model_validate(
        {"participants": ["DZ", "MA"], "sites": [SITES[0], {"locode": "DZALG", "name": "Alger"}]}
    )
    with pytest.raises(Forbidden):
        operations.change(
            platform, make_user("FR", Role.NCB_SUPERVISOR).call, operation["id"], change
        )
    changed = operations.change(platform, gs.call, operation["id"], change)
    assert changed["participants"] == ["DZ", "ES", "FR", "MA", "TN"]
    assert [s["locode"] for s in changed["sites"]] == ["FRMRS", "ESALG", "TNTUN", "DZALG"]
    dz = make_user("DZ", Role.BORDER_OFFICER)
    assert operations.get(platform, dz.call, operation["id"])["id"] == operation["id"]


def _outcome(hit_id: str, kind: str = "arrested", **extra: Any) -> OutcomeInput:
    return OutcomeInput.model_validate({"hit_id": hit_id, "kind": kind, **extra})


def test_only_the_hitting_ncb_records_outcomes(
    platform: Platform,
    make_user: MakeUser,
    operation: dict[str, Any],
    check: Activity,
    screening: Activity,
) -> None:
    op_id = operation["id"]
    (fr_hit,) = check(op_id, "FRMRS", at(1), hits=1)
    (es_hit,) = screening(op_id, "ESALG", at(1), processed=100, hits=1)
    fr = make_user("FR", Role.BORDER_OFFICER)
    es = make_user("ES", Role.NCB_OFFICER)
    with pytest.raises(Forbidden, match="only FR"):
        operations.record_outcome(platform, es.call, op_id, _outcome(fr_hit))
    with pytest.raises(Forbidden, match="only ES"):
        operations.record_outcome(platform, fr.call, op_id, _outcome(es_hit))
    with pytest.raises(Forbidden, match="does not record"):
        operations.record_outcome(
            platform, make_user("FR", Role.ANALYST).call, op_id, _outcome(fr_hit)
        )
    saved = operations.record_outcome(platform, fr.call, op_id, _outcome(fr_hit))
    assert (saved["entity"], saved["site"], saved["kind"]) == ("FR", "FRMRS", "arrested")
    bulk = operations.record_outcome(
        platform, es.call, op_id, _outcome(es_hit, "items_seized", items={"cannabis_kg": 3.5})
    )
    assert bulk["site"] == "ESALG"
    with platform.db.read() as conn:
        rows = conn.execute(
            sa.select(audit_log.c.object_id, audit_log.c.username, audit_log.c.detail).where(
                audit_log.c.object_kind == "outcome"
            )
        ).all()
    assert {r.object_id for r in rows} == {saved["id"], bulk["id"]}
    assert {r.username for r in rows} == {fr.call.principal.username, es.call.principal.username}


def test_outcome_rules(
    platform: Platform, make_user: MakeUser, operation: dict[str, Any], check: Activity
) -> None:
    op_id = operation["id"]
    fr = make_user("FR", Role.BORDER_OFFICER)
    first, second = check(op_id, "FRMRS", at(1), hits=2)
    (elsewhere,) = check(None, "FRMRS", at(1), hits=1)
    with pytest.raises(NotFound):
        operations.record_outcome(platform, fr.call, op_id, _outcome("hit_nope"))
    with pytest.raises(InvalidInput, match="not made under this operation"):
        operations.record_outcome(platform, fr.call, op_id, _outcome(elsewhere))
    with pytest.raises(InvalidInput, match="not a site"):
        operations.record_outcome(platform, fr.call, op_id, _outcome(first, site="ITGOA"))
    operations.record_outcome(platform, fr.call, op_id, _outcome(first))
    seize = _outcome(first, "items_seized", items={"cash_eur": 1000})
    operations.record_outcome(platform, fr.call, op_id, seize)
    operations.record_outcome(platform, fr.call, op_id, seize)  # seizures add up
    with pytest.raises(Conflict, match="already has the outcome arrested"):
        operations.record_outcome(platform, fr.call, op_id, _outcome(first))
    with pytest.raises(Conflict, match="already has outcomes"):
        operations.record_outcome(platform, fr.call, op_id, _outcome(first, "false_positive"))
    operations.record_outcome(platform, fr.call, op_id, _outcome(second, "false_positive"))
    with pytest.raises(Conflict, match="false positive"):
        operations.record_outcome(platform, fr.call, op_id, _outcome(second, "identified"))
    figures = operations.dashboard(platform, fr.call, op_id)
    assert figures["items_seized"] == {"cash_eur": 2000}


def test_counters_over_days_and_sites(
    platform: Platform,
    make_user: MakeUser,
    gs: Actor,
    operation: dict[str, Any],
    check: Activity,
    screening: Activity,
    clock: Any,
) -> None:
    op_id = operation["id"]
    other = operations.create(platform, gs.call, _input(coordinator="IPSG"))
    # Day 1: Marseille 3 checks (1 with 2 hits), Algeciras a screening of 500 with 1 hit.
    check(op_id, "FRMRS", at(1, 8))
    check(op_id, "FRMRS", at(1, 9))
    fr_hits = check(op_id, "FRMRS", at(1, 23), hits=2)
    (es_hit,) = screening(op_id, "ESALG", at(1), processed=500, hits=1)
    # Day 3: Tunis 2 checks with 1 hit; Marseille a screening of 1000, no hit; a check with no
    # site; noise in another operation and outside any operation.
    (tn_hit,) = check(op_id, "TNTUN", at(3), hits=1)
    check(op_id, "TNTUN", at(3))
    screening(op_id, "FRMRS", at(3), processed=1000)
    check(op_id, None, at(3), entity="FR")
    check(other["id"], "FRMRS", at(3), hits=3)
    check(None, "FRMRS", at(3), hits=1)
    screening(None, "FRMRS", at(3), processed=70, hits=1)

    def outcome(entity: str, hit: str, kind: str, day: int, **extra: Any) -> None:
        clock.now = at(day, 12)
        actor = make_user(entity, Role.NCB_OFFICER)
        given = _outcome(hit, kind, **extra)
        operations.record_outcome(platform, actor.call, op_id, given)

    outcome("FR", fr_hits[0], "arrested", 2)
    outcome("FR", fr_hits[0], "items_seized", 2, items={"cash_eur": 12000, "firearms": 2})
    outcome("FR", fr_hits[1], "false_positive", 2)
    outcome("ES", es_hit, "refused_entry", 1)
    outcome("TN", tn_hit, "identified", 4)

    figures = operations.dashboard(platform, gs.call, op_id)
    assert figures["totals"] == {"checks": 6 + 1500, "hits": 4, "outcomes": 5}
    assert figures["outcomes_by_kind"] == {
        "arrested": 1,
        "located": 0,
        "identified": 1,
        "refused_entry": 1,
        "items_seized": 1,
        "false_positive": 1,
    }
    assert figures["items_seized"] == {"cash_eur": 12000, "firearms": 2}
    sites = {s["locode"]: s for s in figures["by_site"]}
    assert list(sites) == ["FRMRS", "ESALG", "TNTUN", None]
    assert (sites["FRMRS"]["checks"], sites["FRMRS"]["hits"]) == (1003, 2)
    assert sites["FRMRS"]["outcomes"]["false_positive"] == 1
    assert (sites["ESALG"]["checks"], sites["ESALG"]["hits"]) == (500, 1)
    assert (sites["TNTUN"]["checks"], sites["TNTUN"]["hits"]) == (2, 1)
    assert sites[None]["checks"] == 1
    days = {d["day"]: d for d in figures["by_day"]}
    assert list(days) == [f"2026-02-{d}" for d in range(20, 25)]
    assert days["2026-02-20"] == {"day": "2026-02-20", "checks": 503, "hits": 3, "outcomes": 1}
    assert days["2026-02-21"]["outcomes"] == 3
    assert days["2026-02-22"] == {"day": "2026-02-22", "checks": 1003, "hits": 1, "outcomes": 0}
    assert days["2026-02-23"]["outcomes"] == 1
    assert {"day": "2026-02-20", "site": "FRMRS", "count": 3} in figures["checks_by_day_site"]
    assert {"day": "2026-02-22", "site": "FRMRS", "count": 1000} in figures["checks_by_day_site"]
    # The participants see the same figures as the GS.
    es = make_user("ES", Role.BORDER_OFFICER)
    mine = operations.dashboard(platform, es.call, op_id)
    assert mine["totals"] == figures["totals"]
    assert dt.datetime.fromisoformat(mine["generated_at"]) == clock.now
