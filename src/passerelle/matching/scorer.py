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
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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
    """Weights (on raw feature values), bias and calibration curve of one regime."""

    weights: FloatArray
    bias: float
    calib_x: FloatArray
    calib_y: FloatArray

    def logit(self, x: Sequence[float] | FloatArray) -> float:
        return float(self.bias + np.dot(self.weights, np.asarray(x, dtype=np.float64)))

    def calibrate(self, logit: float | FloatArray) -> float | FloatArray:
        p = np.interp(logit, self.calib_x, self.calib_y)
        return float(p) if np.ndim(p) == 0 else p

    def to_json(self) -> dict[str, object]:
        return {
            "weights": [round(float(w), 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "calib_x": [round(float(v), 6) for v in self.calib_x],
            "calib_y": [round(float(v), 6) for v in self.calib_y],
        }

    @classmethod
    def from_json(cls, body: dict[str, list[float] | float]) -> Regime:
        return cls(
            weights=np.asarray(body["weights"], dtype=np.float64),
            bias=float(body["bias"]),  # type: ignore[arg-type]
            calib_x=np.asarray(body["calib_x"], dtype=np.float64),
            calib_y=np.asarray(body["calib_y"], dtype=np.float64),
        )


@dataclass(frozen=True)
class ScoringModel:
    """Two regimes (same script, cross script) and the default threshold."""

    feature_names: tuple[str, ...]
    regimes: tuple[Regime, Regime]
    threshold: float

    def logit(self, x: Sequence[float]) -> float:
        """Log-odds before calibration, in the vector's regime."""
        return self.regimes[regime_of(x)].logit(x)

    def probability(self, x: Sequence[float]) -> float:
        """Calibrated probability of one feature vector."""
        regime = self.regimes[regime_of(x)]
        return float(regime.calibrate(regime.logit(x)))

    def probabilities(self, x: FloatArray) -> FloatArray:
        """Calibrated probabilities of a matrix of feature vectors."""
        out = np.zeros(len(x), dtype=np.float64)
        cross = x[:, _CROSS] > 0.5
        for r, mask in ((SAME_SCRIPT, ~cross), (CROSS_SCRIPT, cross)):
            if mask.any():
                reg = self.regimes[r]
                out[mask] = reg.calibrate(x[mask] @ reg.weights + reg.bias)
        return out

    def name_score(self, x: Sequence[float], n: int) -> float:
        """Log-odds from the first ``n`` (name) features only: ranks name pairs."""
        reg = self.regimes[regime_of(x)]
        return float(np.dot(reg.weights[:n], np.asarray(x[:n], dtype=np.float64)))

    def explain(self, x: Sequence[float], top: int = 8) -> list[Explanation]:
        """Features that moved the score, largest log-odds contribution first."""
        weights = self.regimes[regime_of(x)].weights
        out = [
            Explanation(name, round(float(v), 4), round(float(w * v), 4), _TEXTS[name])
            for name, w, v in zip(self.feature_names, weights, x, strict=True)
            if v != 0 and abs(w * v) >= 0.01
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
    def from_json(cls, payload: dict[str, object]) -> ScoringModel:
        names = tuple(str(n) for n in payload["feature_names"])  # type: ignore[attr-defined]
        if names != FEATURE_NAMES:
            raise ValueError("the scoring artefact was trained on other features: retrain")
        regimes: dict[str, dict[str, list[float] | float]] = payload["regimes"]  # type: ignore[assignment]
        same, cross = (Regime.from_json(regimes[r]) for r in REGIMES)
        return cls(names, (same, cross), float(payload["threshold"]))  # type: ignore[arg-type]

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1), "utf-8")


@cache
def default_model() -> ScoringModel:
    """The shipped model, loaded once on first use."""
    return ScoringModel.from_json(json.loads(MODEL_ARTEFACT.read_text("utf-8")))
