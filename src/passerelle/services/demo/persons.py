"""One synthetic person: names from the name book of (mostly) its nationality, DOB, documents.

The person comes out as a dict shaped like ``Person.model_dump(mode="json", exclude_none=True)``
plus its ``policy``, so the watchlist writer streams it without building models.
"""

from __future__ import annotations

import calendar
import random
from functools import cache
from typing import Any

from passerelle.model.countries import registry
from passerelle.model.policy import Confidentiality
from passerelle.model.records import DocumentType, PersonStatus, Sex
from passerelle.services.demo import identifiers, naming, policies
from passerelle.services.demo.namebook import FALLBACK, NameBook, book_for, name_books
from passerelle.services.demo.sampling import Weighted, chance

STATUS = Weighted(
    [
        (PersonStatus.WANTED, 42),
        (PersonStatus.SUSPECT, 16),
        (PersonStatus.CONVICTED, 8),
        (PersonStatus.MISSING, 12),
        (PersonStatus.WITNESS, 3),
        (PersonStatus.UNIDENTIFIED, 4),
        (PersonStatus.THREAT, 6),
        (PersonStatus.SANCTIONED, 9),
    ]
)

#: How much of the DOB the source knew: mostly all of it.
DOB_PRECISION = Weighted([("day", 82), ("month", 6), ("year", 10), (None, 2)])
DOCUMENT_COUNT = Weighted([(0, 25), (1, 50), (2, 20), (3, 5)])

#: People of one nationality often bear names of another origin (diasporas): then the names
#: are written in the nationality's script, as its documents print them.
DIASPORA: dict[str, tuple[tuple[str, float], ...]] = {
    "FR": (("MA", 0.06), ("DZ", 0.07), ("TN", 0.03), ("TR", 0.01), ("PT", 0.02)),
    "DE": (("TR", 0.08), ("PL", 0.03), ("RU", 0.03), ("IT", 0.01), ("SY", 0.02)),
    "GB": (("PK", 0.06), ("NG", 0.03), ("PL", 0.02), ("CN", 0.01), ("TW", 0.005)),
    "AU": (("CN", 0.04), ("TW", 0.01)),
    "US": (("MX", 0.12), ("CN", 0.02), ("TW", 0.01), ("NG", 0.01)),
    "NL": (("MA", 0.05), ("TR", 0.05)),
    "ES": (("MA", 0.04),),
    "IT": (("MA", 0.02), ("TN", 0.01)),
    "BE": (("MA", 0.06), ("TR", 0.03)),
}  # fmt: skip

_NATIONALITY_WEIGHTS: dict[str, float] = {
    "FR": 40, "DE": 35, "GB": 30, "US": 45, "ES": 30, "IT": 30, "PT": 12, "NL": 15, "PL": 15,
    "TR": 30, "RU": 35, "UA": 20, "BY": 8, "KZ": 8, "BG": 8, "RS": 10, "CN": 35,
    "MA": 30, "DZ": 25, "TN": 15, "LY": 10, "EG": 25, "SA": 15, "AE": 8, "IQ": 20, "SY": 20,
    "JO": 8, "LB": 8, "IR": 15, "PK": 20, "BR": 25, "MX": 25, "NG": 20,
}  # fmt: skip
# The TW name book (traditional characters, Wade-Giles) is not a nationality here: Taiwan is not
# an INTERPOL member. Its names appear through the diasporas above, in Latin script.


@cache
def nationalities() -> Weighted[str]:
    """Member nationalities with a name book, plus the members that borrow one (less often)."""
    members = registry().countries
    pairs = [
        (code, _NATIONALITY_WEIGHTS.get(code, 5.0))
        for code in sorted(name_books())
        if code in members
    ]
    pairs += [(code, 2.0) for code in sorted(FALLBACK) if code in members]
    return Weighted(pairs)


@cache
def _diaspora(country: str) -> Weighted[str] | None:
    pairs = [(origin, share) for origin, share in DIASPORA.get(country, ()) if share > 0]
    if not pairs:
        return None
    rest = 1.0 - sum(share for _, share in pairs)
    return Weighted([*pairs, (country, rest)])


_DAYS = {(y, m): calendar.monthrange(y, m)[1] for y in range(1920, 2026) for m in range(1, 13)}


def _dob(rng: random.Random, status: PersonStatus) -> str | None:
    precision = DOB_PRECISION.pick(rng)
    if precision is None:
        return None
    if status is PersonStatus.MISSING:
        age = rng.randint(3, 85)
    else:
        age = min(85, max(16, int(rng.gauss(36, 11))))
    year = 2025 - age
    if precision == "year":
        return f"{year:04d}"
    month = rng.randint(1, 12)
    if precision == "month":
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{rng.randint(1, _DAYS[year, month]):02d}"


def _sex(rng: random.Random, status: PersonStatus) -> Sex:
    if status is PersonStatus.UNIDENTIFIED and chance(rng, 0.3):
        return Sex.UNKNOWN
    if status is PersonStatus.MISSING:
        return Sex.FEMALE if chance(rng, 0.5) else Sex.MALE
    roll = rng.random()
    return Sex.MALE if roll < 0.8 else Sex.FEMALE if roll < 0.99 else Sex.UNKNOWN


def _documents(
    rng: random.Random, nationality: list[str], status: PersonStatus
) -> list[dict[str, str]]:
    count = DOCUMENT_COUNT.pick(rng)
    if status is PersonStatus.UNIDENTIFIED and chance(rng, 0.8):
        count = 0
    docs = []
    seen = set()
    for _ in range(count):
        if nationality and chance(rng, 0.85):
            state = rng.choice(nationality)
        else:
            state = nationalities().pick(rng)
        roll = rng.random()
        number, is_card = identifiers.document_number(rng, state, card=roll < 0.27)
        kind = DocumentType.ID_CARD if is_card else DocumentType.PASSPORT
        if roll > 0.97:
            kind = DocumentType.VISA
        if (number, state) in seen:
            continue
        seen.add((number, state))
        docs.append({"number": number, "type": kind.value, "issuing_state": state})
    return docs


def _owner(rng: random.Random, status: PersonStatus, nationality: list[str]) -> str:
    if status is PersonStatus.SANCTIONED and chance(rng, 0.7):
        return "UN"
    if status is PersonStatus.WANTED and chance(rng, 0.005):
        return "ICC"
    if nationality and chance(rng, 0.45):
        return nationality[0]
    return policies.owners().pick(rng)


def person(rng: random.Random, ident: str) -> dict[str, Any]:
    """One person record with its suggested policy, as a JSON-ready dict."""
    status = STATUS.pick(rng)
    sex = _sex(rng, status)
    primary = nationalities().pick(rng)
    nationality = [primary]
    roll = rng.random()
    if roll < 0.08:
        other = nationalities().pick(rng)
        if other != primary:
            nationality.append(other)
    elif roll < 0.11 and status is PersonStatus.UNIDENTIFIED:
        nationality = []
    origin = primary
    spread = _diaspora(primary)
    if spread is not None:
        origin = spread.pick(rng)
    book = book_for(origin)
    assert book is not None
    names = _names(rng, book, sex, written_in=book_for(primary))
    record: dict[str, Any] = {"id": ident, "kind": "person", "names": names}
    dob = _dob(rng, status)
    if dob is not None:
        record["date_of_birth"] = dob
    record["sex"] = sex.value
    record["nationalities"] = nationality
    record["status"] = status.value
    record["documents"] = _documents(rng, nationality, status)
    owner = _owner(rng, status, nationality)
    record["source_reference"] = f"{owner}/{rng.randint(2012, 2025)}/{rng.randrange(10**6):06d}"
    level = None
    if status is PersonStatus.SANCTIONED and chance(rng, 0.8):
        level = Confidentiality.OFFICIAL_USE
    record["policy"] = policies.policy(
        rng, owner, policies.PERSON_PURPOSE[status].pick(rng), confidentiality=level
    )
    return record


def _names(
    rng: random.Random, book: NameBook, sex: Sex, written_in: NameBook | None
) -> list[dict[str, str]]:
    female = sex is Sex.FEMALE or (sex is Sex.UNKNOWN and chance(rng, 0.5))
    latin_only = written_in is not None and written_in.is_latin and not book.is_latin
    return naming.compose(rng, book, female, latin_only=latin_only)
