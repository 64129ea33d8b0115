"""Evaluation measures: precision/recall/F1, average precision, calibration (ECE).

Small numpy implementations so that evaluation needs no plotting or ML library at run time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Binary:
    """Confusion counts and the measures derived from them."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def binary(scores: Sequence[float], labels: Sequence[bool], threshold: float) -> Binary:
    """Confusion counts at a threshold (score ≥ threshold predicts a match)."""
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=bool)
    pred = s >= threshold
    return Binary(
        tp=int(np.sum(pred & y)),
        fp=int(np.sum(pred & ~y)),
        fn=int(np.sum(~pred & y)),
        tn=int(np.sum(~pred & ~y)),
    )


def pr_curve(
    scores: Sequence[float], labels: Sequence[bool]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(precision, recall, threshold) at every distinct score, highest threshold first."""
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=bool)
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    tp = np.cumsum(y)
    fp = np.cumsum(~y)
    last = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1] if len(s) else np.array([], int)
    tp, fp, thr = tp[last], fp[last], s[last]
    positives = max(int(y.sum()), 1)
    precision = tp / np.maximum(tp + fp, 1)
    recall = tp / positives
    return precision, recall, thr


def average_precision(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Area under the precision-recall curve (step-wise, as scikit-learn computes it)."""
    precision, recall, _ = pr_curve(scores, labels)
    if not len(recall):
        return 0.0
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def recall_at_precision(
    scores: Sequence[float], labels: Sequence[bool], min_precision: float
) -> tuple[float, float]:
    """Best recall whose precision is at least ``min_precision``, and its threshold."""
    precision, recall, thr = pr_curve(scores, labels)
    ok = precision >= min_precision
    if not ok.any():
        return 0.0, 1.0
    i = int(np.argmax(np.where(ok, recall, -1)))
    return float(recall[i]), float(thr[i])


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    """One reliability bin: predicted mean probability vs observed match rate."""

    low: float
    high: float
    count: int
    mean_predicted: float
    observed: float


def calibration_table(
    scores: Sequence[float], labels: Sequence[bool], bins: int = 10
) -> list[CalibrationBin]:
    """Equal-width reliability bins over [0, 1]."""
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.digitize(s, edges[1:-1], right=False), 0, bins - 1)
    out = []
    for b in range(bins):
        mask = idx == b
        n = int(mask.sum())
        out.append(
            CalibrationBin(
                low=float(edges[b]),
                high=float(edges[b + 1]),
                count=n,
                mean_predicted=float(s[mask].mean()) if n else 0.0,
                observed=float(y[mask].mean()) if n else 0.0,
            )
        )
    return out


def expected_calibration_error(
    scores: Sequence[float], labels: Sequence[bool], bins: int = 10
) -> float:
    """ECE: the count-weighted mean gap between predicted and observed rates per bin."""
    table = calibration_table(scores, labels, bins)
    total = sum(b.count for b in table) or 1
    return sum(b.count * abs(b.mean_predicted - b.observed) for b in table) / total
