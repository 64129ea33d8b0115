"""``passerelle serve --workers 2``: two API processes, one database, one audit chain; each
listens on its own socket, connections are spread over both, one that dies is replaced.

Each worker holds its own screening index (one builds it and writes a snapshot, the other
loads that snapshot) and writes through the database's locking; the
audit log's hash chain must come out whole however their writes interleave.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from passerelle.store.db import Database

from tests.cli.test_cli import SCRIPT, run

LINUX = sys.platform.startswith("linux")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_two_workers_answer_checks_and_keep_the_audit_chain(
    database_url: str, tmp_path: Path
) -> None:
    with _serving(database_url, tmp_path) as (_, base, _):
        text = (tmp_path / "serve.log").read_text()
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


@contextmanager
def _serving(
    database_url: str, tmp_path: Path
) -> Iterator[tuple[subprocess.Popen[bytes], str, int]]:
    """``serve --workers 2`` on a free port, up and answering (on Linux, both processes
    listening); stopped afterwards. Its output is in ``tmp_path / "serve.log"``."""
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "PASSERELLE_DATABASE_URL": database_url,
        "PASSERELLE_DEMO_PERSONS": "60",
        "NO_COLOR": "1",
        "COLUMNS": "200",  # the token's line unwrapped in the log
    }
    with log.open("w") as out:
        server = subprocess.Popen(
            [SCRIPT, "serve", "--workers", "2", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 150
        while (LINUX and len(_api_processes(server.pid, port)) < 2) or not _up(base):
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        yield server, base, port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def _up(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def _port_sockets(port: int, state: str) -> set[str]:
    """Inodes of the TCP sockets on local ``port`` in ``state`` (0A listening, 01 connected)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(FileNotFoundError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == state and int(fields[1].rsplit(":", 1)[1], 16) == port:
                    found.add(f"socket:[{fields[9]}]")
    return found


def _api_processes(parent: int, port: int) -> list[int]:
    """The processes under ``serve`` listening on ``port`` (their index is ready)."""
    listening = _port_sockets(port, "0A")
    children = Path(f"/proc/{parent}/task/{parent}/children")
    pids = children.read_text().split() if children.exists() else []
    return [int(pid) for pid in pids if _sockets(int(pid)) & listening]


def _sockets(pid: int) -> set[str]:
    """Inodes of the sockets a process holds open."""
    out = set()
    with contextlib.suppress(FileNotFoundError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(FileNotFoundError):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:"):
                    out.add(target)
    return out


linux_only = pytest.mark.skipif(not LINUX, reason="SO_REUSEPORT balancing and /proc are Linux's")


@linux_only
def test_connections_are_spread_over_both_processes(database_url: str, tmp_path: Path) -> None:
    """Sixteen booths that connect at once and stay connected do not all land on one process
    (with one shared socket, the process awake at that moment took them all)."""
    with _serving(database_url, tmp_path) as (server, _, port), ExitStack() as stack:
        pids = _api_processes(server.pid, port)
        before = {pid: _sockets(pid) for pid in pids}
        # all at once, as booths reconnecting after a network blip
        booths = [
            stack.enter_context(socket.create_connection(("127.0.0.1", port))) for _ in range(16)
        ]
        for booth in booths:
            booth.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        for booth in booths:
            assert booth.recv(4096).startswith(b"HTTP/1.1 200")
        # connections accepted on the API's port (not the database's, which PostgreSQL opens)
        accepted = _port_sockets(port, "01")
        opened = {pid: len((_sockets(pid) - before[pid]) & accepted) for pid in pids}
        assert sum(opened.values()) == 16, opened
        assert all(n >= 2 for n in opened.values()), opened


@linux_only
def test_a_process_that_dies_is_replaced(database_url: str, tmp_path: Path) -> None:
    with _serving(database_url, tmp_path) as (server, base, port):
        first = _api_processes(server.pid, port)
        os.kill(first[0], signal.SIGKILL)
        deadline = time.monotonic() + 120
        while True:
            now = _api_processes(server.pid, port)
            if len(now) == 2 and first[0] not in now:
                break
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.3)
        assert server.poll() is None
        assert _up(base)
        assert "stopped unexpectedly" in (tmp_path / "serve.log").read_text()


def test_a_port_in_use_is_a_clear_error(database_url: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(database_url, "serve", "--workers", "2", "--port", str(port), "--no-demo")
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
