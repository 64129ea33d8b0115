"""The trained scorer: a logistic model evaluated by hand on numpy, then calibrated.

A logistic regression keeps every feature's contribution readable (weight × value, in
log-odds), which is the explanation an officer sees, and scores one pair in microseconds
without scikit-learn at run time. Its output is mapped to a probability by an isotonic
calibration fitted on held-out pairs, so that 0.8 means "right about 80 % of the time".
The artefact is a small JSON file shipped in the package and loaded on first use.
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

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class ScoringModel:
    """Logistic weights (on raw feature values), calibration curve and default threshold."""

    feature_names: tuple[str, ...]
    weights: FloatArray
    bias: float
    calib_x: FloatArray
    calib_y: FloatArray
    threshold: float

    def logit(self, x: Sequence[float]) -> float:
        """Log-odds before calibration."""
        return float(self.bias + np.dot(self.weights, np.asarray(x, dtype=np.float64)))

    def calibrate(self, logit: float | FloatArray) -> float | FloatArray:
        """Calibrated probability for one log-odds value or an array of them."""
        p = np.interp(logit, self.calib_x, self.calib_y)
        return float(p) if np.ndim(p) == 0 else p

    def probability(self, x: Sequence[float]) -> float:
        """Calibrated probability of one feature vector."""
        return float(self.calibrate(self.logit(x)))

    def explain(self, x: Sequence[float], top: int = 8) -> list[Explanation]:
        """Features that moved the score, largest log-odds contribution first."""
        out = [
            Explanation(name, round(float(v), 4), round(float(w * v), 4), _TEXTS[name])
            for name, w, v in zip(self.feature_names, self.weights, x, strict=True)
            if v != 0 and abs(w * v) >= 0.01
        ]
        out.sort(key=lambda e: -abs(e.contribution))
        return out[:top]

    def to_json(self) -> dict[str, object]:
        return {
            "feature_names": list(self.feature_names),
            "weights": [round(float(w), 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "calib_x": [round(float(v), 6) for v in self.calib_x],
            "calib_y": [round(float(v), 6) for v in self.calib_y],
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, payload: dict[str, object]) -> ScoringModel:
        names = tuple(str(n) for n in payload["feature_names"])  # type: ignore[attr-defined]
        if names != FEATURE_NAMES:
            raise ValueError("the scoring artefact was trained on other features: retrain")
        return cls(
            feature_names=names,
            weights=np.asarray(payload["weights"], dtype=np.float64),
            bias=float(payload["bias"]),  # type: ignore[arg-type]
            calib_x=np.asarray(payload["calib_x"], dtype=np.float64),
            calib_y=np.asarray(payload["calib_y"], dtype=np.float64),
            threshold=float(payload["threshold"]),  # type: ignore[arg-type]
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1), "utf-8")


@cache
def default_model() -> ScoringModel:
    """The shipped model, loaded once on first use."""
    return ScoringModel.from_json(json.loads(MODEL_ARTEFACT.read_text("utf-8")))
