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

#: Heap of a ``local[N]`` Spark JVM when nobody chose one: the driver is the executor too and
#: holds one window of batches at a time (in, shuffled, out), yet with Spark's default 1 GB
#: heap G1 grew it to the full gigabyte of mostly garbage over a long run. 512 MB screened
#: 1 M travellers, but with a second window in flight it ran out of heap three quarters of
#: the way (its broadcasts pile up until the context cleaner runs), so the floor keeps a
#: margin. The heap given is this floor, or four times the first window's Arrow bytes plus
#: 384 MB for Spark itself when larger batches need more.
LOCAL_HEAP_FLOOR_MB = 768


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


def local_heap_mb(window_bytes: int) -> int:
    """The heap a local JVM gets for windows of ``window_bytes`` (``LOCAL_HEAP_FLOOR_MB``)."""
    return max(LOCAL_HEAP_FLOOR_MB, 384 + 4 * window_bytes // 2**20)


def _local_cores(master: str | None, default: int) -> int:
    """N of ``local[N]``; ``default`` for ``local[*]``, a cluster or no master."""
    inside = (master or "").removeprefix("local[").removesuffix("]")
    return int(inside) if inside.isdigit() and int(inside) > 0 else default


def _driver_memory_chosen(conf: dict[str, str]) -> bool:
    """Whether the user set the driver's memory: in ``conf``, in ``PYSPARK_SUBMIT_ARGS`` or
    in the ``spark-defaults.conf`` that spark-submit will read (``SPARK_CONF_DIR``, else
    ``SPARK_HOME/conf``). A setting passed by the runner would override the file's."""
    if "spark.driver.memory" in conf:
        return True
    args = os.environ.get("PYSPARK_SUBMIT_ARGS", "")
    if "--driver-memory" in args or "spark.driver.memory" in args:
        return True
    folder = os.environ.get("SPARK_CONF_DIR") or os.path.join(
        os.environ.get("SPARK_HOME") or os.path.dirname(_pyspark().__file__), "conf"
    )
    try:
        with open(os.path.join(folder, "spark-defaults.conf"), encoding="utf-8") as fh:
            return any(line.split()[:1] == ["spark.driver.memory"] for line in fh)
    except OSError:
        return False


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

    def session(self, window_bytes: int = 0) -> Any:
        """The Spark session (created on first use; an active one is reused).

        ``window_bytes``: the Arrow size of one job's batches, which sizes a local JVM's heap
        (``LOCAL_HEAP_FLOOR_MB``) unless ``spark.driver.memory`` is set here, in
        ``spark-defaults.conf`` or in ``PYSPARK_SUBMIT_ARGS``."""
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
        if (self.master or "").startswith("local") and not _driver_memory_chosen(self.conf):
            settings["spark.driver.memory"] = f"{local_heap_mb(window_bytes)}m"
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
        it = iter(source)
        # Batches are read before the session starts, to size a local JVM's heap (the cores a
        # cluster gives, hence its window, are known only after).
        chunk = list(islice(it, self.batches_per_job or 4 * _local_cores(self.master, 2)))
        spark = self.session(sum(b.nbytes for b in chunk))
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
        chunk += islice(it, max(0, window - len(chunk)))
        counts = [0, 0, 0]
        first = 0
        while chunk:
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
            chunk = list(islice(it, window))
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
