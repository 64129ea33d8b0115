"""Single checks in one process, with every garbage collection timed beside them.

    python bench/check_pauses.py bench/out/p1m-m20k [--passes 2] [--json OUT]

Loads the folder's bulk-screening snapshot (built as ``screen-manifest --watchlist`` builds
it), calls ``Screener.warm()`` as a service does before it takes checks, then runs
matching_latency.py's queries (3,000 planted, 1,000 other travellers, drawn from the first
million persons) ``--passes`` times. Reports, per pass, the latency percentiles and each
generation's collections: how many, the longest and the total pause. Pin it to one core
(``taskset -c 1``); run it with another revision's ``src`` first on PYTHONPATH to compare.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from pathlib import Path
from typing import Any

import common
from peers.ours import Engine

from passerelle.services.bulk_standalone import watchlist_index
from passerelle.services.bulk_worker import IndexSnapshot


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="a `passerelle demo generate` output folder")
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--size", type=int, default=1_000_000, help="persons the queries come from")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    path, _ = watchlist_index(args.folder / "watchlist.jsonl")
    eng = Engine()
    eng.screener = IndexSnapshot.load(path).screener
    eng.warm()
    pauses: list[tuple[int, float]] = []
    started = [0.0]

    def timed(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            pauses.append((info["generation"], time.perf_counter() - started[0]))

    gc.callbacks.append(timed)
    queries = common.build_queries(args.size, 3000, 1000)
    for q in queries[:5]:
        eng.query(q)
    out: dict[str, Any] = {"machine": common.machine(), "git": common.git_rev(), "passes": []}
    for n in range(args.passes):
        pauses.clear()
        times = []
        for q in queries:
            t0 = time.perf_counter()
            eng.query(q)
            times.append(time.perf_counter() - t0)
        got: dict[str, Any] = {"latency": common.latency_summary(times)}
        for generation in (0, 1, 2):
            ms = [p * 1000 for g, p in pauses if g == generation]
            got[f"gen{generation}"] = {
                "collections": len(ms),
                "max_ms": round(max(ms, default=0.0), 2),
                "total_ms": round(sum(ms), 1),
            }
        out["passes"].append(got)
        lat = got["latency"]
        print(
            f"pass {n + 1}: p50 {lat['p50_ms']} p99 {lat['p99_ms']} p99.9 {lat['p999_ms']} "
            f"max {lat['max_ms']} ms; full collections {got['gen2']}"
        )
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
