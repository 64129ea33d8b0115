"""Several API processes on one port, each listening on its own socket (Linux ``SO_REUSEPORT``).

Why not uvicorn's own ``workers``: there the processes accept from one shared socket, and the
process that happens to be awake when a burst of connections arrives accepts all of them. A
border post's booths keep their connections alive, so the split made at that moment lasts:
measured with two processes and 8 or 16 booths, one process did nearly all the work while
the other idled (``docs/benchmarks.md``). With a socket of its own per process the kernel
spreads new connections across the processes by their addresses, whichever one is awake.

Each process makes its screening index ready (built, or loaded from the snapshot another
process wrote) *before* it binds its socket, so no connection waits behind a build. The parent
holds the port (bound, not listening) so that no other program takes it between restarts,
restarts a process that dies while serving, and stops everything if one fails to start.
Elsewhere than Linux (no load-balancing ``SO_REUSEPORT``) uvicorn's shared socket is used.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
from multiprocessing.synchronize import Event as EventType
from typing import Any

log = logging.getLogger("passerelle.serve")

#: Seconds a process gets to finish its requests after SIGTERM before it is killed.
GRACE_SECONDS = 30.0


class PortTaken(RuntimeError):
    """The address is already in use by another program."""


def balances_connections() -> bool:
    """Whether this system spreads connections over sockets sharing a port (Linux does)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def _address(host: str, port: int) -> tuple[int, Any]:
    family, _, _, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    return family, address


def _socket(host: str, port: int, share: bool) -> socket.socket:
    family, address = _address(host, port)
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if share:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise PortTaken(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return sock


def claim(host: str, port: int) -> socket.socket:
    """Hold ``host:port`` for the processes (bound, not listening: it receives nothing).

    Binding without ``SO_REUSEPORT`` first makes a port that another program listens on an
    error here, not a silent share of its traffic.
    """
    _socket(host, port, share=False).close()
    return _socket(host, port, share=True)


def _child(host: str, port: int, log_level: str, ready: EventType) -> None:
    """One API process: index ready first, then its own socket, then serve until stopped."""
    import uvicorn

    from passerelle.api.app import create_app, warm_index
    from passerelle.services.context import Platform
    from passerelle.settings import Settings

    settings = Settings().model_copy(update={"warm_index": False})  # made ready just below
    platform = Platform.from_settings(settings)
    app = create_app(platform)
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level)  # sets up logging
    warm_index(platform)
    sock = _socket(host, port, share=True)
    sock.listen(config.backlog)
    ready.set()
    uvicorn.Server(config).run(sockets=[sock])


class Supervisor:
    """Starts the API processes, restarts one that dies, stops them all on SIGINT/SIGTERM."""

    def __init__(self, workers: int, host: str, port: int, log_level: str = "info") -> None:
        self.workers = workers
        self.host, self.port, self.log_level = host, port, log_level
        self.ctx = multiprocessing.get_context("spawn")
        self.stop = threading.Event()
        self.failed = False

    def _start(self) -> tuple[multiprocessing.process.BaseProcess, EventType]:
        ready = self.ctx.Event()
        proc = self.ctx.Process(
            target=_child,
            args=(self.host, self.port, self.log_level, ready),
            name="passerelle-api",
        )
        proc.start()
        return proc, ready

    def run(self) -> int:
        """Serve until asked to stop; the exit status: 0, or 1 if a process failed to start."""
        holder = claim(self.host, self.port)
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: self.stop.set())
        running = [self._start() for _ in range(self.workers)]
        try:
            while not self.stop.wait(0.5):
                for i, (proc, ready) in enumerate(running):
                    if proc.is_alive():
                        continue
                    if not ready.is_set():
                        log.error(
                            "an API process failed to start (exit code %s); stopping",
                            proc.exitcode,
                        )
                        self.failed = True
                        self.stop.set()
                        break
                    log.warning(
                        "API process %s stopped unexpectedly (exit code %s); restarting it",
                        proc.pid,
                        proc.exitcode,
                    )
                    running[i] = self._start()
        finally:
            for proc, _ in running:
                if proc.is_alive() and proc.pid is not None:
                    os.kill(proc.pid, signal.SIGTERM)
            for proc, _ in running:
                proc.join(GRACE_SECONDS)
                if proc.is_alive():
                    proc.kill()
                    proc.join()
            holder.close()
        return 1 if self.failed else 0
