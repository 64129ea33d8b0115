"""Single-check CPU time on an index snapshot already built, to compare two revisions.

    python bench/checks_on_snapshot.py FOLDER [--passes 2]

``bench/matching_latency.py`` builds its index anew (over a minute at 1 M persons) and times
one pass of its queries, whose figure moves with the machine as much as with the code. This
loads the snapshot that ``screen-manifest --watchlist`` (or ``bench/profile_bulk.py``) keeps
beside FOLDER's ``watchlist.jsonl`` and times the same queries (planted variants and other
travellers of ``common.build_queries``) in a few seconds, so runs of two revisions can be
alternated (the base from its own tree: ``PYTHONPATH=<tree>/src:bench``). Pin it to one core
(``taskset -c 1``). The first pass is the figure to compare: later passes find the analysis
and similarity caches warm.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import common
from peers.ours import Engine

from passerelle.services.bulk_standalone import watchlist_index
from passerelle.services.bulk_worker import load_snapshot


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="a `passerelle demo generate` output folder")
    ap.add_argument("--size", type=int, default=1_000_000, help="persons the queries come from")
    ap.add_argument("--planted", type=int, default=3000)
    ap.add_argument("--travellers", type=int, default=1000)
    ap.add_argument("--passes", type=int, default=2)
    args = ap.parse_args()
    snapshot, _ = watchlist_index(args.folder / "watchlist.jsonl")
    engine = Engine()
    engine.screener = load_snapshot(str(snapshot), False).screener
    engine.warm()
    queries = common.build_queries(args.size, args.planted, args.travellers)
    for q in queries[:5]:
        engine.query(q)
    for n in range(args.passes):
        cpu: list[float] = []
        for q in queries:
            started = time.process_time()
            engine.query(q)
            cpu.append(time.process_time() - started)
        s = common.latency_summary(cpu)
        ms = f"p50 {s['p50_ms']} ms, p99 {s['p99_ms']} ms, mean {s['mean_ms']} ms"
        print(f"pass {n + 1}: CPU {ms}")


if __name__ == "__main__":
    main()
