"""Compare two models' bulk hits along their precision-recall curves, not at one threshold.

    python bench/compare_hits.py FOLDER BASE.jsonl NEW.jsonl [--travellers 20000]

``BASE`` and ``NEW`` are hits written by ``bench/profile_bulk.py --save`` for the same
travellers of ``FOLDER`` (a ``passerelle demo generate`` output, for its ``truth.csv``). A
retrained model moves its default threshold and calibration, so its recall and precision at
that threshold say little on their own: this prints each model's precision at the other's
recall, and its recall at the other's precision, by raising its threshold over its own
probabilities (hits below a model's default threshold were never written, so a curve ends
there).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bulk_screen import best_pairs, pr_curve, read_truth


def curve(hits: Path, truth: dict[int, str]) -> list[tuple[float, float, float]]:
    """(threshold, recall, precision) of a saved hits file (``bulk_screen.pr_curve``)."""
    with hits.open(encoding="utf-8") as fh:
        pairs, _ = best_pairs(tuple(json.loads(line)) for line in fh)
    return pr_curve(pairs, truth)


def precision_at(points: list[tuple[float, float, float]], recall: float) -> float | None:
    """The best precision among thresholds reaching at least ``recall``."""
    got = [p for _, r, p in points if r >= recall]
    return max(got) if got else None


def recall_at(points: list[tuple[float, float, float]], precision: float) -> float | None:
    """The best recall among thresholds keeping at least ``precision``."""
    got = [r for _, r, p in points if p >= precision]
    return max(got) if got else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("base", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--travellers", type=int, default=20_000)
    args = ap.parse_args()
    truth = {
        row: person
        for row, person in read_truth(args.folder / "truth.csv").items()
        if row <= args.travellers
    }
    base, new = curve(args.base, truth), curve(args.new, truth)
    for name, own, other in (("base", base, new), ("new", new, base)):
        _, r, p = own[-1]
        print(f"{name}: at its threshold recall {r:.4f} precision {p:.4f}")
        print(
            f"  precision at the other's recall {other[-1][1]:.4f}: "
            f"{precision_at(own, other[-1][1])}"
        )
        print(
            f"  recall at the other's precision {other[-1][2]:.4f}: {recall_at(own, other[-1][2])}"
        )
    for target in (0.90, 0.93, 0.95, 0.96, 0.965, 0.97):
        shown = [
            "—" if v is None else f"{v:.3f}" for v in (precision_at(c, target) for c in (base, new))
        ]
        print(f"precision at recall {target}: base {shown[0]}, new {shown[1]}")


if __name__ == "__main__":
    main()
