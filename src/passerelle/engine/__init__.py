"""How batches run: a picklable function over Arrow record batches, locally or on Spark.

The engine knows nothing of names, records or SQL: a use case hands it ``fn`` (a picklable
``RecordBatch -> RecordBatch`` callable, see ``BatchFunction``), a source of batches and a sink,
and gets ``RunStats`` back. ``local`` (processes, the default) and ``spark`` (optional extra,
imported only when asked for) give the same results; a contract test runs one test body on both.
"""

from __future__ import annotations

from typing import Any

from passerelle.engine.base import BatchFunction, Progress, Runner, RunStats, Sink
from passerelle.engine.local import LocalRunner
from passerelle.engine.shipped import resolve

__all__ = [
    "ENGINES",
    "BatchFunction",
    "LocalRunner",
    "Progress",
    "RunStats",
    "Runner",
    "Sink",
    "get_runner",
    "resolve",
]

#: The engines ``get_runner`` knows, by name.
ENGINES = ("local", "spark")


def get_runner(name: str = "local", **options: Any) -> Runner:
    """The runner called ``name`` (``local`` or ``spark``) built with ``options``.

    Spark is imported here, not at module import, so ``import passerelle`` works without the
    ``spark`` extra; asking for it without the extra raises ``EngineUnavailable``.
    """
    if name == "local":
        return LocalRunner(**options)
    if name == "spark":
        from passerelle.engine.spark import SparkRunner

        return SparkRunner(**options)
    raise ValueError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")
