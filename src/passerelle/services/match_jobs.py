"""File-level matching use cases: score a JSONL file of pairs, evaluate it, retrain the model.

These read and write files and report progress; the matching itself is
``passerelle.matching``. Bad input lines are reported with their line numbers: by default the
whole job stops before writing anything (``InvalidInput`` listing every bad line), or, with
``skip_bad=True``, bad lines are skipped and listed in the returned statistics.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from passerelle.matching import default_threshold, metrics, score_pair
from passerelle.model.errors import InvalidInput

Progress = Callable[[int, int], None]
DEFAULT_DATA_DIR = Path("../shared/data")
_MAX_LISTED = 50


@dataclass(frozen=True, slots=True)
class PairLine:
    """One validated input line."""

    line: int
    id: str
    a: str
    b: str
    a_dob: str | None
    b_dob: str | None
    a_nat: list[str]
    b_nat: list[str]
    match: bool | None
    kind: str | None


def _str_list(row: dict[str, Any], key: str) -> list[str]:
    value = row.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ValueError(f"'{key}' must be a string or a list of strings")


def _parse(lineno: int, raw: str, need_label: bool) -> PairLine:
    try:
        row = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg})") from None
    if not isinstance(row, dict):
        raise ValueError("a line must be a JSON object")
    for key in ("id", "a", "b"):
        if key not in row:
            raise ValueError(f"missing '{key}'")
    if not isinstance(row["a"], str) or not row["a"].strip():
        raise ValueError("'a' must be a non-empty string")
    if not isinstance(row["b"], str) or not row["b"].strip():
        raise ValueError("'b' must be a non-empty string")
    for key in ("a_dob", "b_dob"):
        if row.get(key) is not None and not isinstance(row[key], str):
            raise ValueError(f"'{key}' must be a string YYYY, YYYY-MM or YYYY-MM-DD")
    label = row.get("match")
    if need_label and not isinstance(label, bool):
        raise ValueError("'match' must be true or false for evaluation")
    kind = row.get("kind")
    return PairLine(
        line=lineno,
        id=str(row["id"]),
        a=row["a"],
        b=row["b"],
        a_dob=row.get("a_dob"),
        b_dob=row.get("b_dob"),
        a_nat=_str_list(row, "a_nationality"),
        b_nat=_str_list(row, "b_nationality"),
        match=label if isinstance(label, bool) else None,
        kind=str(kind) if kind is not None else None,
    )


def read_pairs(path: Path, need_label: bool = False) -> tuple[list[PairLine], list[str]]:
    """Valid lines and ``line N: problem`` messages for the invalid ones (blank lines skipped)."""
    good: list[PairLine] = []
    errors: list[str] = []
    if not path.exists():
        raise InvalidInput(f"{path} does not exist")
    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                good.append(_parse(lineno, raw, need_label))
            except ValueError as exc:
                errors.append(f"line {lineno}: {exc}")
    return good, errors


def _check(path: Path, errors: list[str], skip_bad: bool) -> None:
    if errors and not skip_bad:
        raise InvalidInput(
            f"{len(errors)} bad line(s) in {path}; first: {errors[0]}",
            where=str(path),
            errors=errors[:_MAX_LISTED],
        )


def _score(lines: list[PairLine], progress: Progress | None) -> Iterator[float]:
    for i, p in enumerate(lines, start=1):
        prob, _ = score_pair(p.a, p.b, p.a_dob, p.b_dob, p.a_nat or None, p.b_nat or None)
        if progress is not None and (i % 200 == 0 or i == len(lines)):
            progress(i, len(lines))
        yield prob


@dataclass(frozen=True, slots=True)
class ScoreStats:
    """What ``score_pairs`` did."""

    scored: int
    matches: int
    threshold: float
    errors: list[str] = field(default_factory=list)


def score_pairs(
    in_path: Path, out_path: Path, skip_bad: bool = False, progress: Progress | None = None
) -> ScoreStats:
    """Score every pair of a JSONL file into ``out_path`` lines ``{id, score, match}``."""
    lines, errors = read_pairs(in_path)
    _check(in_path, errors, skip_bad)
    threshold = default_threshold()
    matches = 0
    tmp = out_path.with_name(out_path.name + ".part")
    with tmp.open("w", encoding="utf-8") as fh:
        for p, prob in zip(lines, _score(lines, progress), strict=True):
            hit = prob >= threshold
            matches += hit
            fh.write(json.dumps({"id": p.id, "score": round(prob, 6), "match": hit}) + "\n")
    tmp.replace(out_path)
    return ScoreStats(len(lines), matches, threshold, errors)


@dataclass(frozen=True)
class Evaluation:
    """Quality of the scorer on a labelled file."""

    n: int
    threshold: float
    overall: dict[str, float]
    calibration: list[metrics.CalibrationBin]
    per_kind: dict[str, dict[str, float]]
    errors: list[str]

    def to_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "threshold": self.threshold,
            "overall": self.overall,
            "calibration": [_bin(b) for b in self.calibration],
            "per_kind": self.per_kind,
            "errors": self.errors,
        }


def _bin(b: metrics.CalibrationBin) -> dict[str, float]:
    return {
        "low": b.low,
        "high": b.high,
        "count": b.count,
        "mean_predicted": round(b.mean_predicted, 4),
        "observed": round(b.observed, 4),
    }


def _measures(scores: list[float], labels: list[bool], threshold: float) -> dict[str, float]:
    b = metrics.binary(scores, labels, threshold)
    out = {
        "n": float(len(labels)),
        "positives": float(sum(labels)),
        "precision": round(b.precision, 4),
        "recall": round(b.recall, 4),
        "f1": round(b.f1, 4),
    }
    if any(labels) and not all(labels):
        out["average_precision"] = round(metrics.average_precision(scores, labels), 4)
        out["ece"] = round(metrics.expected_calibration_error(scores, labels), 4)
    return out


def evaluate(
    in_path: Path,
    plot: Path | None = None,
    skip_bad: bool = False,
    progress: Progress | None = None,
) -> Evaluation:
    """Precision, recall, F1, average precision and calibration of the scorer on a file."""
    lines, errors = read_pairs(in_path, need_label=True)
    _check(in_path, errors, skip_bad)
    if not lines:
        raise InvalidInput(f"{in_path} holds no labelled pairs")
    threshold = default_threshold()
    scores = list(_score(lines, progress))
    labels = [bool(p.match) for p in lines]
    per_kind: dict[str, dict[str, float]] = {}
    kinds = sorted({p.kind for p in lines if p.kind})
    for kind in kinds:
        idx = [i for i, p in enumerate(lines) if p.kind == kind]
        ks, kl = [scores[i] for i in idx], [labels[i] for i in idx]
        per_kind[kind] = _measures(ks, kl, threshold)
        per_kind[kind]["predicted_match_rate"] = round(sum(s >= threshold for s in ks) / len(ks), 4)
    variant = {"translit", "partial", "particle", "spacing", "order"}
    if "decoy" in kinds and variant & set(kinds):
        # The headline subset: spelling variants vs decoys (alias/mixed are not name-matchable).
        idx = [i for i, p in enumerate(lines) if p.kind in variant | {"decoy"}]
        per_kind["variants_vs_decoys"] = _measures(
            [scores[i] for i in idx], [labels[i] for i in idx], threshold
        )
    result = Evaluation(
        n=len(lines),
        threshold=threshold,
        overall=_measures(scores, labels, threshold),
        calibration=metrics.calibration_table(scores, labels),
        per_kind=per_kind,
        errors=errors,
    )
    if plot is not None:
        draw_plot(scores, labels, plot)
    return result


def draw_plot(scores: list[float], labels: list[bool], path: Path) -> None:
    """Precision-recall and reliability curves as a PNG (needs the ``plot`` extra)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InvalidInput("--plot needs matplotlib: pip install 'passerelle[plot]'") from None
    precision, recall, _ = metrics.pr_curve(scores, labels)
    table = metrics.calibration_table(scores, labels)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4.5))
    ax1.plot(recall, precision)
    ax1.set(
        xlabel="recall", ylabel="precision", title="Precision-recall", xlim=(0, 1), ylim=(0, 1.02)
    )
    used = [b for b in table if b.count]
    ax2.plot([0, 1], [0, 1], linestyle="--", color="grey")
    ax2.plot([b.mean_predicted for b in used], [b.observed for b in used], marker="o")
    ax2.set(xlabel="predicted probability", ylabel="observed match rate", title="Reliability")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def train(
    data_dir: Path = DEFAULT_DATA_DIR,
    out: Path | None = None,
    log: Callable[[str], None] = print,
    keep_cross_script: bool = False,
    extra_pairs: Sequence[Path] = (),
) -> dict[str, object]:
    """Rebuild the transliteration, rarity and scoring artefacts and return the test report
    (``keep_cross_script``: the same-script scorer only, and ``extra_pairs``: exported
    screening pairs, as ``training.train.train`` says)."""
    if not (data_dir / "names-dev.jsonl").exists():
        raise InvalidInput(f"{data_dir} does not hold names-dev.jsonl and translit-dev/")
    for path in extra_pairs:
        if not path.is_file():
            raise InvalidInput(f"no training-pairs file {path}")
    from passerelle.matching.training.train import train as run
    from passerelle.matching.translit import ARTEFACTS

    artefacts = out or ARTEFACTS
    if keep_cross_script:
        require_keepable(artefacts)
    return run(
        data_dir, artefacts, log=log, extra_pairs=extra_pairs, keep_cross_script=keep_cross_script
    )


def require_keepable(artefacts: Path) -> None:
    """Refuse ``--keep-cross-script`` before any work when there is no model in
    ``artefacts`` whose trees the current features can feed (a feature it reads was renamed
    or dropped since it was trained): only a full retraining can make new trees. A feature
    added since is fine: the kept trees read their own features where they now are."""
    from passerelle.matching.scorer import features_gone

    path = artefacts / "model.json"
    try:
        names = json.loads(path.read_text("utf-8"))["feature_names"]
    except (OSError, ValueError, KeyError, TypeError):
        raise InvalidInput(f"--keep-cross-script: no readable model in {path}") from None
    gone = features_gone(names)
    if gone:
        raise InvalidInput(
            f"--keep-cross-script: {path} was trained on other features ({', '.join(gone)}"
            " are no longer computed); retrain without it first"
        )
