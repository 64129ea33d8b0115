"""``passerelle serve --workers 2``: two API processes, one database, one audit chain.

Each worker holds its own screening index (one builds it and writes a snapshot, the other
loads that snapshot) and writes through the database's locking; the
audit log's hash chain must come out whole however their writes interleave.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import sqlalchemy as sa

from passerelle.store.db import Database

from tests.cli.test_cli import SCRIPT, run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_two_workers_answer_checks_and_keep_the_audit_chain(
    database_url: str, tmp_path: Path
) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "PASSERELLE_DATABASE_URL": database_url,
        "PASSERELLE_DEMO_PERSONS": "60",
        "NO_COLOR": "1",
        "COLUMNS": "200",
    }
    with log.open("w") as out:
        server = subprocess.Popen(
            [SCRIPT, "serve", "--workers", "2", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 150
        while True:
            assert server.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        text = log.read_text()
        assert "2 API processes" in text
        # one process builds the index and writes its snapshot, the other loads that
        assert text.count("built from the database") == 1, text
        assert text.count("loaded from its snapshot") == 1, text
        token = re.search(r"shown once\):\s*(\S+)", text)
        assert token, text
        headers = {"Authorization": f"Bearer {token.group(1)}"}

        def check(i: int) -> int:
            body = {"names": [f"Tarek Benyamina {i}"], "date_of_birth": "1984-02-11"}
            r = httpx.post(f"{base}/api/v1/checks", json=body, headers=headers, timeout=60)
            return r.status_code

        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(check, range(40)))
        assert codes == [200] * 40
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    verified = run(database_url, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    db = Database(database_url)
    try:
        with db.read() as conn:
            checks = conn.execute(
                sa.text("SELECT count(*) FROM audit_log WHERE action = 'check'")
            ).scalar_one()
    finally:
        db.dispose()
    assert checks == 40
