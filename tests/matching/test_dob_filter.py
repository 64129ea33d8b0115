"""The vectorised DOB conflict filter says exactly what ``compare_dob`` says."""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passerelle.matching.dob import CONFLICT, compare_dob
from passerelle.matching.dob_filter import agreeing, conflict_table, conflicts, dob_code
from passerelle.model.dates import PartialDate


@st.composite
def partial_dates(draw: st.DrawFn, complete: bool = False) -> PartialDate:
    year = draw(st.integers(1940, 2010))
    month = draw(st.integers(1, 12)) if complete else draw(st.none() | st.integers(1, 12))
    if month is None:
        return PartialDate(year)
    last = calendar.monthrange(year, month)[1]
    day = draw(st.integers(1, last)) if complete else draw(st.none() | st.integers(1, last))
    return PartialDate(year, month, day)


@settings(max_examples=500, deadline=None)
@given(query=partial_dates(complete=True), records=st.lists(partial_dates(), min_size=1))
def test_conflicts_agree_with_compare_dob(query: PartialDate, records: list[PartialDate]) -> None:
    codes = np.asarray([dob_code(r) for r in records], dtype=np.int64)
    expected = [compare_dob(query, r) == CONFLICT for r in records]
    assert conflicts(codes, query).tolist() == expected
    # the re-ranking's look-up for a few candidates says the same of every known date
    assert agreeing(codes, query).tolist() == [not e for e in expected]


def test_near_dates_are_not_conflicts() -> None:
    query = PartialDate(1980, 5, 14)
    records = [
        PartialDate(1980, 5, 14),  # exact
        PartialDate(1980, 5, 4),  # one digit of the day slipped
        PartialDate(1981, 5, 14),  # a year apart, same day
        PartialDate(1980),  # year only
        PartialDate(1979, 5),  # year and month, a year apart
        None,  # unknown
    ]
    codes = np.asarray([dob_code(r) for r in records], dtype=np.int64)
    assert not conflicts(codes, query).any()


def test_other_dates_conflict() -> None:
    query = PartialDate(1980, 5, 14)
    records = [PartialDate(1980, 11, 23), PartialDate(1983), PartialDate(1980, 6)]
    codes = np.asarray([dob_code(r) for r in records], dtype=np.int64)
    assert conflicts(codes, query).all()


def test_a_partial_query_is_refused() -> None:
    with pytest.raises(ValueError, match="complete"):
        conflicts(np.zeros(1, dtype=np.int64), PartialDate(1980))
    with pytest.raises(ValueError, match="complete"):
        agreeing(np.zeros(1, dtype=np.int64), PartialDate(1980))


@settings(max_examples=500, deadline=None)
@given(
    query=partial_dates(complete=True),
    shifts=st.lists(st.integers(-800, 800), min_size=1, max_size=20),
)
def test_dates_near_the_query_agree_with_compare_dob(query: PartialDate, shifts: list[int]) -> None:
    """Dates a few days, months or a year around the query's: where the rules are subtle."""
    assert query.month is not None and query.day is not None
    base = dt.date(query.year, query.month, query.day)
    records = []
    for shift in shifts:
        moved = base + dt.timedelta(days=shift)
        records.append(PartialDate(moved.year, moved.month, moved.day))
        records.append(PartialDate(moved.year, moved.month))
    codes = np.asarray([dob_code(r) for r in records], dtype=np.int64)
    expected = [compare_dob(query, r) == CONFLICT for r in records]
    assert conflicts(codes, query).tolist() == expected


def dates_around(query: PartialDate) -> list[PartialDate]:
    """All complete and partial dates from two years before the query's to two after."""
    records: list[PartialDate] = []
    for year in range(query.year - 2, query.year + 3):
        records.append(PartialDate(year))
        for month in range(1, 13):
            records.append(PartialDate(year, month))
            last = calendar.monthrange(year, month)[1]
            records += [PartialDate(year, month, day) for day in range(1, last + 1)]
    return records


@pytest.mark.parametrize(
    "query",
    [
        PartialDate(1980, 5, 14),
        PartialDate(1980, 1, 1),  # the adjacent month and close days fall in the year before
        PartialDate(1980, 12, 31),  # ... in the year after
        PartialDate(1980, 2, 29),  # a leap day: slips and clipped months around it
        PartialDate(1981, 3, 31),  # clipped to the 28th of February
        PartialDate(1979, 10, 10),  # digits that swap into themselves
        PartialDate(1990, 11, 12),  # day and month both month-like
    ],
)
def test_every_date_around_the_query_agrees_with_compare_dob(query: PartialDate) -> None:
    """All complete and partial dates from two years before the query's to two after."""
    records = dates_around(query)
    codes = np.asarray([dob_code(r) for r in records], dtype=np.int64)
    expected = [compare_dob(query, r) == CONFLICT for r in records]
    got = conflicts(codes, query).tolist()
    assert [r for r, e, g in zip(records, expected, got, strict=True) if e != g] == []
    agree = agreeing(codes, query).tolist()
    assert [r for r, e, a in zip(records, expected, agree, strict=True) if e == a] == []
    assert not agreeing(np.zeros(1, dtype=np.int64), query).any()  # unknown: no evidence


@pytest.mark.parametrize("query", [PartialDate(1980, 5, 14), PartialDate(1980, 1, 1)])
def test_the_strict_table_differs_only_on_partial_dates_of_another_year(
    query: PartialDate,
) -> None:
    """``partial_year_off_agrees=False`` (bulk's candidate step) also sets aside a year, or a
    year and month, of the year before or after; every other date is as ``compare_dob`` says."""
    records = dates_around(query)
    loose, base = conflict_table(query)
    strict, strict_base = conflict_table(query, partial_year_off_agrees=False)
    assert strict_base == base
    changed = [
        r
        for r in records
        if 0 <= dob_code(r) - base < len(loose) - 1
        and loose[dob_code(r) - base] != strict[dob_code(r) - base]
    ]
    assert changed, "a partial date a year off agrees under compare_dob"
    assert all(r.day is None and r.year != query.year for r in changed)
    assert all(strict[dob_code(r) - base] for r in changed)  # set aside, not let in
    assert not strict[dob_code(PartialDate(query.year)) - base]  # the year itself agrees
