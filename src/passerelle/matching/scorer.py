"""The trained scorer: logistic models evaluated by hand on numpy, then calibrated.

A logistic regression keeps every feature's contribution readable (weight × value, in
log-odds), which is the explanation an officer sees, and scores one pair in microseconds
without scikit-learn at run time. There are two *regimes*, each with its own weights and
calibration: names in the same script, and names across scripts, because across scripts
string similarity says little (every romanisation of جاسي is a vowel away from the next
name) and the learned transliteration likelihood says most. Each regime's log-odds are mapped
to a probability by an isotonic calibration fitted on held-out pairs, so that 0.8 means
"right about 80 % of the time". The artefact is a small JSON file loaded on first use.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from passerelle.matching.features import FEATURE_NAMES, FEATURES, explanation_text
from passerelle.matching.records import Explanation

MODEL_ARTEFACT = Path(__file__).with_name("artefacts") / "model.json"
_TEXTS = {f.__name__: explanation_text(f) for f in FEATURES}
_CROSS = FEATURE_NAMES.index("cross_script")
SAME_SCRIPT, CROSS_SCRIPT = 0, 1
REGIMES = ("same_script", "cross_script")

FloatArray = npt.NDArray[np.float64]


def regime_of(x: Sequence[float]) -> int:
    """Which regime scores a feature vector."""
    return CROSS_SCRIPT if x[_CROSS] > 0.5 else SAME_SCRIPT


@dataclass(frozen=True)
class Regime:
    """A logistic regime: weights (on raw feature values), bias and calibration curve."""

    weights: FloatArray
    bias: float
    calib_x: FloatArray
    calib_y: FloatArray

    def logits(self, x: FloatArray) -> FloatArray:
        """Log-odds of a matrix of feature vectors."""
        return np.asarray(x @ self.weights + self.bias, dtype=np.float64)

    def contributions(self, x: FloatArray) -> FloatArray:
        """Each feature's share of the log-odds of one vector (weight × value)."""
        return np.asarray(self.weights * x, dtype=np.float64)

    def calibrate(self, logit: float | FloatArray) -> float | FloatArray:
        p = np.interp(logit, self.calib_x, self.calib_y)
        return float(p) if np.ndim(p) == 0 else p

    def to_json(self) -> dict[str, object]:
        return {
            "kind": "logistic",
            "weights": _rounded(self.weights),
            "bias": round(self.bias, 6),
            "calib_x": _rounded(self.calib_x),
            "calib_y": _rounded(self.calib_y),
        }

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Regime:
        return cls(
            weights=np.asarray(body["weights"], dtype=np.float64),
            bias=float(body["bias"]),
            calib_x=np.asarray(body["calib_x"], dtype=np.float64),
            calib_y=np.asarray(body["calib_y"], dtype=np.float64),
        )


@dataclass(frozen=True)
class TreeRegime(Regime):
    """A gradient-boosted trees regime, evaluated on numpy arrays, still explainable.

    Trees are padded to one (trees × nodes) array per field and walked level by level for all
    trees at once. Each node also stores the mean leaf value below it, so each split a vector
    passes moves its score by (child mean − node mean), credited to the split's feature: the
    contributions sum exactly to the log-odds (Saabas attribution), like a logistic's.
    """

    feature: npt.NDArray[np.int32] = field(default_factory=lambda: np.zeros((0, 0), np.int32))
    threshold: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))
    left: npt.NDArray[np.int32] = field(default_factory=lambda: np.zeros((0, 0), np.int32))
    right: npt.NDArray[np.int32] = field(default_factory=lambda: np.zeros((0, 0), np.int32))
    leaf: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros((0, 0), bool))
    expect: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))
    depth: int = 0

    def _walk(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        n_trees = self.feature.shape[0]
        rows = len(x)
        t = np.arange(n_trees)[:, None]
        b = np.broadcast_to(np.arange(rows)[None, :], (n_trees, rows))
        node = np.zeros((n_trees, rows), dtype=np.int32)
        contrib = np.zeros_like(x, dtype=np.float64)
        for _ in range(self.depth):
            leaf = self.leaf[t, node]
            if leaf.all():
                break
            f = self.feature[t, node]
            go_left = x[b, f] <= self.threshold[t, node]
            nxt = np.where(leaf, node, np.where(go_left, self.left[t, node], self.right[t, node]))
            np.add.at(contrib, (b, f), self.expect[t, nxt] - self.expect[t, node])
            node = nxt
        return contrib.sum(axis=1) + self.bias, contrib

    def logits(self, x: FloatArray) -> FloatArray:
        return np.asarray(self._walk(np.atleast_2d(x))[0], dtype=np.float64)

    def contributions(self, x: FloatArray) -> FloatArray:
        return np.asarray(self._walk(np.atleast_2d(x))[1][0], dtype=np.float64)

    def to_json(self) -> dict[str, object]:
        return {
            "kind": "trees",
            "bias": round(self.bias, 6),
            "depth": self.depth,
            "feature": self.feature.tolist(),
            "threshold": [_rounded(r) for r in self.threshold],
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "leaf": self.leaf.astype(int).tolist(),
            "expect": [_rounded(r) for r in self.expect],
            "calib_x": _rounded(self.calib_x),
            "calib_y": _rounded(self.calib_y),
        }

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> TreeRegime:
        feature = np.asarray(body["feature"], dtype=np.int32)
        return cls(
            weights=np.zeros(feature.shape[1] if feature.size else 0),
            bias=float(body["bias"]),
            calib_x=np.asarray(body["calib_x"], dtype=np.float64),
            calib_y=np.asarray(body["calib_y"], dtype=np.float64),
            feature=feature,
            threshold=np.asarray(body["threshold"], dtype=np.float64),
            left=np.asarray(body["left"], dtype=np.int32),
            right=np.asarray(body["right"], dtype=np.int32),
            leaf=np.asarray(body["leaf"], dtype=bool),
            expect=np.asarray(body["expect"], dtype=np.float64),
            depth=int(body["depth"]),
        )


def _rounded(values: FloatArray) -> list[float]:
    return [round(float(v), 6) for v in values]


def regime_from_json(body: dict[str, Any]) -> Regime:
    """A logistic or tree regime from its JSON form."""
    return TreeRegime.from_json(body) if body.get("kind") == "trees" else Regime.from_json(body)


@dataclass(frozen=True)
class ScoringModel:
    """Two regimes (same script, cross script) and the default threshold."""

    feature_names: tuple[str, ...]
    regimes: tuple[Regime, Regime]
    threshold: float

    def logit(self, x: Sequence[float]) -> float:
        """Log-odds before calibration, in the vector's regime."""
        arr = np.asarray(x, dtype=np.float64)[None, :]
        return float(self.regimes[regime_of(x)].logits(arr)[0])

    def probability(self, x: Sequence[float]) -> float:
        """Calibrated probability of one feature vector."""
        regime = self.regimes[regime_of(x)]
        return float(regime.calibrate(self.logit(x)))

    def probabilities(self, x: FloatArray) -> FloatArray:
        """Calibrated probabilities of a matrix of feature vectors."""
        out = np.zeros(len(x), dtype=np.float64)
        cross = x[:, _CROSS] > 0.5
        for r, mask in ((SAME_SCRIPT, ~cross), (CROSS_SCRIPT, cross)):
            if mask.any():
                reg = self.regimes[r]
                out[mask] = reg.calibrate(reg.logits(x[mask]))
        return out

    def name_score(self, x: Sequence[float], n: int) -> float:
        """Log-odds share of the first ``n`` (name) features: ranks a person's name pairs."""
        arr = np.asarray(x, dtype=np.float64)
        full = np.zeros(len(self.feature_names))
        full[:n] = arr[:n]
        full[self.feature_names.index("dob_missing")] = 1.0
        return float(self.regimes[regime_of(x)].logits(full[None, :])[0])

    def explain(self, x: Sequence[float], top: int = 8) -> list[Explanation]:
        """Features that moved the score, largest log-odds contribution first."""
        arr = np.asarray(x, dtype=np.float64)
        contrib = self.regimes[regime_of(x)].contributions(arr)
        out = [
            Explanation(name, round(float(v), 4), round(float(c), 4), _TEXTS[name])
            for name, c, v in zip(self.feature_names, contrib, arr, strict=True)
            if abs(c) >= 0.01 and v != 0
        ]
        out.sort(key=lambda e: -abs(e.contribution))
        return out[:top]

    def to_json(self) -> dict[str, object]:
        return {
            "feature_names": list(self.feature_names),
            "regimes": {name: r.to_json() for name, r in zip(REGIMES, self.regimes, strict=True)},
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, payload: dict[str, Any]) -> ScoringModel:
        names = tuple(str(n) for n in payload["feature_names"])
        if names != FEATURE_NAMES:
            raise ValueError("the scoring artefact was trained on other features: retrain")
        regimes = payload["regimes"]
        same, cross = (regime_from_json(regimes[r]) for r in REGIMES)
        return cls(names, (same, cross), float(payload["threshold"]))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), separators=(",", ":")), "utf-8")


@cache
def default_model() -> ScoringModel:
    """The shipped model, loaded once on first use."""
    return ScoringModel.from_json(json.loads(MODEL_ARTEFACT.read_text("utf-8")))
