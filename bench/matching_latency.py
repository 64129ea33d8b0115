"""In-process screening latency, index build time and memory, recall of planted queries.

Usage (from the repository root, with bench/.venv active):

    python bench/matching_latency.py --sizes 10000,100000 --engines passerelle,rapidfuzz
    python bench/matching_latency.py --one passerelle --size 10000 --json OUT.json  # one cell

Each (engine, size) cell runs in its own subprocess, pinned to one core with
``taskset -c 0`` when available, so RSS deltas are clean and engines do not share caches.
Queries are planted variants of watchlist names (typo / reordered / re-romanised, with the
person's DOB) plus non-matching travellers, built from the watchlist with a fixed seed; all
engines see the same queries. Writes bench/results/matching_latency-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import common

ENGINES = {
    "passerelle": "peers.ours",
    "rapidfuzz": "peers.rapidfuzz_engine",
    "logic-v2": "peers.logicv2_engine",
    "splink": "peers.splink_engine",
}


def run_cell(engine: str, size: int, planted: int, travellers: int) -> dict[str, Any]:
    """Build one engine over ``size`` persons and time every query, in this process."""
    queries = common.build_queries(size, planted, travellers)
    module = importlib.import_module(ENGINES[engine])
    eng = module.Engine()
    eng.warm() if engine != "splink" else None
    before = common.settled_rss()
    load_before = common.loadavg()
    started = time.perf_counter()
    names = eng.build(size)
    build_s = time.perf_counter() - started
    after = common.settled_rss()
    if engine == "splink":
        eng.warm()
    # Warm-up: a few queries not measured (first-call costs: lazy artefacts, SQL caches).
    for q in queries[:5]:
        eng.query(q)
    times: list[float] = []
    cpu: list[float] = []
    found: dict[str, list[int]] = {}
    false_alarm = 0
    travellers_n = 0
    for q in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        hits = eng.query(q)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        if q.target is None:
            travellers_n += 1
            false_alarm += bool(hits)
        else:
            ids = [h[0] for h in hits]
            found.setdefault(q.kind, []).append(int(q.target in ids))
    planted_all = [x for v in found.values() for x in v]
    out: dict[str, Any] = {
        "engine": engine,
        "size": size,
        "names_indexed": names,
        "build_s": round(build_s, 2),
        "rss_delta_mb": round((after - before) / 2**20, 1),
        "bytes_per_name": round((after - before) / max(names, 1)),
        "rss_after_mb": round(after / 2**20, 1),
        "latency": common.latency_summary(times),
        # CPU time of the process per query: what the latency would be on an idle core (the
        # machine is shared, so wall-clock latency includes waiting for the CPU).
        "cpu_latency": common.latency_summary(cpu),
        "recall": round(sum(planted_all) / max(len(planted_all), 1), 4),
        "recall_by_kind": {k: round(sum(v) / len(v), 4) for k, v in sorted(found.items())},
        "traveller_hit_rate": round(false_alarm / max(travellers_n, 1), 4),
        "queries": len(queries),
        "threshold": eng.threshold_note,
        "load_before": load_before,
        "load_after": common.loadavg(),
    }
    if hasattr(eng, "train_seconds"):
        out["train_s"] = round(eng.train_seconds, 2)
    return out


def query_budget(engine: str, size: int, planted: int, travellers: int) -> tuple[int, int]:
    """Slow peers get fewer queries at large sizes so a run stays bounded in time."""
    if engine == "rapidfuzz" and size >= 1_000_000:
        return min(planted, 150), min(travellers, 50)
    if engine == "splink":
        return min(planted, 150), min(travellers, 50)
    return planted, travellers


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--planted", type=int, default=450)
    ap.add_argument("--travellers", type=int, default=150)
    ap.add_argument("--repeat", type=int, default=1, help="runs per cell (medians reported)")
    ap.add_argument("--no-pin", action="store_true", help="do not pin cells to a core")
    ap.add_argument("--core", default="0", help="core to pin cells to (taskset -c)")
    ap.add_argument("--one", help="run one cell in-process (used by the driver)")
    ap.add_argument("--size", type=int)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--tag", default="", help="suffix for the result file name")
    args = ap.parse_args()

    if args.one:
        cell = run_cell(args.one, args.size, args.planted, args.travellers)
        args.json.write_text(json.dumps(cell))
        return

    pin = [] if args.no_pin or not shutil.which("taskset") else ["taskset", "-c", args.core]
    cells: list[dict[str, Any]] = []
    for size in [int(s) for s in args.sizes.split(",")]:
        for engine in args.engines.split(","):
            planted, travellers = query_budget(engine, size, args.planted, args.travellers)
            runs = []
            for r in range(args.repeat):
                with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
                    cmd = [
                        *pin,
                        sys.executable,
                        str(Path(__file__)),
                        "--one",
                        engine,
                        "--size",
                        str(size),
                        "--planted",
                        str(planted),
                        "--travellers",
                        str(travellers),
                        "--json",
                        tmp.name,
                    ]
                    proc = subprocess.run(cmd, check=False)
                    if proc.returncode != 0:
                        runs.append({"engine": engine, "size": size, "error": proc.returncode})
                        break
                    runs.append(json.loads(Path(tmp.name).read_text()))
                cell = runs[-1]
                print(
                    f"[{r + 1}/{args.repeat}] {engine:>10} {size:>8}: "
                    + (
                        f"build {cell['build_s']} s, {cell['bytes_per_name']} B/name, "
                        f"p50 {cell['latency']['p50_ms']} ms, p99 {cell['latency']['p99_ms']} "
                        f"ms, recall {cell['recall']}, load {cell['load_after']}"
                        if "error" not in cell
                        else f"FAILED ({cell['error']})"
                    ),
                    flush=True,
                )
            cells.append(median_cell(runs))
    path = common.write_result(
        "matching_latency" + (f"-{args.tag}" if args.tag else ""),
        {"pinned": bool(pin), "cells": cells},
    )
    print(f"wrote {path}")


def median_cell(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median p99 (whole run kept, so figures stay consistent), plus all
    runs' p50/p99 for the record."""
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return runs[-1]
    ok.sort(key=lambda r: r["latency"]["p99_ms"])
    cell = dict(ok[len(ok) // 2])
    cell["runs"] = [
        {
            "p50_ms": r["latency"]["p50_ms"],
            "p99_ms": r["latency"]["p99_ms"],
            "build_s": r["build_s"],
            "load_after": r["load_after"],
        }
        for r in runs
        if "error" not in r
    ]
    return cell


if __name__ == "__main__":
    main()
