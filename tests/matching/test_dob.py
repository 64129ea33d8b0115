"""Date-of-birth agreement categories."""

from __future__ import annotations

import pytest

from passerelle.matching import dob
from passerelle.model.dates import PartialDate


def d(text: str) -> PartialDate:
    return PartialDate.parse(text)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("1980-03-04", "1980-03-04", dob.EXACT),
        ("1980-03-04", "1980-04-03", dob.SWAPPED),
        ("1980-03-04", "1981-03-04", dob.NEAR),
        ("1980-03-04", "1980", dob.CONSISTENT),
        ("1980-03", "1980-03-04", dob.CONSISTENT),
        ("1980", "1981", dob.NEAR_YEAR),
        ("1980-03-04", "1981", dob.NEAR_YEAR),
        ("1980-03-09", "1980-03-10", dob.CLOSE),
        ("1980-12-31", "1981-01-01", dob.CLOSE),
        ("1980-01-30", "1980-02-28", dob.CLOSE),
        ("1980-09-04", "1980-10-04", dob.CLOSE),
        # One digit apart too, but a slip of a day or a month before a mistyped digit.
        ("1980-03-14", "1980-03-15", dob.CLOSE),
        ("1980-03-14", "1980-04-14", dob.CLOSE),
        ("1980-03-14", "1980-03-17", dob.TYPO),
        ("1980-09-04", "1980-09-27", dob.CONFLICT),
        ("1980-03-04", "1975-07-20", dob.CONFLICT),
        ("1980-03", "1980-05", dob.CONFLICT),
    ],
)
def test_compare_dob(a: str, b: str, expected: str) -> None:
    assert dob.compare_dob(d(a), d(b)) == expected
    assert dob.compare_dob(d(b), d(a)) == expected


def test_missing() -> None:
    assert dob.compare_dob(None, d("1980")) == dob.MISSING
    assert dob.parse_dob("not a date") is None
