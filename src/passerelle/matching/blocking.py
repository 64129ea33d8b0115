"""Blocking keys: the cheap keys under which a name is filed, chosen for recall.

Every spelling a name is likely to take must share at least one key with it: so each core
part files under its exact spelling, its consonant skeleton and its coarse phonetic class,
for each candidate romanisation, and adjacent parts also file joined (Abdul Rahman /
Abdulrahman). Particles and honorifics file nothing: they are too common to find anyone.
Keys are hashed to 64-bit integers (stable across processes, unlike ``hash()``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from hashlib import blake2b

from passerelle.matching import particles, text, translit
from passerelle.matching.analysis import AnalysedName, Token
from passerelle.matching.keys import (
    after_glued_article,
    coarse_key,
    deletions,
    joined_skeleton,
    less_one_letter,
    skeleton,
)
from passerelle.matching.variants import other_forms
from passerelle.matching.wade_giles import pinyin_readings

#: Weight of each key family when ranking candidates (before rarity).
EXACT, SKELETON, COARSE, JOINED, DOCUMENT, BIRTH_YEAR, TYPO = 1.0, 0.8, 0.5, 0.7, 4.0, 0.6, 0.4


@lru_cache(maxsize=65_536)
def key_hash(key: str) -> int:
    """Stable 64-bit hash of a key string (BLAKE2b, eight bytes).

    Two keys that hash alike file their records together, and a query looking up one gets
    the other's records with its weight. The hash was two CRC-32s with different seeds; but
    a CRC is affine in its seed, so two keys of one length that collide on one collide on
    both: 32 bits, not 64, among some 25 million keys at a million persons. A traveller's
    document key ``d|916275674`` met a Portuguese name's joined key ``j|nvsntnsrg``, and
    that person, born five years apart, came in with a document's weight and exempt from
    the date filter (``Reach.skip_dob_conflicts``), pushing the listed person out of the
    three candidates scored. BLAKE2b costs some 0.4 µs more a new key.

    Its callers cache their own keys, so what reaches this cache is mostly new: replaying a
    bulk worker's calls, 65,536 entries answer 22 % of them, 500,000 entries 33 %, for some
    65 MB more in every worker."""
    return int.from_bytes(blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


#: Prefix of the keys that file a record under one exact spelling of a name part.
SPELLING = "t|"


def spelling_key(word: str) -> int:
    """The key a record is filed under for one exact folded spelling of a name part."""
    return key_hash(SPELLING + word)


@lru_cache(maxsize=100_000)
def _native_forms(script: str, native: str) -> tuple[str, ...]:
    model = translit.model_for(script)
    return tuple(model.generate(native, n=6, beam=12)) if model is not None else ()


def _blocking_forms(tok: Token) -> tuple[str, ...]:
    """Spellings a part files under: its first three candidates and, for native-script parts,
    the learned model's six likeliest romanisations (blocking wants recall)."""
    if tok.script == text.LATIN or not tok.forms or tok.tag:
        return tok.forms[:3]
    return tuple(dict.fromkeys(tok.forms[:3] + _native_forms(tok.script, tok.native)))


def name_keys(
    name: AnalysedName, query: bool = False, common: Callable[[str], bool] | None = None
) -> dict[int, float]:
    """Hashed keys of one analysed name, with their family weight.

    A typo that drops or adds a consonant changes every key above; so records also file
    each one-consonant deletion of their skeletons (``k|``), and a query looks its skeleton
    up there (it lost a consonant) and its own deletions among the skeletons (it gained one).
    Where two families give one key (a query's deletion that is another part's skeleton),
    the stronger weight stands.

    ``common`` (a query's: ``CandidateIndex.common_word``) tells which parts are spelled as so
    many listed persons' names that the candidate step does not count their spelling: such
    a part looks up no other form of itself either (``_part_keys``). A nickname's records
    outranked the name's own before: for a traveller *John Badker*, *John* counted nothing
    while its form *Jack* counted as a rare name, and forty *Jack*s, born in the traveller's
    year or without a date, filled the candidates ahead of the listed *John Barker*.
    """
    keys: dict[int, float] = {}
    core = [t for t in name.core if len(t.latin) > 1]
    for tok in core:
        if query:
            forms = common is None or not common(tok.latin)
            for k, w in _part_keys(tok, query, forms):
                if keys.get(k, 0.0) < w:
                    keys[k] = w
        else:
            # A record's key families never share a key (each has its prefix), so a key has
            # one weight whichever part gave it.
            keys.update(_part_keys(tok, query))
    for left, right in itertools.pairwise(core):
        keys.setdefault(_joined_key((left.latin, right.latin)), JOINED)
        if query:
            for read_as in _joined_readings(left.latin, right.latin):
                keys.setdefault(read_as, COARSE)
    if len(core) > 2:
        keys.setdefault(_joined_key(tuple(t.latin for t in core)), JOINED)
    for left, right in itertools.pairwise(name.tokens):
        if left.tag == particles.PATRONYMIC and right.is_core and len(right.latin) > 1:
            key = _patronymic_key(left.latin, right.latin)
            if key is not None:
                keys.setdefault(key, SKELETON)
    return keys


@lru_cache(maxsize=50_000)
def _patronymic_key(particle: str, part: str) -> int | None:
    """The skeleton key of a patronymic particle and the part after it written as one word:
    *Ben Ali* is also filed as *Benali*, a Maghreb surname in its own right, so that either
    spelling finds the other (a query's single word files its skeleton; the particle alone
    files nothing, and *Ali* is too short for a skeleton key of its own). At a million persons
    the records of *Mohamed Ben Ali* were outranked by forty *Benali*s born the same years for
    a traveller written *Benali Mohamed*."""
    sk = skeleton(particle + part)
    return key_hash("s|" + sk) if len(sk) >= 3 else None


@lru_cache(maxsize=50_000)
def _joined_readings(left: str, right: str) -> tuple[int, ...]:
    """The spelling and skeleton keys of the pinyin readings of two adjacent parts written as
    one (``wade_giles.pinyin_readings``): a given name in Wade-Giles is hyphenated, *Chia-Hao*,
    where pinyin writes *Jiahao* as one word, so neither part alone shares a key with it."""
    keys = (k for form in sorted(pinyin_readings(left + right)) for k in _other_form_keys(form))
    return tuple(key_hash(k) for k in dict.fromkeys(keys))


def _other_form_keys(form: str) -> tuple[str, ...]:
    """The keys a query looks up for another form of one of its parts (a given name's other
    form, a Wade-Giles reading): its spelling and, if long enough, its skeleton."""
    sk = skeleton(form)
    return (SPELLING + form, "s|" + sk) if len(sk) >= 2 else (SPELLING + form,)


@lru_cache(maxsize=100_000)
def _joined_key(parts: tuple[str, ...]) -> int:
    """The key of parts written as one (cached: of a million persons' adjacent name parts,
    about three in four pairs were met before, and skeletonising them was a tenth of a
    build). 100,000 entries are some 20 MB in every process that keys names; replaying a
    bulk worker's calls, 300,000 answered 33.4 % of them and 100,000 32.4 %."""
    return key_hash("j|" + joined_skeleton(parts))


@lru_cache(maxsize=100_000)
def _part_keys(tok: Token, query: bool, forms: bool = True) -> tuple[tuple[int, float], ...]:
    """One name part's own keys (cached: building an index of a million persons meets the
    same parts again and again, and their keys were most of its cost). An entry holds about
    25 keys, some 750 bytes: the cache stays under 80 MB. ``forms``: a query's part also looks
    up its other forms (see ``name_keys``)."""
    keys: dict[str, float] = {}
    for form in _blocking_forms(tok):
        keys[SPELLING + form] = EXACT
        sk = skeleton(form)
        if len(sk) >= 2:
            keys.setdefault("s|" + sk, SKELETON)
        ck = coarse_key(form)
        if len(ck) >= 2:
            keys.setdefault("c|" + ck, COARSE)
        rest = after_glued_article(form)
        if rest:
            # Alshammari is Al-Shammari: filed as Shammari's spelling and sounds too, a
            # little below its own (the article may be a name's first letters: Alberto).
            keys.setdefault(SPELLING + rest, SKELETON)
            keys.setdefault("s|" + skeleton(rest), SKELETON)
            ck = coarse_key(rest)
            if len(ck) >= 2:
                keys.setdefault("c|" + ck, COARSE)
    if query and forms:
        # A nickname or another language's form of a given name (Bob / Robert, Mykola /
        # Nikolay) shares no key with it: the query looks up each such form's own spelling
        # and skeleton, weighted as a loose sound so that the records spelled as the
        # traveller is keep their places (``_unlike_forms``). Records file nothing more.
        # Likewise a Chinese name in Wade-Giles and its pinyin readings (Hsu / Xu).
        for form in (*_unlike_forms(tok.latin), *sorted(pinyin_readings(tok.latin))):
            for key in _other_form_keys(form):
                keys.setdefault(key, COARSE)
    sk = skeleton(tok.latin)
    if query and len(sk) >= 3:
        keys.setdefault("k|" + sk, TYPO)
    if len(sk) >= 4:
        for deleted in deletions(sk):
            keys.setdefault(("s|" if query else "k|") + deleted, TYPO)
    if query:
        # A slipped letter that is two classes (x: ks) or makes a digraph (Shara for Sara)
        # leaves no skeleton one class shorter: the query also looks up the skeleton of
        # its spelling less each letter.
        for shorter in sorted({skeleton(spelling) for spelling in less_one_letter(tok.latin)}):
            if len(shorter) >= 3 and shorter != sk:
                keys.setdefault("s|" + shorter, TYPO)
    return tuple((key_hash(k), w) for k, w in keys.items())


def clear_caches() -> None:
    """Forget cached keys (they depend on the transliteration models' romanisations)."""
    _native_forms.cache_clear()
    _part_keys.cache_clear()
    _joined_key.cache_clear()
    _joined_readings.cache_clear()
    _patronymic_key.cache_clear()
    year_key.cache_clear()
    soft_c_reading.cache_clear()
    typo_year_keys.cache_clear()
    year_deletion_keys.cache_clear()
    year_lookup_key.cache_clear()


def birth_year_keys(
    name: AnalysedName, years: Iterable[int], typo_year: int | None = None
) -> dict[int, float]:
    """Keys pairing each core part's coarse key with a birth year: a common name born in a
    given year is a short list even when the name alone is a long one.

    A query passes its own birth year as ``typo_year`` to also look up, in that year only,
    each part's key one sound class shorter (``typo_year_keys``, weight ``TYPO``), as
    ``name_keys`` does with skeletons (the year either side tripled the cost for little): a
    traveller *Diegto Hernández* gained a letter, and among the hundreds of *Hernández* born
    within a year of him the listed *Diego Hernández* shared no key that the others did not.
    In that year too, and with that weight, it looks up the other forms of a given name
    (``variants``: *Mykola* for *Nikolay*)."""
    out: dict[int, float] = {}
    for tok in name.core:
        spellings = (tok.latin, after_glued_article(tok.latin), soft_c_reading(tok.latin))
        for year in years:
            for spelling in filter(None, spellings):
                key = year_key(spelling, year)
                if key is not None:
                    out[key] = BIRTH_YEAR
        if typo_year is not None:
            for key in typo_year_keys(tok.latin, typo_year):
                out.setdefault(key, TYPO)
            key = year_lookup_key(tok.latin, typo_year)
            if key is not None:
                out.setdefault(key, TYPO)
            for form in _unlike_forms(tok.latin):
                key = year_key(form, typo_year)
                if key is not None:
                    out.setdefault(key, TYPO)
    return out


def filed_year_keys(name: AnalysedName, year: int) -> list[int]:
    """The birth-year keys a record files for one of its names: each core part's
    (``year_key``) and those of its spelling less a consonant (``year_deletion_keys``). A
    query looks them up through ``birth_year_keys``."""
    keys: list[int] = []
    for tok in name.core:
        for spelling in filter(None, (tok.latin, soft_c_reading(tok.latin))):
            key = year_key(spelling, year)
            if key is not None:
                keys.append(key)
        keys.extend(year_deletion_keys(tok.latin, year))
    return keys


_SOFT_C = re.compile(r"c(?=[eiy])")


@lru_cache(maxsize=200_000)
def soft_c_reading(latin: str) -> str:
    """The spelling with a *c* before *e*, *i* or *y* read as *s*, or ``""`` when it has none.

    The keys read every *c* as *k*, as most spellings mean it (*Carlos*, *Kocak*), but French
    romanisations of Maghrebi names write the *s* of *Youssef*, *Yassine* or *Hocine* as a soft
    *c*: *Youcef*, *Yacine*, *Lahcen*. A traveller *Ben Youcef Ibrahim* listed as *Ibrahim
    Ben Youssef* on his very date shared with him only the birth-year key of *Ibrahim*, and
    some fifty listed *Youcef* born within a year of him, sharing the rarer keys of that
    spelling, came first. Only birth-year keys read it so, on both sides: *Youssef*'s own keys
    are too common to be looked up, and within one year they are a list short enough to count.
    """
    read = _SOFT_C.sub("s", latin) if "c" in latin else latin
    return read if read != latin else ""


def _unlike_forms(latin: str) -> list[str]:
    """The other forms of a given name (``variants``) that sound unlike it: a form that
    sounds like it (*Yury* / *Yuriy*) has its records filed under its keys already, and more
    weight would only crowd out the others."""
    own = coarse_key(latin)
    return [form for form in other_forms(latin) if coarse_key(form) != own]


@lru_cache(maxsize=200_000)
def typo_year_keys(latin: str, year: int) -> tuple[int, ...]:
    """The birth-year keys of one core part's spelling with its coarse key one class shorter
    (none for a key of fewer than three classes): what a query with a letter too many looks
    up (``birth_year_keys``)."""
    ck = coarse_key(latin)
    if len(ck) < 3:
        return ()
    shorter = dict.fromkeys(deletions(ck))
    for spelling in less_one_letter(latin):  # as for the skeletons (``_part_keys``)
        less = coarse_key(spelling)
        if len(less) >= 2 and less != ck:
            shorter.setdefault(less)
    return tuple(key_hash(f"y|{year}|{deleted}") for deleted in shorter)


@lru_cache(maxsize=200_000)
def year_deletion_keys(latin: str, year: int) -> tuple[int, ...]:
    """A record's keys for a core part that lost a letter: its coarse key one class shorter,
    paired with its birth year (``z|``). The query looks its own coarse key up there, in its
    own birth year (``year_lookup_key``).

    A traveller *Khaa Ali* (listed *Khan Ali*, born the same day), *Peter Kicg* (*Peter
    King*) or *Neuann Michael* (*Michael Neumann*) shares no key with the listed person but
    the given name's, which thousands share: a short name less one consonant is a one- or
    two-letter key that alone would find everyone, but within one birth year it is a list of
    hundreds, and next to the given name's keys it sets the listed person apart.

    Longer names file their skeletons' deletions without a year too (``k|``, from four
    consonants), but those lists are long: *Rahmani* less its *h* is filed among 12,699
    persons at a million, a common key the candidate step skips. A traveller *Ramani Mohamed*
    born in 1994, listed as *Mohamed Rahmani*, then shared nothing with him but the given
    name's keys, and ranked 5,185th among the *Mohamed*s born that year. Within the year the
    key is a list of a few hundred. In the 1 M × 1 M benchmark, filing every part so (not
    only short ones) found 15 more planted travellers of 20,000 and lost 4, for 12 more hits
    on someone else; the index file grew by 5 % and the run's peak by 187 MB, and neither
    the sample's screening CPU nor a one-core build measurably moved. Looking the query's own
    deletions up there as well (a substituted letter) found 2 more of the first 2,004 but
    lost 6."""
    ck = coarse_key(latin)
    if len(ck) < 2:
        return ()
    return tuple(key_hash(f"z|{year}|{deleted}") for deleted in deletions(ck))


@lru_cache(maxsize=200_000)
def year_lookup_key(latin: str, year: int) -> int | None:
    """The key under which a query's core part finds the records whose part has one
    consonant more (``year_deletion_keys``); None for a part without a consonant."""
    ck = coarse_key(latin)
    return key_hash(f"z|{year}|{ck}") if ck else None


@lru_cache(maxsize=200_000)
def year_key(latin: str, year: int) -> int | None:
    """The birth-year key of one core part's spelling (``birth_year_keys``), None for a
    part without a consonant.

    A part of one sound class has one too: its skeleton is too short for a key, so *Ayari*
    (``R``) filed nothing a traveller's *Ayri* could share, and *Ali*, whose spelling is
    filed under some 30,000 of a million persons and skipped as too common, left a
    traveller *Ali Karim* (family name first) only the keys of *Karim*, tied with every
    *Karim* born that year, where within one year *Ali* is a list short enough to count."""
    ck = coarse_key(latin)
    return key_hash(f"y|{year}|{ck}") if ck else None


def document_key(number: str) -> int:
    """Hashed key of a normalised document number (any state: the state is checked later)."""
    return key_hash("d|" + number)
