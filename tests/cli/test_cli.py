"""The ``passerelle`` command line, run as a user runs it: the installed script, in a subprocess.

Help on every command is checked in-process (Typer's runner) to keep the suite quick; every
behaviour that touches a database runs the real console script against the test database.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from passerelle import __version__
from passerelle.cli.app import app
from passerelle.model.principals import Role
from passerelle.services import accounts
from passerelle.services.context import Platform
from passerelle.store import records as records_repo

SCRIPT = shutil.which("passerelle", path=str(Path(sys.executable).parent)) or "passerelle"


def run(
    database_url: str, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PASSERELLE_DATABASE_URL": database_url, "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("PASSERELLE_NEW_PASSWORD", None)
    return subprocess.run(
        [SCRIPT, *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
        check=False,
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    both = result.stdout + result.stderr
    assert "Traceback" not in both, both
    assert 'File "' not in both, both


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    if hasattr(group, "commands"):
        for name, sub in group.commands.items():
            found += _commands(sub, (*prefix, name))
    return found


ALL_COMMANDS = _commands(typer.main.get_command(app))


def test_the_command_tree_is_complete() -> None:
    names = {" ".join(c) for c in ALL_COMMANDS}
    assert names >= {
        "serve",
        "db upgrade",
        "user create",
        "token create",
        "import",
        "export",
        "audit verify",
        "retention run",
        "demo seed",
        "demo generate",
    }


@pytest.mark.parametrize(
    "command", ALL_COMMANDS, ids=[" ".join(c) or "(top)" for c in ALL_COMMANDS]
)
def test_help_on_every_command(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    assert len(result.output.strip().splitlines()) >= 3


def test_version_and_help_in_a_subprocess(database_url: str) -> None:
    version = run(database_url, "--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"passerelle {__version__}"
    helped = run(database_url, "--help")
    assert helped.returncode == 0
    assert "db" in helped.stdout and "import" in helped.stdout


def test_db_upgrade_is_idempotent(database_url: str) -> None:
    first = run(database_url, "db", "upgrade")
    second = run(database_url, "db", "upgrade")
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert first.stdout == second.stdout
    current = run(database_url, "db", "current")
    assert current.returncode == 0, current.stdout + current.stderr


def test_user_create_and_its_errors(database_url: str, platform: Platform) -> None:
    ok = run(
        database_url,
        "user",
        "create",
        "lena.orvik",
        "--entity",
        "NOR",
        "--role",
        "ncb_officer",
        "--password",
        "a long enough password",
    )
    assert ok.returncode == 0, ok.stderr
    assert "lena.orvik" in ok.stdout and "NO" in ok.stdout
    for args, words in (
        (["bad.entity", "--entity", "QQ", "--role", "ncb_officer"], "QQ"),
        (["bad.entity", "--entity", "XYZ", "--role", "ncb_officer"], "XYZ"),
        (["lena.orvik", "--entity", "NO", "--role", "ncb_officer"], "already exists"),
        (["short.pw", "--entity", "NO", "--role", "analyst", "--password", "short"], "12"),
        (["bad name!", "--entity", "NO", "--role", "analyst"], "username"),
        (["bad.clear", "--entity", "NO", "--role", "analyst", "--clearance", "cosmic"], "cosmic"),
    ):
        bad = run(database_url, "user", "create", *args)
        assert bad.returncode == 2, (args, bad.stdout, bad.stderr)
        no_traceback(bad)
        message = [line for line in bad.stderr.splitlines() if line.strip()]
        assert len(message) == 1, bad.stderr
        assert message[0].startswith("error:") and words in message[0], bad.stderr
    wrong_role = run(database_url, "user", "create", "x.y", "--entity", "NO", "--role", "king")
    assert wrong_role.returncode == 2
    no_traceback(wrong_role)
    assert [u.username for u in accounts.list_all_users(platform)] == ["lena.orvik"]


def test_token_create_prints_the_secret_once(database_url: str, platform: Platform) -> None:
    accounts.create_user(
        platform, None, username="tove.ramsgaard", entity_code="DK", role=Role.NCB_OFFICER
    )
    made = run(database_url, "token", "create", "tove.ramsgaard", "--name", "ci", "--days", "7")
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip()
    assert secret.startswith("psr_") and "\n" not in secret
    assert secret not in made.stderr
    assert accounts.authenticate(platform, secret).username == "tove.ramsgaard"
    listing = run(database_url, "user", "list")
    assert secret not in listing.stdout + listing.stderr
    missing = run(database_url, "token", "create", "nobody.here")
    assert missing.returncode == 2
    no_traceback(missing)
    assert "nobody.here" in missing.stderr


def test_audit_verify(database_url: str, platform: Platform) -> None:
    accounts.create_user(
        platform, None, username="aino.kessler", entity_code="FI", role=Role.AUDITOR
    )
    result = run(database_url, "audit", "verify")
    assert result.returncode == 0, result.stderr
    assert "intact" in result.stdout and "1 rows" in result.stdout


def test_export_as_a_user_writes_json(
    database_url: str, platform: Platform, tmp_path: Path
) -> None:
    from passerelle.services import records

    owner = accounts.create_user(
        platform, None, username="ines.marbach", entity_code="AT", role=Role.NCB_OFFICER
    )
    reader = accounts.create_user(
        platform, None, username="pio.santangelo", entity_code="IT", role=Role.NCB_OFFICER
    )
    from passerelle.services.context import Call

    call = Call(owner.principal())
    shared = records.create(platform, call, "person", {"names": [{"full": "Kasimir Flodt"}]})
    records.create(platform, call, "person", {"names": [{"full": "Wendelin Haug"}]}, _deny("IT"))
    out = tmp_path / "export.json"
    result = run(database_url, "export", "--as", reader.username, "--output", str(out))
    assert result.returncode == 0, result.stderr
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert [r["id"] for r in exported] == [shared["id"]]
    to_stdout = run(database_url, "export", "--as", owner.username)
    assert len(json.loads(to_stdout.stdout)) == 2
    nobody = run(database_url, "export", "--as", "ghost.user")
    assert nobody.returncode == 2
    no_traceback(nobody)


def _deny(entity: str):  # type: ignore[no-untyped-def]
    from passerelle.services.policies import PolicyInput

    return PolicyInput.model_validate({"access": "deny", "entities": [entity]})


def _count(platform: Platform) -> int:
    with platform.db.engine.connect() as conn:
        return records_repo.count(conn)


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        (
            "persons.csv",
            "name,status,date_of_birth,nationalities\n"
            "Hallvard Brekke,wanted,1975-02,NO\n"
            "Sigrun Aas,wanted,1980-13,NO\n",
            "line 3",
        ),
        (
            "persons.csv",
            "name,status,nationalities\nHallvard Brekke,wanted,NO\nSigrun Aas,wanted,QQ\n",
            "line 3",
        ),
        ("persons.csv", "name,status\nHallvard Brekke,wanted\n\u202eSigrun Aas,wanted\n", "line 3"),
    ],
    ids=["bad-date", "bad-country", "bidi"],
)
def test_import_of_a_bad_file_stores_nothing(
    database_url: str, platform: Platform, tmp_path: Path, name: str, content: str, where: str
) -> None:
    pytest.importorskip(
        "passerelle.formats.csv_records",
        reason="the CSV reader is not there yet (formats engineer)",
    )
    accounts.create_user(
        platform, None, username="oda.lindqvist", entity_code="NO", role=Role.NCB_OFFICER
    )
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run(database_url, "import", str(path), "--as", "oda.lindqvist")
    assert result.returncode == 2, result.stdout + result.stderr
    no_traceback(result)
    assert where in result.stderr, result.stderr
    assert _count(platform) == 0


def test_import_of_malformed_json_stores_nothing(
    database_url: str, platform: Platform, tmp_path: Path
) -> None:
    pytest.importorskip(
        "passerelle.formats.interpol_json",
        reason="the Interpol JSON reader is not there yet (formats engineer)",
    )
    accounts.create_user(
        platform, None, username="oda.lindqvist", entity_code="NO", role=Role.NCB_OFFICER
    )
    path = tmp_path / "notices.json"
    path.write_text('{"_embedded": {"notices": [{"forename": "Ola"', encoding="utf-8")
    result = run(database_url, "import", str(path), "--as", "oda.lindqvist")
    assert result.returncode == 2, result.stdout + result.stderr
    no_traceback(result)
    assert _count(platform) == 0


def test_a_good_csv_imports(database_url: str, platform: Platform, tmp_path: Path) -> None:
    pytest.importorskip(
        "passerelle.formats.csv_records",
        reason="the CSV reader is not there yet (formats engineer)",
    )
    accounts.create_user(
        platform, None, username="oda.lindqvist", entity_code="NO", role=Role.NCB_OFFICER
    )
    path = tmp_path / "persons.csv"
    path.write_text(
        "name,status,nationalities\nHallvard Brekke,wanted,NO\nSigrun Aas,missing,SWE\n",
        encoding="utf-8",
    )
    result = run(database_url, "import", str(path), "--as", "oda.lindqvist")
    assert result.returncode == 0, result.stderr
    assert "imported 2" in result.stdout
    assert _count(platform) == 2


@pytest.mark.parametrize(
    "args",
    [
        ("user", "list"),
        ("token", "create", "someone"),
        ("audit", "verify"),
        ("retention", "run"),
        ("export", "--as", "someone"),
        ("user", "create", "someone", "--entity", "FR", "--role", "analyst"),
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_unmigrated_database_says_run_db_upgrade(tmp_path: Path, args: tuple[str, ...]) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = run(url, *args)
    assert result.returncode != 0
    no_traceback(result)
    assert "passerelle db upgrade" in result.stderr, result.stderr


def test_retention_run(database_url: str) -> None:
    result = run(database_url, "retention", "run")
    assert result.returncode == 0, result.stderr
    assert "purged 0" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("openapi", "-o", "{folder}"),
        ("export", "--as", "nobody", "-o", "{folder}"),
        ("operation", "report", "OP-1", "--as", "nobody", "-o", "{folder}"),
        ("match", "score-pairs", "{pairs}", "-o", "{folder}"),
        ("match", "training-pairs", "{tmp}", "-o", "{folder}"),
        ("match", "evaluate", "{pairs}", "--plot", "{folder}"),
        ("match", "evaluate", "{folder}"),
        ("demo", "generate", "--persons", "5", "--out", "{pairs}"),
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_a_file_that_cannot_be_written_or_read_is_one_line(
    database_url: str, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """A folder given for a file, or a file given for a folder: the command says which and
    why, before it does any work, and exits 2; never a traceback."""
    folder = tmp_path / "out"
    folder.mkdir()
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"id": "1", "a": "Ana Lima", "b": "Anna Lima", "match": true}\n', "utf-8")
    given = [a.format(folder=folder, pairs=pairs, tmp=tmp_path) for a in args]
    result = run(database_url, *given)
    assert result.returncode == 2, result.stdout + result.stderr
    no_traceback(result)
    named = str(pairs) if "demo" in args else str(folder)
    assert f"error: {named}" in result.stderr.replace("\n", ""), result.stderr  # unwrapped
