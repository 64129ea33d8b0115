"""Candidate index internals: keys for recall, typos, birth years, compaction, workers."""

from __future__ import annotations

import math
import random

import pytest

import passerelle.matching.index as index_module
from passerelle.matching.analysis import analyse
from passerelle.matching.blocking import birth_year_keys, document_key, name_keys
from passerelle.matching.dob import CONFLICT, compare_dob
from passerelle.matching.index import CandidateIndex
from passerelle.matching.records import MatchRecord
from passerelle.model.dates import PartialDate


def slots(index: CandidateIndex, name: str, year: int | None = None) -> list[str]:
    a = analyse(name)
    keys = name_keys(a, query=True)
    if year:
        keys |= birth_year_keys(a, (year - 1, year, year + 1))
    return [index.record_id(s) for s in index.ranked(keys, birth_year=year)[0].tolist()]


def sample() -> list[MatchRecord]:
    return [
        MatchRecord("a", ["Samir Bartolemi"], PartialDate(1971)),
        MatchRecord("b", ["Olek Vandermaas"], PartialDate(1985, 5, 5)),
        MatchRecord("c", ["Abdulrahman Qasimi"]),
        MatchRecord("d", ["Tereza Nowakowska"]),
    ]


def test_variants_typos_and_joined_names_share_keys() -> None:
    idx = CandidateIndex()
    idx.add_many(sample())
    assert slots(idx, "Sameer Bartolemy")[0] == "a"  # vowels differ
    assert slots(idx, "Samir Bartlemi")[0] == "a"  # a consonant lost
    assert slots(idx, "Olek Vanndermaas")[0] == "b"
    assert slots(idx, "Abd al-Rahman Kasimi")[0] == "c"  # split, article, q/k
    assert slots(idx, "Nowakowska Tereza")[0] == "d"  # order
    assert slots(idx, "Zygmunt Pilecki") == []


def test_a_patronymic_written_as_one_word_shares_a_key_with_it_written_apart() -> None:
    # Ben Odrimel / Benodrimel: besides the given name, the two spellings share a key
    # either way round (the particle alone files nothing).
    given = set(name_keys(analyse("Karim"), query=True))
    for record, query in (("Karim Ben Odrimel", "Benodrimel Karim"),
                          ("Benodrimel Karim", "Karim Ben Odrimel")):  # fmt: skip
        shared = set(name_keys(analyse(record))) & set(name_keys(analyse(query), query=True))
        assert shared - given, (record, query)
    other = set(name_keys(analyse("Karim Ben Zuhrat")))
    assert not (other & set(name_keys(analyse("Benodrimel Karim"), query=True))) - given


def test_delta_then_compaction_and_removal() -> None:
    idx = CandidateIndex()
    idx.add_many(sample()[:2])
    idx.add(sample()[2])  # goes to the delta
    assert slots(idx, "Abdulrahman Qasimi")[0] == "c"
    idx.remove("a")
    assert "a" not in slots(idx, "Samir Bartolemi")
    idx.compact()
    assert "a" not in slots(idx, "Samir Bartolemi")
    assert slots(idx, "Abdulrahman Qasimi")[0] == "c"
    assert len(idx) == 2


def test_record_round_trip() -> None:
    idx = CandidateIndex()
    rec = MatchRecord("x", ["Ana Lima", "Ана Лима"], PartialDate(1990, 2), "F", ["BR"],
                      [("AB123", "BR", "P")])  # fmt: skip
    idx.add(rec)
    slot = idx.slot_of("x")
    assert slot is not None
    back = idx.record(slot)
    assert back.names == rec.names and back.dob == rec.dob and back.sex == "F"
    assert back.nationalities == ["BR"] and back.documents == [("AB123", "BR", "P")]


def test_parallel_build_is_identical() -> None:
    many = [MatchRecord(f"r{i}", [f"Name{chr(97 + i % 26)}x Family{i}"]) for i in range(300)]
    one, two = CandidateIndex(), CandidateIndex()
    one.add_many(many)
    two.add_many(many, workers=2)
    assert (one._keys == two._keys).all() and (one._postings == two._postings).all()


def test_postings_are_ordered_as_a_full_sort_orders_them() -> None:
    """The fast posting order (a stable sort of 48 bits of key and the year) against
    ``np.lexsort`` of key, year and slot: with runs already in order, with keys that agree in
    their high 48 bits (they would interleave), and with slots out of order."""
    import numpy as np

    rng = np.random.default_rng(7)
    n = 5_000
    base = rng.integers(0, 2**63, 300, dtype=np.uint64)
    keys = base[rng.integers(0, len(base), n)]
    years = rng.choice(np.asarray([0, 1970, 1971, 1990], dtype=np.int16), n)
    slots = np.sort(rng.integers(0, 2_000, n)).astype(np.int32)

    def check(k: np.ndarray, y: np.ndarray, s: np.ndarray) -> None:
        got = index_module._posting_order(k, y, s)
        want = np.lexsort((s, y, k))
        assert (k[got] == k[want]).all() and (y[got] == y[want]).all()
        assert (s[got] == s[want]).all()

    check(keys, years, slots)
    runs = [index_module._posting_order(keys[i::4], years[i::4], slots[i::4]) for i in range(4)]
    check(
        np.concatenate([keys[i::4][o] for i, o in enumerate(runs)]),
        np.concatenate([years[i::4][o] for i, o in enumerate(runs)]),
        np.concatenate([slots[i::4][o] for i, o in enumerate(runs)]),
    )
    twins = keys.copy()
    twins[::3] ^= np.uint64(0x5A5A)  # the same high 48 bits, another key
    check(twins, years, slots)
    check(keys, years, slots[::-1].copy())


def test_a_key_two_names_of_a_record_share_is_filed_once() -> None:
    idx = CandidateIndex()
    idx.add_many([MatchRecord("a", ["Samir Bartolemi", "Bartolemi Samir", "Samir Bartolemy"])])
    key = next(iter(name_keys(analyse("Samir Bartolemi"))))
    assert idx.postings(key).tolist() == [0]


def _records_of(batch: tuple[int, int]) -> list[MatchRecord]:
    """Parse step of ``add_parsed`` for the test below: a batch is a range of numbers."""
    start, stop = batch
    if start < 0:
        raise ValueError(f"batch at {start} is unreadable")
    return [
        MatchRecord(
            f"r{i}",
            [f"Name{chr(97 + i % 26)}x Family{i}"],
            PartialDate(1950 + i % 50),
            documents=[(f"x-{i}", "fr", "p")] if i % 3 else [],
        )
        for i in range(start, stop)
    ]


@pytest.mark.parametrize("workers", [1, 2])
def test_records_parsed_in_the_workers_are_filed_as_add_many_files_them(workers: int) -> None:
    batches = [(0, 120), (120, 250), (250, 300)]
    one, two = CandidateIndex(), CandidateIndex()
    one.add_many(r for b in batches for r in _records_of(b))
    seen: list[tuple[str, tuple[str, str, str]]] = []
    filed = two.add_parsed(
        batches, _records_of, workers=workers, on_document=lambda i, d: seen.append((i, d))
    )
    assert filed == len(two) == len(one) == 300
    assert (one._keys == two._keys).all() and (one._postings == two._postings).all()
    assert (one._post_year == two._post_year).all()
    assert all(one.record(s) == two.record(s) for s in range(300))
    # every document, normalised, in input order, while filing
    assert seen == [(f"r{i}", (f"X{i}", "FR", "P")) for i in range(300) if i % 3]


def test_an_error_reading_a_batch_reaches_the_caller() -> None:
    idx = CandidateIndex()
    with pytest.raises(ValueError, match="batch at -5 is unreadable"):
        idx.add_parsed([(0, 10), (-5, 3)], _records_of, workers=2)


def test_a_record_filed_again_replaces_its_earlier_version() -> None:
    idx = CandidateIndex()
    first = MatchRecord("p", ["Samir Bartolemi"], PartialDate(1971))
    again = MatchRecord("p", ["Olek Vandermaas"], PartialDate(1985))
    idx.add_many([first, MatchRecord("q", ["Tereza Nowakowska"]), again])  # one batch
    assert len(idx) == 2
    assert slots(idx, "Samir Bartolemi") == []
    assert slots(idx, "Olek Vandermaas") == ["p"]
    idx.add_many([MatchRecord("p", ["Tereza Nowakowska"], None, "F", ["PL"])])  # a later batch
    assert len(idx) == 2
    assert sorted(slots(idx, "Tereza Nowakowska")) == ["p", "q"]
    slot = idx.slot_of("p")
    assert slot is not None
    assert idx.record(slot).names == ["Tereza Nowakowska"] and idx.record(slot).sex == "F"


def _reference(
    idx: CandidateIndex, keys: dict[int, float], query: PartialDate, exempt: frozenset[int]
) -> dict[str, float]:
    """Every live slot sharing a key with the query, scored slot by slot, those whose date
    conflicts with the query's, or is a year (or a year and month) of another year, dropped
    unless found by an exempt key."""
    total = len(idx._ids)
    scores: dict[int, float] = {}
    for key, weight in keys.items():
        post = idx.postings(key)
        if not len(post):
            continue
        rarity = math.log(1.0 + total / len(post))
        for slot in post.tolist():
            scores[slot] = scores.get(slot, 0.0) + weight * rarity
    found = {slot for key in exempt for slot in idx.postings(key).tolist()}
    out: dict[str, float] = {}
    for slot, score in scores.items():
        record = idx.record(slot)
        dob = record.dob
        year_off = dob is not None and dob.day is None and dob.year != query.year
        if (compare_dob(query, dob) == CONFLICT or year_off) and slot not in found:
            continue
        if idx._alive[slot]:
            out[record.id] = score
    return out


@pytest.mark.parametrize("window_min", [0, 50, 10_000])
def test_a_complete_date_reads_only_dates_it_cannot_conflict_with(
    window_min: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Postings are ordered by birth year so that a query with a complete date reads only the
    # slices born a year either side (or of unknown year) of lists long enough to be worth
    # it; the result must be what reading every posting and dropping conflicting dates
    # gives, for compacted and added records, whichever lists are cut.
    monkeypatch.setattr(index_module, "_WINDOW_MIN", window_min)
    rng = random.Random(7)
    given = ["Karrow", "Thornquist", "Vellaskor", "Odrimel", "Brannoch"]
    family = ["Esterhalt", "Quennaby", "Marrowby", "Tessaray"]

    def person(n: int) -> MatchRecord:
        year = rng.choice([0, 1979, 1980, 1981, 1982, 1950])
        month, day = rng.choice([(None, None), (3, 14), (3, 15), (4, 14), (3, 1)])
        dob = PartialDate(year, month, day) if year else None
        docs = [(f"X{n:05d}", "FR", "P")] if n % 7 == 0 else []
        names = [f"{rng.choice(given)} {rng.choice(family)}"]
        return MatchRecord(f"r{n}", names, dob, documents=docs)

    idx = CandidateIndex()
    idx.add_many([person(n) for n in range(400)])
    for n in range(400, 440):
        idx.add(person(n))  # to the delta, filed unordered
    idx.remove("r3")
    query = PartialDate(1981, 3, 14)
    for name in ("Karrow Quennaby", "Odrimel Tessaray", "Brannoch Esterhalt"):
        keys = name_keys(analyse(name), query=True)
        doc = document_key("X00014")
        keys[doc] = 4.0
        exempt = frozenset({doc})
        slots, weights = idx.ranked(keys, limit=1000, not_conflicting=query, exempt=exempt)
        got = {idx.record_id(s): w for s, w in zip(slots.tolist(), weights.tolist(), strict=True)}
        want = _reference(idx, keys, query, exempt)
        assert got.keys() == want.keys()
        assert all(math.isclose(got[k], want[k], rel_tol=1e-5) for k in got)
        assert "r14" in got  # its document outweighs whatever its date says
        assert weights.tolist() == sorted(weights.tolist(), reverse=True)


def test_a_year_alone_one_year_off_is_set_aside_with_the_conflicting_dates() -> None:
    # compare_dob lets a listed 1987 agree with a traveller born 1988-05-31, but the model
    # scores the pair low whatever the names: bulk screening (``not_conflicting``) leaves
    # such records out so that they take no place among the candidates scored.
    idx = CandidateIndex()
    dates = {
        "own-year": PartialDate(1988),
        "own-month": PartialDate(1988, 5),
        "year-before": PartialDate(1987),
        "month-year-after": PartialDate(1989, 5),
        "a-year-off-same-day": PartialDate(1987, 5, 31),
        "unknown": None,
    }
    idx.add_many(MatchRecord(rid, ["Karrow Quennaby"], dob) for rid, dob in dates.items())
    keys = name_keys(analyse("Karrow Quennaby"), query=True)
    query = PartialDate(1988, 5, 31)
    slots, _ = idx.ranked(keys, limit=10, not_conflicting=query)
    found = {idx.record_id(s) for s in slots.tolist()}
    assert found == {"own-year", "own-month", "a-year-off-same-day", "unknown"}
    slots, _ = idx.ranked(keys, limit=10)  # a single check still sees them all
    assert {idx.record_id(s) for s in slots.tolist()} == set(dates)


def test_only_common_keys_meet_in_the_records_holding_the_two_rarest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # When every key of a query is common, the two rarest are intersected: the candidates are
    # exactly the live records filed under both, each once, weighed by the two keys' weights.
    monkeypatch.setattr(index_module, "_MIN_COMMON", 10)
    monkeypatch.setattr(index_module, "_COMMON_SHARE", 0.0)
    rng = random.Random(11)
    given = ["Karrow", "Thornquist", "Vellaskor", "Odrimel"]
    family = ["Esterhalt", "Quennaby", "Marrowby"]
    people = [
        MatchRecord(f"r{n}", [f"{rng.choice(given)} {rng.choice(family)}"]) for n in range(300)
    ]
    idx = CandidateIndex()
    idx.add_many(people[:260])
    for p in people[260:]:
        idx.add(p)  # to the delta
    idx.remove("r5")
    for name in ("Karrow Quennaby", "Odrimel Marrowby"):
        keys = name_keys(analyse(name), query=True)
        total = len(idx._ids)
        dfs = {key: len(idx.postings(key)) for key in keys}
        assert min(d for d in dfs.values() if d) > 10  # every key is common here
        rarest = sorted((k for k in keys if dfs[k]), key=lambda k: dfs[k])[:2]
        both = set(idx.postings(rarest[0]).tolist()) & set(idx.postings(rarest[1]).tolist())
        want = {idx.record_id(s) for s in both if idx._alive[s]}
        weight = sum(keys[k] * math.log(1.0 + total / dfs[k]) for k in rarest)
        slots, weights = idx.ranked(keys, limit=1000)
        got = [idx.record_id(s) for s in slots.tolist()]
        assert len(got) == len(set(got))
        assert set(got) == want and want
        assert all(math.isclose(w, weight, rel_tol=1e-5) for w in weights.tolist())


def test_records_removed_since_the_last_compaction_take_no_place_among_the_best() -> None:
    """A removed record is tombstoned until the next compaction; it must not take one of the
    places a check asks for, or the check sees fewer candidates than it asked for."""
    idx = CandidateIndex()
    idx.add_many([MatchRecord(f"r{i}", ["Samir Bartolemi"]) for i in range(6)])
    for i in range(3):
        assert idx.remove(f"r{i}")
    keys = name_keys(analyse("Samir Bartolemi"), query=True)
    slots, _ = idx.ranked(keys, limit=3)
    assert sorted(idx.record_id(s) for s in slots.tolist()) == ["r3", "r4", "r5"]
