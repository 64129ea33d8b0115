"""Unicode clean-up, script detection and Latin folding: the first step of every name analysis.

Names arrive in any script, with compatibility characters (full-width letters, ligatures),
invisible joiners and transliteration marks (ʿ ʾ). Everything downstream works on NFKC,
case-folded text split into tokens, and on an ASCII folding of Latin tokens.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

#: Scripts we transliterate with our own tables or models; anything else goes through anyascii.
LATIN = "latin"
ARABIC = "arabic"
PERSIAN = "persian"
CYRILLIC = "cyrillic"
GREEK = "greek"
HEBREW = "hebrew"
HAN = "han"
HANGUL = "hangul"
KANA = "kana"
OTHER = "other"

_PERSIAN_LETTERS = frozenset("پچژگکی")
# Apostrophe-like marks, ayn/hamza letters used in scholarly romanisation, joiners, tatweel.
_MARKS = re.compile("['`´‘’ʻʼʽʾʿˈ\u200b-\u200f\u2060\ufeff\u0640]")
_ASCII_LETTER = re.compile("[A-Za-z]")
_SEPARATORS = re.compile(r"[·・‧\s\-‐‑‒–—_.,;:/\\|()\[\]{}\"«»„“”<>+*&!?#@~=0-9]+")


@lru_cache(maxsize=4096)
def char_script(char: str) -> str:
    """The script of one letter, from its Unicode name (cheap and needs no table)."""
    if char.isascii():
        return LATIN if char.isalpha() else OTHER
    try:
        first = unicodedata.name(char).split(" ", 1)[0]
    except ValueError:
        return OTHER
    return {
        "LATIN": LATIN,
        "ARABIC": ARABIC,
        "CYRILLIC": CYRILLIC,
        "GREEK": GREEK,
        "HEBREW": HEBREW,
        "CJK": HAN,
        "HANGUL": HANGUL,
        "HIRAGANA": KANA,
        "KATAKANA": KANA,
    }.get(first, OTHER if not char.isalpha() else first.lower())


def script_of(text: str) -> str:
    """The dominant script of a text; Arabic script with Persian-only letters is ``persian``.
    Uncached: for whole names, which rarely repeat (``detect_script`` caches name parts)."""
    if text.isascii():
        # one search in C, not a generator over the letters: screening detects the script of
        # every name of every candidate it scores, and those names rarely repeat
        return LATIN if _ASCII_LETTER.search(text) else OTHER
    # A plain dict rather than a Counter: this runs on every name an index files.
    counts: dict[str, int] = {}
    for c in text:
        if c.isalpha():
            s = char_script(c)
            counts[s] = counts.get(s, 0) + 1
    counts.pop(OTHER, None)
    if not counts:
        return OTHER
    script = max(counts, key=counts.__getitem__)
    if script == ARABIC and any(c in _PERSIAN_LETTERS for c in text):
        return PERSIAN
    return script


#: ``script_of``, cached: name parts repeat across names.
detect_script = lru_cache(maxsize=262_144)(script_of)


def clean(text: str) -> str:
    """NFKC, case-fold, drop apostrophes/ayn marks/joiners: the form every script starts from."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _MARKS.sub("", text)


def split_tokens(text: str) -> list[str]:
    """Split a cleaned name on spaces, hyphens and punctuation; digits are not name parts."""
    return [t for t in _SEPARATORS.split(text) if t]


_NOT_AZ = re.compile("[^a-z]+")


@lru_cache(maxsize=262_144)
def fold_latin(token: str) -> str:
    """ASCII-fold a Latin token (``müller`` → ``muller``, ``ß`` → ``ss``), keeping only a-z."""
    folded = token if token.isascii() else anyascii(token).lower()
    return _NOT_AZ.sub("", folded)
