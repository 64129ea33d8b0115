"""Bytes to text for uploaded files: BOMs, UTF-8, UTF-16, and the legacy code pages officers meet.

NCB staff export CSV from Excel on Windows in whatever code page the machine uses. UTF-8 (with or
without BOM) and UTF-16 are recognised for certain. Anything else goes to charset-normalizer,
whose guesses on short files are unreliable (a Western file often scores the same as cp1250), so
its candidates are re-ranked: implausible text first loses (symbols inside words, words made only
of accented letters, which is what Cyrillic or Arabic bytes look like read as cp1252), and on a
tie Windows-1252 wins, then GB18030, then charset-normalizer's own order. Callers who know the
encoding pass it and skip all this.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

from passerelle.model.errors import InvalidInput

#: Legacy encodings tried when a file is not UTF-8 or UTF-16.
LEGACY_ENCODINGS = ("cp1252", "gb18030", "cp1251", "cp1256", "cp1250", "big5", "shift_jis")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str


def decode_bytes(data: bytes, encoding: str | None = None) -> DecodedText:
    """Decode an uploaded file; ``InvalidInput`` if it is binary or no encoding fits."""
    if encoding:
        try:
            return DecodedText(data.decode(encoding), encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise InvalidInput(f"the file cannot be read as {encoding}: {exc}") from None
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _strict(data, name)
    guess = _utf16_without_bom(data)
    if guess:
        return _strict(data, guess)
    if b"\x00" in data:
        raise InvalidInput("this is a binary file, not text (it contains NUL bytes)")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _legacy(data)


def _strict(data: bytes, name: str) -> DecodedText:
    try:
        return DecodedText(data.decode(name), name)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"the file starts like {name} but is not valid {name}: {exc}") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """Text in UTF-16 without a BOM has a NUL in every other byte for ASCII characters."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


_CJK = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO")


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "UNKNOWN").split(" ")[0]
    return "CJK" if name in _CJK else name


def implausibility(text: str) -> int:
    """How unlike real text a decoding looks: the lower, the likelier the encoding is right."""
    score = 0
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Cc", "Co", "Cn") and ch not in "\r\n\t":
            score += 5
        elif ord(ch) > 127 and category[0] == "S" and ch not in "€£¥°":
            score += 2
    for word in _WORD.findall(text):
        non_ascii = sum(1 for c in word if ord(c) > 127 and "LATIN" in unicodedata.name(c, ""))
        if len(word) >= 3 and non_ascii * 2 > len(word):
            score += 3  # Cyrillic or Arabic bytes read as Latin-1 look like this
        if len({_script(c) for c in word}) > 1:
            score += 3  # one word in two scripts: Latin text read in another code page
    return score


def _legacy(data: bytes) -> DecodedText:
    ranked = [
        m.encoding for m in charset_normalizer.from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS))
    ]
    candidates: list[tuple[int, int, int, str, str]] = []
    for name in dict.fromkeys([*ranked, *LEGACY_ENCODINGS]):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        preference = {"cp1252": 0, "gb18030": 1}.get(name, 2)
        cn_rank = ranked.index(name) if name in ranked else len(ranked)
        candidates.append((implausibility(text), preference, cn_rank, name, text))
    if not candidates:
        raise InvalidInput("the text encoding could not be recognised; save the file as UTF-8")
    _, _, _, name, text = min(candidates)
    return DecodedText(text, name)
