"""Words cut into Chinese syllables: the compiled expressions keep the rule of a plain cut."""

from __future__ import annotations

from passerelle.matching.keys import (
    fewest_syllables,
    pinyin_syllable_count,
    pinyin_syllables,
    syllable_patterns,
)
from passerelle.matching.wade_giles import syllables


def _plain_count(word: str, table: frozenset[str] | dict[str, frozenset[str]]) -> int | None:
    """The rule, stated as a loop over cut points: the fewest syllables of ``table`` (one to
    three, of at most six letters each) that spell ``word``."""
    fewest = {0: 0}  # letters spelled so far: the fewest syllables that spell them
    for end in range(1, len(word) + 1):
        counts = [
            fewest[start] + 1
            for start in range(max(0, end - 6), end)
            if start in fewest and word[start:end] in table
        ]
        if counts and min(counts) <= 3:
            fewest[end] = min(counts)
    return fewest.get(len(word)) if word else None


def test_the_fewest_syllables_are_counted_as_a_plain_cut_counts_them() -> None:
    words = [
        "li", "xiaoming", "zhiwei", "zhuangzhuang", "xianan", "mohamed", "chang", "an",
        "anna", "xian", "liu", "zhong", "ahmed", "ng", "", "wenhsiung", "tzuhsuan", "hsu",
        "chiang", "yiyiyi", "yiyiyiyi", "shuangshuangshuang", "x",
    ]  # fmt: skip
    pinyin = pinyin_syllables()
    wade_giles = syllables()
    pinyin_patterns = syllable_patterns(pinyin)
    wade_giles_patterns = syllable_patterns(wade_giles)
    for word in words:
        assert fewest_syllables(word, pinyin_patterns) == _plain_count(word, pinyin), word
        assert fewest_syllables(word, wade_giles_patterns) == _plain_count(word, wade_giles), word


def test_pinyin_words_of_one_to_three_syllables() -> None:
    assert pinyin_syllable_count("li") == 1
    assert pinyin_syllable_count("xiaoming") == 2  # xiao + ming, not xi + ao + ming
    assert pinyin_syllable_count("zhangxiaoming") == 3
    assert pinyin_syllable_count("zhangxiaomingli") is None  # four syllables
    assert pinyin_syllable_count("mohamed") is None  # no *d* ends a pinyin syllable
