"""Name particles and honorifics: tagged so they weigh little, never silently dropped.

``al-`` / ``bin`` / ``van`` / ``de`` come and go between spellings of one person's name, so a
missing particle must cost almost nothing; but two names that differ *only* by
``bin`` vs ``bint`` or by a title are still told apart by the ``particles`` feature.
"""

from __future__ import annotations

import re
from typing import Final

from rapidfuzz.distance import OSA

ARTICLE = "article"
PATRONYMIC = "patronymic"
KUNYA = "kunya"
THEOPHORIC = "theophoric"
NOBILIARY = "nobiliary"
HONORIFIC = "honorific"
INITIAL = "initial"

#: Tags whose tokens are left out of the core name that is aligned and scored.
NON_CORE: Final = frozenset({ARTICLE, PATRONYMIC, NOBILIARY, HONORIFIC})

PARTICLES: Final[dict[str, tuple[str, str]]] = {
    # token: (tag, canonical form)
    "al": (ARTICLE, "al"),
    "el": (ARTICLE, "al"),
    "ul": (ARTICLE, "al"),
    "bin": (PATRONYMIC, "bin"),
    "ben": (PATRONYMIC, "bin"),
    "ibn": (PATRONYMIC, "bin"),
    "bn": (PATRONYMIC, "bin"),
    "bint": (PATRONYMIC, "bint"),
    "binti": (PATRONYMIC, "bint"),
    "ould": (PATRONYMIC, "ould"),
    "wuld": (PATRONYMIC, "ould"),
    "walad": (PATRONYMIC, "ould"),
    "oglu": (PATRONYMIC, "oglu"),
    "ogly": (PATRONYMIC, "oglu"),
    "kyzy": (PATRONYMIC, "kyzy"),
    "abu": (KUNYA, "abu"),
    "abou": (KUNYA, "abu"),
    "abo": (KUNYA, "abu"),
    "umm": (KUNYA, "umm"),
    "um": (KUNYA, "umm"),
    "abd": (THEOPHORIC, "abd"),
    "abdul": (THEOPHORIC, "abd"),
    "abdel": (THEOPHORIC, "abd"),
    "abdal": (THEOPHORIC, "abd"),
    "abdoul": (THEOPHORIC, "abd"),
    "abdol": (THEOPHORIC, "abd"),
    "abdur": (THEOPHORIC, "abd"),
    "abdus": (THEOPHORIC, "abd"),
    "abdu": (THEOPHORIC, "abd"),
    "de": (NOBILIARY, "de"),
    "da": (NOBILIARY, "de"),
    "di": (NOBILIARY, "de"),
    "do": (NOBILIARY, "de"),
    "dos": (NOBILIARY, "de"),
    "das": (NOBILIARY, "de"),
    "del": (NOBILIARY, "de"),
    "della": (NOBILIARY, "de"),
    "des": (NOBILIARY, "de"),
    "du": (NOBILIARY, "de"),
    "la": (NOBILIARY, "de"),
    "le": (NOBILIARY, "de"),
    "van": (NOBILIARY, "van"),
    "von": (NOBILIARY, "van"),
    "der": (NOBILIARY, "van"),
    "den": (NOBILIARY, "van"),
    "ter": (NOBILIARY, "van"),
    "zu": (NOBILIARY, "van"),
    "y": (NOBILIARY, "y"),
    "mr": (HONORIFIC, "mr"),
    "mrs": (HONORIFIC, "mrs"),
    "ms": (HONORIFIC, "ms"),
    "dr": (HONORIFIC, "dr"),
    "sir": (HONORIFIC, "sir"),
    "prof": (HONORIFIC, "prof"),
    "sheikh": (HONORIFIC, "sheikh"),
    "shaykh": (HONORIFIC, "sheikh"),
    "sheik": (HONORIFIC, "sheikh"),
    "shaikh": (HONORIFIC, "sheikh"),
    "haji": (HONORIFIC, "haji"),
    "hajji": (HONORIFIC, "haji"),
    "hadji": (HONORIFIC, "haji"),
    "alhaji": (HONORIFIC, "haji"),
    "mullah": (HONORIFIC, "mullah"),
    "mulla": (HONORIFIC, "mullah"),
    "maulana": (HONORIFIC, "maulana"),
    "mawlana": (HONORIFIC, "maulana"),
    "maulvi": (HONORIFIC, "maulana"),
    "mawlawi": (HONORIFIC, "maulana"),
    "qari": (HONORIFIC, "qari"),
    "imam": (HONORIFIC, "imam"),
    "general": (HONORIFIC, "general"),
    "gen": (HONORIFIC, "general"),
    "colonel": (HONORIFIC, "colonel"),
    "col": (HONORIFIC, "colonel"),
}

#: Joined theophoric and kunya prefixes split off a token (``abdulrahman`` → abd + rahman),
#: tried in this order.
JOINED_PREFIXES: Final = (
    ("abdoul", "abd"),
    ("abdul", "abd"),
    ("abdel", "abd"),
    ("abdal", "abd"),
    ("abdol", "abd"),
    ("abdu", "abd"),
    ("abdi", "abd"),
    ("abde", "abd"),
    ("abd", "abd"),
    ("abu", "abu"),
    ("abou", "abu"),
)
#: The article assimilated to a sun letter, written joined (*Abdurrahman*, *Abderrahmane*,
#: *Abdessamad*, *Abdennour*): the prefix takes the letter only when the part after it
#: starts with that letter again; *Abdurahman* and *Abdirahman* keep their *r*.
ASSIMILATED_PREFIXES: Final = tuple(f"abd{vowel}{letter}" for vowel in "aeiu" for letter in "rsnz")


#: Particles as written in Arabic, Hebrew and Cyrillic scripts (before transliteration).
NATIVE_PARTICLES: Final[dict[str, tuple[str, str]]] = {
    "بن": (PATRONYMIC, "bin"),
    "ابن": (PATRONYMIC, "bin"),
    "بنت": (PATRONYMIC, "bint"),
    "ولد": (PATRONYMIC, "ould"),
    "ابو": (KUNYA, "abu"),
    "ام": (KUNYA, "umm"),
    "عبد": (THEOPHORIC, "abd"),
    "בן": (PATRONYMIC, "bin"),
    "בת": (PATRONYMIC, "bint"),
    "фон": (NOBILIARY, "van"),
    "ван": (NOBILIARY, "van"),
    "де": (NOBILIARY, "de"),
    "ибн": (PATRONYMIC, "bin"),
    "бин": (PATRONYMIC, "bin"),
    "абу": (KUNYA, "abu"),
    "аль": (ARTICLE, "al"),
    "ал": (ARTICLE, "al"),
    "эль": (ARTICLE, "al"),
}


#: Sun-letter assimilated article forms (``ad-Din``, ``ar-Rahman``, ``ash-Shami``):
#: particles only when the source wrote them hyphen-joined, since ``An`` or ``As`` alone may
#: be a real name, and only when the next part starts with the consonant the article took
#: (that is what assimilation means): a hyphenated Korean given name (*Il-chan*, *An-sook*)
#: or a Maltese *il-* is not read as Arabic *al*.
ASSIMILATED_ARTICLE: Final = re.compile(r"(?<![^\W\d_])[aeu](sh|dh|th|[dnrstz])-(?=\1)")


#: Two particles that open a surname together (*van der Wal*, *von der Heide*, *de la
#: Cruz*). A single particle that starts a name may be a name of its own (Vietnamese *Le*,
#: *Van*), but these pairs never are: a manifest that writes the surname first (*van den
#: Bosch Peter*) had its *van* read as a given name, 0.95 alike to the surname *Ven*, so the
#: traveller scored 0.99 against a listed *Peter van de Ven* born on the same day.
SURNAME_OPENERS: Final = frozenset(
    {("van", "der"), ("van", "den"), ("van", "de"), ("von", "der"), ("von", "den"), ("de", "la")}
)


def opens_surname(first: str, second: str) -> bool:
    """Do a name's first two folded tokens open a surname together (``SURNAME_OPENERS``)?"""
    return (first, second) in SURNAME_OPENERS


#: Titles that are also family names, and common ones: *Shaikh* and *Sheikh* in Pakistan,
#: India and Bangladesh, *Hajji* in the Maghreb and the Horn of Africa, *Imam*, *Mullah*.
FAMILY_TITLES: Final = frozenset({"sheikh", "haji", "mullah", "imam"})


def is_article(token: str) -> bool:
    """Is this folded Latin token an article (*al*, *el*)?"""
    return PARTICLES.get(token, ("", ""))[0] == ARTICLE


def tag_latin(token: str, first: bool, last: bool, parts: int = 0) -> tuple[str, str]:
    """(tag, canonical) for a folded Latin token; tag is empty for an ordinary name part.

    A nobiliary particle that starts or ends a name is a name (Vietnamese Le, Do, Van), and an
    article or connector that ends a name is a name too. The caller passes ``first`` False
    for a particle that opens a surname with the next one (``opens_surname``).

    A name of two parts (``parts``: the name's parts, articles not counted; 0 when unknown)
    has no particle to spare: a patronymic that opens it is a given name (Chinese *Bin
    Wang*, English *Ben Fischer*), and a title that is also a family name
    (``FAMILY_TITLES``) is that name (*Shaikh Ali*). Such a title is a title only where a
    title stands, first before a name of two parts or more (*Sheikh Mohammed Rashid*);
    ending a name, it is the family name (*Noor Al-Sheikh*). Read as particles, *Bin Wang*
    and *Ali Shaikh* kept one part alone to be keyed and compared: a traveller *Ali Shaikh*
    did not have his own listed record among his candidates, and the same name written
    *علی شیخ* kept both parts.
    """
    if token in PARTICLES:
        tag, canonical = PARTICLES[token]
        if tag == NOBILIARY and (first or last):
            return "", token
        if last and not first and tag in (ARTICLE, PATRONYMIC, KUNYA, THEOPHORIC):
            return "", token
        if canonical in FAMILY_TITLES and (last or parts == 2):
            return "", token
        if first and parts == 2 and tag == PATRONYMIC:
            return "", token
        return tag, canonical
    if len(token) == 1:
        return INITIAL, token
    return "", token


#: *Abdallah* and its spellings (*Abdullah*, *Abdellah*, *Abdulla*, *Abdalla*; not
#: *Abdoulaye*): ``abd`` and *Allah*, whose article is its own first letters, not a prefix's.
_ABD_ALLAH: Final = re.compile(r"abd(?:[aeiou]|ou)?ll?ah?")


#: Spellings of *Abdallah* that a typed slip is measured from (``_abd_allah_slipped``); the
#: Hausa and West African *Abdullahi* is the same name.
_ABD_ALLAH_SPELLINGS: Final = ("abdullah", "abdallah", "abdellah", "abdullahi", "abdallahi")
#: Names one letter from those spellings that are names of their own.
_NOT_ABD_ALLAH: Final = frozenset({"abdallat", "abdullat"})


def _abd_allah_slipped(token: str) -> bool:
    """Is a folded word one typed slip from a spelling of *Abdallah* (*Abdullad*, *Abduclah*,
    *Adullah*, *Adullahi*)? Cut by the prefixes, such a slip left ``abd`` + ``lad`` or
    ``clah``, or no cut at all, and met neither *Abd Allah* nor عبد الله: a planted
    *Aslan Abdullad* scored 0.09 against a listed *Abdullah Aslan* born the same day.
    Not the names a letter from it that are other names: *Abdelilah* and *Abdulilah*
    (عبد الإله, of *ilah*) and the Jordanian family name *Abdallat*."""
    if not 7 <= len(token) <= 10 or token[:1] != "a" or "ilah" in token:
        return False
    if token in _NOT_ABD_ALLAH:
        return False
    return any(OSA.distance(token, s, score_cutoff=1) <= 1 for s in _ABD_ALLAH_SPELLINGS)


def split_joined(token: str) -> list[str]:
    """Split a joined ``abd``/``abu`` prefix off a folded token when a real name part remains.

    *Abdallah* is ``abd`` + ``allah`` however it is spelled, as *Abd Allah* and عبد الله
    are: cut by the prefixes alone, *Abdallah* and *Abdullah* left ``lah``, *Abdulla*
    ``ulla`` and *Abdalla* ``alla``, so the spellings of one common name met neither each
    other's second part nor the Arabic's."""
    if token in PARTICLES:
        return [token]
    if _ABD_ALLAH.fullmatch(token) or _abd_allah_slipped(token):
        return ["abd", "allah"]
    if not token.startswith("ab") or len(token) < 6:
        return [token]
    for prefix in ASSIMILATED_PREFIXES:
        rest = token[len(prefix) :]
        if token.startswith(prefix) and rest[:1] == prefix[-1] and len(rest) >= 3:
            return ["abd", rest]
    for prefix, canonical in JOINED_PREFIXES:
        rest = token[len(prefix) :]
        if token.startswith(prefix) and len(rest) >= 3:
            return [canonical, rest]
    return [token]
