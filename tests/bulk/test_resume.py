"""Kill -9 in the middle of a screening, run the same command again: it resumes, and the hits
are exactly those of an uninterrupted run, none lost, none doubled."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from passerelle.model.principals import Role
from passerelle.services import bulk
from passerelle.services.context import Platform
from passerelle.store.schema import screening_batches, screening_hits, screenings

from tests.bulk.helpers import manifest_csv, share_watchlist, travellers
from tests.conftest import MakeUser

CLI = str(Path(sys.executable).parent / "passerelle")
TRAVELLERS, BATCH = 400, 10


def _hits(platform: Platform, sid: str) -> list[tuple[int, str, str, float, bool]]:
    with platform.db.engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                screening_hits.c.row,
                screening_hits.c.record_id,
                screening_hits.c.match_kind,
                screening_hits.c.probability,
                screening_hits.c.visible,
            ).where(screening_hits.c.screening_id == sid)
        ).all()
    return sorted(tuple(r) for r in rows)  # type: ignore[misc]


def _batches(platform: Platform, sid: str) -> int:
    with platform.db.engine.connect() as conn:
        stmt = sa.select(sa.func.count()).where(screening_batches.c.screening_id == sid)
        return int(conn.execute(stmt).scalar_one())


def test_resume_after_kill(
    platform: Platform, make_user: MakeUser, database_url: str, tmp_path: Path
) -> None:
    share_watchlist(platform, make_user)
    border = make_user("IT", Role.BORDER_OFFICER)
    content = manifest_csv(travellers(TRAVELLERS, planted_every=25))
    manifest = tmp_path / "flight.csv"
    manifest.write_bytes(content)
    sid = bulk.screening_id("IT", hashlib.sha256(content).hexdigest(), None)
    env = {**os.environ, "PASSERELLE_DATABASE_URL": database_url}
    command = [
        CLI,
        "screen-manifest",
        str(manifest),
        "--as",
        border.call.principal.username,
        "--batch-size",
        str(BATCH),
        "--processes",
        "2",
    ]
    # A new session, so that the kill takes the worker processes down too, as kill -9 of a
    # whole job would.
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 240  # a safety net, not a timing assertion
        while _batches(platform, sid) == 0 and proc.poll() is None:
            assert time.monotonic() < deadline, "no batch committed"
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    committed = _batches(platform, sid)
    assert 0 < committed < TRAVELLERS // BATCH, "killed before the end"
    with platform.db.engine.connect() as conn:
        status = conn.execute(sa.select(screenings.c.status).where(screenings.c.id == sid))
        assert status.scalar_one() == "running"  # killed: nobody could say otherwise

    again = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert "resumed" in again.stdout

    # The same manifest screened without interruption by an NCB with the same view of the data.
    reference = bulk.screen_manifest(
        platform, make_user("ES", Role.BORDER_OFFICER).call, content, "flight.csv", batch_size=50
    )
    resumed = _hits(platform, sid)
    assert resumed == _hits(platform, reference.id)
    assert len({(r[0], r[1]) for r in resumed}) == len(resumed)
    assert _batches(platform, sid) == TRAVELLERS // BATCH
    report = bulk.status(platform, border.call, sid)
    assert (report.status, report.processed, report.hits) == ("finished", TRAVELLERS, len(resumed))
