"""Name-matching quality, Passerelle vs rapidfuzz vs nomenklatura logic-v2, in one run.

Data is read by path from ../shared/data (never copied):

- names-dev.jsonl: variant kinds (translit, partial, particle, spacing, order) vs decoys,
  F1 at each engine's own threshold and at its best threshold; alias / mixed reported apart.
  Passerelle's scorer was trained on part of this file, so the headline figure is on the
  held-out ``test`` split (the project's own stable crc32 split, 15 %); the whole file is
  reported too, flagged.
- translit-dev: cross-script pairs (Arabic, Cyrillic, Chinese words; Hebrew and Korean full
  names) of the held-out ``test`` split, native vs Latin, with hard negatives (the most
  similar other Latin word), built by ``passerelle.matching.training.pairs``: recall at
  precision >= 0.95 and average precision per script.

    python bench/quality.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import common
import numpy as np
from followthemoney import model as ftm
from nomenklatura.matching import LogicV2
from nomenklatura.matching.types import ScoringConfig
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from passerelle.matching import default_threshold, score_pair
from passerelle.matching.metrics import average_precision, binary, recall_at_precision
from passerelle.matching.training.pairs import (
    CROSS_SCRIPTS,
    UNTRAINABLE_KINDS,
    VARIANT_KINDS,
    cross_script_pairs,
    names_dev_split,
)

Scorer = Callable[[str, str, str], float]


def passerelle_scorer() -> Scorer:
    return lambda a, b, _id: score_pair(a, b)[0]


def token_sort() -> Scorer:
    return lambda a, b, _id: fuzz.token_sort_ratio(a.casefold(), b.casefold()) / 100.0


def jaro_winkler() -> Scorer:
    def score(a: str, b: str, _id: str) -> float:
        return JaroWinkler.normalized_similarity(a.casefold(), b.casefold())

    return score


def logic_v2() -> Scorer:
    config = ScoringConfig.defaults()

    def entity(ident: str, name: str) -> Any:
        e = ftm.make_entity("Person")
        e.id = ident  # unique per pair: logic-v2 memoises name analysis by entity id
        e.add("name", name)
        return e

    def score(a: str, b: str, ident: str) -> float:
        return float(
            LogicV2.compare(entity(f"a-{ident}", a), entity(f"b-{ident}", b), config).score
        )

    return score


ENGINES: dict[str, tuple[Callable[[], Scorer], float | None]] = {
    # name: (factory, the engine's own threshold or None when it has none)
    "passerelle": (passerelle_scorer, None),  # filled with default_threshold() at run time
    "rapidfuzz-token_sort": (token_sort, None),
    "rapidfuzz-jaro_winkler": (jaro_winkler, None),
    "logic-v2": (logic_v2, 0.7),
}


def best_f1(scores: Sequence[float], labels: Sequence[bool]) -> tuple[float, float]:
    """(best F1, its threshold) over every distinct score."""
    s = np.asarray(scores)
    best = (0.0, 1.0)
    for thr in np.unique(s):
        f1 = binary(s, labels, float(thr)).f1
        if f1 > best[0]:
            best = (f1, float(thr))
    return best


def score_all(scorer: Scorer, pairs: Sequence[Any]) -> tuple[list[float], float]:
    started = time.perf_counter()
    out = [scorer(p.a, p.b, p.id) for p in pairs]
    return out, (time.perf_counter() - started) / max(len(pairs), 1)


def names_dev_block(
    name: str, scores: dict[str, float], pairs: Sequence[Any], own: float | None
) -> dict[str, Any]:
    variant = [p for p in pairs if p.kind in VARIANT_KINDS or not p.match]
    s = [scores[p.id] for p in variant]
    y = [p.match for p in variant]
    f1_best, thr_best = best_f1(s, y)
    out: dict[str, Any] = {
        "pairs": len(variant),
        "best_f1": round(f1_best, 4),
        "best_threshold": round(thr_best, 4),
        "average_precision": round(average_precision(s, y), 4),
    }
    thr = own if own is not None else thr_best
    b = binary(s, y, thr)
    out.update(
        threshold=round(thr, 4),
        threshold_is_own=own is not None,
        f1=round(b.f1, 4),
        precision=round(b.precision, 4),
        recall=round(b.recall, 4),
    )
    by_kind = {}
    for kind in sorted({p.kind for p in pairs}):
        group = [scores[p.id] for p in pairs if p.kind == kind]
        rate = sum(x >= thr for x in group) / max(len(group), 1)
        by_kind[kind] = round(rate, 4)  # recall for match kinds, false-positive rate for decoy
    out["hit_rate_by_kind"] = by_kind
    out["alias_mixed_recall"] = round(
        sum(scores[p.id] >= thr for p in pairs if p.kind in UNTRAINABLE_KINDS)
        / max(sum(p.kind in UNTRAINABLE_KINDS for p in pairs), 1),
        4,
    )
    return out


def cross_block(scores: dict[str, float], pairs: Sequence[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for script in [*CROSS_SCRIPTS, "all"]:
        group = [p for p in pairs if script == "all" or p.kind == f"cross_{script}"]
        if not group:
            continue
        s = [scores[p.id] for p in group]
        y = [p.match for p in group]
        rec, thr = recall_at_precision(s, y, 0.95)
        out[script] = {
            "pairs": len(group),
            "positives": sum(y),
            "recall_at_p95": round(rec, 4),
            "threshold_at_p95": round(thr, 4),
            "average_precision": round(average_precision(s, y), 4),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=common.SHARED_DATA)
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--per-script", type=int, default=1000)
    ap.add_argument("--tag", default="")
    args = ap.parse_args()

    dev_all = names_dev_split(args.data, "test") + names_dev_split(args.data, "pairs")
    dev_all += names_dev_split(args.data, "fit")
    test_ids = {p.id for p in names_dev_split(args.data, "test")}
    cross = cross_script_pairs(args.data, "test", per_script=args.per_script)
    result: dict[str, Any] = {"engines": {}, "load_before": common.loadavg()}
    for name in args.engines.split(","):
        factory, own = ENGINES[name]
        if name == "passerelle":
            own = default_threshold()
        scorer = factory()
        scorer("Warm Up", "Warm Upp", "warm")
        dev_scores, dev_us = score_all(scorer, dev_all)
        by_id = {p.id: s for p, s in zip(dev_all, dev_scores, strict=True)}
        cross_scores, cross_us = score_all(scorer, cross)
        cross_by_id = {p.id: s for p, s in zip(cross, cross_scores, strict=True)}
        test = [p for p in dev_all if p.id in test_ids]
        result["engines"][name] = {
            "names_dev_test": names_dev_block(name, by_id, test, own),
            "names_dev_all": names_dev_block(name, by_id, dev_all, own),
            "cross_script_test": cross_block(cross_by_id, cross),
            "us_per_pair": round(1e6 * (dev_us + cross_us) / 2, 1),
        }
        e = result["engines"][name]
        print(
            f"{name:>24}: names-dev test F1 {e['names_dev_test']['f1']} "
            f"(best {e['names_dev_test']['best_f1']}), all F1 {e['names_dev_all']['f1']}, "
            f"cross R@P95 {e['cross_script_test'].get('all', {}).get('recall_at_p95')}, "
            f"{e['us_per_pair']} us/pair",
            flush=True,
        )
    result["load_after"] = common.loadavg()
    path = common.write_result("quality" + (f"-{args.tag}" if args.tag else ""), result)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
