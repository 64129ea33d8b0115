"""Where do planted queries get lost: blocking, re-ranking or scoring?

    python bench/diagnose_misses.py --size 1000000

Uses the snapshot kept by profile_screen.py (bench/out/screener-<size>.pkl; built and saved
if missing). For each planted query that Screener.screen misses, finds the stage that
dropped the target: not among the index's candidates (blocking), among them but cut by the
cheap re-ranking to ``Screener.scored`` (re-rank), or scored below the threshold (score).
Prints counts per query kind; no names are printed.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter

import common
from peers.ours import Engine

from passerelle.matching import MatchQuery, Screener
from passerelle.matching.analysis import analyse
from passerelle.matching.blocking import name_keys
from passerelle.model.dates import PartialDate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--planted", type=int, default=450)
    ap.add_argument("--travellers", type=int, default=150, help="as matching_latency.py")
    args = ap.parse_args()
    snap = common.OUT / f"screener-{args.size}.pkl"
    if snap.exists():
        t0 = time.perf_counter()
        screener = Screener.load(snap)
        print(f"snapshot load {time.perf_counter() - t0:.1f} s ({snap.stat().st_size >> 20} MB)")
    else:
        eng = Engine()
        t0 = time.perf_counter()
        eng.build(args.size)
        print(f"build {time.perf_counter() - t0:.1f} s")
        eng.screener.save(snap)
        screener = eng.screener
    stages: Counter[tuple[str, str]] = Counter()
    ranks: list[int] = []
    # The same queries as matching_latency.py (same counts: the seed stream depends on them).
    for q in common.build_queries(args.size, args.planted, args.travellers):
        if q.target is None:
            continue
        mq = MatchQuery(
            q.names,
            PartialDate.parse(q.dob) if q.dob else None,
            nationalities=[q.nationality] if q.nationality else [],
        )
        hits = screener.screen(mq, limit=10)
        if q.target in {h.record_id for h in hits}:
            stages[(q.kind, "found")] += 1
            continue
        keys: dict[int, float] = {}
        for name in q.names:
            for k, w in name_keys(analyse(name)).items():
                keys[k] = max(w, keys.get(k, 0.0))
        year = mq.dob.year if mq.dob else None
        slots = screener.index.ranked(keys, birth_year=year, limit=1000)[0].tolist()
        slot = screener.index.slot_of(q.target)
        if slot not in slots:
            stages[(q.kind, "blocking: not in top 1000")] += 1
        elif slots.index(slot) >= screener.candidates:
            stages[(q.kind, f"blocking: beyond top {screener.candidates}")] += 1
            ranks.append(slots.index(slot))
        else:
            hit = screener.screen(mq, limit=screener.candidates, threshold=0.0)
            scored = {h.record_id: h.probability for h in hit}
            if q.target in scored:
                stages[(q.kind, "score below threshold")] += 1
            else:
                stages[(q.kind, f"re-rank: cut to {screener.scored}")] += 1
    out = {f"{k}: {s}": n for (k, s), n in sorted(stages.items())}
    print(json.dumps(out, indent=1))
    if ranks:
        print("candidate rank of targets beyond the limit:", sorted(ranks))


if __name__ == "__main__":
    main()
