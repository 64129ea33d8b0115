"""``passerelle operation``: the installed command against the test database."""

from __future__ import annotations

from pathlib import Path

from passerelle.model.principals import Role
from passerelle.services.context import Platform

from tests.cli.test_cli import no_traceback, run
from tests.conftest import MakeUser
from tests.operations.conftest import Activity, at


def test_operation_commands(
    platform: Platform,
    database_url: str,
    make_user: MakeUser,
    check: Activity,
    tmp_path: Path,
) -> None:
    sup = make_user("FR", Role.NCB_SUPERVISOR).call.principal.username
    border = make_user("FR", Role.BORDER_OFFICER).call.principal.username
    spanish = make_user("ES", Role.BORDER_OFFICER).call.principal.username
    created = run(
        database_url, "operation", "create", "--as", sup, "--name", "Operation CLI",
        "--coordinator", "FR", "--starts-on", "2026-02-20", "--ends-on", "2026-02-24",
        "--participant", "ES", "--site", "FRMRS:Marseille", "--site", "ESALG:Algeciras:port",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    op_id = created.stdout.split()[1]
    listed = run(database_url, "operation", "list", "--as", sup)
    assert op_id in listed.stdout and "FRMRS ESALG" in listed.stdout
    (hit,) = check(op_id, "FRMRS", at(1), hits=1)
    seized = run(
        database_url, "operation", "outcome", "--as", border, op_id, hit, "items_seized",
        "--item", "cash_eur=12000", "--item", "firearms=2",
    )  # fmt: skip
    assert seized.returncode == 0, seized.stderr
    shown = run(database_url, "operation", "show", "--as", sup, op_id)
    assert "checks 1  hits 1  outcomes 1" in shown.stdout
    pdf = tmp_path / "r.pdf"
    report = run(database_url, "operation", "report", "--as", sup, op_id, "--format", "pdf",
                 "-o", str(pdf))  # fmt: skip
    assert report.returncode == 0, report.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    # Bad input: one clear line, exit code 2, no traceback.
    for args in (
        ("create", "--as", sup, "--name", "X", "--coordinator", "FR", "--starts-on",
         "2026-02-20", "--ends-on", "2026-02-01"),
        ("create", "--as", sup, "--name", "X", "--coordinator", "FR", "--starts-on",
         "2026-02-20", "--ends-on", "2026-02-21", "--site", "FRMRSX:Nowhere"),
        ("outcome", "--as", spanish, op_id, hit, "arrested"),
        ("outcome", "--as", border, op_id, hit, "items_seized", "--item", "cash"),
        ("show", "--as", border, "op_nope"),
    ):  # fmt: skip
        bad = run(database_url, "operation", *args)
        assert bad.returncode == 2, (args, bad.stdout, bad.stderr)
        assert "error:" in bad.stderr
        no_traceback(bad)
