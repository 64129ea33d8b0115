"""Name books: common given names and surnames per country, read from ``data/``.

Each country file (``data/names/XX.json``) lists surnames and points at shared pools of given
names (``data/pools/*.json``) plus its own entries: Arabic given names are largely shared from
Rabat to Baghdad, but their romanisation habits differ (Maghreb French-style ``Mohamed``,
``Youcef``; Mashreq English-style ``Mohammed``, ``Yousef``), hence two pools rather than one.
Every entry carries the native spelling and, for non-Latin scripts, one or more common Latin
romanisations, the first being the most usual. Weights are rough relative frequencies.

These are name *tokens*; the generator combines them at random, so no output is a real person.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from passerelle.services.demo.sampling import Weighted

_DATA = "passerelle.services.demo"

#: Nationalities without a name book borrow the nearest one (language and naming customs).
FALLBACK: dict[str, str] = {
    "OM": "SA", "KW": "SA", "QA": "SA", "BH": "SA", "YE": "SA", "SD": "EG", "MR": "MA",
    "PS": "JO", "AF": "IR", "KG": "KZ", "UZ": "KZ", "TM": "KZ", "MD": "RU", "ME": "RS",
    "MK": "BG", "AT": "DE", "CH": "DE", "LI": "DE", "LU": "FR", "MC": "FR", "BE": "NL",
    "SR": "NL", "AW": "NL", "CW": "NL", "SX": "NL", "AR": "ES", "UY": "ES", "CL": "ES",
    "AD": "ES", "CO": "MX", "PE": "MX", "VE": "MX", "EC": "MX", "BO": "MX", "GT": "MX",
    "HN": "MX", "SV": "MX", "NI": "MX", "CR": "MX", "PA": "MX", "DO": "MX", "CU": "MX",
    "PY": "MX", "AO": "PT", "MZ": "PT", "CV": "PT", "GW": "PT", "ST": "PT", "TL": "PT",
    "IE": "GB", "AU": "GB", "NZ": "GB", "JM": "GB", "TT": "GB", "CA": "US", "GH": "NG",
    "SM": "IT", "VA": "IT", "AZ": "TR",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class NameToken:
    """One given name or surname: native spelling and its Latin forms (most usual first)."""

    native: str
    latin: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NameBook:
    """How one country names people, and with which tokens."""

    country: str
    script: str
    style: str
    middle_name: float
    middle_kind: str
    patronymic: str | None
    feminine: str | None
    married_name: float
    male: Weighted[NameToken]
    female: Weighted[NameToken]
    surnames: Weighted[NameToken]

    @property
    def is_latin(self) -> bool:
        return self.script == "Latn"


def _read(path: str) -> Any:
    return json.loads(resources.files(_DATA).joinpath(path).read_text("utf-8"))


def _tokens(entries: list[dict[str, Any]], into: dict[str, tuple[NameToken, float]]) -> None:
    """Merge entries by native spelling: a name in two pools keeps one token, both weights."""
    for entry in entries:
        native = entry["native"]
        latin = tuple(entry.get("latin") or (native,))
        weight = float(entry["weight"])
        if native in into:
            old, old_weight = into[native]
            merged = old.latin + tuple(x for x in latin if x not in old.latin)
            into[native] = (NameToken(native, merged), old_weight + weight)
        else:
            into[native] = (NameToken(native, latin), weight)


@cache
def _pool(name: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = _read(f"data/pools/{name}.json")["entries"]
    return entries


def _given(spec: dict[str, Any]) -> Weighted[NameToken]:
    merged: dict[str, tuple[NameToken, float]] = {}
    for pool in spec["pools"]:
        _tokens(_pool(pool), merged)
    _tokens(spec["entries"], merged)
    return Weighted(merged.values())


def _book(raw: dict[str, Any]) -> NameBook:
    surnames: dict[str, tuple[NameToken, float]] = {}
    _tokens(raw["surnames"], surnames)
    return NameBook(
        country=raw["country"],
        script=raw["script"],
        style=raw["style"],
        middle_name=float(raw["middle_name"]),
        middle_kind=raw["middle_kind"],
        patronymic=raw["patronymic"],
        feminine=raw["feminine"],
        married_name=float(raw["married_name"]),
        male=_given(raw["given_male"]),
        female=_given(raw["given_female"]),
        surnames=Weighted(surnames.values()),
    )


@cache
def name_books() -> dict[str, NameBook]:
    """Every name book, by alpha-2 country code (read once)."""
    folder = resources.files(_DATA).joinpath("data/names")
    books = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".json"):
            book = _book(json.loads(item.read_text("utf-8")))
            books[book.country] = book
    return books


def book_for(country: str) -> NameBook | None:
    """The name book for a nationality, its fallback, or None."""
    books = name_books()
    return books.get(country) or books.get(FALLBACK.get(country, ""))
