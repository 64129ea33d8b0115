"""Synthetic passenger manifests with planted watchlist matches, for scale and recall tests.

``write_manifest`` reads a ``watchlist.jsonl`` written by ``write_watchlist`` and writes
``manifest.csv`` (and/or ``manifest.edi``, PAXLST) plus ``truth.csv``: a fraction of the
travellers are *variants* of watchlist persons (another romanisation, typos, reordered or
shortened names, dropped particles, partial or slightly wrong dates of birth, the native
script), the rest are synthetic travellers from the same name books who are not on the
watchlist. The truth file says which row is whom and how the name was altered, so a benchmark
can measure recall and precision against it.

Why this shape: a matcher that is only tested on exact copies learns nothing; one tested on
random noise learns the wrong thing. The variants are the ones border officers meet (the name
books carry the romanisations real documents use), and the decoys come from the same books, so
neither the name origin nor the nationality gives a planted row away. A decoy that a matcher
could not tell from a watchlist person (the same names up to the spellings the books list,
their order, a middle name or particle, or one keyboard slip in one word, with a date of birth
a planted variant could show) is drawn again: the truth file would call it a false hit
although any screening must report it.

Everything streams: memory grows with the watchlist (a compact hash of each name and date) and
the number of planted rows, never with the manifest. Output is deterministic per seed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from passerelle.formats import (
    PaxlstHeader,
    Traveller,
    TravellerRole,
    write_manifest_csv,
    write_paxlst,
)
from passerelle.matching import variants
from passerelle.matching.dob import CLOSE_DAYS
from passerelle.matching.identifiers import confusable_form
from passerelle.model.dates import PartialDate
from passerelle.model.records import DocumentType, Sex, normalise_identifier
from passerelle.services.demo import identifiers, naming
from passerelle.services.demo.generator import PROGRESS_EVERY, Progress
from passerelle.services.demo.namebook import book_for, name_books
from passerelle.services.demo.persons import DIASPORA, nationalities
from passerelle.services.demo.sampling import Weighted, chance
from passerelle.services.demo.scripts import article_variants, feminine

MANIFEST_NAME = "manifest.csv"
PAXLST_NAME = "manifest.edi"
TRUTH_NAME = "truth.csv"
FORMATS = ("csv", "paxlst")

#: Travellers per flight or sailing (one PAXLST passenger message and one crew message).
FLIGHT_SIZE = 250
CREW_PER_FLIGHT = 8

#: Name variants (at most one of ``native_script`` and the Latin ones) and DOB variants (one).
NAME_KINDS = ("transliteration", "typo", "reorder", "particle", "middle_dropped")
DOB_KINDS = ("dob_year_only", "dob_shift", "dob_swap", "dob_typo")
KIND_WEIGHTS = Weighted(
    [
        ("transliteration", 26),
        ("typo", 24),
        ("reorder", 10),
        ("particle", 8),
        ("middle_dropped", 6),
        ("native_script", 6),
        ("dob_year_only", 8),
        ("dob_shift", 8),
        ("dob_swap", 4),
        ("dob_typo", 4),
    ]
)
#: How many variant kinds a planted traveller carries.
KIND_COUNT = Weighted([(1, 55), (2, 35), (3, 10)])

PARTICLES = frozenset((
    "al", "el", "ben", "bin", "ibn", "abu", "abou", "ould", "de", "del", "della", "des", "da",
    "das", "dos", "do", "di", "van", "von", "der", "den", "la", "le", "ter", "ten",
))  # fmt: skip
_LEADING_PARTICLES = re.compile(r"(?i)^((?:(?:" + "|".join(sorted(PARTICLES)) + r")[ -])+)(.+)$")
_PARTICLE_SWAPS = {
    "al": ("el",), "el": ("al",), "ben": ("bin", "ibn"), "bin": ("ben",), "ibn": ("bin",),
    "abu": ("abou",), "abou": ("abu",), "de": ("di", "da"), "di": ("de",), "da": ("de",),
    "dos": ("das",), "van": ("von",), "von": ("van",), "der": ("den",), "den": ("der",),
}  # fmt: skip

#: Western Mediterranean sea and air routes (UN/LOCODE) the synthetic travellers use.
ROUTES = (
    ("DZALG", "FRMRS"), ("TNTUN", "FRMRS"), ("TNTUN", "ITGOA"), ("MAPTM", "ESALG"),
    ("MAPTM", "FRSET"), ("DZORN", "ESALC"), ("MATNG", "ESTAR"), ("ITGOA", "TNTUN"),
    ("FRMRS", "DZALG"), ("ESALG", "MAPTM"), ("ITCIV", "TNTUN"), ("ESBCN", "DZALG"),
)  # fmt: skip

_HAN = re.compile("[\u3400-\u9fff]")


# --- name lookups -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lookups:
    """Romanisations the name books carry: native -> Latin forms, Latin -> other Latin forms."""

    latin_of: dict[str, tuple[str, ...]]
    alternatives: dict[str, tuple[str, ...]]


@cache
def lookups() -> Lookups:
    """Built once from every name book (feminine surname forms included)."""
    latin_of: dict[str, list[str]] = {}
    alternatives: dict[str, list[str]] = {}

    def add(native: str, forms: Sequence[str]) -> None:
        known = latin_of.setdefault(native, [])
        known.extend(f for f in forms if f not in known)
        for form in forms:
            alts = alternatives.setdefault(form, [])
            alts.extend(f for f in forms if f != form and f not in alts)

    # A Latin-script name is not romanised: Spanish "Elena" has no other spelling, even though
    # Russian "Елена" is written Elena or Yelena.
    latin_script = {
        token.native
        for book in name_books().values()
        if book.is_latin
        for bag in (book.male, book.female, book.surnames)
        for token in bag.items
    }
    for book in name_books().values():
        if book.is_latin:
            continue
        for bag in (book.male, book.female, book.surnames):
            for token in bag.items:
                add(token.native, token.latin)
        if book.feminine:
            for token in book.surnames.items:
                add(
                    feminine(token.native, book.feminine),
                    [feminine(x, book.feminine) for x in token.latin],
                )
    return Lookups(
        {k: tuple(v) for k, v in latin_of.items()},
        {k: tuple(v) for k, v in alternatives.items() if v and k not in latin_script},
    )


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name split as a manifest prints it: Latin given, middle and family parts, and the
    native spelling when the name is written in another script."""

    given: str
    middle: str
    family: str
    native_given: str = ""
    native_family: str = ""
    native_full: str = ""

    @property
    def latin(self) -> str:
        return " ".join(p for p in (self.given, self.middle, self.family) if p)


def split_name(name: dict[str, str]) -> NameParts:
    """Split a watchlist name (``full``, ``latin``, ``given``, ``family``) into Latin parts.

    The Latin form is one string; its given and family parts are found by looking the native
    tokens up in the name books (``بن علي`` may be ``Benali`` or ``Ben Ali``). Chinese names are
    written family name first.
    """
    latin = name["latin"]
    full = name["full"]
    given, family = name.get("given", ""), name.get("family", "")
    if full == latin:  # Latin script: the parts are given as they are
        # in either order: a Chinese name romanised is often written family name first
        middle = latin
        for part, leads in ((given, True), (family, False)):
            if not part:
                continue
            if middle.startswith(part) and (leads or not middle.endswith(part)):
                middle = middle[len(part) :].strip()
            elif middle.endswith(part):
                middle = middle[: -len(part)].strip()
        return NameParts(given, middle.strip(), family)
    tokens = latin.split()
    if _HAN.search(full):
        return NameParts(" ".join(tokens[1:]), "", tokens[0], given, family, full)
    table = lookups().latin_of
    latin_family = _match(latin, table.get(family, ()), suffix=True) or tokens[-1]
    rest = latin[: -len(latin_family)].strip()
    latin_given = _match(rest, table.get(given, ()), suffix=False) or rest.split()[0]
    middle = rest[len(latin_given) :].strip()
    return NameParts(latin_given, middle, latin_family, given, family, full)


def _match(text: str, forms: Sequence[str], *, suffix: bool) -> str | None:
    best = None
    for form in forms:
        hit = (
            text == form or text.endswith(" " + form)
            if suffix
            else text == form or text.startswith(form + " ")
        )
        if hit and (best is None or len(form) > len(best)):
            best = form
    return best


# --- variants ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Draft:
    """One traveller being built: the name as printed and the date of birth."""

    surname: str
    given: str
    full: str
    dob: str | None
    kinds: list[str] = field(default_factory=list)


def alternative_spellings(part: str) -> list[str]:
    """Other romanisations of a name part (or of one of its words) that the name books list."""
    table = lookups().alternatives
    found = list(table.get(part, ()))
    words = part.split()
    for i, word in enumerate(words):
        for alt in table.get(word, ()):
            found.append(" ".join([*words[:i], alt, *words[i + 1 :]]))
    found += article_variants(part)
    return [f for f in dict.fromkeys(found) if f.casefold() != part.casefold()]


def transliterate_variant(rng: random.Random, parts: NameParts) -> NameParts | None:
    """Another romanisation the name books list for the given name or the surname."""
    options = [("given", alt) for alt in alternative_spellings(parts.given)]
    options += [("family", alt) for alt in alternative_spellings(parts.family)]
    if not options:
        return None
    where, alt = rng.choice(options)
    return replace(parts, given=alt) if where == "given" else replace(parts, family=alt)


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typo(rng: random.Random, word: str, edits: int) -> str:
    """``word`` with ``edits`` keyboard slips (substitution, deletion, insertion, transposition)."""
    chars = list(word)
    for _ in range(edits):
        i = rng.randrange(1, len(chars)) if len(chars) > 1 else 0
        op = rng.randrange(4)
        if op == 0:
            chars[i] = rng.choice(_LETTERS.replace(chars[i].lower(), ""))
        elif op == 1 and len(chars) > 3:
            del chars[i]
        elif op == 2:
            chars.insert(i, rng.choice(_LETTERS))
        elif i + 1 < len(chars) and chars[i].lower() != chars[i + 1].lower():
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars[i] = rng.choice(_LETTERS.replace(chars[i].lower(), ""))
    return "".join(chars)


def typo_variant(rng: random.Random, parts: NameParts) -> NameParts | None:
    """One or two slips in the longest word of the given name or the surname."""
    where = rng.choice(("given", "family"))
    text = parts.given if where == "given" else parts.family
    words = text.split()
    if not words or max(len(w) for w in words) < 4:
        return None
    idx = max(range(len(words)), key=lambda k: len(words[k]))
    edits = 2 if len(words[idx]) >= 7 and chance(rng, 0.3) else 1
    new = typo(rng, words[idx], edits)
    if new.casefold() == words[idx].casefold():
        return None
    words[idx] = new
    changed = " ".join(words)
    return replace(parts, given=changed) if where == "given" else replace(parts, family=changed)


def particle_variant(rng: random.Random, parts: NameParts) -> NameParts | None:
    """The surname without its particle (al-, ben, de, van…), or with another one."""
    family = parts.family
    match = _LEADING_PARTICLES.match(family)
    if not match:
        return None
    lead, rest = match.group(1), match.group(2)
    first = re.split(r"[ -]", lead)[0]
    swaps = _PARTICLE_SWAPS.get(first.lower())
    if swaps and chance(rng, 0.4):
        new = rng.choice(swaps)
        new = new.capitalize() if first[:1].isupper() else new
        return replace(parts, family=new + lead[len(first) :] + rest)
    return replace(parts, family=rest)


def variant_name(rng: random.Random, parts: NameParts, kind: str) -> NameParts | None:
    """Apply one Latin name variant; None when it does not apply to this name."""
    if kind == "transliteration":
        return transliterate_variant(rng, parts)
    if kind == "typo":
        return typo_variant(rng, parts)
    if kind == "particle":
        return particle_variant(rng, parts)
    if kind == "middle_dropped":
        return replace(parts, middle="") if parts.middle else None
    if kind == "reorder":
        return parts if parts.given and parts.given != parts.family else None
    raise ValueError(kind)


def _month_off(year: int, month: int, step: int) -> tuple[int, int]:
    """(year, month) ``step`` months away. A month off crosses into the next or previous year
    (December -> January of the year after), as a slipped date does; wrapping within the year
    would put it eleven months away, which no date rule accepts."""
    at, index = divmod(year * 12 + month - 1 + step, 12)
    return at, index + 1


def digit_slips(dob: str) -> tuple[str, ...]:
    """Every valid full date a clerk could type for ``dob`` by mistyping one digit of its
    month and day, or swapping two neighbouring ones (03-14 -> 03-19, 03-41 is no date,
    03-14 -> 03-41 neither, 12-03 -> 12-30). The year is left alone: a mistyped year reads as
    another person's (the matcher's date rules call it a conflict), so no variant plants one."""
    year, digits = dob[:4], dob[5:7] + dob[8:]
    typed = {digits[:i] + d + digits[i + 1 :] for i in range(4) for d in "0123456789"}
    typed |= {digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :] for i in range(3)}
    out = [
        f"{year}-{t[:2]}-{t[2:]}"
        for t in sorted(typed)
        if t != digits and _valid(int(year), int(t[:2]), int(t[2:]))
    ]
    return tuple(out)


def variant_dob(rng: random.Random, dob: str | None, kind: str) -> str | None:
    """Apply one DOB variant to a full date; None when it does not apply."""
    if dob is None or len(dob) != 10:
        return None
    year, month, day = int(dob[:4]), int(dob[5:7]), int(dob[8:])
    if kind == "dob_year_only":
        return dob[:4]
    if kind == "dob_swap":
        if day > 12 or day == month:
            return None
        return f"{year:04d}-{day:02d}-{month:02d}"
    if kind == "dob_typo":
        return rng.choice(digit_slips(dob))
    if kind == "dob_shift":
        step = rng.choice((-1, 1))
        unit = rng.choice(("day", "month", "year"))
        if unit == "day":
            moved = dt.date(year, month, day) + dt.timedelta(days=step)
            return moved.isoformat()
        if unit == "month":
            year, month = _month_off(year, month, step)
            day = min(day, 28)
        else:
            year += step
            day = min(day, 28) if month == 2 else day
        return f"{year:04d}-{month:02d}-{day:02d}"
    raise ValueError(kind)


def plant(rng: random.Random, parts: NameParts, dob: str | None, *, full_dob: bool) -> Draft:
    """A traveller who is this person under one to three variants, recorded in ``kinds``.

    ``dob`` is the full date the traveller's passport shows; DOB variants apply only when the
    watchlist knew the full date too (``full_dob``): otherwise there is nothing to get wrong.
    """
    wanted = KIND_COUNT.pick(rng)
    kinds: list[str] = []
    listed = parts
    out_dob = dob
    native = False
    for _ in range(30):
        if len(kinds) == wanted:
            break
        kind = KIND_WEIGHTS.pick(rng)
        if kind in kinds:
            continue
        if kind in DOB_KINDS:
            if not full_dob or any(k in DOB_KINDS for k in kinds):
                continue
            new_dob = variant_dob(rng, out_dob, kind)
            if new_dob is None or new_dob == out_dob:
                continue
            out_dob = new_dob
        elif kind == "native_script":
            if not parts.native_full or any(k in NAME_KINDS for k in kinds):
                continue
            native = True
        else:
            if native:
                continue
            changed = variant_name(rng, parts, kind)
            # One variant may undo another (a slip makes Denis Dennis, which the books list
            # as another spelling of Denis): the traveller would show the listed name.
            if changed is None or (kind != "reorder" and changed == listed):
                continue
            parts = changed
        kinds.append(kind)
    if not kinds:  # nothing applied (a bare one-word name without a DOB): misspell it
        parts = replace(parts, family=typo(rng, parts.family, 1))
        kinds.append("typo")
    draft = _draft(parts, out_dob, native=native, reorder="reorder" in kinds)
    draft.kinds = kinds
    return draft


def _draft(parts: NameParts, dob: str | None, *, native: bool, reorder: bool = False) -> Draft:
    if native:
        family, full = parts.native_family, parts.native_full
        if _HAN.search(full):  # family name first, no space
            given = full[len(family) :] if full.startswith(family) else parts.native_given
        else:
            given = full[: -len(family)].strip() if full.endswith(family) else parts.native_given
        return Draft(family, given, full, dob)
    given = " ".join(p for p in (parts.given, parts.middle) if p)
    family = parts.family
    if reorder:  # the clerk swapped the fields
        given, family = family, given
    return Draft(family, given, f"{family} {given}".strip(), dob)


# --- decoys and the collision filter ---------------------------------------------------------


def _fold(word: str) -> str:
    """A word without case, accents, hyphens or apostrophes: Lefèvre -> lefevre."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if c.isalnum())


@cache
def _spelling_groups() -> dict[str, str]:
    """Folded spelling -> one representative of every spelling the name books give the same
    name (Mohamed, Mohammed, Muhammad and محمد share one), joined across books."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: str, b: str) -> None:
        x, y = find(a), find(b)
        if x != y:
            parent[y] = x

    for native, forms in lookups().latin_of.items():
        for form in forms:
            for folded in (_fold(form), _fold(" ".join(_words(form)))):
                join(_fold(native), folded)
    # A given name's other forms (Tanya / Tatyana, Mykola / Nikolay: the matcher's
    # ``variants``) are one name too; a nickname of several names (Sasha) joins none of them,
    # or Aleksandr and Aleksandra would become one.
    forms_of = variants.groups()
    shared = {f for f, n in Counter(f for g in forms_of for f in g).items() if n > 1}
    for group in forms_of:
        own = [f for f in group if f not in shared]
        for form in own[1:]:
            join(own[0], form)
    return {x: find(x) for x in parent}


#: What separates the words of a name: spaces, hyphens, apostrophes.
_WORD_BREAK = re.compile(r"[\s\-'’]+")


def _words(name: str) -> list[str]:
    """The words of a name without its particles (al-, ben, de, van…): a planted variant may
    drop or change them."""
    return _without_particles([w for w in _WORD_BREAK.split(name) if w])


def _without_particles(words: list[str]) -> list[str]:
    """``words`` less the particles, or all of them when nothing else is left."""
    kept = [w for w in words if w.casefold() not in PARTICLES]
    return kept or words


def _in_groups(words: list[str]) -> list[str]:
    """Each word reduced to its spelling group (``_spelling_groups``), empty folds dropped."""
    groups = _spelling_groups()
    return [groups.get(f, f) for f in map(_fold, words) if f]


#: Names of more words than this are keyed by all their words and their first and last only.
_SUBSET_WORDS = 5


def _grouped(name: str) -> list[str]:
    """A name's words, in order, each reduced to its spelling group: another romanisation the
    books list, an accent or a particle changes nothing."""
    return _in_groups(_words(name))


#: Most words of a name written apart that the books list as one name (عبد الحميد, *Abd
#: al-Rahman*: three with the article).
_JOINED_SPAN = 3


def _grouped_joined(name: str) -> list[str] | None:
    """``_grouped``, with runs of words that the books list written as one name reduced to
    that name's group; None when no run is. The books list عبد الحميد and بن موسى as one
    name each, romanised *Abdelhamid* and *Benmoussa*: word by word, a listed
    عبد الحميد بن موسى never met a traveller *Benmoussa Abdelhamid*, so such a decoy was
    kept, and a screening that found it was counted wrong."""
    groups = _spelling_groups()
    words = [w for w in _WORD_BREAK.split(name) if w]
    runs: list[str] = []
    i = 0
    while i < len(words):
        longest = min(len(words), i + _JOINED_SPAN)
        j = next(
            (j for j in range(longest, i + 1, -1) if _fold("".join(words[i:j])) in groups),
            i + 1,
        )
        runs.append("".join(words[i:j]))
        i = j
    if len(runs) == len(words):
        return None
    return _in_groups(_without_particles(runs))


def _subsets(words: tuple[str, ...], ordered: list[str]) -> set[tuple[str, ...]]:
    """Every set of two words or more of a name (``words``: sorted, distinct; capped, see
    ``_SUBSET_WORDS``, where the first and last of ``ordered`` stand for the rest)."""
    if len(words) < 2:
        return {words} if words else set()
    if len(words) > _SUBSET_WORDS:
        return {words, tuple(sorted({ordered[0], ordered[-1]}))}
    return {tuple(c) for k in range(2, len(words) + 1) for c in itertools.combinations(words, k)}


def name_keys(name: str, *, watchlist: bool) -> set[tuple[str, ...]]:
    """Keys under which a traveller's name and a watchlist name meet when a matcher without
    other evidence could not tell them apart: the same words (``_grouped``, in any order), or
    the words of one all among the other's (a middle name dropped on either side), two words
    at least.

    The watchlist side keys every subset of its words, marked ``<``, and all its words,
    marked ``=``; the traveller side all its words marked ``<`` (its words are among the
    watchlist's) and every subset of them marked ``=`` (the watchlist's are among its).
    """
    keys: set[tuple[str, ...]] = set()
    for ordered in (_grouped(name), _grouped_joined(name)):
        if not ordered:
            continue
        words = tuple(sorted(set(ordered)))
        if watchlist:
            keys |= {("<", *s) for s in _subsets(words, ordered)} | {("=", *words)}
        else:
            keys |= {("<", *words)} | {("=", *s) for s in _subsets(words, ordered)}
    return keys


#: ``typo_variant`` slips only words of four letters or more; a deletion leaves three.
_SLIP_LISTED = 4
_SLIP_SHOWN = 3


def _slips(word: str) -> set[str]:
    """The word and every spelling of it one letter shorter. Two words share one of these
    when a single slip (a letter changed, added, dropped, or two swapped) turns one into the
    other: the symmetric-deletion test, without listing every slip of 26 letters."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def slip_keys(name: str, *, watchlist: bool) -> set[tuple[str, ...]]:
    """Keys under which a traveller's name and a watchlist name meet when they differ by one
    slip in one word (*Özcan* / *Özkan*, *Lefebvre* / *Lefèvre*), as a planted typo does: the
    same number of words, the others equal up to the spellings the books list, in any order.

    A name of one word gets none: a single name alone is not a person (as ``name_keys``).
    On the watchlist side only words a typo may slip (``_SLIP_LISTED`` letters or more) are
    varied; on the traveller's, words as short as a slipped one can become.
    """
    folded = [f for f in map(_fold, _words(name)) if f]
    if len(folded) < 2:
        return set()
    groups = _spelling_groups()
    grouped = [groups.get(f, f) for f in folded]
    shortest = _SLIP_LISTED if watchlist else _SLIP_SHOWN
    keys: set[tuple[str, ...]] = set()
    for i, word in enumerate(folded):
        if len(word) < shortest:
            continue
        rest = tuple(sorted(grouped[:i] + grouped[i + 1 :]))
        keys.update(("~", slipped, *rest) for slipped in _slips(word))
    return keys


def clash_keys(name: str, *, watchlist: bool) -> set[tuple[str, ...]]:
    """Every key under which a matcher could not tell the name from another without a date
    of birth: the same words (``name_keys``) or one slip away (``slip_keys``)."""
    return name_keys(name, watchlist=watchlist) | slip_keys(name, watchlist=watchlist)


def _key(name_key: tuple[str, ...], dob: str) -> int:
    """A 64-bit key of a name key and a DOB.

    Python's string hash is randomised per process, but it only decides membership here: two
    different (name, DOB) pairs share a key with a probability of about 1e-13 per look-up, so
    the output stays the same run after run.
    """
    return hash((name_key, dob))


@lru_cache(maxsize=1 << 16)
def near_dates(dob: str) -> tuple[str, ...]:
    """The DOBs a watchlist may hold for a traveller born on ``dob`` (a full date) that a
    planted variant could explain: the same date to any precision, one day, month or year
    off, day and month swapped, or a digit of day or month mistyped (``digit_slips``); the
    28th of the month before or after a later day (a clipped month the other way round);
    and two days off, which no variant plants but the matcher forgives as a slip as it does one
    day (``dob.CLOSE_DAYS``: a calendar converted, a date entered late at night), so that
    a decoy of the same name born two days from a listed person would be a hit any
    screening must report, labelled false.
    Cached: a traveller's name meets several listed names' keys, and a century holds fewer
    dates than the cache."""
    year, month, day = int(dob[:4]), int(dob[5:7]), int(dob[8:])
    out = [dob, dob[:7], dob[:4], ""]
    born = dt.date(year, month, day)
    out += [
        (born + dt.timedelta(days=step)).isoformat()
        for step in range(-CLOSE_DAYS, CLOSE_DAYS + 1)
        if step
    ]
    # A shifted month or year keeps the day, unless it had to become the 28th. The matcher
    # reads the 28th beside a later day of the next or previous month as that clip either
    # way round (``dob._month_slip``): the listed date may be the clipped one, so a decoy
    # born on the 30th of the month after a listed 28th would be a hit labelled false.
    days = sorted({day, *((29, 30, 31) if day == 28 else ())})
    month_days = sorted({*days, *((28,) if day > 28 else ())})
    for step in (-1, 1):
        at, shifted = _month_off(year, month, step)
        out += [f"{at:04d}-{shifted:02d}-{d:02d}" for d in month_days if _valid(at, shifted, d)]
        moved = year + step
        out += [f"{moved:04d}-{month:02d}-{d:02d}" for d in days if _valid(moved, month, d)]
    if day <= 12 and day != month:
        out.append(f"{year:04d}-{day:02d}-{month:02d}")
    out += [d for d in digit_slips(dob) if d not in out]
    return tuple(out)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _members(table: np.ndarray[Any, np.dtype[np.int64]], probe: list[int]) -> list[int]:
    """Positions in ``probe`` of the keys that the sorted ``table`` holds.

    The keys are sorted first: searching a table of tens of millions of keys in order walks
    it forward through memory, where keys in any order each start from the middle again."""
    if not probe or not len(table):
        return []
    keys = np.array(probe, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    at = np.searchsorted(table, ordered)
    at[at == len(table)] = 0
    found: list[int] = np.sort(order[table[at] == ordered]).tolist()
    return found


class Collisions:
    """Who is on the watchlist, by name key alone and by (name key, DOB as known), as sorted
    arrays of 64-bit keys, the second with the watchlist line (person) of each key beside it.

    Twelve bytes per key instead of a Python set's ~60: some twenty-five keys a person (most
    of them the one-slip spellings of ``slip_keys``), a million persons cost ~600 MB. The
    listed persons' travel documents are kept the same way (``holds_document``).
    """

    def __init__(
        self,
        names: array[int],
        dated: array[int],
        owners: array[int],
        ids: list[str],
        documents: array[int] | None = None,
    ) -> None:
        self._names = np.unique(np.frombuffer(names, dtype=np.int64))
        self._documents = np.unique(
            np.frombuffer(documents if documents is not None else array("q"), dtype=np.int64)
        )
        keys = np.frombuffer(dated, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        self._dated = keys[order]
        self._owners = np.frombuffer(owners, dtype=np.int32)[order]
        self._ids = ids

    def __len__(self) -> int:
        """How many persons the watchlist holds (lines, in file order)."""
        return len(self._ids)

    def _met(
        self, probes: Sequence[Sequence[tuple[str, str]]]
    ) -> list[tuple[tuple[str, ...], str, int]]:
        """(name key, DOB, index of the probe) of each of the probes' (name, DOB) keys that
        meets a listed name's key, dates aside."""
        named = [
            (key, dob, owner)
            for owner, pairs in enumerate(probes)
            for name, dob in pairs
            for key in clash_keys(name, watchlist=False)
        ]
        return [named[k] for k in _members(self._names, [hash(key) for key, _, _ in named])]

    def clashes(self, probes: Sequence[Sequence[tuple[str, str]]]) -> set[int]:
        """Indexes of the travellers (each a list of (name, full DOB)) that a matcher could
        not tell from a watchlist person.

        That is: a name that meets one of its names (``clash_keys``) and a DOB the watchlist's
        agrees with to the precision it knew, or is a planted DOB variant away from
        (``near_dates``).
        Such a decoy would be a planted row in all but the truth file, so it is drawn again.
        One array look-up for a whole flight: a call per traveller would cost more than making
        the traveller. The names are looked up first, without their dates: only the few that
        meet a listed name are then looked up under each date a variant could show, where
        every key under every date cost a dozen look-ups for nothing.
        """
        dated: list[int] = []
        owners: list[int] = []
        for key, dob, owner in self._met(probes):
            for known in near_dates(dob):
                dated.append(_key(key, known))
                owners.append(owner)
        return {owners[k] for k in _members(self._dated, dated)}

    def holds_document(self, state: str, number: str) -> bool:
        """Whether a listed person holds a document of ``state`` whose number screening
        would take for ``number``: the same, or one OCR confusion away (``0``/``O``…), as
        ``IdentifierIndex`` looks documents up. A traveller drawn with such a number would
        be a document hit that ``truth.csv`` calls false, whatever the names."""
        key = _document_key(state, number)
        at = int(np.searchsorted(self._documents, key))
        return at < len(self._documents) and int(self._documents[at]) == key

    def namesakes(self, names: Sequence[str], dob: str | None) -> set[str]:
        """Ids of the watchlist persons that a planted traveller shown as ``names`` (the
        name printed, and its Latin reading when it is printed in another script), born
        ``dob`` (as printed: complete, or the year alone), could not be told from: the same
        rule as ``clashes``, for a row that is not drawn again. The planted person is among
        them; the others are its namesakes, and a screening that reports them is right to.

        The Latin reading reaches a listed person known only by a Latin form: a Chinese name
        printed in characters (吴文博) meets no Latin form's key, and without its reading
        (*Wu Wenbo*) such a namesake was missed, and its hit counted false.
        """
        met = self._met([[(name, dob or "") for name in names]])
        keys = sorted({_key(key, known) for key, shown, _ in met for known in _dates_of(shown)})
        if not keys:
            return set()
        probe = np.array(keys, dtype=np.int64)
        lo = np.searchsorted(self._dated, probe, side="left")
        hi = np.searchsorted(self._dated, probe, side="right")
        return {self._ids[o] for a, b in zip(lo, hi, strict=True) for o in self._owners[a:b]}


def _dates_of(shown: str) -> tuple[str, ...]:
    """The DOBs a watchlist may hold for a traveller whose document shows ``shown``: a full
    date's ``near_dates``; for a partial date (a planted ``dob_year_only``), none, or any
    date of the same year and month as far as it shows them; for no date, only none."""
    if len(shown) == 10:
        return near_dates(shown)
    if len(shown) not in (4, 7):
        return ("",)
    year = int(shown[:4])
    months = [int(shown[5:7])] if len(shown) == 7 else list(range(1, 13))
    out = ["", shown[:4]]
    for m in months:
        out.append(f"{year:04d}-{m:02d}")
        out += [f"{year:04d}-{m:02d}-{d:02d}" for d in range(1, _days_in(year, m) + 1)]
    return tuple(out)


#: A listed name's Latin form and its spelling as written (the same string for a Latin name).
_NAMES = re.compile(r'"(?:full|latin)":"((?:[^"\\]|\\.)*)"')
_DOB = re.compile(r'"date_of_birth":"([^"]*)"')


_ID = re.compile(r'"id":"((?:[^"\\]|\\.)*)"')
_DOCUMENT = re.compile(r'"number":"([^"\\]*)"[^{}]*?"issuing_state":"([^"\\]*)"')


def _document_key(state: str, number: str) -> int:
    """The hash of a document's issuing state and OCR-insensitive number."""
    return hash((state.upper(), confusable_form(normalise_identifier(number))))


def _watchlist_keys(line: str) -> Iterator[tuple[int, int]]:
    """(the name key's hash, the hash of it with the DOB as known) of each of a line's keys.

    The names are keyed as written too, not only by their Latin forms: a decoy printed in
    its native script (عبد الرحمن بلقاسم) meets a listed person of that very name only
    there, since the book's romanisation of the decoy need not be the listed one; keyed by
    Latin forms alone, such a decoy was kept, and its hit counted false."""
    dob_match = _DOB.search(line)
    dob = dob_match.group(1) if dob_match else ""
    seen: set[tuple[str, ...]] = set()
    for raw in dict.fromkeys(_NAMES.findall(line)):
        name = json.loads(f'"{raw}"') if "\\" in raw else raw
        for name_key in clash_keys(name, watchlist=True) - seen:
            seen.add(name_key)
            yield hash(name_key), _key(name_key, dob)


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(year: int, month: int) -> int:
    """Days of a month (every fourth year a leap year: the generator's years are 1940-2024)."""
    return _DAYS_IN_MONTH[month - 1] + (month == 2 and year % 4 == 0)


def _int(rng: random.Random, low: int, high: int) -> int:
    """``rng.randint`` at a third of its cost (millions of draws; the bias is far below 1e-9)."""
    return low + int(rng.random() * (high - low + 1))


def _random_dob(rng: random.Random, year: int | None = None, month: int | None = None) -> str:
    if year is None:
        year = 2025 - min(85, max(1, int(rng.gauss(38, 15))))
    if month is None:
        month = _int(rng, 1, 12)
    return f"{year:04d}-{month:02d}-{_int(rng, 1, _days_in(year, month)):02d}"


def _complete(rng: random.Random, dob: str | None) -> str:
    """A passport always shows a full DOB: complete what the watchlist knew, consistently."""
    if dob is None:
        return _random_dob(rng)
    if len(dob) == 4:
        return _random_dob(rng, int(dob))
    if len(dob) == 7:
        return _random_dob(rng, int(dob[:4]), int(dob[5:7]))
    return dob


@cache
def _origins(country: str) -> Weighted[str] | None:
    pairs = list(DIASPORA.get(country, ()))
    if not pairs:
        return None
    return Weighted([*pairs, (country, 1.0 - sum(s for _, s in pairs))])


def decoy(rng: random.Random) -> tuple[NameParts, str, str]:
    """A synthetic traveller's name, nationality and sex, drawn as watchlist persons are.

    The name is composed with the watchlist's own rules (``naming``), without the aliases a
    watchlist person gets: a manifest prints one name.
    """
    nationality = nationalities().pick(rng)
    origins = _origins(nationality)
    origin = origins.pick(rng) if origins else nationality
    book = book_for(origin)
    written = book_for(nationality)
    assert book is not None
    female = chance(rng, 0.45)
    latin_only = written is not None and written.is_latin and not book.is_latin
    given_token = (book.female if female else book.male).pick(rng)
    given, given_latin = given_token.native, naming._latin(rng, given_token)
    middle, middle_latin = naming._middle(rng, book, female)
    if middle == given:
        middle, middle_latin = "", ""
    family, family_latin, family_token = naming._family(rng, book, female)
    if book.style in ("hispanic", "lusophone") and chance(
        rng, 0.85 if book.style == "hispanic" else 0.6
    ):
        second = book.surnames.pick(rng)
        if second.native != family_token.native:
            family, family_latin = f"{family} {second.native}", f"{family_latin} {second.latin[0]}"
    sex = "F" if female else "M"
    if book.style == "chinese":  # family name first, no middle name
        given_latin, middle_latin = f"{given_latin} {middle_latin}".strip(), ""
    if latin_only or book.is_latin:
        return NameParts(given_latin, middle_latin, family_latin), nationality, sex
    native = " ".join(p for p in (given, middle, family) if p)
    if book.style == "chinese":
        native = family + given + middle
    return (
        NameParts(given_latin, middle_latin, family_latin, given, family, native),
        nationality,
        sex,
    )


# --- the writer -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    """What the manifest needs of one watchlist person."""

    id: str
    name: dict[str, str]
    dob: str | None
    sex: str
    nationality: str | None


@dataclass(frozen=True, slots=True)
class ManifestFiles:
    """What ``write_manifest`` wrote."""

    manifest: Path | None
    paxlst: Path | None
    truth: Path
    travellers: int
    planted: int
    #: decoys drawn again because a matcher could not have told them from a watchlist person
    redrawn: int = 0


def watchlist_collisions(path: Path) -> Collisions:
    """Who is on a watchlist file, as the generator tells a decoy from a listed person
    (``Collisions``), hashing every name: one pass over the file."""
    names: array[int] = array("q")
    dated: array[int] = array("q")
    owners: array[int] = array("i")
    documents: array[int] = array("q")
    ids: list[str] = []
    with path.open(encoding="utf-8") as lines:
        for count, line in enumerate(lines):
            for name_hash, dated_hash in _watchlist_keys(line):
                names.append(name_hash)
                dated.append(dated_hash)
                owners.append(count)
            documents.extend(_document_key(st, no) for no, st in _DOCUMENT.findall(line))
            found_id = _ID.search(line)
            ids.append(found_id.group(1) if found_id else "")
    return Collisions(names, dated, owners, ids, documents)


def _read_watchlist(
    path: Path, rng: random.Random, planted: int, undated: float = 0.0
) -> tuple[Collisions, list[Person]]:
    """Pass 1 hashes every name (``watchlist_collisions``); pass 2 keeps the persons chosen
    for planting, in draw order. ``undated``: the share of them drawn among the persons
    listed without a date of birth (``write_manifest``)."""
    collisions = watchlist_collisions(path)
    count = len(collisions)
    if planted and not count:
        raise ValueError("the watchlist is empty: there is nobody to plant")
    if undated > 0.0 and planted:
        chosen = _chosen_with_undated(path, rng, count, planted, undated)
    elif planted <= count:
        chosen = rng.sample(range(count), planted)
    else:  # more planted rows than persons: some persons travel more than once
        chosen = [rng.randrange(count) for _ in range(planted)]
    wanted = set(chosen)
    found: dict[int, Person] = {}
    if not wanted:
        return collisions, []
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if n in wanted:
                data: dict[str, Any] = json.loads(line)
                nats = data.get("nationalities") or []
                found[n] = Person(
                    data["id"],
                    data["names"][0],
                    data.get("date_of_birth"),
                    data.get("sex", "U"),
                    nats[0] if nats else None,
                )
    return collisions, [found[n] for n in chosen]


def _undated_lines(path: Path) -> list[int]:
    """Line numbers of the watchlist persons listed without a date of birth."""
    found: list[int] = []
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if '"date_of_birth"' not in line or not json.loads(line).get("date_of_birth"):
                found.append(n)
    return found


def _draw(rng: random.Random, pool: Sequence[int], k: int) -> list[int]:
    """``k`` of ``pool``, each at most once while the pool lasts."""
    if k <= len(pool):
        return rng.sample(pool, k)
    return [rng.choice(pool) for _ in range(k)]


def _chosen_with_undated(
    path: Path, rng: random.Random, count: int, planted: int, undated: float
) -> list[int]:
    """The persons to plant, a share ``undated`` of them among those listed without a date
    (all of them when the watchlist has none), shuffled so they spread over the manifest."""
    without = _undated_lines(path)
    if not without:
        raise ValueError("no watchlist person is listed without a date of birth to plant")
    dated = sorted(set(range(count)) - set(without))
    k = round(planted * undated) if dated else planted
    chosen = _draw(rng, without, k) + (_draw(rng, dated, planted - k) if planted > k else [])
    rng.shuffle(chosen)
    return chosen


def _traveller(
    rng: random.Random,
    draft: Draft,
    sex: str,
    nationality: str | None,
    row: int,
    collisions: Collisions,
) -> Traveller:
    """The manifest row of a drafted traveller, with a document drawn for it: never one a
    listed person holds (``Collisions.holds_document``), which would make every traveller,
    planted or not, a document hit on someone ``truth.csv`` does not name."""
    flight = row // FLIGHT_SIZE
    # The crew come last on each flight, as PAXLST lists them (in a message of their own).
    crew = row % FLIGHT_SIZE >= FLIGHT_SIZE - CREW_PER_FLIGHT
    state = nationality or nationalities().pick(rng)
    card = chance(rng, 0.1)
    number, is_card = identifiers.document_number(rng, state, card=card)
    while collisions.holds_document(state, number):
        number, is_card = identifiers.document_number(rng, state, card=card)
    start, end = ROUTES[flight % len(ROUTES)]
    return Traveller(
        surname=draft.surname,
        given_names=draft.given,
        full_name=draft.full,
        date_of_birth=_partial(draft.dob),
        sex=_SEX.get(sex) or _SEX[rng.choice("MF")],
        nationality=nationality,
        document_number=number,
        document_type=DocumentType.ID_CARD if is_card else DocumentType.PASSPORT,
        document_issuing_state=state,
        document_expiry=dt.date(_int(rng, 2026, 2035), _int(rng, 1, 12), _int(rng, 1, 28)),
        role=TravellerRole.CREW if crew else TravellerRole.PASSENGER,
        booking_ref="".join(rng.choices(_PNR, k=6)),
        port_of_embarkation=start,
        port_of_disembarkation=end,
        flight=_flight_number(flight),
    )


_SEX = {"M": Sex.MALE, "F": Sex.FEMALE}
_PNR = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _partial(dob: str | None) -> PartialDate | None:
    if not dob:
        return None
    if len(dob) == 10:
        return PartialDate(int(dob[:4]), int(dob[5:7]), int(dob[8:]))
    return PartialDate.parse(dob)


def _flight_number(flight: int) -> str:
    return f"PS{flight + 1:05d}"


def _planted_row(
    rng: random.Random, person: Person, row: int, collisions: Collisions
) -> tuple[Traveller, list[str], list[str]]:
    """A variant of a watchlist person, the variant kinds applied, and the names to look
    its namesakes up by (``Collisions.namesakes``): the name printed, and the listed Latin
    form when the name is printed in its native script (no other variant of the name then
    applies)."""
    full_dob = person.dob is not None and len(person.dob) == 10
    parts = split_name(person.name)
    draft = plant(rng, parts, _complete(rng, person.dob), full_dob=full_dob)
    traveller = _traveller(rng, draft, person.sex, person.nationality, row, collisions)
    shown = [traveller.full_name]
    if "native_script" in draft.kinds:
        shown.append(parts.latin)
    return traveller, draft.kinds, shown


def _decoy_row(
    rng: random.Random, row: int, collisions: Collisions
) -> tuple[Traveller, list[tuple[str, str]]]:
    """A traveller nobody is looking for, and the (name, DOB) pairs to check that it is so."""
    parts, nationality, sex = decoy(rng)
    dob = _random_dob(rng)
    native = bool(parts.native_full) and chance(rng, 0.04)
    draft = _draft(parts, dob, native=native)
    probes = [(parts.latin, dob)]  # name keys ignore the order of the words
    if native:
        probes.append((parts.native_full, dob))
    return _traveller(rng, draft, sex, nationality, row, collisions), probes


class _Paxlst:
    """One interchange with one message per flight, streamed message by message.

    ``write_paxlst`` writes a whole interchange for one flight; its messages are copied into a
    single envelope here with unique references, so a million travellers never sit in memory.
    """

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.messages = 0
        self.started = False

    def flight(self, travellers: list[Traveller], flight: int) -> None:
        start, end = ROUTES[flight % len(ROUTES)]
        leaves = dt.datetime(2025, 7, 1, 6, 0) + dt.timedelta(minutes=37 * flight)
        header = PaxlstHeader(
            flight=_flight_number(flight),
            carrier="PS",
            departure_port=start,
            arrival_port=end,
            departure=leaves,
            arrival=leaves + dt.timedelta(hours=9),
        )
        lines = write_paxlst(travellers, header, group=False).split("\n")
        if not self.started:
            una = [line for line in lines[:1] if line.startswith("UNA")]
            self.out.write("\n".join([*una, _UNB]) + "\n")
            self.started = True
        inside = False
        for line in lines:
            if line.startswith("UNH+"):
                inside = True
                self.messages += 1
                ref = line.split("+")[1]
                new = f"M{self.messages:07d}"
            if inside:
                if line.startswith(("UNH+", "UNT+")):
                    line = line.replace(ref, new)
                self.out.write(line + "\n")
            if line.startswith("UNT+"):
                inside = False

    def close(self) -> None:
        if not self.started:
            self.out.write(write_paxlst([], group=False))
            return
        self.out.write(f"UNZ+{self.messages}+{_CONTROL}'\n")


_CONTROL = "000000001"
_UNB = f"UNB+UNOW:4+PASSERELLE:ZZ+TEST:ZZ+250701:0500+{_CONTROL}++APIS'"


def write_manifest(
    out_dir: Path,
    *,
    watchlist: Path,
    travellers: int,
    hit_rate: float,
    seed: int,
    formats: Sequence[str] = ("csv",),
    progress: Progress | None = None,
    keep_lookalikes: bool = False,
    plant_undated: float = 0.0,
) -> ManifestFiles:
    """Write ``travellers`` rows, ``round(travellers * hit_rate)`` of them planted variants.

    Decoys that a matcher could not tell from a watchlist person are drawn again, so that a
    benchmark does not count their hits as false; ``keep_lookalikes`` keeps them, for
    training data (``match training-pairs``): they are what teaches the scorer how little a
    name with a birth year alone says, which bulk precision at a million persons, where
    listed persons share names among themselves, depends on (docs/matching.md).
    ``plant_undated``, for training data too, draws that share of the planted rows from the
    persons listed without a date of birth (2 % of a generated watchlist), so that training
    pairs hold enough true pairs with a date on one side only: what the scorer knows of an
    exact or one-slip name without a date to confirm it.

    ``formats`` is any of ``csv`` (``manifest.csv``) and ``paxlst`` (``manifest.edi``); both
    hold the same travellers in the same order. ``truth.csv`` lists the planted rows (1-based
    data row = traveller number in either file), the watchlist person id and the variant kinds.
    Files are written under hidden ``.partial`` names and renamed at the end.
    """
    if travellers < 0:
        raise ValueError("the number of travellers must not be negative")
    if not 0.0 <= hit_rate <= 1.0:
        raise ValueError("the hit rate must be between 0 and 1")
    if not 0.0 <= plant_undated <= 1.0:
        raise ValueError("the share of planted rows without a date must be between 0 and 1")
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ValueError(f"manifest formats are {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"passerelle-demo:{seed}:manifest")
    to_plant = round(travellers * hit_rate)
    collisions, persons = _read_watchlist(watchlist, rng, to_plant, plant_undated)
    targets = {
        "csv": out_dir / MANIFEST_NAME,
        "paxlst": out_dir / PAXLST_NAME,
        "truth": out_dir / TRUTH_NAME,
    }
    wanted = [k for k in targets if k == "truth" or k in formats]
    partial = {k: out_dir / f".{targets[k].name}.partial" for k in wanted}
    files: dict[str, TextIO] = {
        k: partial[k].open("w", encoding="utf-8", newline="", buffering=1 << 20) for k in wanted
    }
    try:
        redrawn = _write_rows(
            files, rng, persons, collisions, travellers, progress, keep_lookalikes
        )
    finally:
        for handle in files.values():
            handle.close()
    for k in wanted:
        partial[k].replace(targets[k])
    return ManifestFiles(
        targets["csv"] if "csv" in formats else None,
        targets["paxlst"] if "paxlst" in formats else None,
        targets["truth"],
        travellers,
        to_plant,
        redrawn,
    )


def _write_rows(
    files: dict[str, TextIO],
    rng: random.Random,
    persons: list[Person],
    collisions: Collisions,
    travellers: int,
    progress: Progress | None,
    keep_lookalikes: bool = False,
) -> int:
    truth = files["truth"]
    truth.write("row,person_id,variants,namesakes\r\n")
    paxlst = _Paxlst(files["paxlst"]) if "paxlst" in files else None
    manifest = files.get("csv")
    if manifest is not None:
        manifest.write(write_manifest_csv([]))
    planted = redrawn = 0
    batch: list[Traveller] = []
    probes: list[list[tuple[str, str]]] = []
    for i in range(travellers):
        flight = i // FLIGHT_SIZE
        # Selection sampling (Knuth's algorithm S): exactly len(persons) planted rows, spread
        # uniformly, decided one row at a time.
        if rng.random() * (travellers - i) < len(persons) - planted:
            person = persons[planted]
            planted += 1
            traveller, kinds, names = _planted_row(rng, person, i, collisions)
            dob = traveller.date_of_birth
            shown = collisions.namesakes(names, str(dob) if dob else None)
            others = "|".join(sorted(shown - {person.id}))
            truth.write(f"{i + 1},{person.id},{'|'.join(kinds)},{others}\r\n")
            batch.append(traveller)
            probes.append([])
        else:
            traveller, pairs = _decoy_row(rng, i, collisions)
            batch.append(traveller)
            probes.append(pairs)
        done = i + 1
        if done % FLIGHT_SIZE == 0 or done == travellers:
            # Decoys that a matcher could not tell from a watchlist person are drawn again (one
            # in ten at 100 k persons), one at a time and in row order, so the output stays the
            # same run after run; training manifests keep them (``keep_lookalikes``).
            lookalikes = () if keep_lookalikes else sorted(collisions.clashes(probes))
            for k in lookalikes:
                while True:
                    redrawn += 1
                    batch[k], pairs = _decoy_row(rng, i - len(batch) + 1 + k, collisions)
                    if not collisions.clashes([pairs]):
                        break
            _flush(batch, manifest, paxlst, flight)
            batch, probes = [], []
            if progress is not None and (done % PROGRESS_EVERY == 0 or done == travellers):
                progress(done)
    if paxlst is not None:
        paxlst.close()
    return redrawn


def _flush(
    batch: list[Traveller], manifest: TextIO | None, paxlst: _Paxlst | None, flight: int
) -> None:
    if manifest is not None:
        manifest.write(write_manifest_csv(batch).split("\r\n", 1)[1])
    if paxlst is not None:
        paxlst.flight(batch, flight)
