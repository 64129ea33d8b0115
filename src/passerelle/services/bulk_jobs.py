"""Bulk screenings submitted over HTTP run in the background, inside the API process.

A request must not wait for a million travellers: ``submit`` parses and registers the
screening (so a bad file is still refused synchronously, with nothing stored), then hands the
run to a small thread pool and returns. The client polls the screening's status. Because a run
commits batch by batch, a restarted server loses nothing: submitting the same manifest again
resumes it. Within one process a screening already running is not started twice.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from passerelle.services.bulk import ScreeningReport, open_screening, run_screening, status
from passerelle.services.context import Call, Platform

log = logging.getLogger(__name__)
#: Screenings run at once per API process (each already uses every core for its workers).
CONCURRENT = 2


@dataclass
class _Jobs:
    pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(CONCURRENT, thread_name_prefix="screening")
    )
    running: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _jobs(platform: Platform) -> _Jobs:
    found = platform.cache.get("bulk-jobs")
    if found is None:
        found = platform.cache.setdefault("bulk-jobs", _Jobs())
    assert isinstance(found, _Jobs)
    return found


def submit(
    platform: Platform,
    call: Call,
    content: bytes,
    filename: str,
    *,
    fmt: str | None = None,
    operation_id: str | None = None,
    site: str | None = None,
    engine: str = "local",
) -> tuple[ScreeningReport, bool]:
    """Register the screening and start it in the background; (status, True when it runs).

    An identical manifest already screened returns its finished status and ``False``.
    """
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
    sid = opened.row["id"]
    if opened.manifest is None:
        return status(platform, call, sid), False
    jobs = _jobs(platform)
    with jobs.lock:
        if sid not in jobs.running:
            jobs.running.add(sid)
            jobs.pool.submit(_run, platform, call, opened, engine, jobs)
    return status(platform, call, sid), True


def _run(platform: Platform, call: Call, opened: object, engine: str, jobs: _Jobs) -> None:
    from passerelle.services.bulk import Opened

    assert isinstance(opened, Opened)
    try:
        run_screening(platform, call, opened, engine=engine)
    except Exception:  # recorded on the screening row by run_screening; the thread survives
        log.exception("screening %s failed", opened.row["id"])
    finally:
        with jobs.lock:
            jobs.running.discard(opened.row["id"])
