"""Chinese names in Wade-Giles: *Kao Kai* is 高凯, *Gao Kai* in pinyin.

Taiwanese passports, and older records from anywhere, romanise Chinese names in Wade-Giles
or spellings derived from it (*Chang*, *Hsu*, *Tsai*, *Chen Tzu-Hsuan*), where the matcher's
readings of Han characters are pinyin (*Zhang*, *Xu*, *Cai*, *Chen Zixuan*). No spelling
rule brings *Hsu* to *Xu* or *Tzu* to *Zi*, and the learned transliteration model, trained
on pinyin, finds *Kao* a poor spelling of 高: a Taiwanese traveller was missed against a
listed person written in characters, or in pinyin.

pypinyin converts each pinyin syllable to Wade-Giles; the table here is that conversion,
turned round, with the apostrophes of aspiration and the umlaut dropped as passports drop
them (*K'ai* is printed *Kai*, *Hsü* *Hsu*). Two uses:

- a Han part gets its Wade-Giles reading among its romanisations (``reading``,
  ``translit.romanise``): a Latin name in Wade-Giles then meets it as a pinyin one does;
- a Latin part that is Wade-Giles and not pinyin (*Hsu*, *Tzu-Hsuan*, *Chiang*) is another
  form of its pinyin readings (``pinyin_readings``, ``same_reading``): the alignment scores
  the pair as two forms of one given name (``align.OTHER_FORM``), not as one spelling, and a
  query looks those readings' keys up too (``blocking``), and so do two parts written
  apart that read as one pinyin word (*Chia-Hao* / *Jiahao*).

Printed without its apostrophes, a Wade-Giles syllable is often a pinyin one as well:
*Chang* is 张 (*Zhang*) in Wade-Giles and 常 (*Chang*) in pinyin, *Kao* is 高 (*Gao*) or
考, *Chao* 赵 (*Zhao*) or 晁. Both readings are kept: the date of birth tells such namesakes
apart, where reading *Chang* as pinyin only missed the Taiwanese spelling of two of the
commonest family names (at 20,000 travellers against a million persons, a planted *Kao Kai*
listed as 高凯 / *Gao Kai* was missed; names-dev's quality did not move; docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from passerelle.matching.chinese_spellings import pinyin_of
from passerelle.matching.keys import (
    SyllablePatterns,
    fewest_syllables,
    pinyin_syllables,
    pinyin_word,
    syllable_patterns,
)

#: Letters in the longest Wade-Giles syllable as printed (chuang, hsiung).
_LONGEST = 6
#: Readings kept for one word: each ambiguous syllable (*chu* is zhu, chu, ju or qu)
#: multiplies them.
_MAX_READINGS = 16


def _printed(wade_giles: str) -> str:
    """A Wade-Giles spelling as a passport prints it: no apostrophe, no umlaut."""
    return wade_giles.replace("'", "").replace("’", "").replace("ü", "u").replace("v", "u")


@lru_cache(maxsize=1)
def syllables() -> dict[str, frozenset[str]]:
    """Each printed Wade-Giles syllable and the pinyin syllables it spells."""
    from pypinyin import Style
    from pypinyin.style import convert

    table: dict[str, set[str]] = {}
    for syllable in pinyin_syllables():
        wade_giles = _printed(convert(syllable, Style.WADEGILES, strict=False))
        if wade_giles:
            table.setdefault(wade_giles, set()).add(syllable)
    return {wg: frozenset(found) for wg, found in table.items()}


@lru_cache(maxsize=1)
def _patterns() -> SyllablePatterns:
    return syllable_patterns(syllables())


@lru_cache(maxsize=100_000)
def reading(han: str) -> str:
    """The Wade-Giles reading of a Han word as printed (高凯 → ``kaokai``), or ""."""
    from pypinyin import Style, lazy_pinyin

    return "".join(_printed(s) for s in lazy_pinyin(han, style=Style.WADEGILES, errors="ignore"))


@lru_cache(maxsize=100_000)
def pinyin_readings(word: str) -> frozenset[str]:
    """The pinyin spellings of a folded Latin word read as one to three Wade-Giles
    syllables (``hsuan`` → ``xuan``, ``tzuhsuan`` → ``zixuan``, ``chiang`` → ``jiang``,
    ``chang`` → ``zhang``) or as a family name's spelling in neither system
    (``chinese_spellings``: ``lee`` → ``li``, ``wong`` → ``wang``, ``huang``), the word
    itself left out; empty when no such reading exists."""
    if not 2 <= len(word) <= 18 or not word.isascii():
        return frozenset()
    found: set[str] = set(pinyin_of(word))
    table = syllables()
    fewest = fewest_syllables(word, _patterns())
    if fewest is None:
        found.discard(word)
        return frozenset(found)
    for spelled in _spellings(word, fewest, table):
        found.add(spelled)
        if len(found) >= _MAX_READINGS:
            break
    found.discard(word)
    return frozenset(found)


def _spellings(word: str, parts: int, table: dict[str, frozenset[str]]) -> Iterator[str]:
    """Pinyin spellings of ``word`` cut into exactly ``parts`` Wade-Giles syllables."""
    for cut in range(min(len(word), _LONGEST), 0, -1):
        head, rest = word[:cut], word[cut:]
        if head not in table or bool(rest) != (parts > 1):
            continue
        for syllable in sorted(table[head]):
            if not rest:
                yield syllable
            else:
                for tail in _spellings(rest, parts - 1, table):
                    yield syllable + tail


@lru_cache(maxsize=1)
def _printed_of() -> dict[str, str]:
    """Each pinyin syllable and its Wade-Giles spelling as printed (``zhang`` → ``chang``)."""
    out: dict[str, str] = {}
    for wade_giles, readings in sorted(syllables().items()):
        for syllable in readings:
            out.setdefault(syllable, wade_giles)
    return out


@lru_cache(maxsize=50_000)
def other_spellings(name: str) -> tuple[str, ...]:
    """A Latin name spelled in the other system, for the re-ranking's quick whole-name
    similarity (``Screener._rerank``), which compares spellings: at most two, each differing
    from ``name``.

    - Each pinyin word of one syllable in Wade-Giles as printed (*Zhang Yu* → *chang yu*):
      a traveller *Zhang Yu* against a person listed as *Chang Yu* on the traveller's date
      was ranked 17th of forty candidates, below every *Zhang Yu* listed with a birth year
      only, and never scored.
    - Each word that is Wade-Giles and not pinyin in its alphabetically first pinyin
      reading (*Hsu Li* → *xu li*). A word that is both (*chang*) is left to the
      blocking's readings: which of its pinyin readings is meant, only the record can say.
    """
    words = name.split()
    printed = _printed_of()
    found = (
        " ".join(printed.get(word, word) for word in words),
        " ".join(
            word if pinyin_word(word) else min(pinyin_readings(word), default=word)
            for word in words
        ),
    )
    return tuple(other for other in dict.fromkeys(found) if other != " ".join(words))


def same_reading(a: str, b: str) -> bool:
    """Whether one folded Latin word is the other's Wade-Giles (*Hsu* / *Xu*). A reading is
    pinyin, so the other word is asked first whether it is (cached, and false for most
    pairs of names)."""
    return (pinyin_word(b) and b in pinyin_readings(a)) or (
        pinyin_word(a) and a in pinyin_readings(b)
    )
