"""score-pairs / evaluate file jobs and their CLI, including bad lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from passerelle.cli.match import app
from passerelle.model.errors import InvalidInput
from passerelle.services import match_jobs

GOOD = [
    {"id": "1", "a": "Youssef Haddad", "b": "Yousef Hadad", "match": True, "kind": "translit"},
    {"id": "2", "a": "Olena Kovalenko", "b": "Maria Santos", "match": False, "kind": "decoy",
     "a_dob": "1975", "b_dob": "1990-02-03", "a_nationality": "UA", "b_nationality": ["PT"]},
    {"id": "3", "a": "Ivan Petrov", "b": "PETROV Ivan", "match": True, "kind": "order"},
]  # fmt: skip


def write(path: Path, rows: list[object], extra: list[str] = ()) -> Path:  # type: ignore[assignment]
    lines = [json.dumps(r) for r in rows] + list(extra)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_score_pairs(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", GOOD)
    stats = match_jobs.score_pairs(src, tmp_path / "out.jsonl")
    rows = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert all(set(r) == {"id", "score", "match"} for r in rows)
    assert rows[0]["match"] is True and rows[1]["match"] is False
    assert stats.scored == 3


def test_bad_lines_are_reported_with_numbers(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", GOOD, ["{not json", '{"id": "x", "a": "A B"}', "[]"])
    with pytest.raises(InvalidInput) as exc:
        match_jobs.score_pairs(src, tmp_path / "out.jsonl")
    assert exc.value.errors[0].startswith("line 4:")
    assert "line 5: missing 'b'" in exc.value.errors
    assert exc.value.errors[2].startswith("line 6:")
    assert not (tmp_path / "out.jsonl").exists()
    stats = match_jobs.score_pairs(src, tmp_path / "out.jsonl", skip_bad=True)
    assert stats.scored == 3 and len(stats.errors) == 3


def test_evaluate(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", GOOD)
    report = match_jobs.evaluate(src)
    assert report.n == 3
    assert set(report.per_kind) == {"translit", "decoy", "order", "variants_vs_decoys"}
    assert len(report.calibration) == 10
    assert report.overall["f1"] == 1.0
    json.dumps(report.to_dict())


def test_evaluate_needs_labels(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", [{"id": "1", "a": "A B", "b": "A C"}])
    with pytest.raises(InvalidInput) as exc:
        match_jobs.evaluate(src)
    assert "line 1: 'match' must be true or false" in exc.value.errors[0]


def test_cli(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", GOOD)
    runner = CliRunner()
    res = runner.invoke(app, ["score-pairs", str(src), "--output", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 0, res.output
    assert len((tmp_path / "o.jsonl").read_text().splitlines()) == 3
    res = runner.invoke(app, ["evaluate", str(src), "--json"])
    assert res.exit_code == 0, res.output
    bad = write(tmp_path / "bad.jsonl", GOOD, ["oops"])
    res = runner.invoke(app, ["score-pairs", str(bad), "--output", str(tmp_path / "o2.jsonl")])
    assert res.exit_code == 2
    assert "line 4" in res.output


def test_plot_names_the_extra_or_draws(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", GOOD)
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        with pytest.raises(InvalidInput, match="plot"):
            match_jobs.evaluate(src, plot=tmp_path / "p.png")
        return
    match_jobs.evaluate(src, plot=tmp_path / "p.png")
    assert (tmp_path / "p.png").stat().st_size > 0


def test_keep_cross_script_refuses_a_model_of_other_features(tmp_path: Path) -> None:
    """``train --keep-cross-script`` can only keep trees the current features feed: a model
    trained on other features (or none) is refused before any work, with what to do."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "names-dev.jsonl").write_text("", encoding="utf-8")
    out = tmp_path / "artefacts"
    out.mkdir()
    with pytest.raises(InvalidInput, match="no readable model"):
        match_jobs.train(data, out, log=lambda _: None, keep_cross_script=True)
    (out / "model.json").write_text(json.dumps({"feature_names": ["an_old_feature"]}), "utf-8")
    with pytest.raises(InvalidInput, match=r"other features \(an_old_feature are no longer"):
        match_jobs.train(data, out, log=lambda _: None, keep_cross_script=True)
    assert sorted(p.name for p in out.iterdir()) == ["model.json"]  # nothing else written
