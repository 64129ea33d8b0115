"""The API's screening index on disk: a restart loads it, the change feed brings it up to date,
and a snapshot that belongs to another database or to other code is never used."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from passerelle.model.principals import Role
from passerelle.services import index_snapshots, records, screening
from passerelle.services.context import Platform
from passerelle.services.screening import CheckInput
from passerelle.store.db import Database

from tests.conftest import Clock, MakeUser

WANTED = {
    "names": [{"full": "Сергей Дарьялов", "latin": "Sergei Daryalov"}],
    "date_of_birth": "1979-10-02",
    "sex": "M",
    "nationalities": ["RU"],
}


def _restart(platform: Platform, **settings: Any) -> Platform:
    """A new API process on the same database: same settings, empty caches."""
    return Platform(
        settings=platform.settings.model_copy(update=settings),
        db=platform.db,
        clock=platform.clock,
    )


def _hit_ids(platform: Platform, actor: Any, name: str) -> list[str]:
    answer = screening.check(platform, actor.call, CheckInput(names=[name]))
    return [h["record"]["id"] for h in answer["hits"]]


def _snapshot_path(platform: Platform) -> Path:
    folder = index_snapshots.folder(platform.settings)
    assert folder is not None
    return folder / index_snapshots.FILE_NAME


def test_restart_loads_the_snapshot_and_applies_later_changes(
    platform: Platform, make_user: MakeUser
) -> None:
    owner = make_user("RU", Role.NCB_OFFICER)
    kept = records.create(platform, owner.call, "person", WANTED)["id"]
    gone = records.create(
        platform, owner.call, "person", {**WANTED, "names": [{"full": "Pavel Sokolenko"}]}
    )["id"]
    first = screening.warm(platform)
    assert (first.loaded, first.written, first.records) == (False, True, 2)
    assert _snapshot_path(platform).exists()

    # while the API is down, the owner deletes one record and shares another
    records.delete(platform, owner.call, gone)
    added = records.create(
        platform, owner.call, "person", {**WANTED, "names": [{"full": "Ilya Kostromin"}]}
    )["id"]

    again = _restart(platform)
    second = screening.warm(again)
    assert second.loaded and not second.written
    assert second.caught_up > 0
    assert "loaded from its snapshot" in second.summary()
    border = make_user("FR", Role.BORDER_OFFICER)
    assert _hit_ids(again, border, "Sergey Daryalov") == [kept]
    assert _hit_ids(again, border, "Ilya Kostromin") == [added]
    assert _hit_ids(again, border, "Pavel Sokolenko") == []
    # the loaded index answers as one built from scratch
    fresh = _restart(platform, index_snapshot=False)
    assert not screening.warm(fresh).loaded
    for name in ("Sergey Daryalov", "Ilya Kostromin", "Pavel Sokolenko"):
        assert _hit_ids(again, border, name) == _hit_ids(fresh, border, name)


def test_a_snapshot_of_another_database_is_rebuilt_not_used(
    platform: Platform,
    make_user: MakeUser,
    database_template: str,
    tmp_path: Path,
    clock: Clock,
) -> None:
    if platform.db.dialect != "sqlite":
        pytest.skip("needs two databases side by side: SQLite files")
    owner = make_user("RU", Role.NCB_OFFICER)
    records.create(platform, owner.call, "person", WANTED)
    assert screening.warm(platform).written

    other_file = tmp_path / "other" / "passerelle.db"
    other_file.parent.mkdir()
    shutil.copy(database_template, other_file)
    url = f"sqlite:///{other_file}"
    other = Platform(
        settings=platform.settings.model_copy(update={"database_url": url}),
        db=Database(url),
        clock=clock,
    )
    try:
        path = _snapshot_path(other)
        path.parent.mkdir(parents=True)
        shutil.copy(_snapshot_path(platform), path)  # restored by mistake beside another DB
        outcome = screening.warm(other)
        assert not outcome.loaded
        assert outcome.reason == "snapshot of another database"
        assert outcome.records == 0  # the other database holds no record: nothing indexed
        assert len(screening.index_for(other).screener) == 0
    finally:
        other.db.dispose()


def test_a_snapshot_made_by_other_code_is_rebuilt(
    platform: Platform, make_user: MakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = make_user("RU", Role.NCB_OFFICER)
    records.create(platform, owner.call, "person", WANTED)
    screening.warm(platform)
    monkeypatch.setattr(index_snapshots, "_fingerprint", "a matcher with other keys")
    outcome = screening.warm(_restart(platform))
    assert (outcome.loaded, outcome.reason, outcome.written) == (
        False,
        "snapshot made by other code",
        True,
    )


def test_a_damaged_snapshot_is_rebuilt_without_failing_the_start(
    platform: Platform, make_user: MakeUser
) -> None:
    owner = make_user("RU", Role.NCB_OFFICER)
    rid = records.create(platform, owner.call, "person", WANTED)["id"]
    screening.warm(platform)
    path = _snapshot_path(platform)
    path.write_bytes(path.read_bytes()[:200])  # cut short, e.g. a full disk
    again = _restart(platform)
    outcome = screening.warm(again)
    assert not outcome.loaded
    assert outcome.reason.startswith("snapshot unreadable")
    assert _hit_ids(again, make_user("FR", Role.BORDER_OFFICER), "Sergey Daryalov") == [rid]
    assert screening.warm(_restart(platform)).loaded  # written again, whole


def test_snapshots_can_be_turned_off_or_moved(
    platform: Platform, make_user: MakeUser, tmp_path: Path
) -> None:
    owner = make_user("RU", Role.NCB_OFFICER)
    records.create(platform, owner.call, "person", WANTED)
    off = _restart(platform, index_snapshot=False)
    outcome = screening.warm(off)
    assert (outcome.loaded, outcome.written, outcome.path) == (False, False, None)
    assert not _snapshot_path(platform).exists()
    moved = _restart(platform, index_dir=tmp_path / "elsewhere")
    assert screening.warm(moved).written
    assert (tmp_path / "elsewhere" / index_snapshots.FILE_NAME).exists()


def test_the_fingerprint_reads_source_and_data_not_what_a_build_adds(tmp_path: Path) -> None:
    """A compiled build (setup.py) files records as its source does, so it shares snapshots
    with a pure one: its extension modules and bytecode do not count, source and data do."""
    made: dict[str, bool] = {
        "align.py": True,
        "artefacts/model.joblib": True,
        "align.cpython-311-x86_64-linux-gnu.so": False,
        "align.abi3.so": False,
        "__pycache__/align.cpython-311.pyc": False,
    }
    for name in made:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    got = {name: index_snapshots._fingerprinted(tmp_path / name) for name in made}
    assert got == made
    assert not index_snapshots._fingerprinted(tmp_path / "artefacts")  # a folder
