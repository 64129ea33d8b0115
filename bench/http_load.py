"""HTTP load on POST /api/v1/checks: checks/s and latency under a fixed concurrency.

Starts `passerelle serve --no-demo` on 127.0.0.1 against an already-seeded SQLite database
(see bench/seed_db.sh), waits for /healthz, makes one first check (which builds the
screening index: timed and reported), then sends a fixed number of checks from an asyncio
client with a bounded number in flight and a time cap. Loopback only. The default client
(``--client raw``) writes pre-encoded HTTP/1.1 requests on keep-alive sockets, so that the load
generator, which shares the 2 cores with the server, costs as little CPU as possible;
``--client httpx`` is the earlier, heavier client. The CPU seconds of the server and of the
client are reported per level (from /proc), so a reader sees how the cores were shared. Optionally
samples the server with py-spy during the load (--profile) and summarises where time goes.

    python bench/http_load.py --db bench/out/http/p100k.db --token TOKEN \
        --concurrency 4,16 --requests 1500 --profile
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import common
import httpx
import profile_summary


def payloads(size: int, n: int) -> list[dict[str, Any]]:
    """Check bodies: planted variants and non-matching travellers, as in the in-process run."""
    queries = common.build_queries(size, planted=min(n, 600), travellers=min(n, 600) // 3)
    out = []
    for q in queries:
        body: dict[str, Any] = {"names": q.names}
        if q.dob:
            body["date_of_birth"] = q.dob
        if q.nationality:
            body["nationality"] = q.nationality
        out.append(body)
    return out


async def drive_raw(
    url: str, token: str, bodies: list[dict[str, Any]], total: int, conc: int, cap: float
) -> dict[str, Any]:
    """Pre-encoded requests on ``conc`` keep-alive connections: a few µs of client CPU each."""
    host, port = url.rsplit("//", 1)[1].split(":")
    requests = []
    for body in bodies:
        data = json.dumps(body).encode()
        head = (
            f"POST /api/v1/checks HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\n\r\n"
        ).encode()
        requests.append(head + data)
    lat: list[float] = []
    errors: dict[str, int] = {}
    hits = 0
    next_i = 0
    deadline = time.perf_counter() + cap

    async def worker() -> None:
        nonlocal next_i, hits
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            while next_i < total and time.perf_counter() < deadline:
                req = requests[next_i % len(requests)]
                next_i += 1
                t0 = time.perf_counter()
                writer.write(req)
                head = await reader.readuntil(b"\r\n\r\n")
                status = head[9:12].decode()
                length = 0
                for line in head.split(b"\r\n"):
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                payload = await reader.readexactly(length)
                lat.append(time.perf_counter() - t0)
                if status != "200":
                    errors[status] = errors.get(status, 0) + 1
                elif b'"hit":true' in payload:
                    hits += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(conc)))
    wall = time.perf_counter() - started
    return _level(conc, lat, errors, hits, wall)


def _level(
    conc: int, lat: list[float], errors: dict[str, int], hits: int, wall: float
) -> dict[str, Any]:
    """One concurrency level's figures, the same whichever client produced them."""
    return {
        "concurrency": conc,
        "requests": len(lat),
        "wall_s": round(wall, 2),
        "checks_per_s": round(len(lat) / wall, 1),
        "latency": common.latency_summary(lat) if lat else None,
        "errors": errors,
        "answers_with_hits": hits,
    }


def _tree(pid: int) -> list[int]:
    """The server process and its live children (the API workers)."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(c) for c in children.read_text().split()]
    return pids


def cpu_by_process(pid: int) -> dict[int, float]:
    """User + system CPU seconds of a process and of each live child (the API workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    out = {}
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        out[p] = (int(fields[11]) + int(fields[12])) / ticks
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its live children (the API workers), from /proc."""
    return sum(cpu_by_process(pid).values())


def cpu_shares(before: dict[int, float], after: dict[int, float]) -> list[float]:
    """Each process's share of the server's CPU over a level, largest first: how evenly the
    API processes shared the work (0.5 / 0.5 is even with two; 1.0 / 0.0, one did it all)."""
    used = {p: after[p] - before.get(p, 0.0) for p in after}
    total = sum(used.values()) or 1.0
    return sorted((round(u / total, 3) for u in used.values() if u / total >= 0.005), reverse=True)


async def drive(
    url: str, token: str, bodies: list[dict[str, Any]], total: int, conc: int, cap: float
) -> dict[str, Any]:
    lat: list[float] = []
    errors: dict[str, int] = {}
    hits = 0
    next_i = 0
    deadline = time.perf_counter() + cap
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=conc, max_keepalive_connections=conc)
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=60) as cl:

        async def worker() -> None:
            nonlocal next_i, hits
            while next_i < total and time.perf_counter() < deadline:
                body = bodies[next_i % len(bodies)]
                next_i += 1
                t0 = time.perf_counter()
                try:
                    r = await cl.post("/api/v1/checks", json=body)
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                    continue
                lat.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    errors[str(r.status_code)] = errors.get(str(r.status_code), 0) + 1
                elif r.json().get("hits"):
                    hits += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(conc)))
        wall = time.perf_counter() - started
    return _level(conc, lat, errors, hits, wall)


def wait_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 3600) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("server did not come up")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True, help="seeded SQLite database")
    ap.add_argument("--token", default=os.environ.get("BENCH_TOKEN"), help="bearer token")
    ap.add_argument("--size", type=int, default=100_000, help="persons in the database")
    ap.add_argument("--port", type=int, default=18765)
    ap.add_argument("--concurrency", default="4,16")
    ap.add_argument("--requests", type=int, default=1500)
    ap.add_argument("--cap", type=float, default=120.0, help="seconds per concurrency level")
    ap.add_argument("--profile", action="store_true", help="py-spy the server (last level)")
    ap.add_argument(
        "--profile-gil",
        action="store_true",
        help="with --profile: sample only the thread holding the GIL (py-spy --gil), i.e. where "
        "the interpreter's CPU goes rather than where threads wait",
    )
    ap.add_argument(
        "--workers", type=int, default=1, help="API processes (`passerelle serve --workers`)"
    )
    ap.add_argument(
        "--client",
        choices=("raw", "httpx"),
        default="raw",
        help="load generator: pre-encoded requests on raw sockets (light) or httpx (heavier)",
    )
    ap.add_argument(
        "--index-dir",
        type=Path,
        help="PASSERELLE_INDEX_DIR for the server: a folder kept between runs lets copies of "
        "one seeded database share the index snapshot (default: the server's own, beside "
        "the database file)",
    )
    ap.add_argument("--tag", default="")
    args = ap.parse_args()
    if not args.token:
        raise SystemExit("give --token (or BENCH_TOKEN)")

    env = dict(os.environ, PASSERELLE_DATABASE_URL=f"sqlite:///{args.db.resolve()}")
    if args.index_dir:
        env["PASSERELLE_INDEX_DIR"] = str(args.index_dir.resolve())
    exe = Path(sys.executable).with_name("passerelle")
    log_path = common.OUT / "http" / "serve.log"
    log = log_path.open("wb")
    launched = time.perf_counter()
    proc = subprocess.Popen(
        [
            *(str(exe), "serve", "--no-demo", "--host", "127.0.0.1", "--port", str(args.port)),
            *("--workers", str(args.workers)),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{args.port}"
    result: dict[str, Any] = {
        "size": args.size,
        "db": args.db.name,
        "workers": args.workers,
        "client": args.client,
        "levels": [],
    }
    try:
        wait_up(url, proc)
        # start-up: the index built from the database or loaded from its snapshot, per process;
        # the load starts once every process has said so (before, a process still loading
        # would share the cores with the first level)
        while True:
            result["index_start"] = [
                line.split("INFO:", 1)[-1].strip()
                for line in log_path.read_text(errors="replace").splitlines()
                if "screening index:" in line
            ]
            if len(result["index_start"]) >= args.workers or proc.poll() is not None:
                break
            time.sleep(0.5)
        result["ready_s"] = round(time.perf_counter() - launched, 1)
        print(f"ready in {result['ready_s']} s: {result['index_start']}", flush=True)
        bodies = payloads(args.size, args.requests)
        t0 = time.perf_counter()
        r = httpx.post(
            url + "/api/v1/checks",
            json=bodies[0],
            headers={"Authorization": f"Bearer {args.token}"},
            timeout=900,
        )
        r.raise_for_status()
        result["first_check_s"] = round(time.perf_counter() - t0, 2)
        result["server_rss_mb"] = rss_of(proc.pid)
        result["server_pss_mb"] = pss_of(proc.pid)
        print(
            f"memory after the first check: RSS {result['server_rss_mb']} MB, "
            f"PSS {result['server_pss_mb']} MB",
            flush=True,
        )
        print(f"first check {result['first_check_s']} s", flush=True)
        driver = drive_raw if args.client == "raw" else drive
        asyncio.run(driver(url, args.token, bodies, 100, 4, 30))  # warm-up, not recorded
        levels = [int(c) for c in args.concurrency.split(",")]
        for i, conc in enumerate(levels):
            spy = None
            if args.profile and i == len(levels) - 1 and shutil.which("py-spy"):
                gil = "-gil" if args.profile_gil else ""
                raw = common.OUT / "http" / f"pyspy-c{conc}{gil}.txt"
                spy = subprocess.Popen(
                    [
                        *("py-spy", "record", "-p", str(proc.pid), "-r", "200", "-f", "raw"),
                        *("-o", str(raw), "-d", str(int(args.cap))),
                        *(("--gil",) if args.profile_gil else ()),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                time.sleep(1.0)
            load = common.loadavg()
            per_process, client_cpu = cpu_by_process(proc.pid), time.process_time()
            level = asyncio.run(
                driver(url, args.token, bodies, args.requests, conc, args.cap),
            )
            per_process_after = cpu_by_process(proc.pid)
            server_cpu = sum(per_process_after.values()) - sum(per_process.values())
            level["process_cpu_shares"] = cpu_shares(per_process, per_process_after)
            client_cpu = time.process_time() - client_cpu
            done = max(1, level["requests"])
            level["server_cpu_ms_per_check"] = round(1000 * server_cpu / done, 2)
            level["client_cpu_ms_per_check"] = round(1000 * client_cpu / done, 2)
            level["load_before"] = load
            level["load_after"] = common.loadavg()
            result["levels"].append(level)
            lat = level["latency"] or {}
            print(
                f"c={conc}: {level['checks_per_s']} checks/s, p50 {lat.get('p50_ms')} ms, "
                f"p99 {lat.get('p99_ms')} ms, errors {level['errors']}, "
                f"load {level['load_after']}, "
                f"CPU per check: server {level['server_cpu_ms_per_check']} ms, "
                f"client {level['client_cpu_ms_per_check']} ms; "
                f"shares of server CPU {level['process_cpu_shares']}",
                flush=True,
            )
            if spy is not None:
                spy.send_signal(signal.SIGINT)
                spy.wait(timeout=60)
                result["profile"] = profile_summary.summarise(raw, top=25)
        result["server_rss_mb_after"] = rss_of(proc.pid)
        result["server_pss_mb_after"] = pss_of(proc.pid)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    path = common.write_result("http_load" + (f"-{args.tag}" if args.tag else ""), result)
    print(f"wrote {path}")


def _summed(pid: int, file: str, field: str) -> float:
    """One memory ``field`` of ``/proc/<pid>/<file>``, summed over the server and its worker
    processes, in MB."""
    total = 0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/{file}") as fh:
                for line in fh:
                    if line.startswith(field):
                        total += int(line.split()[1])
        except (FileNotFoundError, PermissionError):
            continue
    return round(total / 1024, 1)


def rss_of(pid: int) -> float:
    """Resident memory of the server and its worker processes, in MB."""
    return _summed(pid, "status", "VmRSS:")


def pss_of(pid: int) -> float:
    """Proportional memory of the server and its worker processes, in MB: pages they share
    (a mapped index snapshot) are counted once in all, where RSS counts them in each."""
    return _summed(pid, "smaps_rollup", "Pss:")


if __name__ == "__main__":
    main()
