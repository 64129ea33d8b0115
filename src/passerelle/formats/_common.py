"""Small helpers shared by the parsers: two-digit years, country codes, document and sex codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from passerelle.model.countries import normalise_document_state
from passerelle.model.dates import PartialDate
from passerelle.model.records import DocumentType, Sex


def birth_year(yy: int, today: dt.date | None = None) -> int:
    """Two-digit birth year to four: nobody is born in the future, so YY > current YY is 19YY."""
    current = (today or dt.date.today()).year
    century = current // 100 * 100
    return century - 100 + yy if yy > current % 100 else century + yy


def expiry_year(yy: int, today: dt.date | None = None) -> int:
    """Two-digit expiry year to four: documents expire at most a few decades ahead, so 20YY
    unless that is more than 50 years away (then it is a long-expired 19YY document)."""
    current = (today or dt.date.today()).year
    century = current // 100 * 100
    year = century + yy
    return year - 100 if year > current + 50 else year


def parse_yymmdd_birth(text: str, today: dt.date | None = None) -> PartialDate:
    """``YYMMDD`` date of birth; ``<<`` or ``00`` for month/day mean unknown (ICAO 9303)."""
    if len(text) != 6 or not text[:2].isdigit():
        raise ValueError(f"{text!r} is not a date YYMMDD")
    year = birth_year(int(text[:2]), today)
    month_s, day_s = text[2:4].replace("<", "0"), text[4:6].replace("<", "0")
    if not (month_s.isdigit() and day_s.isdigit()):
        raise ValueError(f"{text!r} is not a date YYMMDD")
    month, day = int(month_s), int(day_s)
    try:
        return PartialDate(year, month or None, (day or None) if month else None)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a valid date: {exc}") from None


def parse_yymmdd_expiry(text: str, today: dt.date | None = None) -> dt.date:
    if len(text) != 6 or not text.isdigit():
        raise ValueError(f"{text!r} is not a date YYMMDD")
    try:
        return dt.date(expiry_year(int(text[:2]), today), int(text[2:4]), int(text[4:6]))
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a valid date: {exc}") from None


def document_state(code: str) -> str:
    """Alpha-2 for a country code found on a document or manifest; ValueError if unknown."""
    try:
        return normalise_document_state(code)
    except ValueError:
        raise ValueError(f"unknown country code {code!r}") from None


_SEX = {
    "M": Sex.MALE,
    "F": Sex.FEMALE,
    "U": Sex.UNKNOWN,
    "X": Sex.UNKNOWN,
    "<": Sex.UNKNOWN,
    "": Sex.UNKNOWN,
    "MALE": Sex.MALE,
    "FEMALE": Sex.FEMALE,
    "UNKNOWN": Sex.UNKNOWN,
}


def parse_sex(code: str) -> Sex:
    """M, F, U (and ICAO's ``X`` and ``<`` for unspecified), case-insensitive."""
    try:
        return _SEX[code.strip().upper()]
    except KeyError:
        raise ValueError(f"unknown sex {code!r}: use M, F or U") from None


_DOC = {
    "P": DocumentType.PASSPORT,
    "PASSPORT": DocumentType.PASSPORT,
    "I": DocumentType.ID_CARD,
    "A": DocumentType.ID_CARD,
    "C": DocumentType.ID_CARD,
    "ID": DocumentType.ID_CARD,
    "ID_CARD": DocumentType.ID_CARD,
    "V": DocumentType.VISA,
    "VISA": DocumentType.VISA,
    "O": DocumentType.OTHER,
    "OTHER": DocumentType.OTHER,
}


def parse_document_type(code: str) -> DocumentType:
    """Document codes of MRZ/PAXLST (first letter decides: P, I/A/C, V) or our own names."""
    value = code.strip().upper()
    if value in _DOC:
        return _DOC[value]
    if value[:1] in _DOC:  # e.g. MRZ "PD", "IR": the first letter is the type
        return _DOC[value[:1]]
    raise ValueError(f"unknown document type {code!r}: use P, I, V or O")


def model_message(err: Mapping[str, Any]) -> str:
    """Pydantic's message in plain words (its length message mentions "items")."""
    if err["type"] in ("too_long", "string_too_long"):
        return f"too long: at most {err['ctx']['max_length']} characters"
    return str(err["msg"]).removeprefix("Value error, ")
