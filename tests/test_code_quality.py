"""The machines enforce the house style: ruff, mypy --strict, and the layer contracts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("PASSERELLE_TEST_DATABASE_URL")),
    reason="code checks do not depend on the database; they run in the SQLite pass",
)


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: run `make setup`")
    return found


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)


def test_ruff_check() -> None:
    result = _run(_tool("ruff"), "check", "src", "tests", "bench", "setup.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = _run(_tool("ruff"), "format", "--check", "src", "tests", "bench", "setup.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    result = _run(_tool("mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_layer_contracts() -> None:
    result = _run(_tool("lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_passerelle_needs_no_extra() -> None:
    """``import passerelle`` (and the CLI's help) works without optional extras loaded."""
    code = (
        "import sys, passerelle, passerelle.cli.app; "
        "bad = [m for m in ('pyspark', 'matplotlib', 'uvicorn') if m in sys.modules]; "
        "assert not bad, bad"
    )
    result = _run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr
