"""Keeping the cyclic garbage collector's pauses out of checks.

Python's full collection walks every tracked object that survived the previous one. A
process that checks travellers holds hundreds of thousands of such objects that never die
(the transliteration models and tables, the index's record objects), and each check leaves a
few dozen more in the analysis and similarity caches. At a million persons, a process that
loaded its index from a snapshot spent 0.6 s in each full collection (three in 4,000 checks,
each the slowest check by far); frozen once after loading, its collections still grew from 13
to 115 ms as the caches filled.

``settle`` freezes what is alive once the process is ready (``gc.freeze``: the collector no
longer walks it) and, after every full collection, freezes its survivors too, so that the
next one walks only what was allocated since (some 45,000 objects): 6 to 20 ms, 50 to 60 on a
host twice as slow (docs/benchmarks.md).

A frozen object is not examined for reference cycles. Should one that was frozen while in use
(a request in flight, say) later become cyclic garbage, it would never be reclaimed; so every
``REVIEW_EVERY`` full collections the process that called ``settle`` unfreezes everything and
lets the next full collection walk the whole heap once: a pause of the old kind every few
minutes under full load, instead of every second or two. A process forked from it (a bulk
screening worker) only refreezes: it shares the parent's pages, and walking the objects it
inherited would write to every page and copy them all.
"""

from __future__ import annotations

import gc
import os
from typing import Any

#: Full collections between two that walk the whole heap (see the module's docstring).
REVIEW_EVERY = 100

_OLDEST = 2
_owner: int | None = None
_since_review = 0


def _after_collection(phase: str, info: dict[str, Any]) -> None:
    global _since_review
    if phase != "stop" or info.get("generation") != _OLDEST:
        return
    if os.getpid() == _owner:
        _since_review += 1
        if _since_review >= REVIEW_EVERY:
            _since_review = 0
            gc.unfreeze()  # the next full collection walks everything, then freezes again
            return
    gc.freeze()


def settle() -> None:
    """Collect now, freeze what survives, and from now on freeze the survivors of every full
    collection (idempotent; call it when the process is ready to take checks)."""
    global _owner, _since_review
    gc.collect()
    gc.freeze()
    _owner, _since_review = os.getpid(), 0
    if _after_collection not in gc.callbacks:
        gc.callbacks.append(_after_collection)
