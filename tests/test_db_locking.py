"""SQLite writers of every Passerelle process queue on one advisory file lock."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from passerelle.store.db import Database, is_sqlite


def _lock_is_free(path: Path) -> bool:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def _hold_write_turn(url: str, seconds: float) -> None:
    db = Database(url)
    with db.transaction() as conn:
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS held (at REAL)")
        conn.execute(sa.text("INSERT INTO held VALUES (:at)"), {"at": time.time()})
        time.sleep(seconds)
    db.dispose()


@pytest.fixture
def sqlite_url(database_url: str) -> str:
    if not is_sqlite(database_url):
        pytest.skip("the file lock is SQLite's: PostgreSQL has row locks and many writers")
    return database_url


def test_a_write_transaction_holds_the_file_lock_until_it_ends(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    lock = Path(sqlite_url.split(":///", 1)[1] + ".write-lock")
    with db.transaction():
        assert not _lock_is_free(lock)
    assert _lock_is_free(lock)
    with pytest.raises(RuntimeError), db.transaction():
        raise RuntimeError("rolled back")
    assert _lock_is_free(lock), "a failed transaction kept the lock"
    with db.read():
        assert _lock_is_free(lock), "a read takes no write turn"
    db.dispose()


def test_a_writer_in_another_process_waits_for_the_turn_then_writes(sqlite_url: str) -> None:
    """The second writer starts writing as soon as the first commits, not after a back-off."""
    ctx = multiprocessing.get_context("spawn")
    holder = ctx.Process(target=_hold_write_turn, args=(sqlite_url, 1.0))
    holder.start()
    lock = Path(sqlite_url.split(":///", 1)[1] + ".write-lock")
    deadline = time.monotonic() + 30
    while _lock_is_free(lock):  # wait until the other process holds its write turn
        assert time.monotonic() < deadline, "the other process never took the lock"
        time.sleep(0.01)
    db = Database(sqlite_url)
    with db.transaction() as conn:
        mine = time.time()
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS held (at REAL)")
        conn.execute(sa.text("INSERT INTO held VALUES (:at)"), {"at": mine})
    holder.join(30)
    assert holder.exitcode == 0
    with db.read() as conn:
        rows = [r[0] for r in conn.execute(sa.text("SELECT at FROM held ORDER BY rowid"))]
    db.dispose()
    assert len(rows) == 2
    assert rows[1] - rows[0] >= 0.9, "the second writer did not wait for the first to commit"
    assert rows[1] - rows[0] < 5.0
