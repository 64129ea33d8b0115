"""Screening answers must not depend on Python's per-process string hash seed.

Workers of a bulk screening (local processes, Spark executors) each start with their own
``PYTHONHASHSEED``; if romanisations or candidate order followed set iteration order, the same
traveller could hit in one process and not in another, and two engines would disagree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import json
from passerelle.matching import translit
from passerelle.matching.analysis import analyse_uncached
from passerelle.services.demo.namebook import name_books
natives = sorted({
    token.native
    for book in name_books().values() if not book.is_latin
    for bag in (book.male, book.female, book.surnames)
    for token in bag.items
})
out = {}
for native in natives:
    out[native] = [list(t.forms) for t in analyse_uncached(native).tokens]
print(json.dumps(out, ensure_ascii=False, sort_keys=True))
"""


def _romanisations(seed: str) -> dict[str, list[list[str]]]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=True
    )
    result: dict[str, list[list[str]]] = json.loads(done.stdout)
    return result


def test_romanisations_are_the_same_whatever_the_hash_seed() -> None:
    first = _romanisations("1")
    assert len(first) > 100
    for seed in ("2", "3"):
        other = _romanisations(seed)
        differ = [k for k in first if first[k] != other[k]]
        assert not differ, f"{len(differ)} names romanised differently, e.g. {differ[:3]}"


def test_bulk_hits_are_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    """The whole bulk path (index build and screening) in two processes with different seeds."""
    exe = Path(sys.executable).with_name("passerelle")
    subprocess.run(
        [
            *(str(exe), "demo", "generate", "--persons", "3000", "--manifest", "400"),
            *("--hit-rate", "0.1", "--seed", "3", "--out", str(tmp_path)),
        ],
        capture_output=True,
        check=True,
    )
    hits = []
    for seed in ("1", "2"):
        for index in tmp_path.glob(".watchlist.jsonl.*"):
            index.unlink()
        out = tmp_path / f"hits-{seed}.csv"
        subprocess.run(
            [
                *(str(exe), "screen-manifest", str(tmp_path / "manifest.csv")),
                *("--watchlist", str(tmp_path / "watchlist.jsonl"), "--output", str(out)),
                *("--processes", "0"),
            ],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        hits.append(out.read_text("utf-8"))
    assert hits[0].count("\n") > 20
    assert hits[0] == hits[1]
