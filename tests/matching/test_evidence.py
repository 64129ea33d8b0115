"""Evidence that must overrule a matching name: conflicting dates of birth, short queries.

Synthetic names only. A same-named person born decades apart is someone else; a single
common given name found in a three-part name is weak evidence; recording slips in a date
(day/month swapped, one year off, one mistyped digit) and a missing date are not conflicts.
"""

from __future__ import annotations

import itertools

import pytest

from passerelle.matching import (
    DEFAULT_THRESHOLD,
    MatchQuery,
    MatchRecord,
    Reach,
    Screener,
    dob,
    score_pair,
)
from passerelle.matching.analysis import analyse
from passerelle.matching.compare import comparable_pairs
from passerelle.model.dates import PartialDate

NAME = "Youssef Karim Haddad"


def p(a: str, b: str, a_dob: str | None = None, b_dob: str | None = None) -> float:
    return score_pair(a, b, a_dob, b_dob)[0]


@pytest.mark.parametrize("other", ["2020-03-04", "1940-11-23", "1993-06-17"])
def test_same_name_dob_decades_apart_is_no_hit(other: str) -> None:
    assert p(NAME, NAME, "1980-03-04", other) < DEFAULT_THRESHOLD
    assert p("Youssef Haddad", "Yousef Hadad", "1953-01-30", other) < DEFAULT_THRESHOLD


def test_cross_script_dob_decades_apart_is_no_hit() -> None:
    assert p("Олена Коваленко", "Olena Kovalenko", "1970-01-02", "2010-05-06") < DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    "other",
    ["1980-03-04", "1980-04-03", "1981-03-04", "1979-03-04", "1980", "1980-03-07", "1980-03"],
)
def test_same_name_dob_recording_slips_still_hit(other: str) -> None:
    assert p(NAME, NAME, "1980-03-04", other) > 0.8


def test_dob_on_one_side_only_weakens_but_an_exact_name_still_hits() -> None:
    # A record without a date cannot rule out the many travellers sharing its name, so the
    # same name evidence counts less than in a name-only check; an exact full name still hits.
    base = p(NAME, NAME)
    one_side = p(NAME, NAME, "1980-03-04", None)
    assert one_side > 0.8
    assert one_side <= base


def test_more_years_apart_never_scores_higher() -> None:
    a, b = "Karim Nassar", "Kareem Nasser"
    scores = [p(a, b, "1962-07-01", f"{1962 + k}-11-23") for k in range(1, 12)]
    assert all(x >= y - 1e-9 for x, y in itertools.pairwise(scores))
    assert scores[-1] < DEFAULT_THRESHOLD


def test_dob_typo_category() -> None:
    d = PartialDate.parse
    assert dob.compare_dob(d("1980-03-14"), d("1980-03-17")) == dob.TYPO
    assert dob.compare_dob(d("1980-03-12"), d("1980-03-21")) == dob.TYPO
    assert dob.compare_dob(d("1980-03-04"), d("1980-11-23")) == dob.CONFLICT
    assert dob.years_apart(d("1980-03-04"), d("2001")) == 21


@pytest.mark.parametrize(
    ("query", "record"),
    [
        ("Mohamed", "Mohamed El Ansari"),
        ("Ahmed", "Ahmed Karim Haddad"),
        ("Karim", "Youssef Karim Haddad"),
    ],
)
def test_single_common_name_vs_three_parts_is_weak(query: str, record: str) -> None:
    assert p(query, record) < DEFAULT_THRESHOLD
    assert p(record, query) < DEFAULT_THRESHOLD


def test_full_or_reordered_name_still_hits() -> None:
    assert p("Haddad Karim Youssef", NAME) > 0.9
    assert p("HADDAD Youssef", NAME) > DEFAULT_THRESHOLD
    assert p("Mohamed El Ansari", "Mohamed Ansari") > DEFAULT_THRESHOLD


def test_screener_single_name_query_no_hit_full_name_hit() -> None:
    s = Screener()
    s.add(MatchRecord("p1", ["Mohamed El Ansari"], PartialDate(1975, 5, 6)))
    s.add(MatchRecord("p2", [NAME, "يوسف كريم حداد"], PartialDate(1980, 3, 4)))
    assert s.screen(MatchQuery(names=["Mohamed"])) == []
    assert [h.record_id for h in s.screen(MatchQuery(names=["Ansari Mohamed"]))] == ["p1"]
    assert s.screen(MatchQuery(names=[NAME], dob=PartialDate(2019, 3, 4))) == []
    hits = s.screen(MatchQuery(names=[NAME], dob=PartialDate(1980, 4, 3)))
    assert [h.record_id for h in hits] == ["p2"]
    assert hits[0].matched_name == NAME


def test_latin_query_meets_latin_forms_only_when_present() -> None:
    latin, native = analyse(NAME), analyse("يوسف كريم حداد")
    assert comparable_pairs([latin], [native, latin]) == [(0, 1)]
    assert comparable_pairs([latin], [native]) == [(0, 0)]
    assert comparable_pairs([native, latin], [latin]) == [(0, 0), (1, 0)]


def test_native_query_finds_record_with_both_forms() -> None:
    s = Screener()
    s.add(MatchRecord("p2", [NAME, "يوسف كريم حداد"], PartialDate(1980, 3, 4)))
    s.add(MatchRecord("p3", ["Olena Kovalenko"]))
    assert [h.record_id for h in s.screen(MatchQuery(names=["يوسف حداد"]))] == ["p2"]
    assert [h.record_id for h in s.screen(MatchQuery(names=["Олена Коваленко"]))] == ["p3"]


def test_near_miss_gets_a_second_look_across_scripts() -> None:
    s = Screener()
    s.add(MatchRecord("p4", ["Chang Wei", "张伟"], PartialDate(1995, 2, 10)))
    query = MatchQuery(names=["Cheung Wai"], dob=PartialDate(1995, 2, 10))
    hits = s.screen(query, reach=Reach(second_look=True))
    assert [h.record_id for h in hits] == ["p4"]
    assert hits[0].matched_name == "张伟"


def test_no_second_look_unless_asked() -> None:
    # The Latin forms alone leave "Cheung Wai" below the threshold; checks (single and bulk)
    # do not look further, since such second looks alarmed far more than they found.
    s = Screener()
    s.add(MatchRecord("p4", ["Chang Wei", "张伟"], PartialDate(1995, 2, 10)))
    query = MatchQuery(names=["Cheung Wai"], dob=PartialDate(1995, 2, 10))
    assert s.screen(query) == []
    assert s.screen(query, reach=Reach(skip_dob_conflicts=True, scored=3)) == []
