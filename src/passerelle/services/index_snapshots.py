"""The API's screening index kept on disk, so a restart loads it instead of rebuilding it.

Building the index from the database means reading, decoding and analysing every record: at a
million persons that is minutes, during which a freshly started API process answers no check.
A snapshot of the built index (names, identifiers and the policy facts a check reads) loads in
seconds; the change feed then brings it up to date from the position it was taken at.

A snapshot is used only when it provably belongs to the database and to this code:

- its **anchor** — the change-feed row it was taken at and the feed's first row, with their
  timestamps — must still be in the database (a database dropped and re-created, or restored
  from another backup, does not have those rows);
- its **fingerprint** — a hash of the matching package's code and trained artefacts, of the
  screening service that files records, and of the snapshot format — must match, since keys
  made by other code would silently miss names.

Anything else is rebuilt from the database and written afresh. The API processes of
``serve --workers N`` take turns under a file lock: the first builds and writes, the others
load what it wrote, rather than all building at once on the same cores.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from passerelle.matching import mapped
from passerelle.store import records as repo

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no lock, each process builds its own
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from passerelle.services.screening import ScreeningIndex
    from passerelle.settings import Settings

log = logging.getLogger(__name__)

#: Bumped whenever what is pickled changes shape (2: the state written by
#: ``matching.mapped``, its arrays mapped on load and shared by the API's processes).
FORMAT = 2
FILE_NAME = "screening-index.pkl"
#: Catching up more changes than this after a load writes the snapshot again, so the next
#: start replays less.
RESAVE_AFTER_CHANGES = 10_000

_fingerprint: str | None = None


def folder(settings: Settings) -> Path | None:
    """Where this deployment keeps its snapshot, or ``None`` when it keeps none.

    Default: beside a SQLite database file (``<file>.index``); for a server database, a
    folder under the user's cache named after the database URL, so two databases never share
    one.
    """
    if not settings.index_snapshot:
        return None
    if settings.index_dir is not None:
        return settings.index_dir
    if settings.database_url.startswith("sqlite"):
        path = settings.sqlite_path()
        return None if path is None else path.with_name(path.name + ".index")
    digest = hashlib.sha256(settings.database_url.encode()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "passerelle" / f"index-{digest}"


def _fingerprinted(path: Path) -> bool:
    """Does this file of the matching package count in the ``fingerprint``? Its source and
    data do; bytecode does not, nor the modules a compiled build makes from that very source
    (``setup.py``): they file every record as the source does (the same index, byte for byte,
    at a million persons), so a compiled build reuses a pure one's snapshot and the reverse."""
    return (
        path.is_file()
        and "__pycache__" not in path.parts
        and not path.name.endswith(tuple(EXTENSION_SUFFIXES))
    )


def fingerprint() -> str:
    """A hash of everything that decides how a record is filed in the index."""
    global _fingerprint
    if _fingerprint is None:
        from passerelle import __version__, matching

        digest = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
        package = Path(matching.__file__).parent
        files = sorted(p for p in package.rglob("*") if _fingerprinted(p))
        # and the service that turns a record into what the index files
        for path in [*files, Path(__file__).with_name("screening.py")]:
            digest.update(str(path.relative_to(package.parent)).encode())
            digest.update(path.read_bytes())
        _fingerprint = digest.hexdigest()
    return _fingerprint


@dataclass
class Outcome:
    """What happened at start-up, for the server's log."""

    records: int = 0
    loaded: bool = False
    written: bool = False
    caught_up: int = 0
    seconds: float = 0.0
    waited: float = 0.0
    reason: str = ""
    path: Path | None = None
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        how = "loaded from its snapshot" if self.loaded else "built from the database"
        text = f"screening index: {self.records:,} records {how} in {self.seconds:.1f} s"
        if self.waited >= 1:
            text += f" (after {self.waited:.0f} s waiting for another process)"
        if self.loaded and self.caught_up:
            text += f", {self.caught_up:,} changes applied since"
        if not self.loaded and self.reason:
            text += f" ({self.reason})"
        if self.written and self.path is not None:
            text += f"; snapshot written to {self.path}"
        return text + "".join(f"; {n}" for n in self.notes)


@contextlib.contextmanager
def _turn(path: Path, out: Outcome, shared: bool = False) -> Iterator[None]:
    """Processes read the snapshot in ``path`` side by side (``shared``), but one alone builds
    and writes it; time spent waiting for another is added to ``out.waited``."""
    queued = time.perf_counter()
    if fcntl is None:
        yield
        return
    fd = os.open(path / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        out.waited += time.perf_counter() - queued
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _read(path: Path, conn: Connection) -> tuple[tuple[Any, ...] | None, str]:
    """The pickled state in ``path`` if it belongs to this database and code, else why not."""
    if not path.exists():
        return None, "no snapshot yet"
    try:
        with path.open("rb") as fh:
            header = pickle.load(fh)  # noqa: S301 - our own file in the deployment's folder
            if not isinstance(header, dict) or header.get("fingerprint") != fingerprint():
                return None, "snapshot made by other code"
            if tuple(header["anchor"]) != repo.change_anchor(conn, int(header["anchor"][0])):
                return None, "snapshot of another database"
            state = mapped.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, KeyError, TypeError, ValueError) as exc:
        return None, f"snapshot unreadable ({type(exc).__name__})"
    return state, ""


def _write(path: Path, anchor: tuple[Any, ...], state: tuple[Any, ...]) -> None:
    """Write atomically (temporary file, then rename): a reader never sees half a file."""
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("wb") as fh:
        header = {"fingerprint": fingerprint(), "anchor": anchor, "written": time.time()}
        pickle.dump(header, fh, protocol=pickle.HIGHEST_PROTOCOL)
        mapped.dump(state, fh)
    partial.replace(path)


def _save(path: Path, index: ScreeningIndex, conn: Connection, out: Outcome) -> None:
    try:
        _write(path, repo.change_anchor(conn, index.last_change), index.state())
        out.written = True
    except OSError as exc:
        out.notes.append(f"snapshot not written: {exc.strerror}")


def start(index: ScreeningIndex, settings: Settings, conn: Connection, now: Any) -> Outcome:
    """Bring ``index`` up to date at start-up: from the snapshot when it can, else by building
    it; write the snapshot when it was built or had to catch up a long way."""
    started = time.perf_counter()
    where = folder(settings)
    out = Outcome(path=None if where is None else where / FILE_NAME)
    if where is not None:
        try:
            where.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            out.notes.append(f"no snapshot: cannot create {where} ({exc.strerror})")
            where = None
    if where is None:
        index.sync(conn, now)
    else:
        path = where / FILE_NAME
        with _turn(where, out, shared=True):
            state, out.reason = _read(path, conn)
        if state is None:
            with _turn(where, out):
                # another process may have built and written it while this one waited
                state, _ = _read(path, conn)
                if state is None:
                    index.sync(conn, now)
                    _save(path, index, conn, out)
        if state is not None:
            index.adopt(state)
            out.loaded = True
            before = index.last_change
            index.sync(conn, now)
            out.caught_up = index.last_change - before
            if out.caught_up > RESAVE_AFTER_CHANGES:
                with _turn(where, out):
                    _save(path, index, conn, out)
    out.records = len(index.meta)
    out.seconds = time.perf_counter() - started - out.waited
    return out
