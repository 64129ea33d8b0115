"""The trained scorer: logistic models and boosted trees evaluated without scikit-learn,
then calibrated.

A logistic regression keeps every feature's contribution readable (weight × value, in
log-odds), which is the explanation an officer sees, and scores one pair in microseconds
without scikit-learn at run time. There are up to three *regimes*, each with its own model and
calibration: names in the same script, and names across scripts, because across scripts
string similarity says little (every romanisation of جاسي is a vowel away from the next
name) and the learned transliteration likelihood says most; and, where the model was trained
with screening pairs, names in the same script when *both* sides have a date of birth. There
the evidence interacts (an exact date makes a loosely similar name no likelier to be the same
person, yet a logistic adds the two), so boosted trees learn it from screening pairs; a pair
with a date on one side or none stays with the logistic, whose name weights carry over to a
listed person known by name alone, where trees would be flat for want of such pairs. Each
regime's log-odds are mapped to a probability by an isotonic calibration fitted on held-out
pairs, so that 0.8 means "right about 80 % of the time". The artefact is a small JSON file
loaded on first use.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from passerelle.matching.features import (
    EXPLANATIONS,
    FEATURE_NAMES,
    NAME_FEATURES,
)
from passerelle.matching.records import Explanation

MODEL_ARTEFACT = Path(__file__).with_name("artefacts") / "model.json"
_CROSS = FEATURE_NAMES.index("cross_script")
_NO_DATE = FEATURE_NAMES.index("dob_missing")
_EXACT = FEATURE_NAMES.index("dob_exact")
_ONE_SIDE = FEATURE_NAMES.index("dob_one_side_only")
#: Date relations that the dated regime's trees may not have seen on a true screening pair:
#: those trees would take them for conflicts, so such pairs stay with the logistic, which
#: learned them from name pairs given realistic recording slips
#: (``training.pairs.with_facts``). Training decides, per model, which of these its
#: screening pairs taught (``ScoringModel.untaught``). ``dob_one_side_only`` (a date on one
#: side only, a traveller against a person listed without one) is taught by training pairs
#: that plant enough travellers on such persons (``demo generate --plant-undated``).
UNTAUGHT_DATES = ("dob_typo", "dob_year_near", "dob_one_side_only")
#: The relations an artefact without ``date_relations`` knew of: it was trained before the
#: last one existed, and its trees never saw a pair with a date on one side only.
_FIRST_DATE_RELATIONS = ("dob_typo", "dob_year_near")
SAME_SCRIPT, CROSS_SCRIPT, SAME_SCRIPT_DATED = 0, 1, 2
REGIMES = ("same_script", "cross_script", "same_script_dated")

FloatArray = npt.NDArray[np.float64]


@cache
def _columns(names: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(FEATURE_NAMES.index(name) for name in names)


def regime_of(
    x: Sequence[float] | FloatArray, dated: bool = False, untaught: tuple[str, ...] = UNTAUGHT_DATES
) -> int:
    """Which regime scores a feature vector (``dated``: the model has a regime for
    same-script pairs with a date of birth on at least one side, in a relation its training
    pairs showed on true pairs too: not one of ``untaught``). Pairs without a date on either
    side (names-dev's, a name-only check) stay with the logistic."""
    if x[_CROSS] > 0.5:
        return CROSS_SCRIPT
    if (
        dated
        and (x[_NO_DATE] < 0.5 or x[_ONE_SIDE] > 0.5)
        and all(x[k] < 0.5 for k in _columns(untaught))
    ):
        return SAME_SCRIPT_DATED
    return SAME_SCRIPT


def regimes_of(
    x: FloatArray, dated: bool = False, untaught: tuple[str, ...] = UNTAUGHT_DATES
) -> npt.NDArray[np.int64]:
    """``regime_of`` of each row of a matrix of feature vectors."""
    out = np.where(x[:, _CROSS] > 0.5, CROSS_SCRIPT, SAME_SCRIPT)
    if dated:
        some_date = (x[:, _NO_DATE] < 0.5) | (x[:, _ONE_SIDE] > 0.5)
        taught = some_date & (x[:, list(_columns(untaught))] < 0.5).all(axis=1)
        out[(out == SAME_SCRIPT) & taught] = SAME_SCRIPT_DATED
    return np.asarray(out, dtype=np.int64)


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
    """A gradient-boosted trees regime, evaluated without scikit-learn, still explainable.

    Trees are padded to one (trees × nodes) array per field and walked in compiled code
    (``tree_walk``; ``depth`` is kept in the artefact for readers, not needed to walk). Each
    node also stores the mean leaf value below it, so each split a vector passes moves its
    score by (child mean − node mean), credited to the split's feature: the contributions
    sum exactly to the log-odds (Saabas attribution), like a logistic's.
    Features kept out of the trees (``weights`` non-zero: evidence no training pair carries
    realistically, whose weight is set from measured rates) add weight × value, as in a
    logistic.
    """

    feature: npt.NDArray[np.int32] = field(default_factory=lambda: np.zeros((0, 0), np.int32))
    threshold: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))
    left: npt.NDArray[np.int32] = field(default_factory=lambda: np.zeros((0, 0), np.int32))
    right: npt.NDArray[np.int32] = field(default_factory=lambda: np.zeros((0, 0), np.int32))
    leaf: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros((0, 0), bool))
    expect: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))
    depth: int = 0

    @cached_property
    def _leaf_offset(self) -> float:
        """What turns the sum of the leaves reached into log-odds: the bias less the roots'
        means (the bias holds them, since contributions are measured from the roots)."""
        return self.bias - float(self.expect[:, 0].sum())

    def _arrays(self) -> tuple[npt.NDArray[Any], ...]:
        return (self.feature, self.threshold, self.left, self.right, self.leaf, self.expect)

    def logits(self, x: FloatArray) -> FloatArray:
        """Log-odds: each tree's leaf value, summed (``_leaf_offset``), plus the linear
        features' share."""
        from passerelle.matching import tree_walk  # numba: imported by what scores only

        x = np.ascontiguousarray(np.atleast_2d(x), dtype=np.float64)
        out = np.empty(len(x))
        tree_walk.leaf_sums(x, self._arrays(), out)
        out += self._leaf_offset
        if self.weights.any():
            out += x @ self.weights
        return out

    def contributions(self, x: FloatArray) -> FloatArray:
        from passerelle.matching import tree_walk

        row = np.ascontiguousarray(np.ravel(x), dtype=np.float64)
        out = np.zeros(len(row))
        tree_walk.attribute(row, self._arrays(), out)
        if self.weights.any():
            out += row * self.weights
        return out

    def to_json(self) -> dict[str, object]:
        return {
            "kind": "trees",
            "bias": round(self.bias, 6),
            "weights": _rounded(self.weights),
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
        weights = body.get("weights")
        return cls(
            weights=np.asarray(weights, dtype=np.float64) if weights else np.zeros(0),
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


def features_gone(names: Sequence[str], onto: Sequence[str] = FEATURE_NAMES) -> list[str]:
    """The features a model was fitted on that ``onto`` no longer computes: a regime reading
    them cannot be kept (``regime_on_features``)."""
    return [n for n in names if n not in onto]


def regime_on_features(regime: Regime, names: Sequence[str], onto: Sequence[str]) -> Regime:
    """``regime``, fitted on features ``names``, read on features ``onto``.

    Why: a regime kept through a retraining (``train(keep_cross_script=True)``) must still
    read the vector once a feature is added for another regime. A feature new in ``onto``
    gets no weight and no split, so the regime scores every pair as before; a feature it
    used that ``onto`` drops is an error (its trees would read another feature).
    """
    missing = features_gone(names, onto)
    if missing:
        raise ValueError(f"the kept regime uses features no longer computed: {missing}")
    where = {n: i for i, n in enumerate(onto)}
    lookup = np.array([where[n] for n in names], dtype=np.int32)
    weights = np.zeros(len(onto))
    if regime.weights.size:
        weights[lookup] = regime.weights
    if not isinstance(regime, TreeRegime):
        return replace(regime, weights=weights)
    feature = np.where(regime.leaf, regime.feature, lookup[np.clip(regime.feature, 0, None)])
    return replace(
        regime,
        weights=weights if regime.weights.size else np.zeros(0),
        feature=feature.astype(np.int32),
    )


@dataclass(frozen=True)
class ScoringModel:
    """Two or three regimes (same script, cross script, and optionally same script with a
    date of birth on at least one side: ``REGIMES``) and the default threshold.
    ``untaught``: the date relations (of ``UNTAUGHT_DATES``) that the dated regime leaves to
    the logistic."""

    feature_names: tuple[str, ...]
    regimes: tuple[Regime, ...]
    threshold: float
    untaught: tuple[str, ...] = UNTAUGHT_DATES

    @property
    def dated(self) -> bool:
        """Whether same-script pairs with a date on at least one side have their own regime."""
        return len(self.regimes) > SAME_SCRIPT_DATED

    def regime(self, x: Sequence[float] | FloatArray) -> Regime:
        """The regime that scores one feature vector."""
        return self.regimes[regime_of(x, self.dated, self.untaught)]

    def logit(self, x: Sequence[float]) -> float:
        """Log-odds before calibration, in the vector's regime."""
        arr = np.asarray(x, dtype=np.float64)[None, :]
        return float(self.regime(x).logits(arr)[0])

    def probability(self, x: Sequence[float]) -> float:
        """Calibrated probability of one feature vector."""
        return float(self.probabilities(np.asarray(x, dtype=np.float64)[None, :])[0])

    def probabilities(self, x: FloatArray) -> FloatArray:
        """Calibrated probabilities of a matrix of feature vectors.

        A hit on an exact date of birth never shows a lower probability than its names alone
        would: the dated trees and the logistic are calibrated on different pairs, and near
        the top their scales differ by a few thousandths (*Karim Nassar* / *Kareem Nasser*:
        0.990 with the same date by the trees, 0.996 without one by the logistic), which
        would have an officer see a matching date lower a score. Such a hit gets the larger
        of the two. Below the threshold the trees' score stands: flooring those too made 28
        more false hits on 20,000 travellers against a million persons (pairs one name part
        apart on the listed person's very date, which the trees learned are often someone
        else; docs/matching.md), for no planted traveller more."""
        out = np.zeros(len(x), dtype=np.float64)
        which = regimes_of(x, self.dated, self.untaught)
        for r, reg in enumerate(self.regimes):
            mask = which == r
            if mask.any():
                out[mask] = reg.calibrate(reg.logits(x[mask]))
        if self.dated:
            exact = (which == SAME_SCRIPT_DATED) & (x[:, _EXACT] > 0.5) & (out >= self.threshold)
            if exact.any():
                out[exact] = np.maximum(out[exact], self._names_alone(x[exact]))
        return out

    def _names_alone(self, x: FloatArray) -> FloatArray:
        """The logistic's probabilities of the rows' name features alone, with no date."""
        alone = np.zeros_like(x)
        alone[:, :NAME_FEATURES] = x[:, :NAME_FEATURES]
        alone[:, _NO_DATE] = 1.0
        same = self.regimes[SAME_SCRIPT]
        return np.asarray(same.calibrate(same.logits(alone)), dtype=np.float64)

    def explain(self, x: Sequence[float], top: int = 8) -> list[Explanation]:
        """Features that moved the score, largest log-odds contribution first (for a hit
        whose names alone outscore its exact date, ``probabilities``: the name features in
        the logistic, which is what its score rests on)."""
        arr = np.asarray(x, dtype=np.float64)
        regime = self.regime(arr)
        shown = arr
        if self.dated and regime is self.regimes[SAME_SCRIPT_DATED] and arr[_EXACT] > 0.5:
            dated = float(regime.calibrate(float(regime.logits(arr[None, :])[0])))
            if self.threshold <= dated < float(self._names_alone(arr[None, :])[0]):
                regime = self.regimes[SAME_SCRIPT]
                shown = np.zeros_like(arr)
                shown[:NAME_FEATURES] = arr[:NAME_FEATURES]
        contrib = regime.contributions(shown)
        out = [
            Explanation(name, round(float(v), 4), round(float(c), 4), EXPLANATIONS[name])
            for name, c, v in zip(self.feature_names, contrib, shown, strict=True)
            if abs(c) >= 0.01 and v != 0
        ]
        out.sort(key=lambda e: -abs(e.contribution))
        return out[:top]

    def to_json(self) -> dict[str, object]:
        return {
            "feature_names": list(self.feature_names),
            "regimes": {name: r.to_json() for name, r in zip(REGIMES, self.regimes, strict=False)},
            "threshold": self.threshold,
            "untaught_dates": list(self.untaught),
            "date_relations": list(UNTAUGHT_DATES),
        }

    @classmethod
    def from_json(cls, payload: dict[str, Any]) -> ScoringModel:
        names = tuple(str(n) for n in payload["feature_names"])
        if names != FEATURE_NAMES:
            raise ValueError("the scoring artefact was trained on other features: retrain")
        regimes = payload["regimes"]
        found = tuple(regime_from_json(regimes[r]) for r in REGIMES if r in regimes)
        known = tuple(str(n) for n in payload.get("date_relations", _FIRST_DATE_RELATIONS))
        untaught = tuple(str(n) for n in payload.get("untaught_dates", known))
        if not set(untaught) | set(known) <= set(UNTAUGHT_DATES):
            raise ValueError(f"the scoring artefact names unknown date relations: {untaught}")
        # A relation the artefact did not know of was never taught to its trees.
        untaught += tuple(n for n in UNTAUGHT_DATES if n not in known and n not in untaught)
        return cls(names, found, float(payload["threshold"]), untaught)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), separators=(",", ":")), "utf-8")


@cache
def default_model() -> ScoringModel:
    """The shipped model, loaded once on first use."""
    return ScoringModel.from_json(json.loads(MODEL_ARTEFACT.read_text("utf-8")))
