"""One contract, every engine: the same batch function over the same batches gives the same
results, one sink call per input batch, in input order, whichever runner runs it.

The function under test is the real one: bulk screening's ``ScreenBatch`` over an index
snapshot shipped as a file, so "identical results" means identical hits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pyarrow as pa
import pytest

from passerelle.engine import LocalRunner, Runner, get_runner
from passerelle.matching import IdentifierIndex, Screener
from passerelle.services.bulk_spark import DAEMON_MODULE, spark_options
from passerelle.services.bulk_worker import IndexSnapshot, ScreenBatch, traveller_batches
from passerelle.services.screening import person_match_record

from tests.bulk.helpers import DRAGANA, KARIM, travellers

BATCH = 7
ROWS = 30  # five batches: four full, one short


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> str:
    snap = IndexSnapshot(Screener(), IdentifierIndex())
    for rid, subject in (("P1", KARIM), ("P2", DRAGANA)):
        record = person_match_record(rid, subject)
        snap.screener.add(record)
        for number, state, dtype in record.documents:
            snap.identifiers.add_document(rid, number, state, dtype)
    snap.identifiers.add_document("D1", "C01X5B8LM", "DE", "P")
    path = tmp_path_factory.mktemp("engine") / "index.pkl"
    snap.save(path)
    return str(path)


def _run(runner: Runner, snapshot: str, rows: int = ROWS) -> list[tuple[int, list[Any]]]:
    seen: list[tuple[int, list[Any]]] = []
    progress: list[tuple[int, int]] = []
    batches = -(-rows // BATCH)
    stats = runner.map_batches(
        ScreenBatch(snapshot),
        traveller_batches(travellers(rows, planted_every=9), range(batches), BATCH),
        lambda i, b: seen.append((i, b.to_pylist())),
        files=[snapshot],
        progress=lambda r, n: progress.append((r, n)),
    )
    assert [i for i, _ in seen] == list(range(batches))
    assert (stats.batches, stats.rows_in) == (batches, rows)
    assert stats.rows_out == sum(len(rows_) for _, rows_ in seen)
    assert progress[-1] == (rows, batches)
    return seen


def _hits(seen: list[tuple[int, list[Any]]]) -> list[tuple[int, int, str, str, float]]:
    return sorted(
        (i, h["row"], h["record_id"], h["match_kind"], h["probability"])
        for i, rows in seen
        for h in rows
    )


RUNNERS: dict[str, Callable[[], Runner]] = {
    "inline": lambda: LocalRunner(processes=0),
    "local": lambda: get_runner("local", processes=2),
    # Workers forked from a process that already loaded the snapshot, sharing its pages.
    "local-fork": lambda: get_runner("local", processes=2, start_method="fork"),
}


@pytest.fixture(scope="module")
def expected(snapshot: str) -> list[tuple[int, int, str, str, float]]:
    found = _hits(_run(LocalRunner(processes=0), snapshot))
    # rows 2, 3, 4 and every ninth row are planted variants of the three records
    assert {(r, rid) for _, r, rid, _, _ in found} >= {(2, "P1"), (3, "P2"), (4, "D1")}
    assert {r for _, r, _, _, _ in found} == {2, 3, 4, 10, 19, 28}
    return found


@pytest.mark.parametrize("name", sorted(RUNNERS))
def test_local_runners_agree(
    name: str, snapshot: str, expected: list[tuple[int, int, str, str, float]]
) -> None:
    assert _hits(_run(RUNNERS[name](), snapshot)) == expected


@pytest.fixture(scope="module")
def spark() -> Iterator[Runner]:
    pytest.importorskip("pyspark")
    from passerelle.engine.spark import SparkRunner

    # As bulk screening runs it: workers forked from its daemon, which loaded the models.
    runner = SparkRunner(**spark_options("local[2]"), batches_per_job=3)
    yield runner
    runner.stop()


@pytest.mark.slow
def test_spark_gives_the_same_hits(
    spark: Runner, snapshot: str, expected: list[tuple[int, int, str, str, float]]
) -> None:
    assert _hits(_run(spark, snapshot)) == expected


@pytest.mark.slow
def test_spark_runs_with_a_sized_heap_and_the_bulk_daemon(spark: Runner, snapshot: str) -> None:
    """A local JVM gets the heap one window needs, not Spark's 1 GB, and the Python workers
    come from bulk screening's daemon."""
    from passerelle.engine.spark import LOCAL_HEAP_FLOOR_MB, SparkRunner

    assert isinstance(spark, SparkRunner)
    _run(spark, snapshot)
    sc = spark.session().sparkContext
    heap = sc._jvm.java.lang.Runtime.getRuntime().maxMemory()
    assert 450 * 2**20 <= heap <= LOCAL_HEAP_FLOOR_MB * 2**20
    assert sc.getConf().get("spark.python.daemon.module") == DAEMON_MODULE


@pytest.mark.slow
def test_spark_empty_source_and_empty_results(spark: Runner, snapshot: str) -> None:
    calls: list[int] = []
    stats = spark.map_batches(ScreenBatch(snapshot), iter([]), lambda i, b: calls.append(i))
    assert (calls, stats.batches) == ([], 0)
    nobody = traveller_batches(travellers(1), [0], BATCH)  # one filler: no hit
    out: list[pa.RecordBatch] = []
    spark.map_batches(ScreenBatch(snapshot), nobody, lambda i, b: out.append(b), files=[snapshot])
    assert [b.num_rows for b in out] == [0]
    assert out[0].schema == ScreenBatch(snapshot).output_schema


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine 'dask'"):
        get_runner("dask")
