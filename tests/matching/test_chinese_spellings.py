"""Chinese family names spelled in Cantonese or on PRC passports read as their pinyin."""

from __future__ import annotations

from passerelle.matching import score_pair
from passerelle.matching.analysis import analyse
from passerelle.matching.blocking import name_keys
from passerelle.matching.chinese_spellings import pinyin_of
from passerelle.matching.wade_giles import pinyin_readings


def p(a: str, b: str) -> float:
    return score_pair(a, b, a_dob="1988-02-11", b_dob="1988")[0]


def test_a_cantonese_family_name_reads_as_its_pinyin() -> None:
    assert pinyin_of("chan") == ("chen",)
    assert set(pinyin_of("wong")) == {"wang", "huang"}
    assert pinyin_of("lyu") == ("lu",)
    assert "li" in pinyin_readings("lee")  # blocking and the alignment see the table too


def test_a_spelling_written_as_one_with_a_pinyin_given_name_is_read_inside_it() -> None:
    assert pinyin_of("lyubin") == ("lubin",)
    assert pinyin_of("binlyu") == ("binlu",)
    # Not inside a word that is pinyin of its own, nor before a vowel (Vietnamese Hoang),
    # nor for two-letter spellings that start and end too many words.
    assert pinyin_of("chang") == ()
    assert pinyin_of("hoang") == ()
    assert pinyin_of("nguyen") == ()
    assert pinyin_of("peter") == ()


def test_two_family_names_one_vowel_apart_stay_two_names() -> None:
    """Lu and Lee, Lyu and Liu: each a family name of its own, though their consonants agree."""
    assert p("Lu Bin", "Lee Bin") < 0.5
    assert p("Lyu Bin", "Liu Bin") < 0.5
    assert p("Lu Bin", "李斌") < 0.5


def test_the_same_family_name_in_two_spellings_is_one_name() -> None:
    assert p("Lyu Bin", "Lu Bin") > 0.9
    assert p("Lyu Bin", "吕斌") > 0.9
    assert p("Chan Jie", "Chen Jie") > 0.9
    assert p("Chan Jie", "陈杰") > 0.9
    assert p("Cheung Lihua", "张丽华") > 0.9


def test_a_cantonese_spelling_finds_the_pinyin_record_in_blocking() -> None:
    query = set(name_keys(analyse("Cheung Lihua"), query=True))
    listed = set(name_keys(analyse("Zhang Lihua")))
    given_only = set(name_keys(analyse("Lihua")))
    assert (query & listed) - given_only


def test_one_syllable_family_names_a_letter_apart_stay_two_names() -> None:
    """Li, Liu and Lin are three characters: a shared initial does not make them one name."""
    assert p("Li Jianhua", "Liu Jianhua") < 0.5
    assert p("Lin Min", "Li Min") < 0.5
    # A longer syllable that loses one letter (a dropped h) is still a likely respelling.
    assert p("Zhang Wei", "Zang Wei") > 0.7
