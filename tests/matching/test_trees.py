"""The numpy export of boosted trees agrees with scikit-learn and explains additively."""

from __future__ import annotations

import numpy as np

from passerelle.matching.scorer import TreeRegime, regime_from_json
from passerelle.matching.training.train import _fit_trees, calibration_curve


def test_tree_regime_matches_sklearn_and_sums() -> None:
    rng = np.random.default_rng(0)
    x = rng.random((600, 5))
    y = (x[:, 0] + 0.5 * x[:, 1] * x[:, 2] + 0.1 * rng.standard_normal(600) > 0.8).astype(int)
    regime = _fit_trees(x[:400], y[:400], x[400:], y[400:])  # raises if the export disagrees
    assert isinstance(regime, TreeRegime)
    logits = regime.logits(x[400:])
    for row, logit in zip(x[400:410], logits[:10], strict=True):
        assert np.isclose(regime.contributions(row).sum() + regime.bias, logit)
    clone = regime_from_json(regime.to_json())
    assert np.allclose(clone.logits(x[400:]), logits, atol=1e-4)
    probs = np.asarray(regime.calibrate(logits))
    assert ((probs >= 0) & (probs <= 1)).all()


def test_calibration_keeps_the_models_ranking_and_its_probabilities() -> None:
    rng = np.random.default_rng(1)
    scores = rng.normal(size=5000)
    labels = (rng.random(5000) < 1 / (1 + np.exp(-2 * scores))).astype(int)
    cx, cy = calibration_curve(scores, labels)
    assert (np.diff(cx) > 0).all() and (np.diff(cy) > 0).all()
    # Pairs the model ranks apart are not tied (plain isotonic ties whole ranges of them).
    inner = np.sort(scores[(scores > cx[0]) & (scores < cx[-1])])
    assert (np.diff(np.interp(inner, cx, cy)) > 0).all()
    # Calibrated: in each fifth of the scores, predicted and observed rates agree.
    probs = np.interp(scores, cx, cy)
    for part in np.array_split(np.argsort(scores), 5):
        assert abs(probs[part].mean() - labels[part].mean()) < 0.03
