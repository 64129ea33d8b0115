"""The garbage-collector policy of a process that takes checks (``heap.settle``)."""

from __future__ import annotations

import gc
import multiprocessing
import os
import weakref
from collections.abc import Iterator

import pytest

from passerelle.matching import heap


class _Node:
    """An object that can sit in a reference cycle and be watched through a weak reference."""

    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> weakref.ref[_Node]:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``settle`` in this process, undone afterwards (the collector's state is global)."""
    monkeypatch.setattr(heap, "REVIEW_EVERY", 3)
    heap.settle()
    try:
        yield
    finally:
        if heap._after_collection in gc.callbacks:
            gc.callbacks.remove(heap._after_collection)
        gc.unfreeze()
        gc.collect()


def test_survivors_of_a_full_collection_leave_the_collectors_walks(settled: None) -> None:
    assert heap._after_collection in gc.callbacks
    before = gc.get_freeze_count()
    kept = [_Node() for _ in range(1000)]
    gc.collect()
    assert gc.get_freeze_count() >= before + len(kept)


def test_cycles_frozen_while_alive_are_reclaimed_at_the_review(settled: None) -> None:
    ref = _cycle()
    holder = [ref()]
    gc.collect()  # freezes the cycle while it is in use
    holder.clear()
    gc.collect()
    assert ref() is not None, "a frozen cycle is not examined until the review"
    for _ in range(heap.REVIEW_EVERY):
        gc.collect()
    assert ref() is None, "the review walks the whole heap and reclaims it"


def _child_freezes_only(conn: multiprocessing.connection.Connection) -> None:
    lowest = gc.get_freeze_count()
    for _ in range(2 * heap.REVIEW_EVERY):
        gc.collect()
        lowest = min(lowest, gc.get_freeze_count())
    conn.send((os.getpid(), lowest))


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork to inherit state"
)
def test_a_forked_worker_never_unfreezes_the_pages_it_shares(settled: None) -> None:
    shared = [_Node() for _ in range(1000)]
    gc.collect()
    frozen = gc.get_freeze_count()
    parent, child = multiprocessing.get_context("fork").Pipe()
    proc = multiprocessing.get_context("fork").Process(target=_child_freezes_only, args=(child,))
    proc.start()
    pid, count = parent.recv()
    proc.join(10)
    assert pid != os.getpid()
    # Through two reviews' worth of collections, the inherited objects stayed frozen (a few
    # freed by their last reference going; an unfreeze would have left none).
    assert count > frozen - 100
    assert shared
