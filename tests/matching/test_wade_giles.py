"""Chinese names in Wade-Giles meet their pinyin and their characters."""

from __future__ import annotations

from passerelle.matching import MatchQuery, MatchRecord, Reach, Screener
from passerelle.matching.align import OTHER_FORM, form_sim
from passerelle.matching.analysis import analyse
from passerelle.matching.blocking import name_keys
from passerelle.matching.wade_giles import other_spellings, pinyin_readings, reading
from passerelle.model.dates import PartialDate


def test_a_wade_giles_word_reads_as_its_pinyin() -> None:
    assert pinyin_readings("hsu") == {"xu"}
    assert "zixuan" in pinyin_readings("tzuhsuan")  # two syllables, no hyphen left
    assert "wenxiong" in pinyin_readings("wenhsiung")
    assert "jiang" in pinyin_readings("chiang")  # chi + ang in pinyin: two syllables, not one
    assert reading("高凯文") == "kaokaiwen"  # the aspiration's apostrophe dropped (k'ai)


def test_a_word_that_is_pinyin_too_also_reads_as_wade_giles() -> None:
    # Printed without apostrophes, Chang is Zhang in Wade-Giles and Chang in pinyin: both.
    assert pinyin_readings("chang") == {"zhang"}
    assert pinyin_readings("kao") == {"gao"}
    assert pinyin_readings("chao") == {"zhao"}


def test_a_word_that_is_not_chinese_or_reads_only_as_itself_gets_no_other_reading() -> None:
    for word in ("lin", "li", "wang", "zhang", "peter", "hans", "maria", "x"):
        assert pinyin_readings(word) == frozenset(), word


def test_a_hyphenated_wade_giles_given_name_shares_a_key_with_its_pinyin_word() -> None:
    # Chia-Hao is two parts, Jiahao one: only the joined reading's key brings them together.
    query = set(name_keys(analyse("Li Chia-Hao"), query=True))
    listed = set(name_keys(analyse("Li Jiahao")))
    family_only = set(name_keys(analyse("Li Jia")))
    assert (query & listed) - family_only


def test_wade_giles_and_pinyin_are_two_forms_of_one_name() -> None:
    assert form_sim("hsu", "xu") == OTHER_FORM
    assert form_sim("tzuhsuan", "zixuan") == OTHER_FORM
    assert form_sim("hsu", "xie") < 0.8


def test_a_traveller_in_wade_giles_finds_the_person_listed_in_pinyin_or_characters() -> None:
    s = Screener()
    s.add(MatchRecord("pinyin", ["Chen Zixuan"], PartialDate(1989, 3, 1), "F", ["CN"]))
    s.add(MatchRecord("han", ["高凯文"], PartialDate(1980, 4, 9), "M", ["CN"]))
    s.add(MatchRecord("other", ["Xie Wenxiong"], PartialDate(1970, 1, 1), "M", ["CN"]))
    found = s.screen(MatchQuery(["Chen Tzu-Hsuan"], PartialDate(1989, 3, 1), "F", ["TW"]))
    assert [h.record_id for h in found] == ["pinyin"]
    found = s.screen(MatchQuery(["Kao Kai-Wen"], PartialDate(1980, 4, 9), "M", ["TW"]))
    assert [h.record_id for h in found] == ["han"]
    # Another family name in Wade-Giles (Hsu is Xu, not Xie) is no hit.
    assert s.screen(MatchQuery(["Hsu Wen-Hsiung"], PartialDate(1970, 1, 1), "M", ["TW"])) == []


def test_a_traveller_written_kao_finds_a_gao_born_that_day_and_not_another() -> None:
    s = Screener()
    s.add(MatchRecord("gao", ["高凯", "Gao Kai"], PartialDate(1980, 4, 9), "M", ["CN"]))
    s.add(MatchRecord("older", ["Gao Kai"], PartialDate(1961, 11, 20), "M", ["CN"]))
    found = s.screen(MatchQuery(["Kao Kai"], PartialDate(1980, 4, 9), "M", ["TW"]))
    assert [h.record_id for h in found] == ["gao"]


def test_a_name_is_spelled_in_the_other_system_for_the_quick_similarity() -> None:
    assert other_spellings("zhang yu") == ("chang yu",)  # pinyin syllables in Wade-Giles
    assert other_spellings("hsu wenhsiung") == ("xu wenxiong",)  # Wade-Giles words in pinyin
    assert other_spellings("peter kovac") == ()  # no Chinese syllable: nothing to add
    assert other_spellings("wang wei") == ()  # spelled alike in both


def test_a_traveller_in_pinyin_finds_the_person_listed_in_wade_giles_on_the_same_date() -> None:
    # Six persons listed as Zhang Quan with a birth year only, filed first, and the
    # traveller's own record in Wade-Giles on the traveller's date: the re-ranking's quick
    # similarity ranked the namesakes' exact spelling above it, and only three are scored.
    s = Screener()
    for k in range(6):
        s.add(MatchRecord(f"n{k}", ["Zhang Quan"], PartialDate(1987), "M"))
    s.add(MatchRecord("target", ["Chang Chuan"], PartialDate(1987, 3, 6), "M"))
    query = MatchQuery(["Zhang Quan"], PartialDate(1987, 3, 6), "M")
    found = s.screen(query, threshold=0.0, reach=Reach(skip_dob_conflicts=True, scored=3))
    assert "target" in [h.record_id for h in found]
