"""Regenerate src/passerelle/model/data/members.json: INTERPOL's 196 member countries.

Why a script: the member list, ISO codes and regions are written here by hand (they change
rarely and must be reviewed), while the names in the four official languages come from CLDR
through ``babel`` so they stay consistent with the rest of the console. Run it after a General
Assembly admits a member or after a CLDR upgrade, then review the diff. See docs/registry.md.

Usage: ``python tools/gen_members.py`` (needs ``babel``, a project dependency).
"""

from __future__ import annotations

import json
from pathlib import Path

from babel import Locale

OUT = Path(__file__).resolve().parent.parent / "src/passerelle/model/data/members.json"
LANGUAGES = ("ar", "en", "fr", "es")

#: (alpha-2, alpha-3) per UN M49 sub-region; region is the M49 continent.
# fmt: off
MEMBERS: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("Africa", "Northern Africa"): [
        ("DZ", "DZA"), ("EG", "EGY"), ("LY", "LBY"), ("MA", "MAR"), ("SD", "SDN"), ("TN", "TUN"),
    ],
    ("Africa", "Eastern Africa"): [
        ("BI", "BDI"), ("KM", "COM"), ("DJ", "DJI"), ("ER", "ERI"), ("ET", "ETH"), ("KE", "KEN"),
        ("MG", "MDG"), ("MW", "MWI"), ("MU", "MUS"), ("MZ", "MOZ"), ("RW", "RWA"), ("SC", "SYC"),
        ("SO", "SOM"), ("SS", "SSD"), ("UG", "UGA"), ("TZ", "TZA"), ("ZM", "ZMB"), ("ZW", "ZWE"),
    ],
    ("Africa", "Middle Africa"): [
        ("AO", "AGO"), ("CM", "CMR"), ("CF", "CAF"), ("TD", "TCD"), ("CG", "COG"), ("CD", "COD"),
        ("GQ", "GNQ"), ("GA", "GAB"), ("ST", "STP"),
    ],
    ("Africa", "Southern Africa"): [
        ("BW", "BWA"), ("SZ", "SWZ"), ("LS", "LSO"), ("NA", "NAM"), ("ZA", "ZAF"),
    ],
    ("Africa", "Western Africa"): [
        ("BJ", "BEN"), ("BF", "BFA"), ("CV", "CPV"), ("CI", "CIV"), ("GM", "GMB"), ("GH", "GHA"),
        ("GN", "GIN"), ("GW", "GNB"), ("LR", "LBR"), ("ML", "MLI"), ("MR", "MRT"), ("NE", "NER"),
        ("NG", "NGA"), ("SN", "SEN"), ("SL", "SLE"), ("TG", "TGO"),
    ],
    ("Americas", "Caribbean"): [
        ("AG", "ATG"), ("AW", "ABW"), ("BS", "BHS"), ("BB", "BRB"), ("CU", "CUB"), ("CW", "CUW"),
        ("DM", "DMA"), ("DO", "DOM"), ("GD", "GRD"), ("HT", "HTI"), ("JM", "JAM"), ("KN", "KNA"),
        ("LC", "LCA"), ("VC", "VCT"), ("SX", "SXM"), ("TT", "TTO"),
    ],
    ("Americas", "Central America"): [
        ("BZ", "BLZ"), ("CR", "CRI"), ("SV", "SLV"), ("GT", "GTM"), ("HN", "HND"), ("MX", "MEX"),
        ("NI", "NIC"), ("PA", "PAN"),
    ],
    ("Americas", "South America"): [
        ("AR", "ARG"), ("BO", "BOL"), ("BR", "BRA"), ("CL", "CHL"), ("CO", "COL"), ("EC", "ECU"),
        ("GY", "GUY"), ("PY", "PRY"), ("PE", "PER"), ("SR", "SUR"), ("UY", "URY"), ("VE", "VEN"),
    ],
    ("Americas", "Northern America"): [("CA", "CAN"), ("US", "USA")],
    ("Asia", "Central Asia"): [
        ("KZ", "KAZ"), ("KG", "KGZ"), ("TJ", "TJK"), ("TM", "TKM"), ("UZ", "UZB"),
    ],
    ("Asia", "Eastern Asia"): [("CN", "CHN"), ("JP", "JPN"), ("KR", "KOR"), ("MN", "MNG")],
    ("Asia", "South-eastern Asia"): [
        ("BN", "BRN"), ("KH", "KHM"), ("ID", "IDN"), ("LA", "LAO"), ("MY", "MYS"), ("MM", "MMR"),
        ("PH", "PHL"), ("SG", "SGP"), ("TH", "THA"), ("TL", "TLS"), ("VN", "VNM"),
    ],
    ("Asia", "Southern Asia"): [
        ("AF", "AFG"), ("BD", "BGD"), ("BT", "BTN"), ("IN", "IND"), ("IR", "IRN"), ("MV", "MDV"),
        ("NP", "NPL"), ("PK", "PAK"), ("LK", "LKA"),
    ],
    ("Asia", "Western Asia"): [
        ("AM", "ARM"), ("AZ", "AZE"), ("BH", "BHR"), ("CY", "CYP"), ("GE", "GEO"), ("IQ", "IRQ"),
        ("IL", "ISR"), ("JO", "JOR"), ("KW", "KWT"), ("LB", "LBN"), ("OM", "OMN"), ("PS", "PSE"),
        ("QA", "QAT"), ("SA", "SAU"), ("SY", "SYR"), ("TR", "TUR"), ("AE", "ARE"), ("YE", "YEM"),
    ],
    ("Europe", "Eastern Europe"): [
        ("BY", "BLR"), ("BG", "BGR"), ("CZ", "CZE"), ("HU", "HUN"), ("PL", "POL"), ("MD", "MDA"),
        ("RO", "ROU"), ("RU", "RUS"), ("SK", "SVK"), ("UA", "UKR"),
    ],
    ("Europe", "Northern Europe"): [
        ("DK", "DNK"), ("EE", "EST"), ("FI", "FIN"), ("IS", "ISL"), ("IE", "IRL"), ("LV", "LVA"),
        ("LT", "LTU"), ("NO", "NOR"), ("SE", "SWE"), ("GB", "GBR"),
    ],
    ("Europe", "Southern Europe"): [
        ("AL", "ALB"), ("AD", "AND"), ("BA", "BIH"), ("HR", "HRV"), ("GR", "GRC"), ("VA", "VAT"),
        ("IT", "ITA"), ("MT", "MLT"), ("ME", "MNE"), ("MK", "MKD"), ("PT", "PRT"), ("SM", "SMR"),
        ("RS", "SRB"), ("SI", "SVN"), ("ES", "ESP"),
    ],
    ("Europe", "Western Europe"): [
        ("AT", "AUT"), ("BE", "BEL"), ("FR", "FRA"), ("DE", "DEU"), ("LI", "LIE"), ("LU", "LUX"),
        ("MC", "MCO"), ("NL", "NLD"), ("CH", "CHE"),
    ],
    ("Oceania", "Australia and New Zealand"): [("AU", "AUS"), ("NZ", "NZL")],
    ("Oceania", "Melanesia"): [("FJ", "FJI"), ("PG", "PNG"), ("SB", "SLB"), ("VU", "VUT")],
    ("Oceania", "Micronesia"): [
        ("KI", "KIR"), ("MH", "MHL"), ("FM", "FSM"), ("NR", "NRU"), ("PW", "PLW"),
    ],
    ("Oceania", "Polynesia"): [("WS", "WSM"), ("TO", "TON")],
}
# fmt: on

#: Where CLDR's everyday name is not the member's name at INTERPOL. CLDR calls PS
#: "Palestinian Territories"; INTERPOL admitted the State of Palestine (2017) as "Palestine".
OVERRIDES: dict[str, dict[str, str]] = {
    "PS": {"ar": "فلسطين", "en": "Palestine", "fr": "Palestine", "es": "Palestina"},
}

EXPECTED = 196


def build() -> dict[str, object]:
    locales = {lang: Locale(lang) for lang in LANGUAGES}
    countries = []
    for (region, subregion), members in MEMBERS.items():
        for alpha2, alpha3 in members:
            names = OVERRIDES.get(alpha2) or {
                lang: loc.territories[alpha2] for lang, loc in locales.items()
            }
            countries.append(
                {
                    "alpha2": alpha2,
                    "alpha3": alpha3,
                    "region": region,
                    "subregion": subregion,
                    "names": {lang: names[lang] for lang in LANGUAGES},
                }
            )
    countries.sort(key=lambda c: str(c["alpha2"]))
    if len(countries) != EXPECTED:
        raise SystemExit(f"{len(countries)} countries, expected {EXPECTED}")
    entities = json.loads(OUT.read_text("utf-8"))["entities"]
    return {"countries": countries, "entities": entities}


def main() -> None:
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"wrote {OUT} ({len(data['countries'])} countries)")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
