"""The default engine: a pool of processes on this machine (or no pool at all).

The batch function is handed to each worker once, by the pool's initializer, which also calls
its ``prepare`` hook: the heavy state it loads (an index snapshot) is loaded once per worker,
not once per batch. Batches then travel alone. At most ``2 × processes`` batches are in flight,
so a million-row manifest is never queued in memory all at once, and results reach the sink in
input order.

``processes=0`` runs everything in the calling process: no start-up cost, which is what a
one-batch manifest or a test wants. Workers are *spawned* by default rather than forked: the
API runs screenings in threads, and forking a threaded process can copy a held lock.

A caller without such threads (``screen-manifest --watchlist``) may ask for ``fork``: the
heavy state is then loaded once, in the calling process, before the workers are forked, and
the workers share its memory pages instead of each loading a copy (a million persons' index
is gigabytes). ``gc.freeze()`` first, so that no collection in a worker writes to every
shared object's header and so copies the pages after all.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterable, Sequence
from multiprocessing.pool import AsyncResult
from typing import Any

from passerelle.engine.base import BatchFunction, Progress, RecordBatch, RunStats, Sink, prepare

_worker_fn: BatchFunction | None = None


def _init_worker(fn: BatchFunction) -> None:
    global _worker_fn
    _worker_fn = fn
    prepare(fn)


def _run_batch(batch: RecordBatch) -> RecordBatch:
    assert _worker_fn is not None, "worker not initialised"
    return _worker_fn(batch)


class LocalRunner:
    """Multiprocessing runner; see the module docstring."""

    name = "local"

    def __init__(self, processes: int | None = None, start_method: str = "spawn") -> None:
        self.processes = (os.cpu_count() or 1) if processes is None else max(0, processes)
        self.start_method = start_method

    def map_batches(
        self,
        fn: BatchFunction,
        source: Iterable[RecordBatch],
        sink: Sink,
        *,
        files: Sequence[str] = (),  # already on this machine: nothing to ship
        progress: Progress | None = None,
    ) -> RunStats:
        started = time.perf_counter()
        counts = [0, 0, 0]  # batches, rows in, rows out

        def deliver(index: int, rows: int, out: RecordBatch) -> None:
            sink(index, out)
            counts[0] += 1
            counts[1] += rows
            counts[2] += out.num_rows
            if progress is not None:
                progress(counts[1], counts[0])

        if self.processes == 0:
            prepare(fn)
            for index, batch in enumerate(source):
                deliver(index, batch.num_rows, fn(batch))
        else:
            ctx = multiprocessing.get_context(self.start_method)
            if self.start_method == "fork":
                prepare(fn)
                gc.collect()
                gc.freeze()
            window = 2 * self.processes
            pending: deque[tuple[int, int, AsyncResult[Any]]] = deque()
            try:
                with ctx.Pool(self.processes, initializer=_init_worker, initargs=(fn,)) as pool:
                    for index, batch in enumerate(source):
                        job = pool.apply_async(_run_batch, (batch,))
                        pending.append((index, batch.num_rows, job))
                        while len(pending) >= window:
                            i, n, result = pending.popleft()
                            deliver(i, n, result.get())
                    while pending:
                        i, n, result = pending.popleft()
                        deliver(i, n, result.get())
            finally:
                if self.start_method == "fork":
                    gc.unfreeze()
        return RunStats(
            self.name,
            max(1, self.processes),
            counts[0],
            counts[1],
            counts[2],
            time.perf_counter() - started,
        )
