"""Which indexed dates of birth conflict with a query's, for a whole candidate array at once.

Bulk screening compares a traveller's passport date (always complete) with thousands of
records sharing a name part. Most of them were born the same year or the next, on another
day: ``compare_dob`` calls them a ``conflict``, the model weighs that heavily against, and
aligning their names one pair at a time was most of the bulk screening time. This module
answers the same question as ``dob.compare_dob(...) == CONFLICT`` on the index's packed date
codes (``year * 10000 + month * 100 + day``, 0 for unknown parts) with numpy, so that those
candidates can be set aside before any name is compared. A test holds the two in step.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

from passerelle.matching.dob import CLOSE_DAYS
from passerelle.model.dates import PartialDate

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def dob_code(dob: PartialDate | None) -> int:
    """The packed code of a (partial) date; 0 when unknown."""
    if dob is None:
        return 0
    return dob.year * 10_000 + (dob.month or 0) * 100 + (dob.day or 0)


def _one_slip(a: IntArray, b: IntArray) -> BoolArray:
    """MMDD of ``a`` and ``b`` differ by one digit, or by two neighbouring digits swapped
    (``dob._typo_like``), digit by digit on the four-digit month-day numbers."""
    da = [(a // 10**k) % 10 for k in (3, 2, 1, 0)]
    db = [(b // 10**k) % 10 for k in (3, 2, 1, 0)]
    diff = [x != y for x, y in zip(da, db, strict=True)]
    count = diff[0].astype(np.int8) + diff[1] + diff[2] + diff[3]
    swapped = np.zeros(a.shape, dtype=bool)
    for i in range(3):
        pair = diff[i] & diff[i + 1] & (da[i] == db[i + 1]) & (da[i + 1] == db[i])
        swapped |= pair & (count == 2)
    return np.asarray((count == 1) | swapped, dtype=bool)


def _within_days(year: IntArray, month: IntArray, day: IntArray, query: PartialDate) -> BoolArray:
    """Complete dates at most ``CLOSE_DAYS`` days from the query's (calendar arithmetic)."""
    months = (year - 1970) * 12 + np.maximum(month, 1) - 1
    first = np.datetime64("1970-01", "M") + months.astype("timedelta64[M]")
    days = first.astype("datetime64[D]") + (np.maximum(day, 1) - 1).astype("timedelta64[D]")
    assert query.month is not None and query.day is not None
    q = np.datetime64(dt.date(query.year, query.month, query.day), "D")
    return np.asarray(np.abs((days - q).astype(np.int64)) <= CLOSE_DAYS, dtype=bool)


def conflicts(codes: IntArray, query: PartialDate) -> BoolArray:
    """True where the record's date conflicts with a *complete* query date.

    Mirrors ``compare_dob``: a missing date never conflicts; a complete record date agrees
    when equal, day and month swapped, one year apart with the same day and month, the same
    year with a one-digit slip in day or month, at most ``CLOSE_DAYS`` days apart, or in the
    adjacent month on the same day; a partial record date (year, or year and month) agrees
    when its known parts do, or when one year apart with the same known parts.
    """
    if query.month is None or query.day is None:
        raise ValueError("conflicts() needs a complete query date")
    codes = np.asarray(codes, dtype=np.int64)
    qy, qm, qd = query.year, query.month, query.day
    out = codes > 0  # known dates conflict unless shown to agree below
    # Only dates within a year of the query's can agree: look closer at those alone (most
    # candidates found by a name part were born any year).
    close = np.flatnonzero(out & (np.abs(codes // 10_000 - qy) <= 1))
    if not len(close):
        return out
    year, rest = np.divmod(codes[close], 10_000)
    month, day = np.divmod(rest, 100)
    full = (month > 0) & (day > 0)
    same_year = year == qy
    # Complete record dates: the same day a year apart is near, not a conflict.
    same_md = (month == qm) & (day == qd)
    swapped = same_year & (month == qd) & (day == qm)
    slip = same_year & _one_slip(rest, np.full_like(rest, qm * 100 + qd))
    # Within ``CLOSE_DAYS`` days, or adjacent months on the same day (a day past the 28th
    # clipped to the 28th): one unit slipped, even across a new year.
    months = np.abs(year * 12 + month - (qy * 12 + qm))
    clipped = (np.minimum(day, qd) == 28) & (np.maximum(day, qd) > 28)
    month_slip = (months == 1) & ((day == qd) | clipped)
    agree_full = same_md | swapped | slip | month_slip | _within_days(year, month, day, query)
    # Partial record dates: unknown parts agree with anything (one year apart too).
    agree_partial = ((month == 0) | (month == qm)) & ((day == 0) | (day == qd))
    agree = np.where(full, agree_full, agree_partial)
    out[close] = ~agree
    return np.asarray(out, dtype=bool)
