"""Where bulk screening loses its planted travellers: blocking, date filter, re-ranking,
coverage gate, score or a likelier rival.

    python bench/missed_planted.py FOLDER HITS.jsonl [--travellers 20000] [--show 30]

``HITS.jsonl`` is written by ``bench/profile_bulk.py --save`` for the first ``--travellers``
rows of ``FOLDER`` (a ``passerelle demo generate`` output). Every planted row without a hit
on its listed person (nor on a namesake ``truth.csv`` names) is screened again with the
bulk settings, each stage of ``Screener.screen`` opened in turn, to find the first one that
drops the person:

- **blocking**: not among the index's candidates even with conflicting dates kept and
  10,000 candidates asked for;
- **date filter**: found only once conflicting dates are kept (``skip_dob_conflicts``);
- **candidates**: found only when the index returns more than the bulk number of them;
- **re-rank**: among the candidates, but cut by the re-ranking to the ones scored in full;
- **gate**: kept, but set aside by the coverage gate (``screener.COVERAGE_GATE``);
- **score**: scored below the threshold (the probability is printed);
- **rival**: scored above it, but set aside behind a candidate far likelier
  (``screener.RIVAL_ODDS``).

Counts are broken down by the generator's variant kinds (``truth.csv``); ``--show`` prints
examples with both names and dates. The names are the generator's synthetic ones. This tells
which stage a change for recall should target before a retraining is spent on it.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from bulk_screen import read_namesakes

from passerelle.matching import MatchQuery, screener
from passerelle.matching.analysis import analyse
from passerelle.matching.attested import consulting
from passerelle.matching.compare import facts_of
from passerelle.services.bulk_formats import read_manifest
from passerelle.services.bulk_standalone import watchlist_index
from passerelle.services.bulk_worker import (
    ManifestRows,
    ScreenBatch,
    batch_rows,
    check_input,
    load_snapshot,
)
from passerelle.services.screening import person_query

#: As many candidates as no query needs: the index's whole answer.
EVERYTHING = 10_000
#: The settings the person is scored with alone: no rival set aside.
NO_RIVALS = screener.Reach(rivals=0.0)


@contextmanager
def gate_open() -> Iterator[None]:
    """Let every candidate past the coverage gate."""
    kept = screener._worth_scoring
    screener._worth_scoring = lambda *_: True
    try:
        yield
    finally:
        screener._worth_scoring = kept


def read_planted(path: Path) -> dict[int, tuple[str, str]]:
    """Planted rows: row → (person id, variant kinds)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {int(r["row"]): (r["person_id"], r["variants"]) for r in csv.DictReader(fh)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("hits", type=Path)
    ap.add_argument("--travellers", type=int, default=20_000)
    ap.add_argument("--show", type=int, default=30, help="examples to print")
    args = ap.parse_args()
    planted = {
        row: pv
        for row, pv in read_planted(args.folder / "truth.csv").items()
        if row <= args.travellers
    }
    namesakes = read_namesakes(args.folder / "truth.csv")
    found: set[tuple[int, str]] = set()
    for line in args.hits.read_text(encoding="utf-8").splitlines():
        row, person, _ = json.loads(line)
        found.add((row, person))
    missed = {
        row
        for row, (person, _) in planted.items()
        if (row, person) not in found and not any((row, n) in found for n in namesakes.get(row, ()))
    }
    manifest = read_manifest((args.folder / "manifest.csv").read_bytes(), "csv")
    rows = ManifestRows.of(manifest.travellers[: args.travellers], 5000)
    snapshot, _ = watchlist_index(args.folder / "watchlist.jsonl")
    bulk = ScreenBatch(str(snapshot))
    index = load_snapshot(str(snapshot), shared=False)
    screen = index.screener
    screen.warm()
    stages: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    shown: list[str] = []
    for batch in rows.batches:
        for row in batch_rows(batch):
            if row["row"] not in missed:
                continue
            person, kinds = planted[row["row"]]
            query = person_query(check_input(row))
            with consulting(screen.vocabulary()):
                stage, prob = diagnose(screen, bulk, query, person)
            stages[stage] += 1
            for kind in kinds.split("|"):
                by_kind[(stage, kind)] += 1
            if len(shown) < args.show:
                slot = screen.index.slot_of(person)
                listed = "(not indexed)"
                if slot is not None:
                    record = screen.index.record(slot)
                    listed = f"{' / '.join(record.names[:2])} ({record.dob})"
                shown.append(
                    f"{stage:12} {prob:6.3f}  {kinds:28} {' / '.join(query.names)} "
                    f"({query.dob}) -> {listed}"
                )
    print(f"{len(planted):,} planted rows in the first {args.travellers:,}; {len(missed)} missed")
    for stage, n in stages.most_common():
        kinds = ", ".join(f"{k} {c}" for (s, k), c in by_kind.most_common() if s == stage)
        print(f"  {stage:12} {n:4}   {kinds}")
    print("\n".join(shown))


def diagnose(
    screen: screener.Screener, bulk: ScreenBatch, query: MatchQuery, person: str
) -> tuple[str, float]:
    """The first stage of ``Screener.screen`` that drops ``person`` (see the module docstring),
    and the probability it scores once every stage lets it through (-1: never a candidate).
    ``bulk`` gives the settings a bulk screening screens with (its ``reach``).

    Each stage is asked whether the person is still there (the candidate step's slots, the
    re-ranking's kept ones, the gate's verdict) and only the person is scored: scoring the
    index's whole answer at every stage took minutes a row at a million persons."""
    slot = screen.index.slot_of(person)
    if slot is None:
        return "blocking", -1.0
    wide = {"candidates": EVERYTHING, "candidates_undated": EVERYTHING}

    def candidates(**over: Any) -> tuple[Any, Any, Any]:
        plan = screen._plan(query, replace(bulk.reach, **over))
        slots, weights = screen._ranked(plan)
        return plan, slots, weights

    def probability(plan: Any, slots: Any, weights: Any, at: int) -> float:
        with gate_open():
            hits = screen._hits(plan, slots[at : at + 1], weights[at : at + 1], 1, 0.0, NO_RIVALS)
        return hits[0].probability if hits else -1.0

    def position(slots: Any) -> int | None:
        where = np.flatnonzero(slots == slot)
        return int(where[0]) if len(where) else None

    plan, slots, weights = candidates(skip_dob_conflicts=False, **wide)
    at = position(slots)
    if at is None:
        return "blocking", -1.0
    everything = probability(plan, slots, weights, at)
    plan, slots, weights = candidates(**wide)
    at = position(slots)
    if at is None:
        return "date filter", everything
    dated = probability(plan, slots, weights, at)
    plan, slots, weights = candidates()
    at = position(slots)
    if at is None:
        return "candidates", dated
    if len(slots) > plan.keep and slot not in screen._rerank(
        plan.names, slots, weights, plan.keep, plan.born, plan.alike
    ):
        return "re-rank", dated
    record = screen.index.record(slot)
    keep = screener._comparable_names(record.names, {n.script for n in plan.names})
    rnames = [analyse(record.names[k]) for k in keep]
    if not screener._worth_scoring(plan.names, rnames, plan.facts, facts_of(record)):
        return "gate", dated
    alone = probability(plan, slots, weights, at)
    return ("rival" if alone >= screen.model.threshold else "score"), alone


if __name__ == "__main__":
    main()
