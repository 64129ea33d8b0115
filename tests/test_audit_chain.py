"""The audit log is append-only and hash-chained: tampering is refused, or detected."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from passerelle.model.principals import Role
from passerelle.services import governance, records
from passerelle.services.context import Platform
from passerelle.store.schema import audit_log

from tests.conftest import MakeUser

PERSON = {"names": [{"full": "Miro Atelkan"}], "date_of_birth": "1990-02-03"}


def _activity(platform: Platform, make_user: MakeUser) -> str:
    owner = make_user("MA", Role.NCB_OFFICER)
    reader = make_user("TN", Role.ANALYST)
    rid = str(records.create(platform, owner.call, "person", PERSON)["id"])
    records.get(platform, reader.call, rid)
    records.search(platform, reader.call, text="atelkan")
    records.export(platform, reader.call)
    return rid


def _actions(platform: Platform) -> list[str]:
    with platform.db.engine.connect() as conn:
        return [r.action for r in conn.execute(sa.select(audit_log).order_by(audit_log.c.seq))]


def test_every_access_is_audited(platform: Platform, make_user: MakeUser) -> None:
    _activity(platform, make_user)
    assert {"create", "read", "search", "export", "user-create", "token-create"} <= set(
        _actions(platform)
    )
    assert governance.verify_audit(platform).ok


def test_database_refuses_update_and_delete(platform: Platform, make_user: MakeUser) -> None:
    _activity(platform, make_user)
    with pytest.raises(DBAPIError), platform.db.transaction() as conn:
        conn.execute(sa.update(audit_log).where(audit_log.c.seq == 2).values(username="x"))
    with pytest.raises(DBAPIError), platform.db.transaction() as conn:
        conn.execute(sa.delete(audit_log).where(audit_log.c.seq == 2))


def _drop_guard(platform: Platform) -> None:
    """What someone with raw database access could do: remove the append-only triggers."""
    with platform.db.transaction() as conn:
        if platform.db.dialect == "postgresql":
            conn.exec_driver_sql("DROP TRIGGER audit_log_append_only ON audit_log")
        else:
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_update")
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_delete")


def test_edited_row_is_detected(platform: Platform, make_user: MakeUser) -> None:
    _activity(platform, make_user)
    _drop_guard(platform)
    with platform.db.transaction() as conn:
        conn.execute(
            sa.update(audit_log)
            .where(audit_log.c.seq == 5)
            .values(detail='{"text": "nothing to see"}')
        )
    report = governance.verify_audit(platform)
    assert not report.ok
    assert report.broken_at == 5
    assert report.rows == 4


def test_rehashed_row_breaks_the_next_link(platform: Platform, make_user: MakeUser) -> None:
    _activity(platform, make_user)
    _drop_guard(platform)
    with platform.db.transaction() as conn:
        conn.execute(sa.update(audit_log).where(audit_log.c.seq == 3).values(hash="f" * 64))
    report = governance.verify_audit(platform)
    assert not report.ok and report.broken_at == 3


def test_deleted_rows_are_detected(platform: Platform, make_user: MakeUser) -> None:
    _activity(platform, make_user)
    _drop_guard(platform)
    with platform.db.transaction() as conn:
        last = conn.execute(sa.select(sa.func.max(audit_log.c.seq))).scalar_one()
        conn.execute(sa.delete(audit_log).where(audit_log.c.seq == 4))
    report = governance.verify_audit(platform)
    assert not report.ok and report.broken_at == 4
    with platform.db.transaction() as conn:
        conn.execute(sa.delete(audit_log).where(audit_log.c.seq >= 4))
    truncated = governance.verify_audit(platform)
    assert not truncated.ok and truncated.rows == 3 and last > 3


def test_concurrent_writers_keep_one_chain(platform: Platform, make_user: MakeUser) -> None:
    """Threads appending at once still produce a single unbroken chain."""
    from concurrent.futures import ThreadPoolExecutor

    owner = make_user("FR", Role.NCB_OFFICER)
    rid = str(records.create(platform, owner.call, "person", PERSON)["id"])

    def read(_: int) -> None:
        records.get(platform, owner.call, rid)

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(read, range(60)))
    report = governance.verify_audit(platform)
    assert report.ok, report
    assert _actions(platform).count("read") == 60
