"""Spelling rules the generator needs: patronymics, feminine surnames, ICAO-style folding.

Names are stored in the data as the masculine or base form; Slavic surnames agree with the
person's sex (Иванов / Иванова, Kowalski / Kowalska) and East Slavic names carry a patronymic
made from the father's given name. These rules cover the regular cases and list the irregular
ones; they are for demo data, not a linguistics library.
"""

from __future__ import annotations

import unicodedata

_RU = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia",
     "a", "g", "k", "n", "o", "u", "u", "h", "i"],
    strict=True,
))  # fmt: skip
_UK = dict(zip(
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'",
    ["a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l", "m", "n",
     "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "iu", "ia", ""],
    strict=True,
))  # fmt: skip
_TABLES = {"russian": _RU, "ukrainian": _UK}

_RU_IRREGULAR = {
    "Павел": ("Павлович", "Павловна"),
    "Пётр": ("Петрович", "Петровна"),
    "Лев": ("Львович", "Львовна"),
    "Илья": ("Ильич", "Ильинична"),
    "Никита": ("Никитич", "Никитична"),
    "Дмитрий": ("Дмитриевич", "Дмитриевна"),
    "Георгий": ("Георгиевич", "Георгиевна"),
}
_UK_IRREGULAR = {
    "Микола": ("Миколайович", "Миколаївна"),
    "Ілля": ("Ілліч", "Іллівна"),
}


def transliterate(text: str, table: str) -> str:
    """Cyrillic to Latin with the passport tables (Russian ICAO 9303, Ukrainian 2010)."""
    mapping = _TABLES[table]
    out = "".join(mapping.get(ch.lower(), ch.lower()) for ch in text)
    return out[:1].upper() + out[1:]


def patronymic(father: str, rule: str, female: bool) -> str | None:
    """The patronymic made from a father's given name, or None when no regular form is known."""
    if rule == "russian":
        if father in _RU_IRREGULAR:
            return _RU_IRREGULAR[father][female]
        if father.endswith("ий"):
            stem = father[:-2] + "ье"
        elif father.endswith(("ей", "ай", "ь")):
            stem = father[:-1] + "е"
        elif father.endswith(("а", "я")):
            return None
        else:
            stem = father + "о"
        return stem + ("вна" if female else "вич")
    if rule == "ukrainian":
        if father in _UK_IRREGULAR:
            return _UK_IRREGULAR[father][female]
        if father.endswith("ій"):
            return father[:-1] + ("ївна" if female else "йович")
        if father.endswith("о"):
            return father[:-1] + ("івна" if female else "ович")
        if father.endswith("ь"):
            return (father[:-1] + "івна") if female else (father + "ович")
        if father.endswith(("а", "я")):
            return None
        return father + ("івна" if female else "ович")
    return None


# (suffix, feminine) pairs tried in order; native and Latin spellings side by side.
_FEMININE: dict[str, tuple[tuple[str, str], ...]] = {
    "russian": (("ский", "ская"), ("цкий", "цкая"), ("ской", "ская"), ("ов", "ова"),
                ("ев", "ева"), ("ёв", "ёва"), ("ин", "ина"), ("ын", "ына"),
                ("skiy", "skaya"), ("skii", "skaya"), ("sky", "skaya"), ("ov", "ova"),
                ("ev", "eva"), ("in", "ina"), ("yn", "yna")),
    "ukrainian": (("ський", "ська"), ("цький", "цька"), ("ов", "ова"), ("ев", "ева"),
                  ("єв", "єва"), ("ін", "іна"), ("їн", "їна"), ("skyi", "ska"),
                  ("ov", "ova"), ("ev", "eva"), ("in", "ina")),
    "belarusian": (("скі", "ская"), ("цкі", "цкая"), ("оў", "ова"), ("аў", "ава"),
                   ("еў", "ева"), ("ёў", "ёва"), ("ін", "іна"), ("ski", "skaya"),
                   ("ou", "ova"), ("au", "ava"), ("eu", "eva"), ("ov", "ova"), ("in", "ina")),
    "bulgarian": (("ски", "ска"), ("ов", "ова"), ("ев", "ева"), ("ski", "ska"),
                  ("ov", "ova"), ("ev", "eva")),
    "polish": (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")),
}  # fmt: skip


def feminine(surname: str, rule: str | None) -> str:
    """The feminine form of a surname under a national rule (unchanged when none applies)."""
    if rule is None:
        return surname
    for suffix, female in _FEMININE[rule]:
        if surname.endswith(suffix):
            return surname[: -len(suffix)] + female
    return surname


_FOLD = {
    "ä": "ae",
    "ö": "oe",
    "ü": "ue",
    "Ä": "Ae",
    "Ö": "Oe",
    "Ü": "Ue",
    "ß": "ss",
    "đ": "dj",
    "Đ": "Dj",
    "ł": "l",
    "Ł": "L",
    "ı": "i",
    "ø": "oe",
    "Ø": "Oe",
    "æ": "ae",
    "Æ": "Ae",
    "œ": "oe",
    "Œ": "Oe",
    "å": "aa",
    "Å": "Aa",
}


def strip_marks(text: str) -> str:
    """Drop diacritics only (Müller -> Muller, Đorđe -> Dorde): what a careless clerk types."""
    if text.isascii():
        return text
    text = text.replace("ı", "i").replace("ł", "l").replace("Ł", "L")
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def icao_fold(text: str) -> str:
    """ICAO 9303-style Latin folding (Müller -> Mueller, Đorđe -> Djordje, Çelik -> Celik)."""
    if text.isascii():
        return text
    return strip_marks("".join(_FOLD.get(ch, ch) for ch in text))


def article_variants(latin: str) -> list[str]:
    """Other ways the Arabic article is written: Al-Qahtani, Al Qahtani, Alqahtani, El-Qahtani."""
    for prefix in ("Al-", "El-", "Al ", "El "):
        if latin.startswith(prefix) and len(latin) > len(prefix) + 1:
            rest = latin[len(prefix) :]
            return [
                v
                for v in (f"Al-{rest}", f"Al {rest}", f"Al{rest.lower()}", f"El-{rest}", rest)
                if v != latin
            ]
    return []
