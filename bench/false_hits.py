"""Sort a model's bulk hits by how the two dates of birth relate, true against false.

    python bench/false_hits.py FOLDER HITS.jsonl [--travellers 20000] [--min 0.0] [--show 20]

``HITS.jsonl`` is written by ``bench/profile_bulk.py --save`` for the first ``--travellers``
rows of ``FOLDER`` (a ``passerelle demo generate`` output). Each distinct (traveller, listed
person) hit at or above ``--min`` is called true (the planted person), a namesake (a listed
person ``truth.csv`` says the row cannot be told from) or false, and counted under
``dob.compare_dob`` of the traveller's date and the listed person's; ``--show`` prints the
most probable false hits with both names and dates. This is how docs/matching.md's table
"Where bulk screening's false hits come from" was made: it tells which evidence a change of
the scorer should target, before a retraining is spent on it.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path

from bulk_screen import best_pairs, read_namesakes, read_truth

from passerelle.matching.dob import compare_dob, parse_dob


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("hits", type=Path)
    ap.add_argument("--travellers", type=int, default=20_000)
    ap.add_argument("--min", type=float, default=0.0, help="only hits at or above this probability")
    ap.add_argument("--show", type=int, default=20, help="most probable false hits to print")
    args = ap.parse_args()
    truth = read_truth(args.folder / "truth.csv")
    namesakes = read_namesakes(args.folder / "truth.csv")
    with args.hits.open(encoding="utf-8") as fh:
        pairs, _ = best_pairs((tuple(json.loads(line)) for line in fh), args.min)
    rows: dict[int, dict[str, str]] = {}
    with (args.folder / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=1):
            if i > args.travellers:
                break
            rows[i] = row
    wanted = {person for _, person in pairs}
    persons: dict[str, dict[str, object]] = {}
    with (args.folder / "watchlist.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            pid = line[7 : line.index('"', 7)]  # {"id":"P000001",...
            if pid in wanted:
                persons[pid] = json.loads(line)
    table: Counter[tuple[str, str]] = Counter()
    false: list[tuple[float, int, str, str]] = []
    for (row, pid), prob in pairs.items():
        traveller, person = rows[row], persons[pid]
        relation = compare_dob(
            parse_dob(traveller["date_of_birth"] or None),
            parse_dob(str(person["date_of_birth"]) if "date_of_birth" in person else None),
        )
        label = (
            "true"
            if truth.get(row) == pid
            else "namesake"
            if pid in namesakes.get(row, ())
            else "false"
        )
        table[relation, label] += 1
        if label == "false":
            false.append((prob, row, pid, relation))
    relations = sorted({r for r, _ in table}, key=lambda r: -table[r, "false"])
    print(f"{'dates':<12}{'false':>8}{'true':>8}{'namesake':>10}")
    for r in relations:
        print(f"{r:<12}{table[r, 'false']:>8}{table[r, 'true']:>8}{table[r, 'namesake']:>10}")
    print(f"{'all':<12}", *(f"{sum(v for (_, k), v in table.items() if k == lab):>8}"
                            for lab in ("false", "true", "namesake")))  # fmt: skip
    false.sort(reverse=True)
    for prob, row, pid, relation in false[: args.show]:
        t, p = rows[row], persons[pid]
        names = " / ".join(str(n["full"]) for n in p["names"])  # type: ignore[attr-defined]
        print(
            f"{prob:.3f} {relation:<10} row {row}: {t['full_name']} {t['date_of_birth']} "
            f"| {pid}: {names} {p.get('date_of_birth', '-')}"
        )


if __name__ == "__main__":
    main()
