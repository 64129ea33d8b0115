"""How bulk screening runs on Spark: the runner's options, and a PySpark daemon of its own.

PySpark starts one daemon per executor and forks each Python worker from it. The stock daemon
is a bare interpreter, so every worker imported passerelle and loaded the scoring and
transliteration models by itself: about 190 MB private to each worker (imports 80 MB, models
105 MB, measured in one process). ``main`` is that daemon with the models loaded first and
frozen out of the collector's walks (``heap.settle``), so that the workers share those pages
copy-on-write, as the local engine's forked workers share their parent's. The index snapshot
is not loaded here: which one a job screens against is known only when its tasks run, and
the workers map it (shared as well) when they do.

Spark runs it as ``python -m passerelle.services.bulk_spark`` because ``spark_options`` names
it in ``spark.python.daemon.module``. It must print nothing: the daemon's standard output
carries to the JVM the port it listens on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The module Spark runs as its Python daemon (this one).
DAEMON_MODULE = "passerelle.services.bulk_spark"


def spark_options(master: str | None, conf: Mapping[str, str] | None = None) -> dict[str, Any]:
    """``SparkRunner`` options for bulk screening: ``master`` (``local[2]`` when not given)
    and Spark settings, ``conf`` over this module's daemon."""
    return {
        "master": master or "local[2]",
        "conf": {"spark.python.daemon.module": DAEMON_MODULE, **(conf or {})},
    }


def main() -> None:
    """Load the models, settle the heap, then serve as PySpark's own daemon does."""
    from pyspark import daemon

    from passerelle.matching import Screener

    Screener().warm()  # the default model, the analysis tables, then ``heap.settle``
    daemon.manager()


if __name__ == "__main__":  # pragma: no cover - run by Spark, in its own process
    main()
