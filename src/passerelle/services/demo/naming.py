"""Compose a person's names from a name book: primary name, Latin form, and aliases.

Names come out as plain dicts shaped like ``passerelle.model.records.Name`` (what the watchlist
writes), so that a million of them cost no model validation; ``generator`` validates them into
models when it yields records. Every full name is a fresh random combination of common tokens.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from passerelle.services.demo.namebook import NameBook, NameToken
from passerelle.services.demo.sampling import Weighted, chance
from passerelle.services.demo.scripts import (
    article_variants,
    feminine,
    icao_fold,
    patronymic,
    strip_marks,
    transliterate,
)

NameDict = dict[str, str]

#: How many aliases a person has: mostly none, a few up to three.
ALIAS_COUNT = Weighted([(0, 45), (1, 30), (2, 17), (3, 8)])


@dataclass(slots=True)
class Parts:
    """One spelling of a name, split so that aliases can rearrange it."""

    given: str
    middle: str
    family: str
    given_latin: str
    middle_latin: str
    family_latin: str

    def native(self, style: str) -> str:
        if style == "chinese":
            return self.family + self.given
        return " ".join(p for p in (self.given, self.middle, self.family) if p)

    def latin(self, style: str) -> str:
        if style == "chinese":
            return f"{self.family_latin} {self.given_latin}"
        return " ".join(p for p in (self.given_latin, self.middle_latin, self.family_latin) if p)


def _latin(rng: random.Random, token: NameToken) -> str:
    """The usual romanisation most of the time, another common one otherwise."""
    if len(token.latin) == 1 or rng.random() < 0.7:
        return token.latin[0]
    return rng.choice(token.latin[1:])


def _family(rng: random.Random, book: NameBook, female: bool) -> tuple[str, str, NameToken]:
    token = book.surnames.pick(rng)
    latin = _latin(rng, token)
    if female and book.feminine:
        return feminine(token.native, book.feminine), feminine(latin, book.feminine), token
    return token.native, latin, token


def _middle(rng: random.Random, book: NameBook, female: bool) -> tuple[str, str]:
    if not chance(rng, book.middle_name):
        return "", ""
    if book.style == "east_slavic" and book.patronymic:
        father = book.male.pick(rng).native
        native = patronymic(father, book.patronymic, female)
        if native is None:
            return "", ""
        return native, transliterate(native, book.patronymic)
    if book.middle_kind == "father":
        token = book.surnames.pick(rng)  # Bulgarian: the father's name, shaped like a surname
        latin = _latin(rng, token)
        if female and book.feminine:
            return feminine(token.native, book.feminine), feminine(latin, book.feminine)
        return token.native, latin
    if book.style == "arabic":
        token = book.male.pick(rng)  # the father's given name
        return token.native, _latin(rng, token)
    token = (book.female if female else book.male).pick(rng)
    return token.native, _latin(rng, token)


def compose(
    rng: random.Random, book: NameBook, female: bool, *, latin_only: bool = False
) -> list[NameDict]:
    """The names of one person: the primary name first, then 0-3 aliases.

    ``latin_only`` writes every name in its Latin form, as the documents of a Latin-script
    country print the names of its citizens of Moroccan or Chinese origin.
    """
    given_token = (book.female if female else book.male).pick(rng)
    given, given_latin = given_token.native, _latin(rng, given_token)
    middle, middle_latin = _middle(rng, book, female)
    if middle == given:
        middle, middle_latin = "", ""
    family, family_latin, family_token = _family(rng, book, female)
    if book.style in ("hispanic", "lusophone") and chance(
        rng, 0.85 if book.style == "hispanic" else 0.6
    ):
        second = book.surnames.pick(rng)
        if second.native != family_token.native:
            family, family_latin = f"{family} {second.native}", f"{family_latin} {second.latin[0]}"
    parts = Parts(given, middle, family, given_latin, middle_latin, family_latin)
    names = [_name(book, parts, "primary", latin_only)]
    birth: Parts | None = None
    if female and chance(rng, book.married_name):
        b_native, b_latin, _ = _family(rng, book, female)
        if b_native != family:
            birth = Parts(given, middle, b_native, given_latin, middle_latin, b_latin)
    wanted = ALIAS_COUNT.pick(rng)
    if birth is not None:
        names.append(_name(book, birth, "birth", latin_only))
        wanted = max(0, wanted - 1)
    if wanted:
        found = _aliases(rng, book, parts, given_token, family_token, wanted, names, latin_only)
        names.extend(found)
    return names


def _name(book: NameBook, parts: Parts, kind: str, latin_only: bool = False) -> NameDict:
    latin = parts.latin(book.style)
    if latin_only or book.is_latin:
        return {
            "full": latin,
            "latin": latin,
            "given": parts.given_latin,
            "family": parts.family_latin,
            "kind": kind,
        }
    return {
        "full": parts.native(book.style),
        "latin": latin,
        "given": parts.given,
        "family": parts.family,
        "kind": kind,
    }


def _aliases(
    rng: random.Random,
    book: NameBook,
    parts: Parts,
    given_token: NameToken,
    family_token: NameToken,
    wanted: int,
    existing: list[NameDict],
    latin_only: bool,
) -> list[NameDict]:
    """Spelling variants, reordered and shortened names, Latin-only forms: as sources differ."""
    candidates: list[NameDict] = []
    # Another romanisation of the given name or the surname (Mohamed / Mohammed, Ivanov / Ivanou).
    given_alts = [x for x in given_token.latin if x != parts.given_latin]
    family_alts = [x for x in family_token.latin if x not in parts.family_latin]
    family_alts += article_variants(parts.family_latin)
    if book.is_latin and not parts.latin(book.style).isascii():
        for fold in (icao_fold, strip_marks):
            folded = Parts(
                *(
                    fold(p)
                    for p in (
                        parts.given,
                        parts.middle,
                        parts.family,
                        parts.given_latin,
                        parts.middle_latin,
                        parts.family_latin,
                    )
                )
            )
            candidates.append(_name(book, folded, "alias"))
    if given_alts:
        alt = Parts(
            parts.given,
            parts.middle,
            parts.family,
            rng.choice(given_alts),
            parts.middle_latin,
            parts.family_latin,
        )
        candidates.append(_name(book, alt, "alias", latin_only or chance(rng, 0.4)))
    if family_alts and " " not in parts.family:
        alt = Parts(
            parts.given,
            parts.middle,
            parts.family,
            parts.given_latin,
            parts.middle_latin,
            rng.choice(family_alts),
        )
        candidates.append(_name(book, alt, "alias", latin_only or chance(rng, 0.4)))
    # Surname first, as many registers and manifests print it.
    flipped = f"{parts.family_latin} {parts.given_latin}"
    if book.style == "chinese":
        flipped = f"{parts.given_latin} {parts.family_latin}"
    candidates.append(
        {
            "full": flipped,
            "latin": flipped,
            "given": parts.given_latin,
            "family": parts.family_latin,
            "kind": "alias",
        }
    )
    if parts.middle:
        short = Parts(parts.given, "", parts.family, parts.given_latin, "", parts.family_latin)
        candidates.append(_name(book, short, "alias", latin_only))
    if not book.is_latin and not latin_only:
        candidates.append(_name(book, parts, "alias", latin_only=True))
    seen = {(n["full"], n["latin"]) for n in existing}
    rng.shuffle(candidates)
    out: list[NameDict] = []
    for cand in candidates:
        key = (cand["full"], cand["latin"])
        if key in seen:
            continue
        seen.add(key)
        out.append(cand)
        if len(out) == wanted:
            break
    return out
