"""Chinese names in Wade-Giles meet their pinyin and their characters."""

from __future__ import annotations

from passerelle.matching import MatchQuery, MatchRecord, Screener
from passerelle.matching.align import OTHER_FORM, form_sim
from passerelle.matching.wade_giles import pinyin_readings, reading
from passerelle.model.dates import PartialDate


def test_a_wade_giles_word_reads_as_its_pinyin() -> None:
    assert pinyin_readings("hsu") == {"xu"}
    assert "zixuan" in pinyin_readings("tzuhsuan")  # two syllables, no hyphen left
    assert "wenxiong" in pinyin_readings("wenhsiung")
    assert "jiang" in pinyin_readings("chiang")  # chi + ang in pinyin: two syllables, not one
    assert reading("高凯文") == "kaokaiwen"  # the aspiration's apostrophe dropped (k'ai)


def test_a_word_that_is_pinyin_or_not_chinese_gets_no_other_reading() -> None:
    # Chang and Kao spell pinyin syllables of their own: reading them as Zhang and Gao
    # would make namesakes of two common families.
    for word in ("chang", "kao", "chen", "lin", "peter", "hans", "maria", "x"):
        assert pinyin_readings(word) == frozenset(), word


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
