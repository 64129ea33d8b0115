"""Chinese family names as passports spell them in neither pinyin nor Wade-Giles.

Hong Kong and Macau passports romanise names by their Cantonese sound (*Chan* for 陈, pinyin
*Chen*; *Wong* for 王 or 黄; *Lau* for 刘), Singaporean and Malaysian ones often likewise,
many Chinese abroad write 李 as *Lee*, and passports of the People's Republic write the
vowel *ü* as *yu* (吕 *Lyu*, pinyin *Lü*, folded *lu*). The matcher reads Chinese
characters in pinyin and Wade-Giles (``wade_giles``); these spellings are a third reading,
and without it they were judged by the vowel rule that suits Arabic and Cyrillic
romanisations: *Lu* and *Lee*, or *Lyu* and *Liu*, differ only in their vowels, so a
traveller *Lu Bin* scored 0.98 against a person listed as 李斌 / *Lee Bin*, though *Lu*
and *Li* are two family names (docs/matching.md §3).

Each spelling maps to the pinyin syllables (folded, as ``keys.pinyin_syllables`` holds
them) that it commonly writes. Only family names are listed, the commonest ones, spelled
as the Hong Kong government romanises them: a given name's Cantonese spelling is one or two
syllables of hundreds, and the learned transliteration models judge it. A spelling that is a
pinyin syllable of its own (*Chan*, *Tang*) keeps that reading too, as *Chang* does in
Wade-Giles (``wade_giles.pinyin_readings``).
"""

from __future__ import annotations

from functools import lru_cache

from passerelle.matching.keys import pinyin_word

#: Spelling (folded) → the pinyin syllables it writes.
SPELLINGS: dict[str, tuple[str, ...]] = {
    # Cantonese (Hong Kong government romanisation), by the character's pinyin.
    "chan": ("chen",),  # 陈
    "cheung": ("zhang",),  # 张
    "chow": ("zhou",),  # 周
    "choi": ("cai",),  # 蔡
    "fung": ("feng",),  # 冯
    "ho": ("he",),  # 何
    "kwan": ("guan",),  # 关
    "kwok": ("guo",),  # 郭
    "lam": ("lin",),  # 林
    "lau": ("liu",),  # 刘
    "lee": ("li",),  # 李
    "leung": ("liang",),  # 梁
    "lo": ("luo", "lu"),  # 罗, 卢
    "mak": ("mai",),  # 麦
    "ng": ("wu",),  # 吴
    "siu": ("xiao",),  # 萧
    "tam": ("tan",),  # 谭
    "tse": ("xie",),  # 谢
    "tsang": ("zeng",),  # 曾
    "wong": ("wang", "huang"),  # 王, 黄
    "yeung": ("yang",),  # 杨
    "yip": ("ye",),  # 叶
    # Korean spelling of 黄, common among Chinese names written abroad.
    "hwang": ("huang",),
    # Passports of the People's Republic: ü as yu (吕 Lyu, 女 Nyu); folded pinyin reads u.
    "lyu": ("lu",),
    "nyu": ("nu",),
}


@lru_cache(maxsize=50_000)
def pinyin_of(word: str) -> tuple[str, ...]:
    """The pinyin a folded Latin word writes as a Chinese family name outside pinyin and
    Wade-Giles (``SPELLINGS``), alone or written as one with a given name in pinyin
    (*Lyubin*: the alignment reads two adjacent parts as one, and *Lyu Bin* met 李斌 as
    *lyubin* / *libin*, one vowel apart); empty for any other word."""
    readings = SPELLINGS.get(word)
    if readings is not None:
        return readings
    if pinyin_word(word):
        return ()  # *Chang* is no *Cha* + *Ng*
    for spelling, readings in _GLUABLE:
        if word.startswith(spelling) and _given_name(rest := word[len(spelling) :]):
            return tuple(r + rest for r in readings)
        if word.endswith(spelling) and _given_name(rest := word[: -len(spelling)]):
            return tuple(rest + r for r in readings)
    return ()


#: The spellings read inside a longer word: of three letters or more, as *Ho*, *Lo* and
#: *Ng* end and start too many other words.
_GLUABLE = tuple((s, r) for s, r in SPELLINGS.items() if len(s) >= 3)


def _given_name(rest: str) -> bool:
    """Is what follows or precedes a family name's spelling a given name in pinyin? Not when
    it starts with a vowel: *Hoang* is a Vietnamese spelling of 黄, not *Ho* + *ang*."""
    return bool(rest) and rest[0] not in "aeiou" and pinyin_word(rest)
