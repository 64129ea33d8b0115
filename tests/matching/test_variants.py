"""Other forms of one given name: nicknames, Ukrainian / Belarusian / Russian forms."""

from __future__ import annotations

import pytest

from passerelle.matching import (
    MatchQuery,
    MatchRecord,
    Reach,
    Screener,
    default_threshold,
    score_pair,
)
from passerelle.matching.align import OTHER_FORM, align, form_sim, spelling_sim
from passerelle.matching.analysis import analyse
from passerelle.matching.blocking import birth_year_keys, name_keys
from passerelle.matching.variants import other_forms, same_name
from passerelle.model.dates import PartialDate


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mykola Karrowenko", "Nikolay Karrowenko"),  # Ukrainian / Russian form
        ("Siarhei Karrowenka", "Sergey Karrowenko"),  # Belarusian / Russian
        ("Tanya Karrowova", "Tatyana Karrowova"),  # diminutive
        ("Bob Karrowby", "Robert Karrowby"),  # English nickname
        ("Pepe Karrowez", "José Karrowez"),  # Spanish hypocorism
        ("Yusuf Karrowani", "Joseph Karrowani"),  # Arabic / European form
        ("Hocine Karrowani", "Hussein Karrowani"),  # Maghrebi French / English spelling
        ("Youcef Karrowani", "Yusuf Karrowani"),
        ("Lahcen Karrowani", "Hassan Karrowani"),  # the article fused
    ],
)
def test_other_forms_of_a_given_name_match(a: str, b: str) -> None:
    assert score_pair(a, b)[0] >= 0.9
    assert score_pair(b, a)[0] >= 0.9


def test_other_forms_are_not_chained() -> None:
    # Sasha is short for Aleksandr and for Aleksandra, which are not one name.
    assert same_name("sasha", "aleksandr") and same_name("sasha", "aleksandra")
    assert not same_name("aleksandr", "aleksandra")
    assert form_sim("sasha", "aleksandra") == pytest.approx(0.9)
    assert form_sim("aleksandr", "aleksandra") == spelling_sim("aleksandr", "aleksandra")


def test_a_listed_form_never_lowers_a_closer_spelling() -> None:
    # Alexey and Aleksei, Yuriy and Yuri are listed, and their spellings alone already make
    # them more alike than two forms of one name are.
    for a, b in (("alexey", "aleksei"), ("yuriy", "yuri")):
        assert form_sim(a, b) == spelling_sim(a, b) > 0.9
    assert form_sim("mykola", "nikolay") == pytest.approx(0.9)
    assert form_sim("mykola", "mikhail") < 0.9


def test_any_romanisation_of_a_listed_form_counts() -> None:
    # Микола has no letter only Ukrainian writes, so it is romanised mikola, not mykola.
    assert same_name("mikola", "nikolai") and same_name("volodimir", "vladimir")
    assert score_pair("Микола Коваленко", "Nikolay Kovalenko")[0] >= default_threshold()


def test_the_explanation_says_which_parts_are_forms_of_one_name() -> None:
    _, why = score_pair("Mykola Karrowenko", "Nikolay Karrowenko")
    assert [e.text for e in why if e.feature == "other_form"] == [
        "Mykola / Nikolay: forms of one given name (a nickname or another language's)."
    ]
    _, why = score_pair("Nikolai Karrowenko", "Nikolay Karrowenko")  # a respelling
    assert not [e for e in why if e.feature == "other_form"]
    s = Screener()
    s.add(MatchRecord("r1", ["Nikolay KARROWENKO"]))
    hit = s.screen(MatchQuery(["Karrowenko Mykola"]))[0]
    assert hit.record_id == "r1" and any(e.feature == "other_form" for e in hit.explanation)


def test_unrelated_names_stay_apart() -> None:
    assert score_pair("Mykola Karrowenko", "Mikhail Karrowenko")[0] < 0.5
    # Husayn and Hasan are two names, however each is spelled.
    assert not same_name("hocine", "hassan") and not same_name("lahcen", "hussein")
    assert score_pair("Hocine Karrowani", "Hassan Karrowani")[0] < 0.5
    assert not other_forms("karrowenko")


def test_the_query_looks_up_the_other_forms_and_records_file_nothing_more() -> None:
    query, record = analyse("Mykola Karrowenko"), analyse("Nikolay Karrowenko")
    # the record's given-name keys are reached from the query...
    given = set(name_keys(analyse("Nikolay"))) - set(name_keys(analyse("Mykola")))
    assert given & set(name_keys(query, query=True))
    # ... and its birth-year key in the query's own year
    filed = set(birth_year_keys(record, [1990]))
    assert filed & set(birth_year_keys(query, [1989, 1990, 1991], typo_year=1990)) > filed & set(
        birth_year_keys(query, [1989, 1990, 1991])
    )
    # a record's keys do not change
    assert set(name_keys(record)) == set(name_keys(analyse("Nikolay Karrowenko")))


def test_screening_finds_the_other_form_among_namesakes_of_the_family_name() -> None:
    # Twenty listed persons of the family name born the traveller's year fill the candidates
    # on the family name's keys; the traveller's own record, listed under the Russian form
    # of his given name, must still be found.
    s = Screener(candidates=8)
    given = ["Odrimel", "Vasyl", "Petro", "Taras", "Bohdan", "Stepan", "Ostap", "Roman"]
    for k in range(20):
        born = PartialDate(1990, 1 + k % 12, 1 + k)
        s.add(MatchRecord(f"n{k}", [f"{given[k % 8]} KARROWENKO"], born, "M", ["UA"]))
    s.add(MatchRecord("target", ["Nikolay KARROWENKO"], PartialDate(1990, 6, 14), "M", ["UA"]))
    query = MatchQuery(["Karrowenko Mykola"], PartialDate(1990), "M", ["UA"])
    hits = s.screen(query, threshold=0.5, reach=Reach(skip_dob_conflicts=True))
    assert [h.record_id for h in hits][:1] == ["target"]


def test_across_scripts_a_listed_form_counts_as_a_respelling() -> None:
    """Микола spells *mykola*, another form of *Nikolay*. The learned transliteration model
    alone finds *nikolay* no spelling of Микола; the pair is judged by how well Микола spells
    *mykola*, and the given names stay a respelling apart (0.9), never an identity."""
    native = analyse("Микола Коваленко")
    other = analyse("Nikolay Kovalenko")
    same = score_pair("Микола Коваленко", "Mykola Kovalenko")[0]
    assert score_pair("Микола Коваленко", "Nikolay Kovalenko")[0] >= min(0.95, same)
    given = [p for p in align(native.core, other.core).pairs if p.a_ids == (0,)]
    assert [round(p.sim, 6) for p in given] == [OTHER_FORM]
