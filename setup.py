"""Build hook for the optional compiled build of the matching engine.

Everything else about the package is declared in ``pyproject.toml``. This file exists for one
switch: ``PASSERELLE_COMPILE=1 pip install --no-build-isolation .`` compiles the modules
listed under ``[tool.passerelle.compile]`` with mypyc (C extensions built from the same typed
source), which screens a traveller in 15-20 % less CPU with the very same hits
(docs/bulk-screening.md, "A compiled build"). Without the switch the package is pure Python,
as it is for development.

Why a switch and not the default: an editable install would put the compiled modules beside
their source, where Python imports them first, so an edit would not run until rebuilt; and
compiling needs a C compiler, which a deployment has and a laptop may not.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent


def _wanted() -> bool:
    return os.environ.get("PASSERELLE_COMPILE", "").strip().lower() in {"1", "true", "yes"}


def _modules() -> list[str]:
    """The modules to compile, as paths from the project's root (``[tool.passerelle.compile]``).
    mypyc names each module by the packages above it (``passerelle.matching.align``)."""
    config = tomllib.loads((HERE / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["passerelle"]["compile"]["modules"])


def _ext_modules() -> list[object]:
    if not _wanted():
        return []
    if "editable_wheel" in sys.argv or "develop" in sys.argv:
        raise SystemExit(
            "PASSERELLE_COMPILE=1 is for a deployment's `pip install .`, not an editable "
            "install: Python would import the compiled modules instead of the source you edit."
        )
    try:
        from mypyc.build import mypycify
    except ImportError:
        raise SystemExit(
            "PASSERELLE_COMPILE=1 compiles with mypyc, which type-checks the modules against "
            "Passerelle's dependencies: install the package (or `make setup`) and mypy first, "
            "then build without isolation: "
            "`PASSERELLE_COMPILE=1 pip install --no-build-isolation .` (or `make compiled`)"
        ) from None
    return list(mypycify(_modules(), opt_level="3"))


setup(ext_modules=_ext_modules())
