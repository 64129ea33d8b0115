"""The compiled candidate step against a plain statement of its rules, on random indexes.

``ranking.rank`` must give exactly what the rules of ``CandidateIndex.ranked`` say, down to
the float32 sums and the order of equal scores: bulk screening's hits depend on which
candidates make the cut. Hypothesis draws small indexes (dates around the query's, dead
slots, postings filed after the last compaction, common keys, documents that are exempt
from the date filter) where every rule decides something.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passerelle.matching import Reach, Screener, ranking
from passerelle.matching.dob_filter import conflict_table, conflicts, dob_code
from passerelle.matching.records import MatchQuery, MatchRecord
from passerelle.model.dates import PartialDate

QUERY_DATE = PartialDate(1981, 3, 14)
#: Unknown, year only, year and month, the query's date and dates near and far from it.
DATES = [
    0,
    19810000,
    19800000,
    19810300,
    19810314,
    19800314,
    19810315,
    19811403,
    19830314,
    19790101,
]


@dataclass
class Case:
    dob: list[int]
    alive: list[bool]
    csr: dict[int, list[int]]  # key -> slots filed at the last compaction
    delta: dict[int, list[int]]  # key -> slots filed since
    query: dict[int, float]
    exempt: frozenset[int]
    dated_query: bool
    birth_year: int
    same_date: int
    window_min: int
    common_limit: int
    limit: int


@st.composite
def cases(draw: st.DrawFn) -> Case:
    n = draw(st.integers(1, 30))
    dob = draw(st.lists(st.sampled_from(DATES), min_size=n, max_size=n))
    alive = [draw(st.integers(0, 9)) > 0 for _ in range(n)]  # a tenth removed
    keys = sorted(draw(st.sets(st.integers(1, 2**64 - 1), min_size=1, max_size=7)))
    slots = st.lists(st.integers(0, n - 1), unique=True, max_size=n)
    csr = {k: draw(slots) for k in keys}
    delta = {k: [s for s in draw(slots) if s not in csr[k]] for k in keys if draw(st.booleans())}
    asked = draw(st.lists(st.sampled_from([*keys, 7]), unique=True, min_size=1, max_size=8))
    query = {k: draw(st.sampled_from([0.5, 1.0, 2.0])) for k in asked}
    exempt = frozenset(k for k in asked if draw(st.integers(0, 5)) == 0)
    dated_query = draw(st.booleans())
    return Case(
        dob=dob,
        alive=alive,
        csr=csr,
        delta=delta,
        query=query,
        exempt=exempt,
        dated_query=dated_query,
        birth_year=draw(st.sampled_from([0, QUERY_DATE.year])),
        same_date=dob_code(QUERY_DATE) if dated_query and draw(st.booleans()) else 0,
        window_min=draw(st.integers(0, 6)),
        common_limit=draw(st.integers(1, 12)),
        limit=draw(st.integers(1, 8)),
    )


def reference(case: Case) -> list[tuple[int, float]]:
    """The rules, one by one, on Python lists."""
    total = len(case.dob)
    year = QUERY_DATE.year

    def agrees_in_year(slot: int) -> bool:
        born = case.dob[slot] // 10_000
        return born == 0 or year - 1 <= born <= year + 1

    lists: list[tuple[list[int], float]] = []
    common: list[tuple[int, list[int], float]] = []
    for key, weight in case.query.items():
        filed, later = case.csr.get(key, []), case.delta.get(key, [])
        df = len(filed) + len(later)
        if not df:
            continue
        read = filed + later
        if case.dated_query and key not in case.exempt:
            # a long list is read for the years a complete date allows (and unknown ones)
            if len(filed) >= case.window_min:
                filed = [s for s in filed if agrees_in_year(s)]
            read = filed + [s for s in later if agrees_in_year(s)]
        w = weight * math.log(1.0 + total / df)
        if df > case.common_limit:
            common.append((df, read, w))
        else:
            lists.append((read, w))
    if len(lists) < 2 and len(common) >= 2:
        common.sort(key=lambda c: c[0])
        (_, rarest, w1), (_, second, w2) = common[0], common[1]
        lists.append(([s for s in second if s in set(rarest)], w1 + w2))
    sums: dict[int, np.float32] = {}
    for read, w in lists:
        for slot in read:
            if case.alive[slot]:
                sums[slot] = np.float32(sums.get(slot, np.float32(0.0)) + np.float32(w))
    documents = {
        s
        for k in case.exempt
        if k in case.query
        for s in case.csr.get(k, []) + case.delta.get(k, [])
    }
    out: list[tuple[float, int]] = []
    for slot, summed in sums.items():
        code = case.dob[slot]
        if (
            case.dated_query
            and slot not in documents
            and conflicts(np.asarray([code]), QUERY_DATE)[0]
        ):
            continue
        score = float(summed)
        born = code // 10_000
        if case.birth_year and born > 0 and abs(born - case.birth_year) <= 1:
            score += 0.5
        if case.same_date and code == case.same_date:
            score += 4.0
        out.append((-score, slot))
    out.sort()
    return [(slot, -neg) for neg, slot in out[: case.limit]]


Scratch = tuple[np.ndarray, np.ndarray]


def compiled(case: Case, scratch: Scratch | None = None) -> list[tuple[int, float]]:
    keys = sorted(case.csr)
    offsets = np.cumsum([0] + [len(case.csr[k]) for k in keys])
    dob = np.asarray(case.dob, dtype=np.int32)
    # within a key, postings by birth year (unknown first), then slot, as compaction files them
    postings = [s for k in keys for s in sorted(case.csr[k], key=lambda s: (dob[s] // 10_000, s))]
    posting = np.asarray(postings, dtype=np.int32)
    asked = list(case.query)
    runs = [case.delta.get(k, []) for k in asked]
    table, base = conflict_table(QUERY_DATE) if case.dated_query else (np.zeros(0, bool), 0)
    n = len(case.dob)
    slots, scores = ranking.rank(
        (
            np.asarray(keys, dtype=np.uint64),
            offsets.astype(np.int64),
            posting,
            (dob[posting] // 10_000).astype(np.int16),
            dob,
            # as the index passes them: no flags when every slot is alive
            np.asarray(case.alive if not all(case.alive) else [], dtype=np.uint8),
        ),
        np.asarray(asked, dtype=np.uint64),
        np.asarray([case.query[k] for k in asked], dtype=np.float64),
        np.asarray([k in case.exempt for k in asked], dtype=bool),
        (
            np.cumsum([0] + [len(r) for r in runs]).astype(np.int64),
            np.asarray([s for r in runs for s in r], dtype=np.int32),
        ),
        common_limit=case.common_limit,
        window_min=case.window_min,
        table=table,
        table_base=base,
        birth_year=case.birth_year,
        same_date=case.same_date,
        same_date_score=4.0,
        limit=case.limit,
        scratch=scratch or (np.zeros(n, dtype=np.float32), np.zeros(n, dtype=np.uint8)),
    )
    return list(zip(slots.tolist(), scores.tolist(), strict=True))


@settings(max_examples=400, deadline=None)
@given(cases())
def test_compiled_step_follows_the_rules(case: Case) -> None:
    assert compiled(case) == reference(case)


def test_scratch_is_left_zero_and_the_step_repeats() -> None:
    """Work arrays are shared by every query of a thread: a query that left a mark or a
    partial sum behind would change the next one's scores."""
    case = Case(
        dob=[19810314, 0, 19810315, 19500101],
        alive=[True, True, True, True],
        csr={5: [0, 1, 2, 3], 9: [0, 2]},
        delta={9: [3]},
        query={5: 1.0, 9: 2.0},
        exempt=frozenset(),
        dated_query=True,
        birth_year=1981,
        same_date=19810314,
        window_min=0,
        common_limit=10,
        limit=3,
    )
    scratch = (np.zeros(4, dtype=np.float32), np.zeros(4, dtype=np.uint8))
    first = compiled(case, scratch)
    assert not scratch[0].any() and not scratch[1].any()
    assert first == compiled(case, scratch) == reference(case)
    assert [slot for slot, _ in first] == [0, 2, 1]  # same date, then within a year, then unknown
    # A shared document's key marks its slots in the second array; a removed slot is skipped.
    exempting = replace(case, alive=[True, True, False, True], exempt=frozenset({9}))
    marked = compiled(exempting, scratch)
    assert not scratch[0].any() and not scratch[1].any()
    assert marked == compiled(exempting, scratch) == reference(exempting)
    assert [slot for slot, _ in marked] == [0, 3, 1]  # 3 conflicts, yet shares the document


def test_a_key_without_weight_is_refused() -> None:
    """A slot is noted the first time its sum leaves zero, so every weight must add."""
    case = Case([0, 0], [True, True], {5: [0, 1]}, {}, {5: 0.0}, frozenset(), False, 0, 0, 0, 10, 3)
    with pytest.raises(ValueError, match="positive"):
        compiled(case)


def test_a_loaded_snapshot_screens_without_compiling_again(tmp_path: Path) -> None:
    """``Screener.warm`` compiles (or loads) the one version of the step that checks use, on
    a freshly built index and a mapped snapshot alike: a second version would cost each
    worker process seconds of compiling and its own copy of the machine code."""
    built = Screener()
    for i in range(40):
        built.add(
            MatchRecord(
                id=str(i), names=[f"Ana Lopez{i % 7} Garcia"], dob=PartialDate(1980, 1, 1 + i % 20)
            )
        )
    built.warm()
    built.save(tmp_path / "index.snap")
    loaded = Screener.load(tmp_path / "index.snap")
    loaded.warm()
    for screener in (built, loaded):
        dated = MatchQuery(names=["Ana Lopez3 Garcia"], dob=PartialDate(1980, 1, 4))
        assert screener.screen(dated, reach=Reach(skip_dob_conflicts=True))[0].record_id == "3"
        assert screener.screen(MatchQuery(names=["Ana Lopez3 Garcia"]))
    assert len(ranking._rank.signatures) == 1
