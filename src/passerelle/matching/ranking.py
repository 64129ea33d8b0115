"""The candidate step's arithmetic, compiled: posting lists in, the best slots out.

``CandidateIndex.ranked`` is the first step of every check and of every traveller a bulk
screening reads: it finds the posting list of each of some twenty keys, cuts the long ones
to the birth years a complete date allows, sums each slot's key weights, sets aside the
dates that conflict, adds the birth-year and same-date bonuses and keeps the best slots.
Written as numpy calls, that was a dozen small array operations a key and a dozen more a
query, each paying Python's and numpy's call overhead on arrays of a few hundred entries:
a quarter of a bulk worker's time at a million persons (a sampling profile), and no
single call above 7 %. Here it is one loop over the postings, compiled by numba to machine
code once per machine (``cache=True`` keeps the compiled code beside the module, or in the
user's cache folder when that is read-only).

It gives what the numpy version gave, to the last bit, so the hits do not change: weights
are summed in float32 in the order of the keys, the bonuses added in float64 in the same
order, and the best ``limit`` slots are taken by score, then earliest slot. ``tests/matching/
test_ranking.py`` holds it in step with a plain-Python statement of the same rules.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt
from numba import njit

Int32Array = npt.NDArray[np.int32]
Float64Array = npt.NDArray[np.float64]


@njit(cache=True, nogil=True)
def _lower_bound(values: Any, start: int, end: int, value: int) -> int:
    """First position in ``values[start:end]`` (ascending) holding at least ``value``."""
    lo, hi = start, end
    while lo < hi:
        mid = (lo + hi) >> 1
        if values[mid] < value:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True, nogil=True)
def _gather(postings: Any, xs: Any, ranges: Any, xs_off: Any, i: int, out: Any, at: int) -> int:
    """Write key ``i``'s postings as the query reads them to ``out[at:]``: its two ranges of
    the CSR arrays (``ranges[i]``: start and end of each), then its delta slots; return where
    they end."""
    for r in (0, 2):
        for p in range(ranges[i, r], ranges[i, r + 1]):
            out[at] = postings[p]
            at += 1
    for p in range(xs_off[i], xs_off[i + 1]):
        out[at] = xs[p]
        at += 1
    return at


@njit(cache=True, nogil=True)
def _keys_read(
    keys: Any,
    offsets: Any,
    post_year: Any,
    dob: Any,
    qkeys: Any,
    qexempt: Any,
    xoff: Any,
    xslots: Any,
    window_min: int,
    first_year: int,
    last_year: int,
) -> tuple[Any, Any, Any, Any]:
    """(ranges, df, xs_off, xs): where each query key's postings lie in the CSR arrays, as
    up to two ranges (the unknown birth years, then the window a complete date allows, for a
    long list that is not exempt; else the whole list), its document frequency, and its
    delta slots in the window (``xs[xs_off[i]:xs_off[i + 1]]``)."""
    nq = len(qkeys)
    nk = len(keys)
    windowed = last_year >= first_year
    ranges = np.zeros((nq, 4), np.int64)
    df = np.zeros(nq, np.int64)
    xs_off = np.zeros(nq + 1, np.int64)
    xs = np.empty(len(xslots), np.int32)
    nx = 0
    for i in range(nq):
        q = qkeys[i]
        lo = _lower_bound(keys, 0, nk, q)
        start = end = 0
        if lo < nk and keys[lo] == q:
            start, end = offsets[lo], offsets[lo + 1]
        count = end - start
        if not windowed or count < window_min or qexempt[i]:
            ranges[i, 0], ranges[i, 1] = start, end
        else:
            unknown = _lower_bound(post_year, start, end, 1)
            first = _lower_bound(post_year, unknown, end, first_year)
            ranges[i, 0], ranges[i, 1] = start, unknown
            ranges[i, 2] = first
            ranges[i, 3] = _lower_bound(post_year, first, end, last_year + 1)
        for j in range(xoff[i], xoff[i + 1]):
            s = xslots[j]
            count += 1
            if windowed and not qexempt[i]:
                year = dob[s] // 10_000
                if year != 0 and (year < first_year or year > last_year):
                    continue
            xs[nx] = s
            nx += 1
        df[i] = count
        xs_off[i + 1] = nx
    return ranges, df, xs_off, xs


@njit(cache=True, nogil=True)
def _rank(
    keys: Any,
    offsets: Any,
    postings: Any,
    post_year: Any,
    dob: Any,
    alive: Any,
    qkeys: Any,
    qweights: Any,
    qexempt: Any,
    xoff: Any,
    xslots: Any,
    common_limit: int,
    window_min: int,
    table: Any,
    table_base: int,
    birth_year: int,
    same_date: int,
    same_date_score: float,
    limit: int,
    buf: Any,
    seen: Any,
) -> tuple[Any, Any]:
    """``rank``'s work, on the arrays it unpacks (numba compiles plain arguments)."""
    if limit <= 0:
        return np.empty(0, np.int32), np.empty(0, np.float64)
    nq = len(qkeys)
    total = max(len(dob), 1)  # one date per slot, removed ones included
    # A date filter (a complete query date) reads the years that can agree: those of the
    # conflict table, which starts at the year before the query's.
    filtering = len(table) > 0
    first_year, last_year = (
        (table_base // 10_000, table_base // 10_000 + 2) if filtering else (1, 0)
    )
    dated = filtering or same_date != 0  # whole dates are read for the filter or the bonus
    ranges, df, xs_off, xs = _keys_read(
        keys,
        offsets,
        post_year,
        dob,
        qkeys,
        qexempt,
        xoff,
        xslots,
        window_min,
        first_year,
        last_year,
    )
    # The lists to sum (list ``l`` is ``flat[lo[l]:hi[l]]``): every key with postings that
    # is not common, in key order; when fewer than two, the slots of the two rarest common
    # keys that are on both lists.
    size = len(xs)
    for i in range(nq):
        size += (ranges[i, 1] - ranges[i, 0]) + (ranges[i, 3] - ranges[i, 2])
    flat = np.empty(2 * size, np.int32)
    lo = np.zeros(nq + 1, np.int64)
    hi = np.zeros(nq + 1, np.int64)
    weights = np.empty(nq + 1, np.float64)
    n_lists = 0
    used = 0
    a, b = -1, -1  # the rarest common key and the second, the earlier key first among equals
    for i in range(nq):
        if df[i] == 0:
            continue
        if df[i] > common_limit:
            if a < 0 or df[i] < df[a]:
                a, b = i, a
            elif b < 0 or df[i] < df[b]:
                b = i
            continue
        weights[n_lists] = qweights[i] * math.log(1.0 + total / df[i])
        lo[n_lists] = used
        used = _gather(postings, xs, ranges, xs_off, i, flat, used)
        hi[n_lists] = used
        n_lists += 1
    if n_lists < 2 and b >= 0:
        mid = _gather(postings, xs, ranges, xs_off, a, flat, used)
        for p in range(used, mid):
            seen[flat[p]] = 1
        stop = _gather(postings, xs, ranges, xs_off, b, flat, mid)
        kept = stop
        for p in range(mid, stop):  # in the second's order
            if seen[flat[p]]:
                flat[kept] = flat[p]
                kept += 1
        for p in range(used, mid):
            seen[flat[p]] = 0
        wa = qweights[a] * math.log(1.0 + total / df[a])
        weights[n_lists] = wa + qweights[b] * math.log(1.0 + total / df[b])
        lo[n_lists], hi[n_lists] = stop, kept
        n_lists += 1
    if n_lists == 0:
        return np.empty(0, np.int32), np.empty(0, np.float64)

    # Each live slot's weights summed in float32, list by list; each slot noted once, when
    # its sum is still zero (every weight is positive). The sum is the only array of a
    # slot's size this loop touches when no slot is removed (``alive`` empty): at a million
    # persons each touch of another such array is a cache miss more per posting.
    listed = 0
    for li in range(n_lists):
        listed += hi[li] - lo[li]
    distinct = np.empty(listed, np.int32)
    nd = 0
    check_alive = len(alive) > 0
    for li in range(n_lists):
        w32 = np.float32(weights[li])
        for p in range(lo[li], hi[li]):
            s = flat[p]
            if check_alive and not alive[s]:
                continue
            if buf[s] == 0.0:
                distinct[nd] = s
                nd += 1
            buf[s] += w32

    # A slot on an exempt key's list (a shared document number) outlives a conflicting date.
    exempted = False
    if filtering:
        for i in range(nq):
            if qexempt[i] and df[i]:
                end = _gather(postings, xs, ranges, xs_off, i, flat, 0)
                for p in range(end):
                    if buf[flat[p]] != 0.0:
                        seen[flat[p]] = 1
                        exempted = True
    # The best ``limit`` by score, then earliest slot, kept in order by insertion.
    top = len(table) - 1
    best_s = np.empty(limit, np.int32)
    best_v = np.empty(limit, np.float64)
    k = 0
    for d in range(nd):
        s = distinct[d]
        score = np.float64(buf[s])
        exempt = False
        if exempted:
            exempt = seen[s] == 1
            seen[s] = 0
        buf[s] = 0.0
        code = dob[s] if dated else 0
        if filtering and code != 0 and not exempt:
            offset = code - table_base
            if offset < 0 or offset > top:
                offset = top
            if table[offset]:
                continue
        if birth_year != 0:
            born = dob[s] // 10_000
            if born > 0 and abs(born - birth_year) <= 1:
                score += 0.5
        if same_date != 0 and code == same_date:
            score += same_date_score
        if k == limit:
            if score < best_v[k - 1] or (score == best_v[k - 1] and s > best_s[k - 1]):
                continue
            at = k - 1
        else:
            at = k
            k += 1
        while at > 0 and (
            score > best_v[at - 1] or (score == best_v[at - 1] and s < best_s[at - 1])
        ):
            best_v[at] = best_v[at - 1]
            best_s[at] = best_s[at - 1]
            at -= 1
        best_v[at] = score
        best_s[at] = s
    return best_s[:k].copy(), best_v[:k].copy()


def _readonly(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """The array as a read-only view. numba compiles once per argument type, and a mapped
    snapshot's arrays are read-only where a freshly built index's are not: viewing both as
    read-only makes one compiled function serve both."""
    if not array.flags.writeable:
        return array
    view = array.view()
    view.flags.writeable = False
    return view


def rank(
    arrays: tuple[Any, ...],
    qkeys: npt.NDArray[np.uint64],
    qweights: Float64Array,
    qexempt: npt.NDArray[np.bool_],
    delta: tuple[npt.NDArray[np.int64], Int32Array],
    *,
    common_limit: int,
    window_min: int,
    table: npt.NDArray[np.bool_],
    table_base: int,
    birth_year: int,
    same_date: int,
    same_date_score: float,
    limit: int,
    scratch: tuple[npt.NDArray[np.float32], npt.NDArray[np.uint8]],
) -> tuple[Int32Array, Float64Array]:
    """(slots, scores), best first; see ``CandidateIndex.ranked`` for the rules.

    ``arrays``: the index's (keys, offsets, postings, posting years, packed dates, alive
    flags, empty when every slot is alive); ``qkeys``/``qweights``/``qexempt``: the query's
    keys, their weights (positive), and which are
    exempt (read whole, and their slots outlive a conflicting date); ``delta``: offsets into
    and slots of each key's postings filed since the last compaction; ``table``:
    ``dob_filter``'s conflict table for offsets from ``table_base`` (empty: no complete
    query date, so no date filter and no birth-year window; the window is the table's three
    years); ``scratch``: a float32 and a uint8 array of at least one entry per slot, all
    zero, left zero. The record count that weighs a key's rarity is the date column's length.
    """
    keys, offsets, postings, post_year, dob, alive = (_readonly(a) for a in arrays)
    if len(qweights) and not qweights.min() > 0.0:
        raise ValueError("key weights must be positive: a slot is noted when its sum leaves 0")
    buf, seen = scratch
    slots, scores = _rank(
        keys,
        offsets,
        postings,
        post_year,
        dob,
        alive,
        qkeys,
        qweights,
        qexempt,
        delta[0],
        delta[1],
        common_limit,
        window_min,
        table,
        table_base,
        birth_year,
        same_date,
        same_date_score,
        limit,
        buf,
        seen,
    )
    return slots, scores


def warm() -> None:
    """Compile (or load the cached machine code) now, before a check waits for it, and
    before a process forks its workers, so that they share the code."""
    keys = np.asarray([1, 2], dtype=np.uint64)
    dob = np.asarray([19800101, 0], dtype=np.int32)
    for table in (np.zeros(0, dtype=bool), np.ones(3, dtype=bool)):
        rank(
            (
                keys,
                np.asarray([0, 1, 2], dtype=np.int64),
                np.asarray([0, 1], dtype=np.int32),
                np.asarray([1980, 0], dtype=np.int16),
                dob,
                np.ones(2, dtype=np.uint8),
            ),
            keys,
            np.ones(2),
            np.zeros(2, dtype=bool),
            (np.zeros(3, dtype=np.int64), np.zeros(0, dtype=np.int32)),
            common_limit=1_000,
            window_min=512,
            table=table,
            table_base=19_790_000,
            birth_year=1980,
            same_date=0,
            same_date_score=4.0,
            limit=5,
            scratch=(np.zeros(2, dtype=np.float32), np.zeros(2, dtype=np.uint8)),
        )
