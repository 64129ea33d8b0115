"""The Spark engine: the same batch function, run by ``mapInArrow`` on a Spark cluster.

pyspark is an optional extra, imported when a ``SparkRunner`` first runs, never at import of
this package; without it the error names the extra to install.

How a run goes. Input batches are numbered; each row is tagged with its batch number
(``__key``) and position (``__pos``) and the rows are partitioned by batch number, so every
input batch lands whole in one partition. On the executor, the partition's rows are regrouped
by batch, put back in input order, and ``fn`` is called once per input batch: ``fn`` sees
exactly the batches it would see locally, which is what lets the contract test demand
identical results from both engines. The files ``fn`` needs (the index snapshot) are shipped
once per executor with ``SparkContext.addFile``; ``passerelle.engine.resolve`` finds the
shipped copy and ``fn`` loads it once per Python worker and keeps it in a module global.

Batches go to the cluster in windows of ``batches_per_job`` (default: four per core), one Spark
job each, so the caller commits results while the rest is still running, as it does locally.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from passerelle.engine.base import BatchFunction, Progress, RecordBatch, RunStats, Sink, prepare
from passerelle.engine.shipped import set_shipped_root

_KEY = "__key"
_POS = "__pos"


class EngineUnavailable(RuntimeError):
    """An optional engine's extra is not installed."""


def _pyspark() -> Any:
    try:
        import pyspark.sql
    except ImportError as exc:  # pragma: no cover - the dev environment has the extra
        raise EngineUnavailable(
            f"the spark engine needs the `spark` extra: pip install 'passerelle[spark]' ({exc})"
        ) from None
    return pyspark


def _apply(fn: BatchFunction, batches: Iterator[RecordBatch]) -> Iterator[RecordBatch]:
    """Executor side: regroup a partition's rows by input batch and call ``fn`` on each."""
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyspark import SparkFiles

    set_shipped_root(SparkFiles.getRootDirectory())
    prepare(fn)
    given = [b for b in batches if b.num_rows]
    if not given:
        return  # an empty partition (more partitions than batches)
    table = pa.Table.from_batches(given)
    for key in pc.unique(table[_KEY]).to_pylist():
        part = table.filter(pc.equal(table[_KEY], key)).sort_by(_POS)
        rows = part.drop_columns([_KEY, _POS]).combine_chunks().to_batches()
        out = fn(rows[0])
        yield out.append_column(_KEY, pa.array([key] * out.num_rows, pa.int64()))


class SparkRunner:
    """Runs batch functions with ``mapInArrow``; see the module docstring."""

    name = "spark"

    def __init__(
        self,
        master: str | None = "local[2]",
        *,
        batches_per_job: int | None = None,
        conf: dict[str, str] | None = None,
        app_name: str = "passerelle",
        log_level: str = "ERROR",
    ) -> None:
        self.master = master
        self.batches_per_job = batches_per_job
        self.conf = dict(conf or {})
        self.app_name = app_name
        self.log_level = log_level
        self._shipped: set[str] = set()

    def session(self) -> Any:
        """The Spark session (created on first use; an active one is reused)."""
        pyspark = _pyspark()
        # Python workers must run this interpreter, which has pyarrow and passerelle.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = pyspark.sql.SparkSession.builder.appName(self.app_name)
        if self.master:
            builder = builder.master(self.master)
        settings = {
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",  # the caller draws its own progress
            "spark.sql.execution.arrow.pyspark.enabled": "true",
            "spark.sql.shuffle.partitions": "8",
            **self.conf,
        }
        for key, value in settings.items():
            builder = builder.config(key, value)
        session = builder.getOrCreate()
        session.sparkContext.setLogLevel(self.log_level)
        return session

    def map_batches(
        self,
        fn: BatchFunction,
        source: Iterable[RecordBatch],
        sink: Sink,
        *,
        files: Sequence[str] = (),
        progress: Progress | None = None,
    ) -> RunStats:
        import pyarrow as pa

        started = time.perf_counter()
        spark = self.session()
        sc = spark.sparkContext
        for path in files:
            if path not in self._shipped:
                sc.addFile(path)
                self._shipped.add(path)
        from pyspark.sql.pandas.types import from_arrow_schema

        out_schema = fn.output_schema
        spark_schema = from_arrow_schema(out_schema.append(pa.field(_KEY, pa.int64())))
        cores = max(1, int(sc.defaultParallelism))
        window = self.batches_per_job or 4 * cores
        counts = [0, 0, 0]
        it = iter(source)
        first = 0
        while True:
            chunk = list(islice(it, window))
            if not chunk:
                break
            tagged = [
                b.append_column(_KEY, pa.array([first + i] * b.num_rows, pa.int64())).append_column(
                    _POS, pa.array(range(b.num_rows), pa.int64())
                )
                for i, b in enumerate(chunk)
            ]
            frame = spark.createDataFrame(pa.Table.from_batches(tagged))
            frame = frame.repartition(min(len(chunk), 2 * cores), _KEY)
            result = frame.mapInArrow(lambda bs, fn=fn: _apply(fn, bs), spark_schema).toArrow()
            by_key = self._split(result)
            for i, batch in enumerate(chunk):
                found = by_key.get(first + i)
                out = (
                    found.drop_columns([_KEY]).cast(out_schema).combine_chunks().to_batches()
                    if found is not None
                    else []
                )
                out_batch = out[0] if out else pa.RecordBatch.from_pylist([], schema=out_schema)
                sink(first + i, out_batch)
                counts[0] += 1
                counts[1] += batch.num_rows
                counts[2] += out_batch.num_rows
                if progress is not None:
                    progress(counts[1], counts[0])
            first += len(chunk)
        return RunStats(
            self.name, cores, counts[0], counts[1], counts[2], time.perf_counter() - started
        )

    @staticmethod
    def _split(result: Any) -> dict[int, Any]:
        import pyarrow.compute as pc

        return {
            key: result.filter(pc.equal(result[_KEY], key))
            for key in pc.unique(result[_KEY]).to_pylist()
        }

    def stop(self) -> None:
        """Stop the session this runner uses (tests and one-shot CLI runs)."""
        from pyspark.sql import SparkSession

        active = SparkSession.getActiveSession()
        if active is not None:
            active.stop()
