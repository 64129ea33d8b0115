"""Blocking keys: the cheap keys under which a name is filed, chosen for recall.

Every spelling a name is likely to take must share at least one key with it: so each core
part files under its exact spelling, its consonant skeleton and its coarse phonetic class,
for each candidate romanisation, and adjacent parts also file joined (Abdul Rahman /
Abdulrahman). Particles and honorifics file nothing: they are too common to find anyone.
Keys are hashed to 64-bit integers (stable across processes, unlike ``hash()``).
"""

from __future__ import annotations

import itertools
import zlib

from passerelle.matching.analysis import AnalysedName
from passerelle.matching.keys import coarse_key, skeleton

#: Weight of each key family when ranking candidates (before rarity).
EXACT, SKELETON, COARSE, JOINED, DOCUMENT = 1.0, 0.8, 0.5, 0.7, 4.0


def key_hash(key: str) -> int:
    """Stable 64-bit hash of a key string (two CRC-32s with different seeds)."""
    data = key.encode("utf-8")
    return zlib.crc32(data) | (zlib.crc32(data, 0x9E3779B9) << 32)


def name_keys(name: AnalysedName) -> dict[int, float]:
    """Hashed keys of one analysed name, with their family weight."""
    out: dict[int, float] = {}

    def put(key: str, weight: float) -> None:
        h = key_hash(key)
        if out.get(h, 0.0) < weight:
            out[h] = weight

    core = [t for t in name.core if len(t.latin) > 1]
    for tok in core:
        for form in tok.forms:
            put("t|" + form, EXACT)
            sk = skeleton(form)
            if len(sk) >= 2:
                put("s|" + sk, SKELETON)
            ck = coarse_key(form)
            if len(ck) >= 2:
                put("c|" + ck, COARSE)
            if form[:2] in ("al", "el") and len(form) >= 6:
                put("s|" + skeleton(form[2:]), SKELETON)
    for left, right in itertools.pairwise(core):
        put("j|" + skeleton(left.latin + right.latin), JOINED)
    if len(core) > 2:
        put("j|" + skeleton("".join(t.latin for t in core)), JOINED)
    return out


def document_key(number: str) -> int:
    """Hashed key of a normalised document number (any state: the state is checked later)."""
    return key_hash("d|" + number)
