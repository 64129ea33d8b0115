"""Identifiers that look like the real ones: document numbers, VINs, plates, IMO and MMSI.

Formats are plausible per issuing country (length, letters and digits where they usually are),
not checked against any issuing authority. Where a real check digit exists and is cheap (the
Spanish DNI letter, the VIN check digit of North American and Chinese VINs, the IMO number),
it is computed, so validators downstream are exercised on valid data.

Pattern language: ``#`` a digit, ``@`` a letter, ``*`` a letter or digit, anything else literal.
"""

from __future__ import annotations

import random
import re
import string

from passerelle.services.demo.sampling import Weighted

_LETTERS = string.ascii_uppercase
_ALNUM = string.ascii_uppercase + string.digits

#: (passport pattern, identity card pattern or None when the country issues none).
DOCUMENT_FORMATS: dict[str, tuple[str, str | None]] = {
    "FR": ("##@@#####", "*********"), "DE": ("C********", "L********"),
    "GB": ("#########", None), "US": ("#########", None), "ES": ("@@@######", "DNI"),
    "IT": ("@@#######", "@@#####@@"), "PT": ("@######", "########"),
    "NL": ("@@******#", "@@******#"), "PL": ("@@#######", "@@@######"),
    "TR": ("U########", "@##@#####"), "RU": ("#########", "##########"),
    "UA": ("@@######", "#########"), "BY": ("@@#######", "@@#######"),
    "KZ": ("N########", "#########"), "BG": ("#########", "#########"),
    "RS": ("#########", "#########"), "CN": ("E########", "##################"),
    "TW": ("#########", "@#########"), "MA": ("@@#######", "@@######"),
    "DZ": ("#########", "#########"), "TN": ("@######", "########"),
    "EG": ("A########", "##############"), "SA": ("@########", "1#########"),
    "AE": ("#########", "784############"), "IQ": ("A########", "############"),
    "LB": ("LR#######", None), "IR": ("@########", "##########"),
    "PK": ("@@#######", "#############"), "BR": ("@@######", "#########"),
    "MX": ("@########", "@@@@@@########@###"), "NG": ("A########", "###########"),
    "JO": ("@######", "##########"), "SY": ("#########", "###########"),
    "LY": ("@#######", "############"), "IN": ("@#######", None),
}  # fmt: skip
DEFAULT_FORMAT = ("@########", "@@#######")

_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def _compile(pattern: str) -> list[tuple[str, int | str]]:
    """Runs of the same placeholder become one draw: ``##@@#####`` -> 3 segments."""
    return [
        (m.group(0)[0], len(m.group(0))) if m.group(0)[0] in "#@*" else ("=", m.group(0))
        for m in re.finditer(r"#+|@+|\*+|[^#@*]+", pattern)
    ]


_COMPILED: dict[str, list[tuple[str, int | str]]] = {}


def from_pattern(rng: random.Random, pattern: str) -> str:
    segments = _COMPILED.get(pattern)
    if segments is None:
        segments = _COMPILED[pattern] = _compile(pattern)
    out = []
    for kind, value in segments:
        if kind == "=":
            out.append(str(value))
        elif kind == "#":
            assert isinstance(value, int)
            out.append(f"{rng.randrange(10**value):0{value}d}")
        else:
            assert isinstance(value, int)
            out.append("".join(rng.choices(_LETTERS if kind == "@" else _ALNUM, k=value)))
    return "".join(out)


def document_number(rng: random.Random, country: str, card: bool) -> tuple[str, bool]:
    """A number for a passport (or identity card when ``card`` and the country issues one).

    Returns the number and whether it is an identity card number.
    """
    passport, id_card = DOCUMENT_FORMATS.get(country, DEFAULT_FORMAT)
    if card and id_card is not None:
        if id_card == "DNI":
            digits = rng.randrange(10**8)
            return f"{digits:08d}{_DNI_LETTERS[digits % 23]}", True
        return from_pattern(rng, id_card), True
    return from_pattern(rng, passport), False


# --- vehicles -------------------------------------------------------------------------------

#: World manufacturer identifiers (public ISO 3780 codes) with a make and some models.
WMIS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("WVW", "Volkswagen", ("Golf", "Passat", "Polo", "Tiguan")),
    ("WBA", "BMW", ("320d", "X5", "520d")),
    ("WDD", "Mercedes-Benz", ("C 220", "E 300", "GLC")),
    ("WAU", "Audi", ("A4", "A6", "Q5")),
    ("VF1", "Renault", ("Clio", "Megane", "Captur")),
    ("VF3", "Peugeot", ("208", "308", "3008")),
    ("VF7", "Citroën", ("C3", "C4", "Berlingo")),
    ("ZFA", "Fiat", ("Panda", "500", "Tipo")),
    ("SAL", "Land Rover", ("Range Rover", "Defender", "Discovery")),
    ("JTD", "Toyota", ("Corolla", "Yaris", "RAV4")),
    ("JHM", "Honda", ("Civic", "CR-V", "Accord")),
    ("JN1", "Nissan", ("Qashqai", "X-Trail", "Patrol")),
    ("KMH", "Hyundai", ("Tucson", "i30", "Elantra")),
    ("KNA", "Kia", ("Sportage", "Rio", "Sorento")),
    ("1FA", "Ford", ("Mustang", "Focus")),
    ("1FT", "Ford", ("F-150", "Ranger")),
    ("1G1", "Chevrolet", ("Malibu", "Camaro")),
    ("2T1", "Toyota", ("Corolla", "Matrix")),
    ("3VW", "Volkswagen", ("Jetta", "Tiguan")),
    ("5YJ", "Tesla", ("Model 3", "Model Y")),
    ("LSV", "Volkswagen", ("Lavida", "Passat")),
    ("LGW", "Great Wall", ("Haval H6", "Wingle")),
    ("YV1", "Volvo", ("XC60", "V60", "XC90")),
    ("TMB", "Škoda", ("Octavia", "Fabia", "Superb")),
    ("VSS", "SEAT", ("Ibiza", "Leon")),
    ("WF0", "Ford", ("Fiesta", "Focus", "Transit")),
    ("NMT", "Toyota", ("C-HR", "Corolla")),
    ("9BW", "Volkswagen", ("Gol", "Polo")),
    ("MA3", "Suzuki", ("Swift", "Baleno")),
    ("XTA", "Lada", ("Vesta", "Granta", "Niva")),
)

_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # no I, O, Q
_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_YEAR_CODES = "123456789ABCDEFGHJKLMNPRSTVWXY"  # 2001-2009, then 2010-2030


def vin_check_digit(vin: str) -> str:
    """ISO 3779 / 49 CFR 565 check digit (position 9) of a 17-character VIN."""
    total = sum(_VIN_VALUES[ch] * w for ch, w in zip(vin, _VIN_WEIGHTS, strict=True))
    return "X" if total % 11 == 10 else str(total % 11)


def vin(rng: random.Random, wmi: str, year: int) -> str:
    """A 17-character VIN; North American and Chinese ones carry a valid check digit."""
    vds = "".join(rng.choices(_VIN_CHARS, k=5))
    tail = _YEAR_CODES[year - 2001] + rng.choice(_VIN_CHARS) + f"{rng.randrange(10**6):06d}"
    draft = f"{wmi}{vds}0{tail}"
    if wmi[0] in "12345L":
        return draft[:8] + vin_check_digit(draft) + draft[9:]
    return draft[:8] + rng.choice(_VIN_CHARS) + draft[9:]


_PLATE_RU = "ABEKMHOPCTYX"  # Latin letters that look like Cyrillic ones
PLATE_FORMATS: dict[str, str] = {
    "FR": "@@-###-@@", "DE": "{DE} @@ ####", "GB": "@@## @@@", "IT": "@@ ###@@",
    "ES": "#### {ES}", "NL": "@@-###-@", "BE": "#-@@@-###", "PL": "@@ #####",
    "PT": "@@-##-@@", "US": "#@@@###", "MX": "@@@-###-@", "BR": "@@@#@##",
    "RU": "{RU}###{RU}{RU}##", "UA": "@@####@@", "TR": "## @@@ ###", "MA": "#####-@-##",
    "DZ": "##### ### ##", "TN": "### TU ####", "SA": "#### @@@", "AE": "@ #####",
    "PK": "@@@-###", "NG": "@@@-###@@", "KZ": "###@@@##", "BG": "{RU}{RU} #### {RU}{RU}",
    "RS": "@@ ###-@@", "CH": "ZH ######", "AT": "W-#####@", "SE": "@@@ ##@",
}  # fmt: skip
_DE_DISTRICTS = ("B", "M", "HH", "K", "F", "S", "D", "KA", "N", "HB", "DO", "E", "L", "H")
_ES_LETTERS = "BCDFGHJKLMNPRSTVWXYZ"


def plate(rng: random.Random, country: str) -> str:
    """A number plate as printed (spaces and dashes are dropped by the model)."""
    pattern = PLATE_FORMATS.get(country, "@@@ ####")
    pattern = pattern.replace("{DE}", rng.choice(_DE_DISTRICTS))
    pattern = pattern.replace("{ES}", "".join(rng.choices(_ES_LETTERS, k=3)))
    while "{RU}" in pattern:
        pattern = pattern.replace("{RU}", rng.choice(_PLATE_RU), 1)
    return from_pattern(rng, pattern)


# --- vessels --------------------------------------------------------------------------------


def imo_number(rng: random.Random) -> str:
    """A 7-digit IMO ship number with a valid check digit (weights 7..2 over the first six)."""
    first = rng.randrange(700000, 1000000)
    digits = f"{first:06d}"
    check = sum(int(d) * w for d, w in zip(digits, range(7, 1, -1), strict=True)) % 10
    return f"{digits}{check}"


#: Maritime identification digits (ITU) of flags, weighted by how many ships they register.
FLAG_MIDS: dict[str, tuple[int, ...]] = {
    "PA": (351, 352, 353, 354, 355, 356, 357, 370, 371, 372, 373), "LR": (636,),
    "MH": (538,), "MT": (215, 229, 248, 249, 256), "BS": (308, 309, 311),
    "SG": (563, 564, 565, 566), "CY": (209, 210, 212), "GR": (237, 239, 240, 241),
    "CN": (412, 413, 414), "FR": (226, 227, 228), "GB": (232, 233, 234, 235),
    "NO": (257, 258, 259), "US": (338, 366, 367, 368, 369), "RU": (273,), "TR": (271,),
    "MA": (242,), "EG": (622,), "IT": (247,), "ES": (224, 225), "NL": (244, 245, 246),
    "DE": (211, 218), "JP": (431, 432), "KR": (440, 441), "IN": (419,), "ID": (525,),
    "PH": (548,), "NG": (657,), "SA": (403,), "AE": (470, 471), "IR": (422,), "VN": (574,),
    "DZ": (605,), "TN": (672,), "LB": (450,), "LY": (642,), "BR": (710,), "PT": (263,),
    "DK": (219, 220), "UA": (272,), "PL": (261,), "BZ": (312,), "KM": (616,), "TG": (671,),
    "SL": (667,), "PW": (511,), "VC": (375, 376, 377), "AG": (304, 305),
}  # fmt: skip
FLAGS = Weighted(
    [("PA", 18), ("LR", 15), ("MH", 12), ("MT", 8), ("SG", 6), ("BS", 5), ("CN", 5),
     ("GR", 4), ("CY", 4)] + [(flag, 1.5) for flag in FLAG_MIDS
                              if flag not in {"PA", "LR", "MH", "MT", "SG", "BS", "CN", "GR",
                                              "CY"}]
)  # fmt: skip


def mmsi(rng: random.Random, flag: str) -> str:
    """A ship station MMSI: the flag's MID then six digits."""
    return f"{rng.choice(FLAG_MIDS[flag])}{rng.randrange(10**6):06d}"


_SHIP_FIRST = (
    "Ocean",
    "Sea",
    "Golden",
    "Silver",
    "Blue",
    "Grand",
    "Royal",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Lucky",
    "Bright",
    "Great",
    "Atlantic",
    "Pacific",
    "Baltic",
    "Aegean",
    "Coral",
    "Star",
    "Al",
    "Santa",
    "Kapitan",
    "Nova",
)
_SHIP_SECOND = (
    "Star",
    "Pearl",
    "Spirit",
    "Fortune",
    "Glory",
    "Harmony",
    "Phoenix",
    "Horizon",
    "Navigator",
    "Pioneer",
    "Express",
    "Trader",
    "Venture",
    "Breeze",
    "Wave",
    "Falcon",
    "Eagle",
    "Dolphin",
    "Marlin",
    "Aurora",
    "Atlas",
    "Orion",
    "Triton",
    "Amal",
    "Nour",
    "Salam",
    "Baraka",
    "Maria",
    "Elena",
    "Grace",
    "Hope",
    "Unity",
    "Endeavour",
    "Carrier",
    "Mariner",
    "Voyager",
    "Wind",
    "Light",
    "Bay",
)
_SHIP_SUFFIX = Weighted(
    [
        ("", 70),
        (" I", 4),
        (" II", 6),
        (" III", 3),
        (" 1", 4),
        (" 2", 4),
        (" 3", 3),
        (" 7", 2),
        (" 9", 2),
        (" 21", 2),
    ]
)


def vessel_name(rng: random.Random) -> str:
    return f"{rng.choice(_SHIP_FIRST)} {rng.choice(_SHIP_SECOND)}{_SHIP_SUFFIX.pick(rng)}"
