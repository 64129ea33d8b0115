"""CPU time of single checks against a bulk benchmark's index, to compare two revisions.

    taskset -c 1 python bench/single_checks.py bench/out/p1m-m20k [--checks 3000]

Uses the folder written by ``passerelle demo generate`` and the index snapshot that
``bench/profile_bulk.py`` (or ``screen-manifest --watchlist``) saved beside its watchlist
for this revision's matcher (built first if there is none). The manifest's first ``--checks``
travellers are screened one by one as a border officer's check would screen them
(``Screener.screen``: no date filter, the default candidates), after 300 unmeasured ones.
Prints the mean and percentiles of CPU time a check. Alternate the revisions (the base
from ``git archive <sha> src`` on ``PYTHONPATH``): this host's speed drifts by a fifth.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from passerelle.matching import MatchQuery
from passerelle.services.bulk_formats import read_manifest
from passerelle.services.bulk_standalone import watchlist_index
from passerelle.services.bulk_worker import IndexSnapshot, ManifestRows, batch_rows, check_input


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="a `passerelle demo generate` output folder")
    ap.add_argument("--checks", type=int, default=3000)
    args = ap.parse_args()
    saved, _ = watchlist_index(args.folder / "watchlist.jsonl")
    screener = IndexSnapshot.load(saved, shared=False).screener
    screener.warm()
    manifest = read_manifest((args.folder / "manifest.csv").read_bytes(), "csv")
    rows = ManifestRows.of(manifest.travellers[: args.checks], max(args.checks, 1))
    queries = []
    for row in batch_rows(rows.batches[0]):
        given = check_input(row)
        nats = [given.nationality] if given.nationality else []
        queries.append(MatchQuery(names=given.names, dob=given.date_of_birth, nationalities=nats))
    for query in queries[:300]:
        screener.screen(query)
    spent = []
    for query in queries:
        t0 = time.process_time_ns()
        screener.screen(query)
        spent.append(time.process_time_ns() - t0)
    ms = np.asarray(spent) / 1e6
    print(
        f"{len(ms)} checks, CPU ms: mean {ms.mean():.3f}  p50 {np.median(ms):.3f}  "
        f"p90 {np.percentile(ms, 90):.3f}  p99 {np.percentile(ms, 99):.3f}  ({saved.name})"
    )


if __name__ == "__main__":
    main()
