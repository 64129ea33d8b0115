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


def test_a_kept_cross_script_regime_is_not_refitted() -> None:
    """``train --keep-cross-script``: the same-script weights are fitted anew, the cross-script
    trees come back as they were (a refit would move them with any change of their input)."""
    from passerelle.matching import scorer
    from passerelle.matching.features import FEATURE_NAMES
    from passerelle.matching.training.train import fit_model

    rng = np.random.default_rng(2)
    d = len(FEATURE_NAMES)
    cross = FEATURE_NAMES.index("cross_script")

    def pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
        x = rng.random((n, d))
        x[:, cross] = (np.arange(n) % 2).astype(float)
        y = (x[:, 0] + 0.2 * rng.standard_normal(n) > 0.5).astype(int)
        return x, y

    x, y = pairs(800)
    xc, yc = pairs(400)
    kinds = ["decoy"] * len(xc)
    fresh = fit_model(x, y, xc, yc, kinds)
    kept = fresh.regimes[scorer.CROSS_SCRIPT]
    x2, y2 = pairs(800)  # other pairs: a refit would give other trees
    again = fit_model(x2, y2, xc, yc, kinds, cross_regime=kept)
    assert again.regimes[scorer.CROSS_SCRIPT] is kept
    assert not np.array_equal(
        again.regimes[scorer.SAME_SCRIPT].weights, fresh.regimes[scorer.SAME_SCRIPT].weights
    )
    refit = fit_model(x2, y2, xc, yc, kinds)
    assert not np.allclose(refit.regimes[scorer.CROSS_SCRIPT].logits(xc), kept.logits(xc))
