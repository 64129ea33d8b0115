"""`passerelle audit verify`, as an operator runs it, finds an edited row and names it."""

from __future__ import annotations

import sqlalchemy as sa

from passerelle.model.principals import Role
from passerelle.services import records
from passerelle.services.context import Platform
from passerelle.store.schema import audit_log

from tests.cli.test_cli import no_traceback, run
from tests.conftest import MakeUser


def test_audit_verify_names_the_tampered_row(
    platform: Platform, make_user: MakeUser, database_url: str
) -> None:
    owner = make_user("PT", Role.NCB_OFFICER)
    rid = str(
        records.create(platform, owner.call, "person", {"names": [{"full": "Salvio Marquenta"}]})[
            "id"
        ]
    )
    records.get(platform, owner.call, rid)
    ok = run(database_url, "audit", "verify")
    assert ok.returncode == 0, ok.stderr
    assert "intact" in ok.stdout
    with platform.db.transaction() as conn:
        if platform.db.dialect == "postgresql":
            conn.exec_driver_sql("DROP TRIGGER audit_log_append_only ON audit_log")
        else:
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        conn.execute(
            sa.update(audit_log).where(audit_log.c.action == "read").values(username="someone-else")
        )
        seq = conn.execute(
            sa.select(audit_log.c.seq).where(audit_log.c.action == "read")
        ).scalar_one()
    broken = run(database_url, "audit", "verify")
    no_traceback(broken)
    assert broken.returncode == 1
    assert f"row {seq}" in broken.stderr
