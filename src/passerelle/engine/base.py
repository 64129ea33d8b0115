"""The engine contract: one small interface, one module per implementation.

``Runner.map_batches(fn, source, sink)`` applies ``fn`` to every batch of ``source`` and hands
each result to ``sink(index, batch)`` in the *calling* process, where ``index`` is the position
of the input batch in ``source``. Every input batch yields exactly one sink call (an empty
batch when ``fn`` found nothing), in input order: a caller that commits per batch can then
record "batch N is done" even when it produced nothing, which is what makes resuming exact.

``fn`` must be picklable and cheap to pickle: it is shipped once per worker process (local) or
per task (Spark). Heavy state (an index snapshot) belongs in a file named in ``files``: the
runner ships each file once per machine and ``fn`` finds it with ``engine.resolve(path)``,
loading it lazily once per worker process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

#: pyarrow is untyped for mypy; these aliases say what is meant.
RecordBatch = Any
Schema = Any

Sink = Callable[[int, RecordBatch], None]
#: Called in the calling process after each batch with (rows done, batches done).
Progress = Callable[[int, int], None]


@runtime_checkable
class BatchFunction(Protocol):
    """A picklable function over Arrow batches that declares its output schema.

    ``prepare`` (optional in practice; runners call it when present) loads heavy state once per
    worker, before the first batch, so that the first batch's latency is not the load's.
    """

    @property
    def output_schema(self) -> Schema: ...

    def __call__(self, batch: RecordBatch) -> RecordBatch: ...


@dataclass(frozen=True, slots=True)
class RunStats:
    """What a run did: batches and rows in, rows out, wall time, parallelism."""

    engine: str
    workers: int
    batches: int
    rows_in: int
    rows_out: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows_in / self.seconds if self.seconds > 0 else 0.0


class Runner(Protocol):
    """Runs a ``BatchFunction`` over a stream of batches; see the module docstring."""

    name: str

    def map_batches(
        self,
        fn: BatchFunction,
        source: Iterable[RecordBatch],
        sink: Sink,
        *,
        files: Sequence[str] = (),
        progress: Progress | None = None,
    ) -> RunStats: ...


def prepare(fn: object) -> None:
    """Call ``fn.prepare()`` when ``fn`` has one (load its heavy state now)."""
    hook = getattr(fn, "prepare", None)
    if callable(hook):
        hook()
