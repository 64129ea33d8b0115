"""Spelling-insensitive keys: consonant skeletons and coarse phonetic classes.

Transliterations of one name disagree mostly on vowels (Muhammad / Mohamed), doubled letters
(Hassan / Hasan) and a few consonant conventions (kh/h, j/dj/g, q/k, ph/f, w/v). A key that
drops vowels and merges those classes makes every common spelling of a name collide, which is
what blocking and variant groups need; generic rules rather than a hand list of names.
"""

from __future__ import annotations

from functools import lru_cache

# Digraphs first: each becomes one class letter.
_DIGRAPHS = (
    ("shch", "S"),
    ("tch", "C"),
    ("sch", "S"),
    ("dzh", "J"),
    ("sh", "S"),
    ("ch", "C"),
    ("zh", "J"),
    ("kh", "K"),
    ("gh", "G"),
    ("ph", "F"),
    ("th", "T"),
    ("dh", "D"),
    ("dj", "J"),
    ("ts", "Z"),
    ("tz", "Z"),
    ("ck", "K"),
    ("ou", "u"),
)
# Fine skeleton: consonant identity kept, vowels dropped.
_FINE = {
    "b": "b", "c": "k", "d": "d", "f": "f", "g": "g", "j": "j", "k": "k", "l": "l", "m": "m",
    "n": "n", "p": "p", "q": "k", "r": "r", "s": "s", "t": "t", "v": "v", "w": "v", "x": "ks",
    "z": "z", "S": "S", "C": "C", "J": "j", "K": "k", "G": "g", "F": "f", "T": "t", "D": "d",
    "Z": "z",
}  # fmt: skip
# Coarse classes: labials, velars, dentals, sibilants, liquids, nasals, and h with kh (Arabic
# ح/خ and Cyrillic х are written h or kh); w/y/vowels vanish.
_COARSE = {
    "b": "B", "p": "B", "f": "B", "v": "B", "w": "",
    "c": "K", "k": "K", "q": "K", "g": "K", "x": "KS", "K": "H", "G": "K", "h": "H",
    "d": "T", "t": "T", "T": "T", "D": "T",
    "s": "S", "z": "S", "S": "S", "C": "S", "Z": "S", "J": "J", "j": "J",
    "l": "L", "r": "R", "m": "M", "n": "N", "F": "B",
}  # fmt: skip


def _digraphs(token: str) -> str:
    for src, dst in _DIGRAPHS:
        if src in token:
            token = token.replace(src, dst)
    return token


def _collapse(chars: str) -> str:
    out: list[str] = []
    for c in chars:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """Consonant skeleton of a folded Latin token: ``mohammed`` → ``mhmd``, ``hassan`` → ``hsn``."""
    t = _digraphs(token)
    return _collapse("".join(_FINE.get(c, "") for c in t))


@lru_cache(maxsize=200_000)
def coarse_key(token: str) -> str:
    """Coarse phonetic key: consonant classes only (``yusuf``, ``youssef``, ``jusuf`` → ``SB``)."""
    t = _digraphs(token)
    # A leading j/y is the same sound in half the romanisations (Yusuf / Jusuf / Iosif).
    if t[:1] in ("j", "y", "i"):
        t = t[1:]
    return _collapse("".join(_COARSE.get(c, "") for c in t))
