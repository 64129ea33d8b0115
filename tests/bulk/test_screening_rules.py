"""Bulk screening applies single-check rules: hit/no-hit, owner notification, audit; and it is
idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from passerelle.model.errors import Forbidden, NotFound
from passerelle.model.principals import Role
from passerelle.services import bulk, governance
from passerelle.services.context import Platform
from passerelle.store.schema import audit_log, operations, screening_hits, screenings

from tests.bulk.helpers import manifest_csv, share_watchlist, travellers
from tests.conftest import MakeUser


def test_hits_respect_policy_and_notify_owners(platform: Platform, make_user: MakeUser) -> None:
    ids = share_watchlist(platform, make_user)
    border = make_user("IT", Role.BORDER_OFFICER)
    content = manifest_csv(travellers(12))
    report = bulk.screen_manifest(platform, border.call, content, "flight.csv", batch_size=5)
    assert (report.status, report.total, report.processed, report.malformed) == (
        "finished",
        12,
        12,
        0,
    )
    page = bulk.hits(platform, border.call, report.id)
    by_row = {h["row"]: h for h in page["hits"]}
    assert set(by_row) == {2, 3, 4}
    karim, dragana, stolen = by_row[2], by_row[3], by_row[4]
    assert (karim["visible"], karim["record_id"]) == (True, ids["karim"])
    assert karim["explanation"] and karim["matched_name"]
    assert stolen["record_id"] == ids["stolen"] and stolen["match"] == "document"
    # RS shares only with FR: Italy learns whom to contact, nothing of the record.
    assert dragana["visible"] is False
    assert dragana["contact"] == {"ncb": "RS"}
    assert not {"record_id", "explanation", "matched_name", "owner"} & set(dragana)
    assert ids["dragana"] not in bulk.hits_as_csv(platform, border.call, report.id)
    # Every owner is told of the hits on its data, in one notification per batch.
    for entity, record in (("TN", "karim"), ("RS", "dragana"), ("DE", "stolen")):
        notes = governance.my_notifications(platform, make_user(entity, Role.NCB_SUPERVISOR).call)
        assert [n["kind"] for n in notes] == ["screening_hits"]
        [hit] = notes[0]["message"]["hits"]
        assert hit["record_id"] == ids[record]
        assert notes[0]["message"]["by"] == "IT"
    # Every hit is traceable in the audit log, and the chain holds.
    with platform.db.engine.connect() as conn:
        details = conn.execute(
            sa.select(audit_log.c.detail).where(audit_log.c.action == "screening-batch")
        ).scalars()
        audited = {h["hit_id"] for d in details for h in __import__("json").loads(d)["hits"]}
    assert audited == {h["hit_id"] for h in page["hits"]}
    assert governance.verify_audit(platform).ok


def test_each_hit_names_its_own_traveller_across_batches(
    platform: Platform, make_user: MakeUser
) -> None:
    share_watchlist(platform, make_user)
    border = make_user("IT", Role.BORDER_OFFICER)
    people = travellers(12)
    content = manifest_csv(people)
    report = bulk.screen_manifest(platform, border.call, content, "f.csv", batch_size=2)
    assert (report.total, report.processed) == (12, 12)
    hits = bulk.hits(platform, border.call, report.id)["hits"]
    assert {h["row"] for h in hits} == {2, 3, 4}  # in batches 0, 1 and 1
    for h in hits:
        t = people[h["row"] - 1]
        assert h["traveller"]["name"] == t.full_name
        assert h["traveller"]["source"] == f"line {h['row'] + 1}"
        assert h["traveller"]["date_of_birth"] == (
            str(t.date_of_birth) if t.date_of_birth else None
        )


def test_same_manifest_again_is_the_same_screening(platform: Platform, make_user: MakeUser) -> None:
    share_watchlist(platform, make_user)
    border = make_user("IT", Role.BORDER_OFFICER)
    content = manifest_csv(travellers(8))
    first = bulk.screen_manifest(platform, border.call, content, "a.csv", processes=0)
    again = bulk.screen_manifest(platform, border.call, content, "renamed.csv", processes=0)
    assert again.id == first.id and again.already_done and again.hits == first.hits == 3
    # Another NCB, or the same NCB under an operation, screens it as a new screening.
    other = bulk.screen_manifest(
        platform, make_user("ES", Role.BORDER_OFFICER).call, content, "a.csv", processes=0
    )
    with platform.db.transaction() as conn:
        conn.execute(
            sa.insert(operations).values(
                id="op_test",
                name="Synthetic operation",
                description="",
                coordinator="IPSG",
                starts_on=dt.date(2026, 3, 1),
                ends_on=dt.date(2026, 3, 31),
                participants=["IT"],
                sites=["ITGOA"],
                created_at=platform.now(),
            )
        )
    in_op = bulk.screen_manifest(
        platform, border.call, content, "a.csv", operation_id="op_test", site="ITGOA", processes=0
    )
    assert len({first.id, other.id, in_op.id}) == 3
    assert (in_op.operation_id, in_op.site) == ("op_test", "ITGOA")
    with platform.db.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(screenings)).scalar() == 3
        assert conn.execute(sa.select(sa.func.count()).select_from(screening_hits)).scalar() == 9


def test_only_the_submitting_ncb_sees_a_screening(platform: Platform, make_user: MakeUser) -> None:
    border = make_user("IT", Role.BORDER_OFFICER)
    report = bulk.screen_manifest(
        platform, border.call, manifest_csv(travellers(3)), "a.csv", processes=0
    )
    assert bulk.status(platform, make_user("IT", Role.NCB_OFFICER).call, report.id).id
    with pytest.raises(NotFound):
        bulk.status(platform, make_user("FR", Role.BORDER_OFFICER).call, report.id)
    with pytest.raises(Forbidden):
        bulk.screen_manifest(
            platform, make_user("IT", Role.AUDITOR).call, b"surname\nX\n", "a.csv", processes=0
        )


def test_unknown_operation_is_refused_before_anything_is_stored(
    platform: Platform, make_user: MakeUser
) -> None:
    border = make_user("IT", Role.BORDER_OFFICER)
    with pytest.raises(Exception, match="no operation"):
        bulk.screen_manifest(
            platform, border.call, manifest_csv(travellers(3)), "a.csv", operation_id="op_none"
        )
    with platform.db.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(screenings)).scalar() == 0
