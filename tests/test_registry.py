"""The member registry: INTERPOL's 196 members, their codes and names in the four languages."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from passerelle.model.countries import (
    LANGUAGES,
    EntityKind,
    entity,
    is_entity,
    normalise_country,
    registry,
)

ARABIC = re.compile(r"[\u0600-\u06ff]")
REGIONS = {"Africa", "Americas", "Asia", "Europe", "Oceania"}


def _raw() -> dict[str, list[dict[str, object]]]:
    text = resources.files("passerelle.model").joinpath("data/members.json").read_text("utf-8")
    data: dict[str, list[dict[str, object]]] = json.loads(text)
    return data


def test_exactly_196_members() -> None:
    assert len(registry().countries) == 196
    assert len(_raw()["countries"]) == 196  # no duplicate silently collapsed by the dict


def test_codes_are_unique_and_well_formed() -> None:
    raw = _raw()["countries"]
    alpha2 = [c["alpha2"] for c in raw]
    alpha3 = [c["alpha3"] for c in raw]
    assert len(set(alpha2)) == len(alpha2)
    assert len(set(alpha3)) == len(alpha3)
    assert all(isinstance(a, str) and re.fullmatch(r"[A-Z]{2}", a) for a in alpha2)
    assert all(isinstance(a, str) and re.fullmatch(r"[A-Z]{3}", a) for a in alpha3)
    assert len(registry().by_alpha3) == 196


@pytest.mark.parametrize(
    ("alpha2", "alpha3"),
    [("FR", "FRA"), ("MA", "MAR"), ("DE", "DEU"), ("PS", "PSE"), ("VA", "VAT"),
     ("CW", "CUW"), ("SX", "SXM"), ("AW", "ABW"), ("PW", "PLW"), ("FM", "FSM"),
     ("SS", "SSD"), ("CD", "COD"), ("CG", "COG"), ("KR", "KOR"), ("GB", "GBR")],
)  # fmt: skip
def test_known_members(alpha2: str, alpha3: str) -> None:
    country = registry().countries[alpha2]
    assert country.alpha3 == alpha3


@pytest.mark.parametrize("code", ["KP", "TV", "TW", "XK", "EH", "HK", "PR"])
def test_non_members_are_absent(code: str) -> None:
    """North Korea and Tuvalu are UN members outside INTERPOL; the others are not members."""
    assert code not in registry().countries


def test_every_name_in_four_languages() -> None:
    assert set(LANGUAGES) == {"ar", "en", "fr", "es"}
    for country in registry().countries.values():
        for language in LANGUAGES:
            name = country.names.get(language)
            assert name, f"{country.alpha2} has no {language} name"
            assert name == name.strip()
        assert ARABIC.search(country.names["ar"]), f"{country.alpha2}: Arabic name not in Arabic"
        assert not ARABIC.search(country.names["en"])


def test_regions() -> None:
    countries = registry().countries
    assert {c.region for c in countries.values()} == REGIONS
    assert countries["MA"].region == "Africa"
    assert countries["BR"].region == "Americas"
    assert countries["JP"].region == "Asia"
    assert countries["PL"].region == "Europe"
    assert countries["FJ"].region == "Oceania"


def test_subregions_present() -> None:
    assert all(c.get("subregion") for c in _raw()["countries"])


def test_palestine_is_named_as_a_member() -> None:
    assert registry().countries["PS"].name("en") == "Palestine"
    assert registry().countries["PS"].name("ar") == "فلسطين"


@pytest.mark.parametrize(
    ("code", "expected"),
    [("FR", "FR"), ("fr", "FR"), ("Fr", "FR"), ("FRA", "FR"), ("fra", "FR"), (" mar ", "MA"),
     ("PSE", "PS"), ("vat", "VA"), ("DEU", "DE"), ("deu", "DE")],
)  # fmt: skip
def test_normalise_country_accepts_alpha2_and_alpha3(code: str, expected: str) -> None:
    assert normalise_country(code) == expected


@pytest.mark.parametrize("code", ["XX", "ZZZ", "KP", "PRK", "TWN", "", "FRAN", "1"])
def test_normalise_country_rejects_unknown(code: str) -> None:
    with pytest.raises(ValueError, match="unknown country code") as info:
        normalise_country(code)
    assert "alpha-2 or alpha-3" in str(info.value)


def test_entity_finds_ncbs() -> None:
    ncb = entity("ma")
    assert ncb.kind is EntityKind.NCB
    assert ncb.country == "MA"
    assert ncb.name("fr") == "Maroc"
    assert entity("MAR") == ncb
    assert len([e for e in registry().entities.values() if e.kind is EntityKind.NCB]) == 196


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("IPSG", EntityKind.GENERAL_SECRETARIAT),
        ("UN", EntityKind.INTERNATIONAL),
        ("icc", EntityKind.INTERNATIONAL),
    ],
)
def test_entity_finds_international_entities(code: str, kind: EntityKind) -> None:
    found = entity(code)
    assert found.kind is kind
    assert found.country is None
    assert all(found.names.get(lang) for lang in LANGUAGES)


def test_entity_rejects_unknown() -> None:
    with pytest.raises(ValueError, match="unknown NCB or entity"):
        entity("NOPE")
    assert not is_entity("KP")
    assert is_entity("GS") is False
    assert is_entity("IPSG")
