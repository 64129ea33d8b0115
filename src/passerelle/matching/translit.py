"""Romanisation: every native-script token becomes a few candidate Latin spellings.

The first candidate is the most likely one; the others are the spellings that other
conventions, or the unwritten vowels, make just as plausible. Scoring compares every
candidate, so a name written محمد meets Muhammad, Mohamed and Mohammed alike.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from anyascii import anyascii

from passerelle.matching import tables, text, wade_giles
from passerelle.matching.learned import CharModel, load_models

ARTEFACTS = Path(__file__).with_name("artefacts")
TRANSLIT_ARTEFACT = ARTEFACTS / "translit.json"
MAX_FORMS = 4

_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ة": "ه",
        "ۀ": "ه",
        "ە": "ه",
        "ى": "ي",
        "ی": "ي",
        "ې": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ک": "ك",
        "ڪ": "ك",
        "ـ": None,
    }
)
_NIQQUD = re.compile("[\u0591-\u05c7]")
_HEBREW_FOLD = str.maketrans({"'": "׳", "’": "׳", "״": '"'})


def normalise_arabic(token: str) -> str:
    """Arabic/Persian letter normalisation: harakat and tatweel out; alef forms → ا;
    ta marbuta → ه; alef maqsura and Persian yeh → ي; hamza carriers → their letter;
    Persian kaf → ك. Two spellings of one name then differ only where the name does."""
    return _HARAKAT.sub("", token).translate(_ARABIC_FOLD).replace("ء", "")


def normalise_hebrew(token: str) -> str:
    """Hebrew: niqqud (vowel points) out, geresh unified."""
    return _NIQQUD.sub("", token).translate(_HEBREW_FOLD)


def normalise_native(token: str, script: str) -> str:
    """Script-specific normalisation of one native token (identity for other scripts)."""
    if script in (text.ARABIC, text.PERSIAN):
        return normalise_arabic(token)
    if script == text.HEBREW:
        return normalise_hebrew(token)
    if script == text.CYRILLIC:
        return token.replace("ё", "е")
    if script == text.GREEK:
        return "".join(c for c in _strip_accents(token))
    return token


def _strip_accents(token: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", token) if not unicodedata.combining(c))


@cache
def learned_models() -> dict[str, CharModel]:
    """The shipped learned transliteration models, loaded once on first use."""
    return load_models(TRANSLIT_ARTEFACT)


def model_for(script: str) -> CharModel | None:
    """The learned model that covers a script (Persian shares the Arabic one)."""
    key = script.replace(text.PERSIAN, text.ARABIC)
    return learned_models().get(key)


#: Training evidence (foreign names in which the Han model saw a character) from which the
#: character counts as a transliteration character (斯, 克, 尔, 娜…): the common ones are seen
#: in hundreds to thousands of foreign names, most characters of Chinese given names (小, 伟,
#: 强, 军…) in a few dozen at most (a few, such as 文 and 海, in one or two hundred: a given
#: name of two such characters then stays whole, which the alignment's joined parts absorb).
FOREIGN_CHAR_EVIDENCE = 100.0


def reads_as_transliteration(word: str) -> bool:
    """True when a Han word that starts with a Chinese surname character is, character by
    character, one that transliterates foreign names (马克斯特, *Maxter*): it is then a foreign
    name, not surname + given name, and must stay whole, or a partial Latin name (*Max*)
    would match its first character alone. Judged by how often the learned Han model saw each
    character in foreign names (the counts ship with the model; no list).

    The surname character counts too: 马, 罗 and 杜 spell many foreign names, 王, 李 or 刘 few,
    so 王海林 still splits into *Wang* + *Hailin* and matches *Hailin Wang* written the
    other way round, although 海 and 林 are common in foreign names. A single character after
    the surname is left to the split: 马林 may as well be *Ma Lin* as *Marlin*, and Chinese
    two-character names are common."""
    model = model_for(text.HAN)
    if model is None or not model.counts or len(word) < 3:
        return False
    return all(model.counts.get(ch, 0.0) >= FOREIGN_CHAR_EVIDENCE for ch in word)


@lru_cache(maxsize=100_000)
def reads_as_chinese(word: str) -> bool:
    """True when no character of a Han word is one that spells foreign names
    (``FOREIGN_CHAR_EVIDENCE``): 李, 何 or 秀英 are then read as a Chinese name, by pinyin,
    while 潘恩 (*Paine*: 恩 spells *-ne* in hundreds of foreign names) may be either. Without
    the learned model's counts nothing is known, and the word is not said to be Chinese."""
    model = model_for(text.HAN)
    if model is None or not model.counts:
        return False
    return all(model.counts.get(ch, 0.0) < FOREIGN_CHAR_EVIDENCE for ch in word)


def _dedupe(forms: list[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for f in forms:
        f = text.fold_latin(f.lower())
        if f and f not in seen:
            seen.append(f)
    return tuple(seen[:MAX_FORMS])


def _han(token: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return ["".join(lazy_pinyin(token, style=Style.NORMAL, errors="ignore"))]


@lru_cache(maxsize=200_000)
def romanise(token: str, script: str) -> tuple[str, ...]:
    """Candidate Latin spellings of one normalised native token, most likely first."""
    if script == text.LATIN:
        return _dedupe([token])
    model = model_for(script)
    learned = model.generate(token, n=3) if model is not None else []
    forms: list[str]
    if script in (text.ARABIC, text.PERSIAN):
        forms = [*learned, tables.apply_table(token, tables.ARABIC_TABLE, 0)]
    elif script == text.CYRILLIC:
        forms = _cyrillic(token)
        forms = [forms[0], *learned[:2], *forms[1:]]
    elif script == text.GREEK:
        forms = [tables.apply_table(token, tables.GREEK_TABLE, v) for v in (0, 1)]
    elif script == text.HEBREW:
        forms = [*learned, tables.apply_table(token, tables.HEBREW_TABLE, 0)]
    elif script == text.HAN:
        # Wade-Giles after the likeliest learned spelling (a foreign name in characters),
        # so that it is among the spellings a part files under (``blocking``).
        forms = [*_han(token), *learned[:1], wade_giles.reading(token), *learned[1:2]]
    elif script == text.HANGUL:
        # A surname's passport spellings (김 is Kim, not Gim) first, then the learned
        # jamo model's romanisations (foreign names: 브라이언 → brian).
        forms = [*tables.KOREAN_SURNAMES.get(token, ()), *learned]
    else:
        forms = []
    forms.append(anyascii(token))
    return _dedupe(forms)


def _cyrillic(token: str) -> list[str]:
    ukrainian = any(c in tables.UKRAINIAN_MARKERS for c in token)
    table = tables.CYRILLIC_TABLE
    if ukrainian:
        table = {**table, "г": ("h", "g"), "и": ("y", "i"), "е": ("e",)}
    out = []
    for variant in (0, 1):
        stem, ending = token, ""
        for end, options in tables.CYRILLIC_ENDINGS.items():
            if token.endswith(end) and len(token) > 3:
                stem, ending = token[: -len(end)], options[min(variant, len(options) - 1)]
        out.append(tables.apply_table(stem, table, variant) + ending)
    return out
