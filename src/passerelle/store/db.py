"""Engine creation and transactions: the dialect differences live here, named.

SQLite is the embedded default. Most requests audit what they read, so most transactions
write; on SQLite ``Database.transaction`` therefore opens with ``BEGIN IMMEDIATE`` so two
writers queue (busy timeout) instead of failing with a stale snapshot, while ``Database.read``
(and a bare ``engine.connect()``) opens a deferred transaction that does not block writers in
WAL mode. PostgreSQL needs nothing special.

SQLite's own wait for the write lock (the busy handler) sleeps with back-off, so a writer
often sleeps on long after the lock was freed; with several API processes on one database
that idles the cores. Writers of this process therefore queue on a thread lock, and writers of
all Passerelle processes on an advisory file lock beside the database (``<file>.write-lock``,
POSIX ``flock``), which hands the database over the moment it is free.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

_WRITE = "passerelle_write"

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: SQLite's busy handler alone
    fcntl = None  # type: ignore[assignment]


def _sqlite_file(url: str) -> str | None:
    path = url.split(":///", 1)[1] if ":///" in url else ""
    return None if path in ("", ":memory:") or path.startswith("file:") else path


class _ProcessLock:
    """An exclusive advisory lock on a file, shared by every process that opens the same path.

    The file is opened lazily and again after a fork: an ``flock`` belongs to an open file
    description, and one inherited by a child would not keep parent and child apart.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd: int | None = None
        self._pid = 0

    def _handle(self) -> int | None:
        if self._fd is None or self._pid != os.getpid():
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:
                return None  # a read-only folder: SQLite's busy handler alone
            self._pid = os.getpid()
        return self._fd

    def acquire(self) -> bool:
        fd = self._handle()
        if fd is None or fcntl is None:
            return False
        fcntl.flock(fd, fcntl.LOCK_EX)  # waits without holding the GIL
        return True

    def release(self) -> None:
        if self._fd is not None and fcntl is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def create_db_engine(url: str) -> Engine:
    """An engine for ``url`` with the SQLite pragmas and transaction mode we rely on."""
    if is_sqlite(url):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            writing = conn.get_execution_options().get(_WRITE, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return sa.create_engine(url, pool_pre_ping=True)


class Database:
    """A database URL made usable: one engine, and transactions as context managers."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_db_engine(url)
        # SQLite has one writer at a time. Queueing this process's writers on a lock hands the
        # database over at once, where SQLite's busy handler would sleep with back-off.
        self._writer = threading.RLock() if is_sqlite(url) else None
        self._depth = 0  # nesting of write turns in the thread that holds ``_writer``
        path = _sqlite_file(url) if is_sqlite(url) else None
        self._process_lock = _ProcessLock(path + ".write-lock") if path else None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One unit of work that writes: everything inside commits together or not at all."""
        with self._write_turn(), self.engine.connect() as conn:
            conn.execution_options(**{_WRITE: True})
            with conn.begin():
                yield conn

    @contextmanager
    def _write_turn(self) -> Iterator[None]:
        if self._writer is None:
            yield
            return
        with self._writer:
            self._depth += 1
            locked = (
                self._depth == 1 and self._process_lock is not None and self._process_lock.acquire()
            )
            try:
                yield
            finally:
                if locked and self._process_lock is not None:
                    self._process_lock.release()
                self._depth -= 1

    def writing(self) -> bool:
        """Whether another thread of this process is in a write transaction (SQLite only).

        A caller that must not block, such as the API's event loop, hands its work to a
        thread instead. PostgreSQL writers do not exclude each other: always False.
        """
        if self._writer is None:
            return False
        if self._writer.acquire(blocking=False):
            self._writer.release()
            return False
        return True

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only look: on SQLite it neither waits for nor blocks writers (WAL)."""
        with self.engine.connect() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()
