"""Cut a generated benchmark folder down to some of its rows, to measure recall at full scale
in a fraction of the time.

    python bench/slice_manifest.py FOLDER OUT --planted [--part 1/2]
    python bench/slice_manifest.py FOLDER OUT --rows 100001:200000

``FOLDER`` is a ``passerelle demo generate`` output. ``OUT`` gets the chosen rows of its
``manifest.csv``, renumbered from 1, their lines of ``truth.csv`` under the new numbers, a
``rows.csv`` from each new row to its row in ``FOLDER`` and links to ``FOLDER``'s watchlist
and its saved indexes, so that ``screen-manifest --watchlist``, ``bench/profile_bulk.py``,
``bench/missed_planted.py`` and ``bench/false_hits.py`` run on ``OUT`` as on ``FOLDER``,
against the same million persons, without rebuilding the index.

Each traveller is screened on its own, so a planted row's hits do not depend on the rows
around it: ``--planted`` keeps the 20,000 planted rows of the 1 M × 1 M benchmark, whose
recall is then the whole manifest's, in a fiftieth of the screening time. Its precision is
not: the rows that are not planted, where most false hits are, are left out. ``--part K/N``
keeps the K-th of N equal parts of the chosen rows, to screen them on N cores side by side.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="a `passerelle demo generate` output folder")
    ap.add_argument("out", type=Path, help="the folder to write (must not exist)")
    pick = ap.add_mutually_exclusive_group(required=True)
    pick.add_argument("--planted", action="store_true", help="the planted rows (truth.csv)")
    pick.add_argument("--rows", help="rows FIRST:LAST of the manifest, 1-based, inclusive")
    ap.add_argument("--part", default="1/1", help="K/N: the K-th of N equal parts (default 1/1)")
    args = ap.parse_args()
    if args.out.exists():
        sys.exit(f"{args.out} exists; choose a new folder")
    try:
        k, n = (int(v) for v in args.part.split("/"))
        if not 1 <= k <= n:
            raise ValueError
    except ValueError:
        sys.exit(f"--part must be K/N with 1 <= K <= N, not {args.part!r}")
    with (args.folder / "truth.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        truth = list(reader)
        columns = list(reader.fieldnames or ["row", "person_id", "variants", "namesakes"])
    if args.planted:
        chosen = sorted(int(r["row"]) for r in truth)
    else:
        try:
            first, last = (int(v) for v in args.rows.split(":"))
        except ValueError:
            sys.exit(f"--rows must be FIRST:LAST, not {args.rows!r}")
        chosen = list(range(first, last + 1))
    size = -(-len(chosen) // n)
    chosen = chosen[(k - 1) * size : k * size]
    new_of = {old: new for new, old in enumerate(chosen, start=1)}
    args.out.mkdir(parents=True)
    with (
        (args.folder / "manifest.csv").open(encoding="utf-8", newline="") as src,
        (args.out / "manifest.csv").open("w", encoding="utf-8", newline="") as dst,
    ):
        reader = csv.reader(src)
        writer = csv.writer(dst, lineterminator="\r\n")
        writer.writerow(next(reader))
        for old, row in enumerate(reader, start=1):
            if old in new_of:
                writer.writerow(row)
    with (args.out / "truth.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        for r in truth:
            if int(r["row"]) in new_of:
                writer.writerow({**r, "row": new_of[int(r["row"])]})
    with (args.out / "rows.csv").open("w", encoding="utf-8", newline="") as fh:
        fh.write("row,original_row\r\n")
        fh.writelines(f"{new},{old}\r\n" for old, new in new_of.items())
    for linked in [args.folder / "watchlist.jsonl", *args.folder.glob(".watchlist.jsonl.*")]:
        (args.out / linked.name).symlink_to(linked.resolve())
    print(f"{len(chosen):,} rows written to {args.out}")


if __name__ == "__main__":
    main()
