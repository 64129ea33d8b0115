"""Candidate index internals: keys for recall, typos, birth years, compaction, workers."""

from __future__ import annotations

from passerelle.matching.analysis import analyse
from passerelle.matching.blocking import birth_year_keys, name_keys
from passerelle.matching.index import CandidateIndex
from passerelle.matching.records import MatchRecord
from passerelle.model.dates import PartialDate


def slots(index: CandidateIndex, name: str, year: int | None = None) -> list[str]:
    a = analyse(name)
    keys = name_keys(a, query=True)
    if year:
        keys |= birth_year_keys(a, (year - 1, year, year + 1))
    return [index.record_id(c.slot) for c in index.candidates(keys, birth_year=year)]


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
