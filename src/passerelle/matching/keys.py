"""Spelling-insensitive keys: consonant skeletons and coarse phonetic classes.

Transliterations of one name disagree mostly on vowels (Muhammad / Mohamed), doubled letters
(Hassan / Hasan) and a few consonant conventions (kh/h, j/dj/g, q/k, ph/f, w/v). A key that
drops vowels and merges those classes makes every common spelling of a name collide, which is
what blocking and variant groups need; generic rules rather than a hand list of names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
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
    ("ck", "k"),  # a k (Beck, Becker), not the kh of Makh
    ("ou", "u"),
)
# Fine skeleton: consonant identity kept, vowels dropped.
_FINE = {
    "b": "b", "c": "k", "d": "d", "f": "f", "g": "g", "j": "j", "k": "k", "l": "l", "m": "m",
    "n": "n", "p": "p", "q": "k", "r": "r", "s": "s", "t": "t", "v": "v", "w": "v", "x": "ks",
    "z": "z", "S": "S", "C": "C", "J": "j", "K": "x", "G": "g", "F": "f", "T": "t", "D": "d",
    "h": "h",
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


def deletions(key: str) -> tuple[str, ...]:
    """Every key one class shorter, each with its doubled classes made one as the key itself
    has them: *Idriscsi* (``drsks``) less its slip is ``drs``, *Idrissi*'s skeleton, not
    ``drss``, which no name files."""
    return tuple(dict.fromkeys(_collapse(key[:i] + key[i + 1 :]) for i in range(len(key))))


def less_one_letter(spelling: str) -> tuple[str, ...]:
    """The spelling less each of its letters, once each (none for three letters or fewer):
    what a slipped letter that is two classes (*x*) or makes a digraph leaves, which no key
    one class shorter reaches (*Mixller* less its *x* is *Miller*)."""
    if len(spelling) <= 3:
        return ()
    return tuple(dict.fromkeys(spelling[:i] + spelling[i + 1 :] for i in range(len(spelling))))


#: The Arabic article as romanisations glue it to a name: *Alshammari*, *Elkhatib*.
GLUED_ARTICLES = ("al", "el")
#: Fewest letters of a name after a glued article (*Elena* is not *na* with an article).
_AFTER_ARTICLE_MIN = 4


def after_glued_article(form: str) -> str:
    """The name a glued article leads (*alshammari* → *shammari*), or ``""`` when the word
    does not start with one or what follows is too short to be a name (*Elena*, *Alina*).
    Blocking files the word under that name's skeleton too, and alignment calls the two
    spellings alike, so *Alshammari* finds and matches *Al-Shammari* and *Shammari*."""
    rest = form[2:]
    return rest if form[:2] in GLUED_ARTICLES and len(rest) >= _AFTER_ARTICLE_MIN else ""


#: Patronymic particles as romanisations glue them to the name after: *Benyoucef*, *Binladin*.
GLUED_PATRONYMS = ("ben", "bin", "ibn")
#: Fewest letters of a name after a glued patronymic particle (*Benali* is *Ben Ali*).
_AFTER_PATRONYM_MIN = 3


def after_glued_patronym(form: str) -> str:
    """The name a glued patronymic particle leads (*benyoucef* → *youcef*, *benali* →
    *ali*), or ``""``. A name written *Chokri Ben Youcef* on a passport and *Chokri
    Benyoucef* on a list has the core parts *youcef* and *benyoucef* (the particle written
    apart is not a core part), which alignment found 0.69 alike: the pair scored 0.07 on its
    very birth year. Alignment calls the two spellings alike, as it does a glued article's
    (``align._glued_sim``); blocking already files the two written as one
    (``blocking._patronymic_key``). The remainder must have three letters or more (*Bena* is
    no *Ben A*); a *Jamin* meets a *Benjamin* as a glued *Ben Jamin* would."""
    head = form[:3]  # every particle is three letters: one slice, one set look-up
    if head in _PATRONYM_HEADS and len(form) - 3 >= _AFTER_PATRONYM_MIN:
        return form[3:]
    return ""


_PATRONYM_HEADS = frozenset(GLUED_PATRONYMS)
#: The first two letters of every glued article and patronymic particle: a word that starts
#: otherwise has none, which is all most words are asked (``align`` asks every pair).
_GLUED_HEADS = frozenset(p[:2] for p in (*GLUED_ARTICLES, *GLUED_PATRONYMS))


def after_glued_particle(form: str) -> str:
    """The name a glued article or patronymic particle leads (``after_glued_article``,
    ``after_glued_patronym``), or ``""``."""
    if form[:2] not in _GLUED_HEADS:
        return ""
    return after_glued_article(form) or after_glued_patronym(form)


@lru_cache(maxsize=400_000)
def skeleton(token: str) -> str:
    """Consonant skeleton of a folded Latin token: ``mohammed`` → ``mhmd``, ``hassan`` → ``hsn``."""
    t = _digraphs(token)
    return _collapse("".join(_FINE.get(c, "") for c in t))


_DIGRAPH_SOURCE = re.compile("|".join(src for src, _ in _DIGRAPHS))


def joined_skeleton(parts: Sequence[str]) -> str:
    """``skeleton("".join(parts))``, from the parts' own (cached) skeletons where no digraph
    could straddle a seam: an index files every name's parts joined, and those joined strings
    almost never repeat, so skeletonising them letter by letter was a large share of a build.

    Exact: digraphs are replaced before letters are mapped, their outputs are capitals that
    no digraph contains, so a seam changes the result only if a digraph in the source text
    crosses it, which the check below rules out (it looks at three letters each side, the
    longest digraph being four).
    """
    out = ""
    prev = ""
    for part in parts:
        if prev:
            window = prev[-3:] + part[:3]
            if _DIGRAPH_SOURCE.search(window):
                return skeleton("".join(parts))
        sk = skeleton(part)
        out = out + sk[1:] if out and sk and out[-1] == sk[0] else out + sk
        prev = part
    return out


@lru_cache(maxsize=400_000)
def coarse_key(token: str) -> str:
    """Coarse phonetic key: consonant classes only (``yusuf``, ``youssef``, ``jusuf`` → ``SB``)."""
    t = _digraphs(token)
    # A leading j/y is the same sound in half the romanisations (Yusuf / Jusuf / Iosif).
    if t[:1] in ("j", "y", "i"):
        t = t[1:]
    return _collapse("".join(_COARSE.get(c, "") for c in t))


_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=200_000)
def vowel_shape(token: str) -> str:
    """Consonants (fine classes) with every vowel run as ``a``: ``kassem``, ``qasim`` → ``kasam``.

    Two spellings with the same shape differ only in their vowels, which is how most
    romanisations of Arabic, Persian and Cyrillic names differ.

    A leading *y*, or *i* before a vowel, is the consonant *j*: passports issued since the
    ICAO's 2013 table write Cyrillic ю, я as *iu*, *ia* (*Iurii*, *Iakov*, *Iuliia*), where
    older records wrote *Yury*, *Yakov*, *Yulia*; as a vowel that *i* made *Iurii* and *Yury*
    two shapes (``ara`` / ``jara``), 0.54 alike, and *Babich Iurii* scored 0.18 against a
    listed *Yury Babich* born the same day.
    """
    t = _digraphs(token)
    if t[:1] == "i" and t[1:2] in _VOWELS:
        t = "y" + t[1:]
    out: list[str] = []
    for i, c in enumerate(t):
        if c in _VOWELS and not (c == "y" and i == 0):
            out.append("a")
        elif c == "w" and 0 < i < len(t) - 1 and t[i - 1] in _VOWELS:
            out.append("a")  # ow/aw diphthongs are vowels
        else:
            out.append(_FINE.get(c, "j" if c == "y" else c))
    return _collapse("".join(out))


def hard_g_reading(key: str) -> str:
    """A vowel shape or skeleton (``vowel_shape``, ``skeleton``) with *g* read as *j*: ج is
    *g* in Egyptian and Gulf romanisations (*Gamal*, *Gebran*) and *j* or *dj* in the
    others (*Jamal*, *Djibril*)."""
    return key.replace("g", "j")


_FIRST = {
    "a": "V", "e": "V", "i": "V", "o": "V", "u": "V", "y": "J", "j": "J", "J": "J",
    "h": "H", "K": "H", "w": "W", "v": "B", "b": "B", "p": "B", "f": "B", "F": "B",
    "g": "K", "k": "K", "q": "K", "c": "K", "G": "K", "C": "S", "S": "S", "s": "S", "z": "S",
    "Z": "S", "x": "S", "d": "T", "t": "T", "T": "T", "D": "T", "l": "L", "r": "R", "m": "M",
    "n": "N",
}  # fmt: skip
_COMPATIBLE = frozenset(frozenset(p) for p in ("VH", "VJ", "VW", "WB", "KH", "KJ", "JS", "TS"))


@lru_cache(maxsize=200_000)
def first_sound(token: str) -> str:
    """Class of a token's first sound (vowel, labial, velar...), digraph-aware."""
    t = _digraphs(token[:3])
    return _FIRST.get(t[:1], "?")


def same_onset(a: str, b: str) -> bool:
    """Do two spellings start with the same or an interchangeable sound (G/H, J/Y, O/W...)?"""
    fa, fb = first_sound(a), first_sound(b)
    return fa == fb or frozenset((fa, fb)) in _COMPATIBLE


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable of two letters or more (about 410), read from
    pypinyin's character table."""
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    out: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            bare = unicodedata.normalize("NFD", reading)
            word = "".join(c for c in bare if c.isascii() and c.isalpha())
            if len(word) >= 2:
                out.add(word)
    # Interjections and rare readings that are also spellings of other names (Wong is the
    # Cantonese Wang, Lo the Cantonese Luo).
    return frozenset(out - {"hm", "hng", "ng", "wong", "bong", "lo", "yo", "ei", "fiao"})


#: Letters in the longest pinyin syllable (zhuang, shuang).
_LONGEST_SYLLABLE = 6


def pinyin_word(word: str) -> bool:
    """Whether a folded word is one to three pinyin syllables (li, xiaoming, zhiwei)."""
    return pinyin_syllable_count(word) is not None


#: Expressions that match a word spelled in exactly one, two and three syllables of a set.
SyllablePatterns = tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]


#: Syllables by their letters, one level a letter; the key "" marks a syllable's end.
_Trie = dict[str, "_Trie"]


@lru_cache(maxsize=200_000)
def pinyin_syllable_count(word: str) -> int | None:
    """The fewest pinyin syllables (one to three) that spell a folded word, or None."""
    if not 2 <= len(word) <= 18:
        return None
    return fewest_syllables(word, _pinyin_patterns())


@lru_cache(maxsize=1)
def _pinyin_patterns() -> SyllablePatterns:
    return syllable_patterns(pinyin_syllables())


def syllable_patterns(syllables: Iterable[str]) -> SyllablePatterns:
    """``fewest_syllables``'s expressions for a set of syllables (of at most
    ``_LONGEST_SYLLABLE`` letters). The alternatives are nested by shared prefix (*zh*,
    *zhu*, *zhuang*), so a word that starts no syllable fails at its first letters. The
    expression engine does in C what a loop over cut points did in Python, five times
    faster a word; it matters because bulk screening asks this of most words it compares,
    few of which spell syllables, and at a million persons too few repeat for the cache to
    spare the test."""
    trie: _Trie = {}
    for syllable in syllables:
        if 0 < len(syllable) <= _LONGEST_SYLLABLE:
            node = trie
            for letter in syllable:
                node = node.setdefault(letter, {})
            node[""] = {}
    one = f"(?:{_alternatives(trie)})"
    return (re.compile(one), re.compile(one * 2), re.compile(one * 3))


def _alternatives(node: _Trie) -> str:
    """A trie's words as one expression, alternatives nested by shared prefix."""
    return "|".join(
        re.escape(letter) + _tail(child) for letter, child in sorted(node.items()) if letter
    )


def _tail(node: _Trie) -> str:
    """What may follow a trie node: nothing (a word ends there), or one of its branches."""
    body = _alternatives(node)
    if not body:
        return ""
    return f"(?:{body})?" if "" in node else f"(?:{body})"


def fewest_syllables(word: str, patterns: SyllablePatterns) -> int | None:
    """The fewest syllables (three at most) of a set that spell ``word``, or None (pinyin
    here, Wade-Giles in ``wade_giles``; ``patterns`` from ``syllable_patterns``)."""
    for count, pattern in enumerate(patterns, start=1):
        if pattern.fullmatch(word):
            return count
    return None
