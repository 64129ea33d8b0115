"""The optional compiled build (``setup.py``, ``make test-compiled``): the modules it lists are
compiled when the build runs, and they score every pair exactly as their source does.

In the ordinary run these tests check only the list; ``make test-compiled`` runs them (with
the matching, bulk and screening tests) on the compiled build, where they check the rest.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import tomllib
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPILED = os.environ.get("PASSERELLE_EXPECT_COMPILED") == "1"
only_compiled = pytest.mark.skipif(
    not COMPILED,
    reason="a pure-Python run: `make test-compiled` runs this on the compiled build",
)

#: Scores synthetic pairs from the demo generator's name books (a name against a variant of
#: itself, and against the next one drawn) and prints their exact probabilities and reasons,
#: as an officer reads them, with the files ``align`` and ``features`` were imported from.
_SCORE_PAIRS = """
import json, random
from passerelle.matching import align, features
from passerelle.matching.compare import score_pair
from passerelle.services.demo.manifest import decoy, variant_name
rng = random.Random(7)
kinds = ("transliteration", "typo", "particle", "middle_dropped", "reorder")
drawn = [decoy(rng)[0] for _ in range(120)]
out = []
for k, parts in enumerate(drawn):
    other = variant_name(rng, parts, kinds[k % len(kinds)]) or drawn[(k + 1) % len(drawn)]
    first = parts.native_full or parts.latin
    second = f"{other.family} {other.given}" if k % 5 == 4 else other.latin
    prob, why = score_pair(first, second, "1980-03-0" + str(1 + k % 9), "1980-03-01")
    reasons = [[w.feature, repr(w.contribution), w.text] for w in why]
    out.append([first, second, repr(prob), reasons])
files = {"align": align.__file__, "features": features.__file__}
print(json.dumps({**files, "pairs": out}, ensure_ascii=False))
"""


def _listed() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["passerelle"]["compile"]["modules"])


def _module_name(path: str) -> str:
    return path.removeprefix("src/").removesuffix(".py").replace("/", ".")


def test_the_modules_listed_for_compiling_exist() -> None:
    listed = _listed()
    assert listed, "[tool.passerelle.compile] lists no module"
    for path in listed:
        assert (ROOT / path).is_file(), f"{path} is listed for compiling but does not exist"


def test_the_features_and_their_alignment_are_compiled() -> None:
    # The two modules a scored candidate spends most of its time in (docs/bulk-screening.md).
    listed = _listed()
    for module in ("align", "features"):
        assert f"src/passerelle/matching/{module}.py" in listed


@only_compiled
def test_the_compiled_build_imports_the_compiled_modules() -> None:
    for path in _listed():
        module = importlib.import_module(_module_name(path))
        where = str(module.__file__)
        assert where.endswith(tuple(EXTENSION_SUFFIXES)), f"{module.__name__} came from {where}"


@only_compiled
def test_the_compiled_build_scores_as_the_source_does() -> None:
    """The same pairs scored here (compiled) and in a child that imports the source."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    pure = subprocess.run(
        [sys.executable, "-c", _SCORE_PAIRS], env=env, capture_output=True, text=True, check=True
    )
    compiled = subprocess.run(
        [sys.executable, "-c", _SCORE_PAIRS], capture_output=True, text=True, check=True
    )
    expected, got = json.loads(pure.stdout), json.loads(compiled.stdout)
    assert expected["align"].endswith(".py"), "the child should import the source"
    assert expected["features"].endswith(".py"), "the child should import the source"
    assert got["features"].endswith(tuple(EXTENSION_SUFFIXES))
    assert len(got["pairs"]) == 120
    assert {p[2] for p in got["pairs"]} != {got["pairs"][0][2]}, "the pairs should differ"
    assert got["pairs"] == expected["pairs"]
