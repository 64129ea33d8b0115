"""Date-of-birth agreement, with partial dates, day/month swaps and off-by-one years.

Sources disagree on dates in predictable ways: one knows only the year, one wrote the day and
month the other way round (US vs European order), one rounded an estimated age into the wrong
year, one typed a digit of the day or month wrong. Each is weaker evidence than an exact
agreement, but far from a contradiction. Dates several years apart are another person: the
scorer weighs them by how many years separate them.
"""

from __future__ import annotations

import datetime as dt

from passerelle.model.dates import PartialDate

MISSING = "missing"
EXACT = "exact"
CONSISTENT = "consistent"
SWAPPED = "swapped"
NEAR = "near"
#: One year apart when only the year (or year and month) is known on one side: far weaker
#: than ``NEAR`` (same day and month, year off by one: a slip), since any two people born
#: within a year of each other agree that far.
NEAR_YEAR = "near_year"
#: Same year, day and month one mistyped digit or two swapped neighbouring digits apart, and
#: not ``CLOSE`` (03-14 / 03-17, 03-12 / 03-21).
TYPO = "typo"
#: Full dates a day or two apart, or a month apart on the same day (the day clipped to the
#: shorter month's end): a date slipped by one unit, not another person's birthday.
CLOSE = "close"
CLOSE_DAYS = 2
CONFLICT = "conflict"


def _digits(a: PartialDate) -> str:
    return f"{a.month or 0:02d}{a.day or 0:02d}"


def _typo_like(a: PartialDate, b: PartialDate) -> bool:
    """Same year; day and month differ by one digit or two neighbouring digits swapped."""
    x, y = _digits(a), _digits(b)
    diff = [i for i in range(len(x)) if x[i] != y[i]]
    if len(diff) == 1:
        return True
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and x[diff[0]] == y[diff[1]]
        and (x[diff[1]] == y[diff[0]])
    )


def _days_apart(a: PartialDate, b: PartialDate) -> int:
    """Days between two full dates (a large number when one is not a calendar date)."""
    try:
        da = dt.date(a.year, a.month or 1, a.day or 1)
        db = dt.date(b.year, b.month or 1, b.day or 1)
    except ValueError:
        return 1 << 30
    return abs((da - db).days)


def _month_slip(a: PartialDate, b: PartialDate) -> bool:
    """Adjacent months, same day (or one day clipped to the 28th of a shorter month)."""
    months = abs((a.year * 12 + (a.month or 1)) - (b.year * 12 + (b.month or 1)))
    da, db = a.day or 0, b.day or 0
    return months == 1 and (da == db or (min(da, db) == 28 and max(da, db) > 28))


def compare_dob(a: PartialDate | None, b: PartialDate | None) -> str:
    """How two (possibly partial) dates of birth relate: one of the constants above."""
    if a is None or b is None:
        return MISSING
    if a == b and a.day is not None:
        return EXACT
    if a.day is not None and b.day is not None and a.month is not None and b.month is not None:
        if a.year == b.year and a.month == b.day and a.day == b.month:
            return SWAPPED
        if abs(a.year - b.year) == 1 and a.month == b.month and a.day == b.day:
            return NEAR
        # A slip of a day or a month first: it often changes one digit too (03-09 / 03-10
        # does not, 03-14 / 03-15 does), and lists slip dates far more than they mistype a
        # digit that moves the date further. Asked the other way round, both kinds of pair
        # fell under TYPO and the scorer learned one neutral weight for them.
        if _days_apart(a, b) <= CLOSE_DAYS or _month_slip(a, b):
            return CLOSE
        if a.year == b.year and _typo_like(a, b):
            return TYPO
        return CONFLICT
    months_agree = a.month is None or b.month is None or a.month == b.month
    days_agree = a.day is None or b.day is None or a.day == b.day
    if a.year == b.year and months_agree and days_agree:
        return CONSISTENT
    if abs(a.year - b.year) == 1 and months_agree and days_agree:
        return NEAR_YEAR
    return CONFLICT


def years_apart(a: PartialDate | None, b: PartialDate | None) -> int:
    """Whole years between two birth years (0 when either date is missing)."""
    if a is None or b is None:
        return 0
    return abs(a.year - b.year)


def parse_dob(value: str | PartialDate | None) -> PartialDate | None:
    """Accept a ``PartialDate``, an ISO-like string or nothing; unreadable dates are missing."""
    if value is None or isinstance(value, PartialDate):
        return value
    try:
        return PartialDate.parse(value)
    except ValueError:
        return None
