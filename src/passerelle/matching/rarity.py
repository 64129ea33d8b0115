"""Token rarity: a common token (Mohamed, Ali, John) says little; a rare one says a lot.

Frequencies come from a hashed count sketch learned at training time from the name words of
the development data (so no name list is shipped, only 2**17 counters). Rarity is a weight in
[0.15, 1]. (The index weighs its keys by their document frequencies in the watchlist screened,
``index.py``; the scorer's features read this sketch alone, so a score does not depend on
which watchlist the record sits in.) With 2**17 counters a rare word often shares its slot
with another (some 60 % of the slots are taken), so the sketch weighs common words; it cannot
tell a rare name from a slip. Whether a word is a name people bear is read off the watchlist
being screened instead (``attested``).
"""

from __future__ import annotations

import math
import zlib
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

SKETCH_BITS = 17
SKETCH_ARTEFACT = Path(__file__).with_name("artefacts") / "rarity.bin"


def slot(token: str) -> int:
    """Stable hash slot of a folded token."""
    return zlib.crc32(token.encode("utf-8")) & ((1 << SKETCH_BITS) - 1)


@cache
def sketch() -> npt.NDArray[np.uint16]:
    """The shipped count sketch (zeros when not yet trained: every token is then rare)."""
    if SKETCH_ARTEFACT.exists():
        return np.fromfile(SKETCH_ARTEFACT, dtype="<u2")
    return np.zeros(1 << SKETCH_BITS, dtype=np.uint16)


@lru_cache(maxsize=200_000)
def rarity(token: str) -> float:
    """Weight of a token as evidence: 1 for unseen tokens, down to 0.15 for the commonest."""
    count = int(sketch()[slot(token)])
    return max(0.15, 1.0 - math.log10(1 + count) / 4.0)


def build_sketch(counts: dict[str, int]) -> npt.NDArray[np.uint16]:
    """Fold token counts into the hashed sketch (saturating at 65535)."""
    acc = np.zeros(1 << SKETCH_BITS, dtype=np.int64)
    for token, count in counts.items():
        acc[slot(token)] += count
    return np.minimum(acc, 65535).astype(np.uint16)
