"""The watchlist file: deterministic bytes, one valid person a line, streamed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from passerelle.model.records import Person
from passerelle.services.demo import generate, write_watchlist
from passerelle.services.demo.generator import to_record


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = write_watchlist(tmp_path / "a", 2000, seed=42)
    b = write_watchlist(tmp_path / "b", 2000, seed=42)
    assert a.name == "watchlist.jsonl"
    assert _digest(a) == _digest(b)
    c = write_watchlist(tmp_path / "c", 2000, seed=43)
    assert _digest(a) != _digest(c)


def test_prefix_is_stable(tmp_path: Path) -> None:
    """The first persons do not depend on how many are asked for."""
    small = write_watchlist(tmp_path / "s", 100, seed=1).read_text("utf-8").splitlines()
    large = write_watchlist(tmp_path / "l", 1500, seed=1).read_text("utf-8").splitlines()
    assert large[:100] == small


def test_lines_are_valid_persons(tmp_path: Path) -> None:
    path = write_watchlist(tmp_path, 1200, seed=3)
    lines = path.read_text("utf-8").splitlines()
    assert len(lines) == 1200
    for n, line in enumerate(lines, 1):
        data = json.loads(line)
        assert data["id"] == f"P{n:06d}"
        assert list(data)[:3] == ["id", "kind", "names"]
        demo = to_record(data)
        assert isinstance(demo.record, Person)
        assert demo.policy.owner == data["policy"]["owner"]


def test_watchlist_matches_generate(tmp_path: Path) -> None:
    path = write_watchlist(tmp_path, 300, seed=9)
    from_file = [to_record(json.loads(line)) for line in path.read_text("utf-8").splitlines()]
    generated = [r for r in generate(300, seed=9) if isinstance(r.record, Person)]
    assert [(r.id, r.record, r.policy) for r in from_file] == [
        (r.id, r.record, r.policy) for r in generated
    ]


def test_progress_and_edge_cases(tmp_path: Path) -> None:
    seen: list[int] = []
    write_watchlist(tmp_path, 2500, seed=1, progress=seen.append)
    assert seen == [1000, 2000, 2500]
    empty = write_watchlist(tmp_path / "empty", 0, seed=1)
    assert empty.read_bytes() == b""
    assert not list(tmp_path.glob(".*partial"))
    with pytest.raises(ValueError, match="negative"):
        write_watchlist(tmp_path, -1, seed=1)
