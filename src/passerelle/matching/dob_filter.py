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
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from passerelle.matching.dob import CLOSE_DAYS
from passerelle.model.dates import PartialDate

IntArray = npt.NDArray[np.int64] | npt.NDArray[np.int32]
BoolArray = npt.NDArray[np.bool_]


def dob_code(dob: PartialDate | None) -> int:
    """The packed code of a (partial) date; 0 when unknown."""
    if dob is None:
        return 0
    return dob.year * 10_000 + (dob.month or 0) * 100 + (dob.day or 0)


#: Codes of one year apart: ``year * 10_000 + month * 100 + day``.
_YEAR = 10_000


def _one_slips(mmdd: str) -> list[int]:
    """Every MMDD one digit away from ``mmdd``, or with two neighbouring differing digits
    swapped (``dob._typo_like``), as numbers."""
    out: list[int] = []
    for i, digit in enumerate(mmdd):
        out += [int(mmdd[:i] + d + mmdd[i + 1 :]) for d in "0123456789" if d != digit]
        if i < 3 and mmdd[i] != mmdd[i + 1]:
            out.append(int(mmdd[:i] + mmdd[i + 1] + mmdd[i] + mmdd[i + 2 :]))
    return out


def _agreeing(query: PartialDate, partial_year_off_agrees: bool = True) -> list[int]:
    """Offsets (code minus that of the year before the query's, month and day 0) of every
    known date that does *not* conflict with the complete ``query``: few enough to list.

    ``compare_dob``'s rules, one by one: a complete date equal, day and month swapped, the same
    day and month a year off, a one-digit slip of day or month in the same year, at most
    ``CLOSE_DAYS`` days apart, or the adjacent month on the same day (a day past the 28th
    clipped to the 28th); a partial date whose known parts agree, in the same year or one
    year off (not with ``partial_year_off_agrees=False``: see ``conflict_table``). Listing them
    once per query turns the conflict test of thousands of candidates into one table look-up
    (it was a dozen array passes over their digits and days).
    """
    assert query.month is not None and query.day is not None
    qm, qd = query.month, query.day
    same = _YEAR  # offset of the query's own year
    mmdd = qm * 100 + qd
    out = [same + mmdd, same + qd * 100 + qm, mmdd, 2 * _YEAR + mmdd]
    # (a slip to month or day 0 would be a partial date: those follow their own rule below)
    out += [same + slip for slip in _one_slips(f"{mmdd:04d}") if slip // 100 and slip % 100]
    born = dt.date(query.year, qm, qd)
    for step in range(-CLOSE_DAYS, CLOSE_DAYS + 1):
        day = born + dt.timedelta(days=step)
        out.append((day.year - query.year + 1) * _YEAR + day.month * 100 + day.day)
    for step in (-1, 1):
        months = query.year * 12 + qm - 1 + step
        year, month = divmod(months, 12)
        at = (year - query.year + 1) * _YEAR + (month + 1) * 100
        out += [at + d for d in range(1, 32) if d == qd or (min(d, qd) == 28 and max(d, qd) > 28)]
    for year in range(3) if partial_year_off_agrees else (1,):
        at = year * _YEAR
        out += [at, at + qm * 100, at + qd]
    return out


@lru_cache(maxsize=1 << 15)
def _agreeing_offsets(
    year: int, month: int, day: int, partial_year_off_agrees: bool = True
) -> npt.NDArray[np.int32]:
    """``_agreeing`` as an array, kept for the dates last asked: a manifest's travellers share
    birth dates (a century holds about 36,500; the demo generator's span about 31,000), and
    listing one date's agreeing dates cost more than the look-up it serves (69 of 122 µs)."""
    offsets = np.asarray(
        _agreeing(PartialDate(year, month, day), partial_year_off_agrees), dtype=np.int32
    )
    offsets.flags.writeable = False  # shared by every caller of the cache
    return offsets


def conflict_table(
    query: PartialDate, partial_year_off_agrees: bool = True
) -> tuple[BoolArray, int]:
    """(table, base): ``table[code - base]`` is True where a record's known date ``code``
    conflicts with the *complete* ``query`` date, and the table's last entry, a conflict,
    stands for every code outside it (``conflicts``; the compiled candidate step,
    ``ranking``, reads the same table).

    Only dates within a year of the query's can agree (most candidates found by a name part
    were born any year): their offsets from the year before index a table of three years.

    ``partial_year_off_agrees=False`` also counts as conflicts the partial dates (a year, or
    a year and month) of the year before or after, which ``compare_dob`` lets agree. The model
    scores such a pair low whatever the names (*Karim Nassar* born 1988-05-31 against the
    same name listed with 1987 alone: 0.08), and bulk screening sets those records aside
    with the conflicting dates (``CandidateIndex.ranked``).
    """
    if query.month is None or query.day is None:
        raise ValueError("conflicts() needs a complete query date")
    table = np.ones(3 * _YEAR + 1, dtype=bool)
    table[_agreeing_offsets(query.year, query.month, query.day, partial_year_off_agrees)] = False
    return table, (query.year - 1) * _YEAR


def conflicts(codes: IntArray, query: PartialDate) -> BoolArray:
    """True where the record's date conflicts with a *complete* query date.

    Mirrors ``compare_dob``: a missing date never conflicts; a complete record date agrees
    when equal, day and month swapped, one year apart with the same day and month, the same
    year with a one-digit slip in day or month, at most ``CLOSE_DAYS`` days apart, or in the
    adjacent month on the same day; a partial record date (year, or year and month) agrees
    when its known parts do, or when one year apart with the same known parts.
    """
    table, base = conflict_table(query)
    # Five passes over int32 codes, no copy to int64; a negative offset read as unsigned is
    # out of the table's range, like a date more than a year off.
    packed = np.asarray(codes, dtype=np.int32)
    offset = (packed - np.int32(base)).view(np.uint32)
    np.minimum(offset, np.uint32(3 * _YEAR), out=offset)
    out: BoolArray = table[offset]
    out &= packed != 0  # an unknown date never conflicts
    return out


def agreeing(codes: IntArray, query: PartialDate) -> BoolArray:
    """True where a record's *known* date agrees with a *complete* query date: the
    complement of ``conflicts`` but for unknown dates (False here). For a few candidates
    (the re-ranking's forty): a set look-up of each among the agreeing dates' offsets,
    without the three-year table that ``conflicts`` builds for thousands (``numpy.isin``
    took a twentieth of a bulk screening's time for forty codes a traveller)."""
    if query.month is None or query.day is None:
        raise ValueError("agreeing() needs a complete query date")
    offsets = _agreeing_set(query.year, query.month, query.day)
    base = (query.year - 1) * _YEAR
    found = [code != 0 and code - base in offsets for code in np.asarray(codes).tolist()]
    return np.asarray(found, dtype=bool)


@lru_cache(maxsize=1 << 12)
def _agreeing_set(year: int, month: int, day: int) -> frozenset[int]:
    """``_agreeing_offsets`` as a set, for a few look-ups."""
    return frozenset(_agreeing_offsets(year, month, day).tolist())
