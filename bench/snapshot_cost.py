"""What a bulk-screening index snapshot costs every process that screens with it.

    python bench/snapshot_cost.py bench/out/p1m-m20k [--lookups 20000]

Uses the folder written by ``passerelle demo generate``: builds or reuses the snapshot exactly
as ``screen-manifest --watchlist`` does, then, in fresh child processes so that one
measurement does not inherit another's heap, reports for the whole snapshot and for its
identifier index alone: file bytes (pickled), time to write and to read, and the memory the
loaded object holds (RSS after minus before, collected). Then times document look-ups of
the watchlist's own documents, exact and with one OCR-confusable character changed. Prints
one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing as mp
import pickle
import random
import sys
import time
from pathlib import Path
from typing import Any

from common import machine, settled_rss

from passerelle.services.bulk_standalone import watchlist_index
from passerelle.services.bulk_worker import IndexSnapshot


def _load(path: str, part: str, out: Any) -> None:
    gc.collect()
    before = settled_rss()
    t0 = time.perf_counter()
    snapshot = IndexSnapshot.load(Path(path))
    load_s = time.perf_counter() - t0
    obj = snapshot if part == "snapshot" else snapshot.identifiers
    if part != "snapshot":
        del snapshot
    gc.collect()
    held = settled_rss() - before
    t0 = time.perf_counter()
    blob = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    dump_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    pickle.loads(blob)  # noqa: S301 - bytes made just above
    loads_s = time.perf_counter() - t0
    out.put(
        {
            "part": part,
            "load_file_s": round(load_s, 2),
            "pickled_mb": round(len(blob) / 2**20, 1),
            "write_s": round(dump_s, 2),
            "read_s": round(loads_s, 2),
            "held_mb": round(held / 2**20, 1),
        }
    )


def _in_child(path: Path, part: str) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(target=_load, args=(str(path), part, out))
    proc.start()
    got: dict[str, Any] = out.get()
    proc.join()
    return got


def _lookups(path: Path, watchlist: Path, n: int) -> dict[str, Any]:
    docs: list[tuple[str, str, str]] = []
    with watchlist.open("rb") as fh:
        for line in fh:
            for d in json.loads(line).get("documents", []):
                docs.append((d["number"], d["issuing_state"], d.get("type", "P")))
            if len(docs) >= 20 * n:
                break
    rng = random.Random(3)
    sample = rng.sample(docs, min(n, len(docs)))
    swap = str.maketrans("0O1I5S8B", "O0I1S5B8")
    ids = IndexSnapshot.load(path).identifiers
    out: dict[str, Any] = {"lookups": len(sample)}
    for label, numbers in (
        ("exact", [d[0] for d in sample]),
        ("ocr", [d[0].translate(swap) for d in sample]),
    ):
        found = 0
        t0 = time.perf_counter()
        for number, (_, state, dtype) in zip(numbers, sample, strict=True):
            found += bool(ids.find_document(number, state, dtype))
        out[f"{label}_us"] = round((time.perf_counter() - t0) / len(sample) * 1e6, 1)
        out[f"{label}_found"] = found
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="a `passerelle demo generate` output folder")
    ap.add_argument("--lookups", type=int, default=20_000)
    args = ap.parse_args()
    watchlist = args.folder / "watchlist.jsonl"
    t0 = time.perf_counter()
    path, built = watchlist_index(watchlist)
    result: dict[str, Any] = {
        "machine": machine(),
        "snapshot": str(path.name),
        "built_s": round(time.perf_counter() - t0, 1) if built else None,
        "file_mb": round(path.stat().st_size / 2**20, 1),
        "parts": [_in_child(path, "snapshot"), _in_child(path, "identifiers")],
        "documents": _lookups(path, watchlist, args.lookups),
    }
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
