"""The numpy export of boosted trees agrees with scikit-learn and explains additively."""

from __future__ import annotations

import numpy as np
import pytest

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


def test_calibration_weighs_oversampled_true_pairs_back() -> None:
    """Held-out pairs that hold four copies of each true pair of one kind (as a training seed
    that plants more travellers on persons listed without a date does) calibrate too high;
    weighted a quarter each, they give the probabilities the pairs as sampled give."""
    rng = np.random.default_rng(3)
    scores = rng.normal(size=6000)
    labels = (rng.random(6000) < 1 / (1 + np.exp(-2 * scores))).astype(int)
    plain = calibration_curve(scores, labels)
    extra = np.repeat(np.flatnonzero(labels == 1), 3)
    s2, l2 = np.r_[scores, scores[extra]], np.r_[labels, labels[extra]]
    inflated = calibration_curve(s2, l2)
    w = np.where(l2 == 1, 0.25, 1.0)
    weighed = calibration_curve(s2, l2, w)
    grid = np.linspace(-1.5, 1.5, 7)
    truth = np.interp(grid, *plain)
    assert (np.interp(grid, *inflated) - truth).mean() > 0.1
    assert np.abs(np.interp(grid, *weighed) - truth).max() < 0.05


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


def test_same_script_pairs_with_dates_get_their_own_trees() -> None:
    """Screening pairs among the calibration pairs give a third regime: trees for same-script
    pairs with a date of birth. A pair with no date on either side is still scored by the
    logistic, as it was without them, and so is a date relation the held-out screening pairs
    never show on a true pair; nationality keeps its fixed weight."""
    from passerelle.matching import scorer
    from passerelle.matching.features import FEATURE_NAMES, NAME_FEATURES
    from passerelle.matching.training.train import FIXED, MIN_TAUGHT_POSITIVES, fit_model

    rng = np.random.default_rng(3)
    d = len(FEATURE_NAMES)
    col = FEATURE_NAMES.index
    cross, no_date = col("cross_script"), col("dob_missing")

    def pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
        x = (rng.random((n, d)) < 0.5).astype(float)
        x[:, col("name_similarity")] = rng.random(n)
        x[:, cross] = (np.arange(n) % 3 == 0).astype(float)
        x[:, [col(name) for name in scorer.UNTAUGHT_DATES]] = 0.0
        # Dated pairs are true only with an exact date *and* a similar name (an interaction).
        dated = x[:, no_date] < 0.5
        y = np.where(
            dated,
            (x[:, col("dob_exact")] > 0.5) & (x[:, col("name_similarity")] > 0.6),
            x[:, col("name_similarity")] > 0.5,
        ).astype(int)
        return x, y

    x, y = pairs(3000)
    xc, yc = pairs(1500)
    kinds = ["decoy"] * len(xc)
    plain = fit_model(x, y, xc, yc, kinds)
    assert len(plain.regimes) == 2 and not plain.dated
    screening = np.arange(len(xc)) >= 750  # the second half: held-out screening pairs
    model = fit_model(x, y, xc, yc, kinds, screening=screening)
    assert model.dated and isinstance(model.regimes[scorer.SAME_SCRIPT_DATED], TreeRegime)
    # The logistic is calibrated on name pairs only, as without screening pairs.
    named = fit_model(x, y, xc[~screening], yc[~screening], kinds[:750])
    assert np.allclose(model.regimes[0].calib_y, named.regimes[0].calib_y)

    dated = x[(x[:, cross] < 0.5) & (x[:, no_date] < 0.5)][:50]
    undated = x[(x[:, cross] < 0.5) & (x[:, no_date] > 0.5)][:50]
    trees = model.regimes[scorer.SAME_SCRIPT_DATED]
    for row in dated[:5]:
        assert model.logit(row.tolist()) == float(trees.logits(row[None, :])[0])
    assert np.allclose(model.probabilities(undated), named.probabilities(undated))
    # A date relation no screening pair shows on a true pair stays with the logistic.
    typo = dated[:5].copy()
    typo[:, col("dob_typo")] = 1.0
    assert np.allclose(model.probabilities(typo), named.probabilities(typo))
    # The trees learned the interaction: with an exact date, the name decides.
    probe = dated[0].copy()
    probe[col("dob_exact")] = 1.0
    probe[col("name_similarity")] = 0.9
    high = model.probability(probe.tolist())
    probe[col("name_similarity")] = 0.3
    assert model.probability(probe.tolist()) < high
    # A hit on an exact date never shows less than its names alone, though the two regimes
    # are calibrated apart; below the threshold the trees' own score stands.
    exact = dated[:50].copy()
    exact[:, col("dob_exact")] = 1.0
    alone = np.zeros_like(exact)
    alone[:, :NAME_FEATURES] = exact[:, :NAME_FEATURES]
    alone[:, no_date] = 1.0
    p_exact, p_alone = model.probabilities(exact), model.probabilities(alone)
    by_trees = trees.calibrate(trees.logits(exact))
    hit = by_trees >= model.threshold
    assert hit.any() and (~hit).any()
    assert (p_exact[hit] >= p_alone[hit]).all()
    lifted = np.flatnonzero(p_exact > by_trees + 1e-9)
    assert len(lifted)  # some hit was lifted: its explanation is that of its names
    why = {e.feature for e in model.explain(exact[lifted[0]].tolist())}
    assert why and why <= set(FEATURE_NAMES[:NAME_FEATURES])
    assert np.allclose(p_exact[~hit], by_trees[~hit])
    # Nationality is kept out of the trees and adds its fixed weight.
    nat = col("nationality_agrees")
    assert trees.weights[nat] == FIXED["nationality_agrees"]
    assert not (trees.feature[~trees.leaf] == nat).any()
    probe[nat] = 1.0
    contrib = dict(zip(FEATURE_NAMES, trees.contributions(probe), strict=True))
    assert contrib["nationality_agrees"] == FIXED["nationality_agrees"]
    # Saved and loaded with three regimes; a two-regime artefact still loads as two.
    again = scorer.ScoringModel.from_json(model.to_json())
    assert again.dated
    assert np.allclose(again.probabilities(dated), model.probabilities(dated), atol=1e-3)
    assert not scorer.ScoringModel.from_json(plain.to_json()).dated

    # Once held-out screening pairs show a mistyped digit of the date on true pairs (a
    # generator that plants such slips), the trees score that relation too; the artefact
    # says which relations it leaves to the logistic, and one that does not say leaves both.
    assert model.untaught == scorer.UNTAUGHT_DATES
    xs = xc.copy()
    true_dated = screening & (yc == 1) & (xs[:, cross] < 0.5) & (xs[:, no_date] < 0.5)
    slips = np.flatnonzero(true_dated)[:20]
    assert len(slips) >= MIN_TAUGHT_POSITIVES
    xs[slips, col("dob_typo")] = 1.0
    taught = fit_model(x, y, xs, yc, kinds, screening=screening)
    assert taught.untaught == ("dob_year_near", "dob_one_side_only")
    slip = typo[0].tolist()
    assert taught.regime(slip) is taught.regimes[scorer.SAME_SCRIPT_DATED]
    near = list(slip)
    near[col("dob_year_near")] = 1.0
    assert taught.regime(near) is taught.regimes[scorer.SAME_SCRIPT]
    body = taught.to_json()
    assert scorer.ScoringModel.from_json(body).untaught == taught.untaught
    del body["untaught_dates"]
    assert scorer.ScoringModel.from_json(body).untaught == scorer.UNTAUGHT_DATES

    # A date on one side only (a traveller against a person listed without one) goes to the
    # trees once held-out screening pairs show it on true pairs (``--plant-undated``); a pair
    # without a date on either side stays with the logistic whatever they show.
    one_side = col("dob_one_side_only")
    xo = xs.copy()
    lone = np.flatnonzero(true_dated)[20:40]
    xo[lone, no_date], xo[lone, one_side] = 1.0, 1.0
    both_taught = fit_model(x, y, xo, yc, kinds, screening=screening)
    assert both_taught.untaught == ("dob_year_near",)
    listed_undated = list(dated[1])
    listed_undated[no_date], listed_undated[one_side] = 1.0, 1.0
    assert both_taught.regime(listed_undated) is both_taught.regimes[scorer.SAME_SCRIPT_DATED]
    nameonly = list(listed_undated)
    nameonly[one_side] = 0.0
    assert both_taught.regime(nameonly) is both_taught.regimes[scorer.SAME_SCRIPT]
    # An artefact written before the relation existed says nothing of it: its trees never
    # saw such a pair, so the logistic keeps scoring it.
    older = both_taught.to_json()
    del older["date_relations"]
    loaded = scorer.ScoringModel.from_json(older)
    assert loaded.untaught == ("dob_year_near", "dob_one_side_only")
    assert loaded.regime(listed_undated) is loaded.regimes[scorer.SAME_SCRIPT]


def test_a_kept_regime_reads_a_vector_with_a_feature_added() -> None:
    """A feature added for the same-script regime leaves the kept cross-script trees' scores
    as they were: they read their own features at their new places, never the new one."""
    from passerelle.matching.scorer import Regime, regime_on_features

    rng = np.random.default_rng(3)
    x = rng.random((600, 4))
    y = (x[:, 0] + 0.5 * x[:, 3] + 0.1 * rng.standard_normal(600) > 0.8).astype(int)
    regime = _fit_trees(x[:400], y[:400], x[400:], y[400:])
    old, new = ["a", "b", "c", "d"], ["a", "b", "added", "c", "d"]
    moved = regime_on_features(regime, old, new)
    wider = np.insert(x[400:], 2, rng.random(200), axis=1)  # any value in the new column
    assert np.allclose(moved.logits(wider), regime.logits(x[400:]))
    linear = Regime(np.array([1.0, -2.0, 0.5, 3.0]), 0.25, np.array([0.0, 1.0]), np.array([0, 1]))
    assert np.allclose(regime_on_features(linear, old, new).logits(wider), linear.logits(x[400:]))
    with pytest.raises(ValueError, match="no longer computed"):
        regime_on_features(regime, old, ["a", "b", "d"])


def test_oversampled_undated_true_pairs_weigh_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """A training seed that plants four times as many travellers on persons listed without a
    date teaches the dated trees, and their calibration, that such a listing is the traveller
    more often than screening shows. Weighed back (``ONE_SIDE_TRUE_WEIGHT``), its true pairs
    give probabilities close to those of pairs drawn at the real share."""
    from passerelle.matching import scorer
    from passerelle.matching.features import FEATURE_NAMES
    from passerelle.matching.training import train

    rng = np.random.default_rng(4)
    d = len(FEATURE_NAMES)
    col = FEATURE_NAMES.index
    one_side = [col("dob_one_side_only"), col("dob_missing")]

    def pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
        x = (rng.random((n, d)) < 0.5).astype(float)
        x[:, col("name_similarity")] = rng.random(n)
        x[:, col("cross_script")] = (np.arange(n) % 3 == 0).astype(float)
        x[:, [col(name) for name in scorer.UNTAUGHT_DATES]] = 0.0
        x[:, col("dob_missing")] = 0.0
        undated = rng.random(n) < 0.3
        x[np.ix_(undated, one_side)] = 1.0
        sim = x[:, col("name_similarity")]
        # Without a date, the name alone leaves doubt: the prior matters, as in screening.
        named = rng.random(n) < 1 / (1 + np.exp(-10 * (sim - 0.75)))
        y = np.where(undated, named, (x[:, col("dob_exact")] > 0.5) & (sim > 0.6))
        return x, y.astype(int)

    def oversampled(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        extra = np.repeat(np.flatnonzero((x[:, one_side[0]] > 0.5) & (y == 1)), 3)
        return np.r_[x, x[extra]], np.r_[y, y[extra]]

    x, y = pairs(4000)
    xc, yc = pairs(2000)
    xo, yo = oversampled(x, y)
    xco, yco = oversampled(xc, yc)

    def fit(xt: np.ndarray, yt: np.ndarray, xv: np.ndarray, yv: np.ndarray) -> scorer.ScoringModel:
        kinds = ["decoy"] * len(xv)
        screening = np.arange(len(xv)) >= 500  # the first 500: name pairs, for the logistic
        return train.fit_model(xt, yt, xv, yv, kinds, screening=screening)

    probe = xc[(xc[:, one_side[0]] > 0.5) & (xc[:, col("cross_script")] < 0.5)][:300]
    monkeypatch.setattr(train, "ONE_SIDE_TRUE_WEIGHT", 1.0)
    real = fit(x, y, xc, yc).probabilities(probe)
    counted_in_full = fit(xo, yo, xco, yco).probabilities(probe)
    monkeypatch.setattr(train, "ONE_SIDE_TRUE_WEIGHT", 0.25)
    weighed = fit(xo, yo, xco, yco).probabilities(probe)
    assert counted_in_full.mean() > real.mean() + 0.03
    assert abs(weighed.mean() - real.mean()) < abs(counted_in_full.mean() - real.mean()) / 2
