"""Postings the candidate step reads a traveller, with and without the query's typo
birth-year keys: a count of work that does not move with the machine's load.

    python bench/postings_read.py FOLDER [--travellers 3000]

FOLDER is a ``passerelle demo generate --manifest`` output. Counts, over the first
travellers of its manifest, the postings of every key a query looks up that the index holds
and does not skip as common (``CandidateIndex.ranked``): the name keys and birth-year keys
alone, and with ``birth_year_keys(..., typo_year=...)``'s one-class-shorter keys added.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

from passerelle.matching.analysis import analyse
from passerelle.matching.blocking import birth_year_keys, name_keys
from passerelle.matching.index import _COMMON_SHARE, _MIN_COMMON
from passerelle.model.dates import PartialDate
from passerelle.services.bulk_standalone import watchlist_index
from passerelle.services.bulk_worker import IndexSnapshot


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="a `passerelle demo generate` output folder")
    ap.add_argument("--travellers", type=int, default=3000)
    args = ap.parse_args()
    index = IndexSnapshot.load(watchlist_index(args.folder / "watchlist.jsonl")[0]).screener.index
    keys, offsets = index._keys, index._offsets
    common = max(_MIN_COMMON, int(_COMMON_SHARE * len(index)))
    with (args.folder / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[: args.travellers]
    read = {False: 0, True: 0}
    for row in rows:
        name = analyse(row["full_name"])
        dob = PartialDate.parse(row["date_of_birth"]) if row["date_of_birth"] else None
        year = dob.year if dob else None
        years = (year - 1, year, year + 1) if year is not None else ()
        for typo in (False, True):
            own = birth_year_keys(name, years, typo_year=year if typo else None)
            asked = name_keys(name, query=True) | own
            probe = np.fromiter(asked, dtype=np.uint64)
            at = np.searchsorted(keys, probe)
            at[at == len(keys)] = 0
            sizes = (offsets[at + 1] - offsets[at])[keys[at] == probe]
            read[typo] += int(sizes[sizes <= common].sum())
    n = max(len(rows), 1)
    print(
        f"{len(rows):,} travellers: {read[False] / n:,.0f} postings a traveller without the "
        f"typo birth-year keys, {read[True] / n:,.0f} with them "
        f"(+{(read[True] / max(read[False], 1) - 1) * 100:.1f} %)"
    )


if __name__ == "__main__":
    main()
