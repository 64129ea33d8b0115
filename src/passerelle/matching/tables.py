"""Hand-written romanisation tables: the deterministic first guess for each script.

Each table maps a letter (or a digraph, tried first) to one or more Latin spellings; the first
spelling is the most common English-language convention (BGN/PCGN, ICAO 9303, ELOT, common
Hebrew and Arabic practice) and the others are the variants that police lists actually contain
(``kh``/``h``, ``ya``/``ia``, ``j``/``dj``/``g``...). The learned model in ``learned.py``
adds the vowels that Arabic and Hebrew leave unwritten.
"""

from __future__ import annotations

from typing import Final

Table = dict[str, tuple[str, ...]]

ARABIC_TABLE: Final[Table] = {
    "ا": ("a",),
    "ب": ("b",),
    "ت": ("t",),
    "ث": ("th", "s"),
    "ج": ("j", "g", "dj"),
    "ح": ("h",),
    "خ": ("kh", "h"),
    "د": ("d",),
    "ذ": ("dh", "z", "th"),
    "ر": ("r",),
    "ز": ("z",),
    "س": ("s",),
    "ش": ("sh", "ch"),
    "ص": ("s",),
    "ض": ("d", "dh"),
    "ط": ("t",),
    "ظ": ("z", "dh"),
    "ع": ("", "a"),
    "غ": ("gh", "g"),
    "ف": ("f",),
    "ق": ("q", "k", "g"),
    "ك": ("k",),
    "ل": ("l",),
    "م": ("m",),
    "ن": ("n",),
    "ه": ("h",),
    "و": ("w", "u", "o"),
    "ي": ("y", "i", "e"),
    "ء": ("",),
    # Persian and Urdu letters (kept after normalisation)
    "پ": ("p",),
    "چ": ("ch",),
    "ژ": ("zh", "j"),
    "گ": ("g",),
    "ٹ": ("t",),
    "ڈ": ("d",),
    "ڑ": ("r",),
    "ں": ("n",),
    "ے": ("e", "y"),
    "ھ": ("h",),
}
#: Arabic letters that stand for long vowels (or w/y as consonants) rather than consonants.
ARABIC_VOWEL_LETTERS: Final = frozenset("اويع")

CYRILLIC_TABLE: Final[Table] = {
    "а": ("a",),
    "б": ("b",),
    "в": ("v",),
    "г": ("g",),
    "д": ("d",),
    "е": ("e",),
    "ё": ("e", "yo"),
    "ж": ("zh",),
    "з": ("z",),
    "и": ("i",),
    "й": ("y", "i"),
    "к": ("k",),
    "л": ("l",),
    "м": ("m",),
    "н": ("n",),
    "о": ("o",),
    "п": ("p",),
    "р": ("r",),
    "с": ("s",),
    "т": ("t",),
    "у": ("u",),
    "ф": ("f",),
    "х": ("kh", "h"),
    "ц": ("ts", "tz"),
    "ч": ("ch",),
    "ш": ("sh",),
    "щ": ("shch", "sch"),
    "ъ": ("",),
    "ы": ("y",),
    "ь": ("",),
    "э": ("e",),
    "ю": ("yu", "iu"),
    "я": ("ya", "ia"),
    # Ukrainian, Belarusian
    "є": ("ye", "ie"),
    "і": ("i",),
    "ї": ("yi", "i"),
    "ґ": ("g",),
    "ў": ("u", "w"),
    # Serbian, Macedonian
    "ђ": ("dj",),
    "ј": ("j",),
    "љ": ("lj",),
    "њ": ("nj",),
    "ћ": ("c", "ch"),
    "џ": ("dz", "dzh"),
    "ѓ": ("gj",),
    "ќ": ("kj",),
    "ѕ": ("dz",),
    # Kazakh, Kyrgyz, Tajik, Uzbek
    "ә": ("a",),
    "ғ": ("gh", "g"),
    "қ": ("q", "k"),
    "ң": ("ng",),
    "ө": ("o",),
    "ұ": ("u",),
    "ү": ("u",),
    "һ": ("h",),
    "ҳ": ("h",),
    "ӣ": ("i",),
    "ӯ": ("u",),
    "ҷ": ("j",),
}
#: Cyrillic word endings with a conventional English spelling (Dmitriy/Dmitry).
CYRILLIC_ENDINGS: Final[Table] = {"ий": ("iy", "y", "ii"), "ый": ("y", "iy"), "ей": ("ey", "ei")}
UKRAINIAN_MARKERS: Final = frozenset("єіїґ")

GREEK_TABLE: Final[Table] = {
    "ου": ("ou", "u"),
    "αι": ("ai", "e"),
    "ει": ("ei", "i"),
    "οι": ("oi", "i"),
    "αυ": ("av", "af"),
    "ευ": ("ev", "ef"),
    "μπ": ("b", "mp"),
    "ντ": ("nt", "d"),
    "γκ": ("gk", "g"),
    "γγ": ("ng", "gg"),
    "τσ": ("ts",),
    "τζ": ("tz", "dz"),
    "α": ("a",),
    "β": ("v", "b"),
    "γ": ("g", "gh"),
    "δ": ("d", "dh"),
    "ε": ("e",),
    "ζ": ("z",),
    "η": ("i", "e"),
    "θ": ("th",),
    "ι": ("i",),
    "κ": ("k",),
    "λ": ("l",),
    "μ": ("m",),
    "ν": ("n",),
    "ξ": ("x", "ks"),
    "ο": ("o",),
    "π": ("p",),
    "ρ": ("r",),
    "σ": ("s",),
    "ς": ("s",),
    "τ": ("t",),
    "υ": ("y", "i"),
    "φ": ("f", "ph"),
    "χ": ("ch", "kh", "h"),
    "ψ": ("ps",),
    "ω": ("o",),
}

HEBREW_TABLE: Final[Table] = {
    "וו": ("v", "w"),
    "יי": ("y", "ei"),
    "ג׳": ("j",),
    "ז׳": ("zh", "j"),
    "צ׳": ("ch",),
    "א": ("", "a"),
    "ב": ("b", "v"),
    "ג": ("g",),
    "ד": ("d",),
    "ה": ("h", "a"),
    "ו": ("v", "o", "u"),
    "ז": ("z",),
    "ח": ("ch", "kh", "h"),
    "ט": ("t",),
    "י": ("y", "i", "e"),
    "כ": ("k", "kh"),
    "ך": ("kh", "k", "ch"),
    "ל": ("l",),
    "מ": ("m",),
    "ם": ("m",),
    "נ": ("n",),
    "ן": ("n",),
    "ס": ("s",),
    "ע": ("", "a"),
    "פ": ("p", "f"),
    "ף": ("f",),
    "צ": ("ts", "tz", "z"),
    "ץ": ("ts", "tz"),
    "ק": ("k",),
    "ר": ("r",),
    "ש": ("sh", "s"),
    "ת": ("t",),
}

#: Common Korean surnames and their usual spellings, since Revised Romanisation of surnames is
#: rarely what passports print (김 is Kim, not Gim).
KOREAN_SURNAMES: Final[Table] = {
    "김": ("kim", "gim"),
    "이": ("lee", "yi", "rhee", "i"),
    "박": ("park", "pak", "bak"),
    "최": ("choi", "choe"),
    "정": ("jung", "jeong", "chung"),
    "강": ("kang", "gang"),
    "조": ("cho", "jo"),
    "윤": ("yoon", "yun"),
    "장": ("jang", "chang"),
    "임": ("lim", "im"),
    "한": ("han",),
    "오": ("oh", "o"),
    "서": ("seo", "suh"),
    "신": ("shin", "sin"),
    "권": ("kwon", "gwon"),
    "황": ("hwang",),
    "안": ("ahn", "an"),
    "송": ("song",),
    "류": ("ryu", "yoo", "yu"),
    "홍": ("hong",),
    "전": ("jeon", "chun", "jun"),
    "고": ("ko", "go"),
    "문": ("moon", "mun"),
    "손": ("son", "sohn"),
    "양": ("yang",),
    "배": ("bae", "pae"),
    "백": ("baek", "paik"),
    "허": ("heo", "hur"),
    "노": ("noh", "roh", "no"),
    "유": ("yoo", "yu"),
    "남": ("nam",),
    "심": ("shim", "sim"),
    "하": ("ha",),
    "곽": ("kwak", "gwak"),
    "성": ("sung", "seong"),
    "차": ("cha",),
    "주": ("joo", "ju", "chu"),
    "우": ("woo", "u"),
    "구": ("koo", "ku", "gu"),
    "민": ("min",),
    "나": ("na", "ra"),
    "진": ("jin", "chin"),
    "지": ("ji", "chi"),
    "엄": ("eom", "um"),
    "채": ("chae",),
    "원": ("won",),
    "천": ("cheon", "chun"),
    "방": ("bang",),
    "공": ("kong", "gong"),
    "현": ("hyun", "hyeon"),
    "함": ("ham",),
    "변": ("byun", "byeon"),
    "염": ("yeom", "yum"),
}

#: Korean two-syllable surnames, so that 남궁민 splits as 남궁 + 민.
KOREAN_DOUBLE_SURNAMES: Final = frozenset(["남궁", "황보", "제갈", "선우", "독고", "사공", "서문"])

#: Chinese two-character surnames, so that 欧阳修 splits as 欧阳 + 修.
CHINESE_DOUBLE_SURNAMES: Final = frozenset(
    [
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "司徒",
        "东方",
        "皇甫",
        "令狐",
        "慕容",
        "夏侯",
        "尉迟",
        "公孙",
        "长孙",
        "宇文",
        "轩辕",
        "端木",
        "歐陽",
        "司馬",
        "諸葛",
    ]
)


def apply_table(text: str, table: Table, variant: int) -> str:
    """Romanise with the ``variant``-th spelling of each letter (falling back to the first)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if len(pair) == 2 and pair in table:
            options = table[pair]
            i += 2
        elif text[i] in table:
            options = table[text[i]]
            i += 1
        else:
            out.append(text[i])
            i += 1
            continue
        out.append(options[variant] if variant < len(options) else options[0])
    return "".join(out)


#: The most common Chinese surnames (simplified and traditional). A Han name that starts with
#: one is split into surname + given name (王小明 → Wang Xiaoming); other Han words are mostly
#: transliterations of foreign names (阿赫恩, Ahearn) and stay whole.
CHINESE_SURNAMES: Final = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤習习"
    "張劉陳楊黃趙吳孫馬鄭謝許韓馮鄧蕭葉蘇呂盧鍾譚陸賈韋鄒龔錢閆賀顧萬嚴湯龍"
)
