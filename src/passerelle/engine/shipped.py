"""Where a file shipped to workers is found, whichever runner shipped it.

A local worker reads the caller's path as is. A Spark executor on another machine has no such
path: the Spark runner ships the file with ``SparkContext.addFile`` and, before calling the
batch function on an executor, records the executor's download folder here. ``resolve`` then
prefers the shipped copy, so the same batch function runs unchanged on both engines.
"""

from __future__ import annotations

import os

_shipped_root: str | None = None


def set_shipped_root(root: str | None) -> None:
    """Called by a runner inside a worker: shipped files live in ``root``."""
    global _shipped_root
    _shipped_root = root


def resolve(path: str) -> str:
    """The local path of a file the runner shipped (or ``path`` itself when not shipped)."""
    if _shipped_root:
        candidate = os.path.join(_shipped_root, os.path.basename(path))
        if os.path.exists(candidate):
            return candidate
    return path
