"""Profile in-process screening (pyinstrument) to find where a check spends its time.

    python bench/profile_screen.py --size 100000 [--queries 600]

Builds the index once and keeps a snapshot in bench/out/ (``Screener.save``; reused on the
next run, and its load time is reported), then runs the same planted queries as
matching_latency.py under pyinstrument and prints the call tree (time-ordered) plus the
slowest queries. Writes bench/out/profile-screen-<size>.txt (not committed).
"""

from __future__ import annotations

import argparse
import time

import common
from peers.ours import Engine
from pyinstrument import Profiler

from passerelle.matching import Screener


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=600)
    args = ap.parse_args()
    snap = common.OUT / f"screener-{args.size}.pkl"
    eng = Engine()
    if snap.exists():
        t0 = time.perf_counter()
        eng.screener = Screener.load(snap)
        print(f"snapshot load {time.perf_counter() - t0:.2f} s")
    else:
        t0 = time.perf_counter()
        eng.build(args.size)
        print(f"build {time.perf_counter() - t0:.2f} s")
        t0 = time.perf_counter()
        eng.screener.save(snap)
        print(f"snapshot save {time.perf_counter() - t0:.2f} s, {snap.stat().st_size >> 20} MB")
    queries = common.build_queries(args.size, args.queries * 3 // 4, args.queries // 4)
    for q in queries[:5]:
        eng.query(q)
    slow: list[tuple[float, str, str]] = []
    prof = Profiler(interval=0.0005)
    prof.start()
    for q in queries:
        t0 = time.perf_counter()
        eng.query(q)
        slow.append((time.perf_counter() - t0, q.kind, q.names[0]))
    prof.stop()
    text = prof.output_text(unicode=True, color=False, show_all=False)
    out = common.OUT / f"profile-screen-{args.size}.txt"
    out.write_text(text)
    print(text[:12000])
    slow.sort(reverse=True)
    print("slowest queries:")
    for s, kind, name in slow[:12]:
        print(f"  {s * 1000:8.1f} ms  {kind:9} {len(name.split())} tokens")


if __name__ == "__main__":
    main()
