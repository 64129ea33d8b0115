"""The member registry: INTERPOL's member countries, their NCBs, and the international entities.

The data lives in ``data/members.json`` (ISO 3166 alpha-2 and alpha-3, region, and names in the
four official languages, taken from CLDR). It is read once, lazily, and cached: the registry is
immutable at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources

LANGUAGES = ("ar", "en", "fr", "es")


class EntityKind(StrEnum):
    NCB = "ncb"
    GENERAL_SECRETARIAT = "general_secretariat"
    INTERNATIONAL = "international"


@dataclass(frozen=True, slots=True)
class Country:
    alpha2: str
    alpha3: str
    region: str
    names: dict[str, str] = field(hash=False, compare=False)

    def name(self, language: str = "en") -> str:
        return self.names.get(language) or self.names["en"]


@dataclass(frozen=True, slots=True)
class Entity:
    """Something that owns data and has users: an NCB, the General Secretariat, the UN, the ICC."""

    code: str
    kind: EntityKind
    names: dict[str, str] = field(hash=False, compare=False)
    country: str | None = None

    def name(self, language: str = "en") -> str:
        return self.names.get(language) or self.names["en"]


#: Code of the General Secretariat, which reviews notices before publication.
GENERAL_SECRETARIAT = "IPSG"


@dataclass(frozen=True, slots=True)
class Registry:
    countries: dict[str, Country]
    by_alpha3: dict[str, Country]
    entities: dict[str, Entity]


@cache
def registry() -> Registry:
    raw = json.loads(
        resources.files("passerelle.model").joinpath("data/members.json").read_text("utf-8")
    )
    countries = {
        c["alpha2"]: Country(c["alpha2"], c["alpha3"], c["region"], dict(c["names"]))
        for c in raw["countries"]
    }
    entities: dict[str, Entity] = {
        code: Entity(code, EntityKind.NCB, c.names, country=code) for code, c in countries.items()
    }
    for e in raw["entities"]:
        entities[e["code"]] = Entity(e["code"], EntityKind(e["kind"]), dict(e["names"]))
    return Registry(countries, {c.alpha3: c for c in countries.values()}, entities)


#: Codes of non-member places that still appear on documents (ICAO 9303 specials, Kosovo).
_DOCUMENT_ONLY = {
    "UTO": "UT",
    "XXA": "XA",
    "XXB": "XB",
    "XXC": "XC",
    "XXX": "XX",
    "RKS": "XK",
    "D": "DE",
    "GBD": "GB",
    "GBN": "GB",
    "GBO": "GB",
    "GBS": "GB",
    "GBP": "GB",
}


def normalise_country(code: str) -> str:
    """Return the alpha-2 code of a member country given alpha-2 or alpha-3, else ValueError."""
    value = code.strip().upper().replace("<", "")
    reg = registry()
    if value in reg.countries:
        return value
    if value in reg.by_alpha3:
        return reg.by_alpha3[value].alpha2
    raise ValueError(f"unknown country code {code!r}: use an ISO 3166 alpha-2 or alpha-3 code")


def normalise_document_state(code: str) -> str:
    """Like ``normalise_country`` but also admits ICAO document-only codes (e.g. UTO specimens)."""
    value = code.strip().upper().replace("<", "")
    if value in _DOCUMENT_ONLY:
        return _DOCUMENT_ONLY[value]
    if value in _DOCUMENT_ONLY.values():
        return value
    return normalise_country(value)


def entity(code: str) -> Entity:
    """Look an entity up by its code (alpha-2 or alpha-3 for an NCB)."""
    reg = registry()
    value = code.strip().upper()
    if value in reg.entities:
        return reg.entities[value]
    if value in reg.by_alpha3:
        return reg.entities[reg.by_alpha3[value].alpha2]
    raise ValueError(f"unknown NCB or entity {code!r}")


def is_entity(code: str) -> bool:
    try:
        entity(code)
    except ValueError:
        return False
    return True
