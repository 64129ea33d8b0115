"""Measures reported by training and by ``evaluate``: per kind, per script, calibration."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from passerelle.matching import metrics
from passerelle.matching.training.data import NamePair, RecordPair

VARIANT_KINDS = frozenset({"translit", "partial", "particle", "spacing", "order"})


def best_f1_threshold(probs: np.ndarray, labels: np.ndarray) -> float:
    """Threshold (rounded to 0.01) maximising F1."""
    best, best_t = -1.0, 0.5
    for t in np.arange(0.05, 0.96, 0.01):
        f1 = metrics.binary(probs.tolist(), labels.tolist(), float(t)).f1
        if f1 > best:
            best, best_t = f1, float(t)
    return round(best_t, 2)


def _summary(probs: np.ndarray, labels: np.ndarray, threshold: float) -> dict[str, float]:
    b = metrics.binary(probs.tolist(), labels.tolist(), threshold)
    r95, t95 = metrics.recall_at_precision(probs.tolist(), labels.tolist(), 0.95)
    return {
        "n": len(labels),
        "positives": int(labels.sum()),
        "precision": round(b.precision, 4),
        "recall": round(b.recall, 4),
        "f1": round(b.f1, 4),
        "average_precision": round(metrics.average_precision(probs.tolist(), labels.tolist()), 4),
        "recall_at_p95": round(r95, 4),
        "threshold_at_p95": round(t95, 4),
        "ece": round(metrics.expected_calibration_error(probs.tolist(), labels.tolist()), 4),
    }


def report(
    pairs: Sequence[NamePair | RecordPair], probs: np.ndarray, threshold: float
) -> dict[str, object]:
    """Quality on test pairs: names-dev variants vs decoys, per kind, per script, overall, and
    screening pairs (``bulk``: travellers against the candidates the screener scored)."""
    kinds = np.asarray([p.kind for p in pairs])
    labels = np.asarray([p.match for p in pairs], dtype=bool)
    out: dict[str, object] = {"threshold": threshold}
    variant = np.isin(kinds, [*VARIANT_KINDS, "decoy"])
    out["names_dev_variants_vs_decoys"] = _summary(probs[variant], labels[variant], threshold)
    per_kind = {}
    for kind in sorted(set(kinds.tolist())):
        mask = kinds == kind
        per_kind[kind] = {
            "n": int(mask.sum()),
            "predicted_match_rate": round(float(np.mean(probs[mask] >= threshold)), 4),
        }
    out["per_kind"] = per_kind
    cross = {}
    for kind in sorted({k for k in kinds.tolist() if k.startswith("cross_")}):
        mask = kinds == kind
        cross[kind.removeprefix("cross_")] = _summary(probs[mask], labels[mask], threshold)
    out["cross_script"] = cross
    for kind, key in (("bulk", "screening_pairs"), ("bulk_second_look", "screening_second_look")):
        mask = kinds == kind
        if mask.any():
            out[key] = _summary(probs[mask], labels[mask], threshold)
    calibrated = variant | np.char.startswith(kinds.astype(str), "cross_")
    out["cross_script_all"] = _summary(
        probs[~variant & calibrated], labels[~variant & calibrated], threshold
    )
    out["ece_all_test"] = round(
        metrics.expected_calibration_error(probs[calibrated].tolist(), labels[calibrated].tolist()),
        4,
    )
    return out
