"""Screening a whole manifest (PAXLST, CSV or MRZ lines) in bulk, resumably.

The rules are a single check's (``services.screening``): the index knows every released
record; ``screening.admit`` decides, per hit, whether the submitting NCB may see the record or
learns only whom to contact; the owner is notified of every hit on its data; everything is
audited. What differs is scale:

- **Engines.** Travellers go to a ``passerelle.engine`` runner in Arrow batches; workers
  screen them against an index snapshot (``bulk_worker``) and send back only candidates.
  Per-traveller work in this process is nil; database writes happen only for hits.
- **Idempotency.** A screening's id is derived from (entity, manifest SHA-256, operation):
  the same manifest submitted again by the same NCB for the same operation *is* the same
  screening. Finished, it is returned as is; unfinished, it resumes.
- **Resume.** Each batch's hits, its ``screening_batches`` row, the counters, the owners'
  notifications and the audit row commit in one transaction. After a kill -9 the re-run skips
  the batches already committed and screens the rest: nothing is lost or doubled.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from passerelle.engine import get_runner
from passerelle.model.errors import Forbidden, InvalidInput
from passerelle.model.principals import CHECKER_ROLES
from passerelle.services.bulk_csv import hits_csv
from passerelle.services.bulk_formats import ManifestRead, read_manifest
from passerelle.services.bulk_spark import spark_options
from passerelle.services.bulk_worker import (
    IndexSnapshot,
    ManifestRows,
    ScreenBatch,
    batch_rows,
)
from passerelle.services.context import Call, Platform
from passerelle.services.screening import ScreeningIndex, admit, index_for
from passerelle.store import audit, notifications
from passerelle.store import checks as checks_repo
from passerelle.store import screenings as repo

#: Called with (travellers processed, travellers in total).
ProgressFn = Callable[[int, int], None]
DEFAULT_BATCH_SIZE = 5000
MAX_BATCH_SIZE = 100_000


@dataclass(slots=True)
class ScreeningReport:
    """How a bulk screening went (from its stored row, plus this run's timing)."""

    id: str
    status: str
    filename: str
    format: str
    engine: str
    total: int
    processed: int
    malformed: int
    hits: int
    errors: list[str] = field(default_factory=list)
    operation_id: str | None = None
    site: str | None = None
    seconds: float = 0.0
    screened_now: int = 0
    resumed: bool = False
    already_done: bool = False
    message: str | None = None

    @property
    def throughput(self) -> float:
        """Travellers screened per second by this run."""
        return self.screened_now / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "filename": self.filename,
            "format": self.format,
            "engine": self.engine,
            "operation_id": self.operation_id,
            "site": self.site,
            "progress": {"processed": self.processed, "total": self.total},
            "malformed": self.malformed,
            "hits": self.hits,
            "errors": self.errors,
            "message": self.message,
        }


def _report(row: dict[str, Any], **extra: Any) -> ScreeningReport:
    return ScreeningReport(
        id=row["id"],
        status=row["status"],
        filename=row["filename"],
        format=row["format"],
        engine=row["engine"],
        total=row["total"],
        processed=row["processed"],
        malformed=row["malformed"],
        hits=row["hit_count"],
        errors=list(row["errors"] or []),
        operation_id=row["operation_id"],
        site=row["site"],
        message=row["message"],
        **extra,
    )


def screening_id(entity: str, sha256: str, operation_id: str | None) -> str:
    """The id of (entity, manifest, operation): the same submission always gets the same id."""
    key = f"{entity}\x1f{sha256}\x1f{operation_id or ''}".encode()
    return "scr_" + hashlib.sha256(key).hexdigest()[:24]


def _require_checker(call: Call) -> None:
    if call.principal.role not in CHECKER_ROLES:
        raise Forbidden(f"the role {call.principal.role.value} may not screen travellers")


@dataclass(slots=True)
class Opened:
    """A screening row ready to run, and its manifest (``None`` when already finished)."""

    row: dict[str, Any]
    manifest: ManifestRead | None
    created: bool


def open_screening(
    platform: Platform,
    call: Call,
    content: bytes,
    filename: str,
    *,
    fmt: str | None = None,
    engine: str = "local",
    operation_id: str | None = None,
    site: str | None = None,
) -> Opened:
    """Find or create the screening of this manifest; parse it unless already finished.

    A file that is not a manifest raises ``InvalidInput`` before anything is stored.
    """
    _require_checker(call)
    p = call.principal
    sha = hashlib.sha256(content).hexdigest()
    sid = screening_id(p.entity, sha, operation_id)
    with platform.db.engine.connect() as conn:
        existing = repo.find(conn, sid)
    if existing is not None:
        if existing["status"] == "finished":
            return Opened(existing, None, False)
        return Opened(existing, read_manifest(content, existing["format"]), False)
    if site is not None and not (2 <= len(site) <= 8):
        raise InvalidInput("a site is a UN/LOCODE or IATA code (2-8 characters)", where="site")
    manifest = read_manifest(content, fmt)
    now = platform.now()
    try:
        with platform.db.transaction() as conn:
            if operation_id is not None and not repo.operation_exists(conn, operation_id):
                raise InvalidInput(f"no operation {operation_id!r}", where="operation_id")
            repo.create(
                conn,
                id=sid,
                entity=p.entity,
                user_id=p.user_id,
                operation_id=operation_id,
                site=site.upper() if site else None,
                manifest_sha256=sha,
                filename=filename[:255],
                format=manifest.format,
                engine=engine,
                status="queued",
                total=len(manifest.travellers),
                processed=0,
                malformed=manifest.malformed,
                hit_count=0,
                errors=manifest.errors,
                created_at=now,
            )
            audit.append(
                conn,
                call.actor,
                "screening",
                object_kind="screening",
                object_id=sid,
                detail={
                    "event": "submitted",
                    "filename": filename,
                    "sha256": sha,
                    "format": manifest.format,
                    "travellers": len(manifest.travellers),
                    "malformed": manifest.malformed,
                    "operation_id": operation_id,
                    "site": site,
                },
            )
    except IntegrityError:  # the same manifest submitted at the same moment: one row wins
        with platform.db.engine.connect() as conn:
            return Opened(repo.load(conn, sid), manifest, False)
    with platform.db.engine.connect() as conn:
        return Opened(repo.load(conn, sid), manifest, True)


def screen_manifest(
    platform: Platform,
    call: Call,
    content: bytes,
    filename: str,
    *,
    fmt: str | None = None,
    engine: str = "local",
    operation_id: str | None = None,
    site: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressFn | None = None,
    master: str | None = None,
    processes: int | None = None,
    spark_conf: Mapping[str, str] | None = None,
) -> ScreeningReport:
    """Screen every traveller of a manifest; see the module docstring for the guarantees."""
    opened = open_screening(
        platform,
        call,
        content,
        filename,
        fmt=fmt,
        engine=engine,
        operation_id=operation_id,
        site=site,
    )
    if opened.manifest is None:
        return _report(opened.row, already_done=True)
    return run_screening(
        platform,
        call,
        opened,
        engine=engine,
        batch_size=batch_size,
        progress=progress,
        master=master,
        processes=processes,
        spark_conf=spark_conf,
    )


def run_screening(
    platform: Platform,
    call: Call,
    opened: Opened,
    *,
    engine: str = "local",
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressFn | None = None,
    master: str | None = None,
    processes: int | None = None,
    spark_conf: Mapping[str, str] | None = None,
) -> ScreeningReport:
    """Screen the batches of an opened screening not yet committed, then mark it finished.
    ``spark_conf``: Spark settings for the spark engine (``bulk_spark.spark_options``)."""
    assert opened.manifest is not None
    if not 1 <= batch_size <= MAX_BATCH_SIZE:
        raise InvalidInput(f"batch size is 1 to {MAX_BATCH_SIZE:,}", where="batch_size")
    started = time.perf_counter()
    sid = opened.row["id"]
    with platform.db.engine.connect() as conn:
        done = repo.committed_batches(conn, sid)
        total = len(opened.manifest.travellers)
        batch_size = _resumed_batch_size(conn, sid, done, total, batch_size)
    # As Arrow columns, a tenth of the parsed objects' memory (2 GB for a million travellers),
    # which are dropped before the index is loaded and the workers start.
    rows = ManifestRows.of(opened.manifest.travellers, batch_size)
    opened.manifest.travellers = []
    pending = [b for b in range(len(rows.batches)) if b not in done]
    already = sum(rows.rows_in(b) for b in done)
    with platform.db.transaction() as conn:
        repo.set_status(conn, sid, "running", platform.now(), engine=engine)
    screened = [0]
    try:
        if pending:
            index = index_for(platform)
            snapshot = _snapshot(platform, index)
            sink = _Sink(platform, call, index, opened.row, rows, pending)
            options = _runner_options(engine, master, processes, pending, spark_conf)
            runner = get_runner(engine, **options)

            def advance(done_now: int, _batches: int) -> None:
                screened[0] = done_now
                if progress is not None:
                    progress(already + done_now, total)

            runner.map_batches(
                ScreenBatch(snapshot, tuple(s.value for s in call.principal.scope)),
                (rows.batches[b] for b in pending),
                sink,
                files=[snapshot],
                progress=advance,
            )
        elif progress is not None:
            progress(total, total)
    except BaseException as exc:
        with platform.db.transaction() as conn:
            repo.set_status(conn, sid, "failed", platform.now(), message=_why(exc))
        raise
    with platform.db.transaction() as conn:
        repo.set_status(conn, sid, "finished", platform.now())
        row = repo.load(conn, sid)
        audit.append(
            conn,
            call.actor,
            "screening",
            object_kind="screening",
            object_id=sid,
            detail={"event": "finished", "travellers": row["processed"], "hits": row["hit_count"]},
        )
    return _report(
        row,
        seconds=time.perf_counter() - started,
        screened_now=screened[0],
        resumed=bool(done),
    )


def _why(exc: BaseException) -> str:
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted; submit the same manifest again to resume"
    return f"{type(exc).__name__}: {exc}"[:2000]


def _resumed_batch_size(conn: Any, sid: str, done: set[int], total: int, asked: int) -> int:
    """A resumed screening keeps the batch size of its first run, whatever is asked now.

    Batch numbers mean "travellers n×size to (n+1)×size"; another size would shift them. Batch
    0 is always the first committed (runners deliver in input order) and, unless it was the
    only batch, holds exactly one batch size of travellers.
    """
    first = repo.batch_travellers(conn, sid, 0) if 0 in done else None
    if first is None:
        return asked
    size = first
    return size if size < total else max(asked, total, 1)


def _runner_options(
    engine: str,
    master: str | None,
    processes: int | None,
    pending: list[int],
    spark_conf: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    if engine == "spark":
        return spark_options(master, spark_conf)
    if engine != "local":
        raise InvalidInput(f"unknown engine {engine!r}; use local or spark", where="engine")
    wanted = (os.cpu_count() or 1) if processes is None else processes
    # One batch: screening it here beats starting worker processes for it.
    return {"processes": 0 if len(pending) <= 1 else min(wanted, len(pending))}


_snapshot_dirs: list[str] = []


def _snapshot(platform: Platform, index: ScreeningIndex) -> str:
    """Sync the index with the store and write it where workers can load it (cached per
    change-feed position, so back-to-back screenings write it once)."""
    with platform.db.engine.connect() as conn:
        index.sync(conn, platform.now())
    with index.lock:
        mark = index.last_change
        cached = platform.cache.get("bulk-snapshot")
        if cached is not None and cached[0] == mark and Path(cached[1]).exists():
            return str(cached[1])
        if not _snapshot_dirs:
            _snapshot_dirs.append(tempfile.mkdtemp(prefix="passerelle-index-"))
            atexit.register(shutil.rmtree, _snapshot_dirs[0], True)
        path = Path(_snapshot_dirs[0]) / f"index-{id(platform)}-{mark}-{time.time_ns()}.pkl"
        IndexSnapshot(index.screener, index.identifiers).save(path)
    if cached is not None:
        Path(cached[1]).unlink(missing_ok=True)
    platform.cache["bulk-snapshot"] = (mark, str(path))
    return str(path)


class _Sink:
    """Commits each screened batch: policy per hit, hits, counters, notices, audit — at once."""

    def __init__(
        self,
        platform: Platform,
        call: Call,
        index: ScreeningIndex,
        row: dict[str, Any],
        rows: ManifestRows,
        pending: list[int],
    ) -> None:
        self.platform = platform
        self.call = call
        self.index = index
        self.sid = row["id"]
        self.rows = rows
        self.pending = pending

    def __call__(self, index: int, batch: Any) -> None:
        batch_no = self.pending[index]
        size = self.rows.rows_in(batch_no)
        p = self.call.principal
        now = self.platform.now()
        hit_rows: list[dict[str, Any]] = []
        for cand in batch_rows(batch):
            meta = self.index.meta.get(cand["record_id"])
            visible = admit(p, meta, cand["match_kind"], now)
            if meta is None or visible is None:
                continue
            hit_rows.append(
                {
                    "id": checks_repo.new_id("sht"),
                    "row": cand["row"],
                    "traveller": self.rows.traveller(cand["row"], cand["matched_name"]),
                    "record_id": cand["record_id"],
                    "record_kind": meta.kind,
                    "owner": meta.owner,
                    "probability": cand["probability"],
                    "visible": visible,
                    "match_kind": cand["match_kind"],
                    "explanation": json.loads(cand["explanation"]),
                }
            )
        try:
            with self.platform.db.transaction() as conn:
                repo.commit_batch(conn, self.sid, batch_no, size, hit_rows, now)
                self._notify(conn, batch_no, hit_rows, now)
                audit.append(
                    conn,
                    self.call.actor,
                    "screening-batch",
                    object_kind="screening",
                    object_id=self.sid,
                    detail={
                        "batch": batch_no,
                        "travellers": size,
                        "hits": [
                            {
                                "hit_id": h["id"],
                                "row": h["row"],
                                "record_id": h["record_id"],
                                "owner": h["owner"],
                                "visible": h["visible"],
                                "probability": h["probability"],
                            }
                            for h in hit_rows
                        ],
                    },
                )
        except IntegrityError:
            # Another run of the same screening committed this batch first: its hits stand.
            return

    def _notify(self, conn: Any, batch_no: int, hit_rows: list[dict[str, Any]], now: Any) -> None:
        """One notification per owner per batch, listing every hit on that owner's data."""
        by_owner: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for h in hit_rows:
            by_owner[h["owner"]].append(h)
        for owner, owned in sorted(by_owner.items()):
            notifications.notify(
                conn,
                owner,
                "screening_hits",
                {
                    "screening_id": self.sid,
                    "batch": batch_no,
                    "by": self.call.principal.entity,
                    "hits": [
                        {
                            "hit_id": h["id"],
                            "record_id": h["record_id"],
                            "probability": h["probability"],
                            "match": h["match_kind"],
                            "visible_to_checker": h["visible"],
                        }
                        for h in owned
                    ],
                },
                now,
                owned[0]["record_id"] if len(owned) == 1 else None,
            )


# --- reading results ------------------------------------------------------------------------


def _own(platform: Platform, call: Call, sid: str) -> dict[str, Any]:
    """The screening, if the caller's NCB submitted it (others get "not found", not a hint)."""
    from passerelle.model.errors import NotFound

    with platform.db.engine.connect() as conn:
        row = repo.find(conn, sid)
    if row is None or row["entity"] != call.principal.entity:
        raise NotFound(f"no screening {sid!r}")
    return row


def status(platform: Platform, call: Call, sid: str) -> ScreeningReport:
    """Status, progress, malformed travellers, hits and errors of one screening."""
    return _report(_own(platform, call, sid))


#: What a screening's ``status`` may be, in the order a screening goes through them.
STATUSES = ("queued", "running", "finished", "failed")


def list_screenings(
    platform: Platform,
    call: Call,
    *,
    operation_id: str | None = None,
    status: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> dict[str, Any]:
    """One page of the screenings the caller's NCB submitted, newest first: each as
    ``status`` gives it, with when it was submitted, started and finished, and without its
    error lines (up to a thousand a screening: ``status`` of the one screening has them)."""
    _require_checker(call)
    if status is not None and status not in STATUSES:
        choices = ", ".join(STATUSES)
        raise InvalidInput(f"unknown status {status!r}; use one of {choices}", where="status")
    with platform.db.engine.connect() as conn:
        total, rows = repo.list_for(
            conn,
            call.principal.entity,
            operation_id=operation_id,
            status=status,
            offset=offset,
            limit=limit,
        )
    page = []
    for row in rows:
        item = _report(row).as_dict()
        item.pop("errors")
        for when in ("created_at", "started_at", "finished_at"):
            item[when] = row[when].isoformat() if row[when] is not None else None
        page.append(item)
    return {"total": total, "offset": offset, "limit": limit, "screenings": page}


def hit_view(hit: dict[str, Any]) -> dict[str, Any]:
    """A stored hit as the submitting NCB may see it: in full, or only whom to contact."""
    base = {
        "hit_id": hit["id"],
        "row": hit["row"],
        "traveller": {k: v for k, v in hit["traveller"].items() if k != "matched_name"},
        "kind": hit["record_kind"],
        "match": hit["match_kind"],
        "probability": hit["probability"],
        "visible": hit["visible"],
    }
    owner = hit["owner"]
    if not hit["visible"]:
        return {
            **base,
            "contact": {"ncb": owner},
            "message": f"Hit on a record you may not see: contact NCB {owner} quoting {hit['id']}.",
        }
    return {
        **base,
        "record_id": hit["record_id"],
        "owner": owner,
        "matched_name": hit["traveller"].get("matched_name"),
        "explanation": hit["explanation"],
    }


def hits(
    platform: Platform, call: Call, sid: str, *, offset: int = 0, limit: int = 100
) -> dict[str, Any]:
    """One page of hits, in manifest order; reading them is audited."""
    _own(platform, call, sid)
    with platform.db.transaction() as conn:
        total = repo.count_hits(conn, sid)
        page = repo.hits(conn, sid, offset=offset, limit=limit)
        audit.append(
            conn,
            call.actor,
            "read",
            object_kind="screening",
            object_id=sid,
            detail={"hits": [h["id"] for h in page]},
        )
    return {"total": total, "offset": offset, "limit": limit, "hits": [hit_view(h) for h in page]}


def hits_as_csv(platform: Platform, call: Call, sid: str) -> str:
    """Every hit of a screening as hits.csv (hidden hits say only whom to contact)."""
    _own(platform, call, sid)
    with platform.db.transaction() as conn:
        rows = repo.hits(conn, sid)
        audit.append(
            conn,
            call.actor,
            "export",
            object_kind="screening",
            object_id=sid,
            detail={"format": "csv", "hits": len(rows)},
        )
    return hits_csv(rows)
