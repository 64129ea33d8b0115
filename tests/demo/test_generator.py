"""The generator is deterministic, varied, and every record validates against the model."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

from passerelle.model.policy import AccessMode, Confidentiality, Policy
from passerelle.model.records import Person, TravelDocument, Vehicle, Vessel
from passerelle.services.demo import DemoRecord, generate
from passerelle.services.demo.generator import drafts, to_record

ARABIC = re.compile(r"[\u0600-\u06ff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"^[^\u0400-\u04ff\u0600-\u06ff\u4e00-\u9fff]+$")

N = 3000


@pytest.fixture(scope="module")
def records() -> list[DemoRecord]:
    return list(generate(N, seed=11))


@pytest.fixture(scope="module")
def people(records: list[DemoRecord]) -> list[Person]:
    return [r.record for r in records if isinstance(r.record, Person)]


def test_counts_kinds_and_ids(records: list[DemoRecord]) -> None:
    kinds = Counter(type(r.record).__name__ for r in records)
    assert kinds == {"Person": N, "TravelDocument": N // 2, "Vehicle": N // 5, "Vessel": N // 50}
    assert records[0].id == "P000001"
    assert records[N].id == "D000001"
    assert len({r.id for r in records}) == len(records)
    assert all(isinstance(r.policy, Policy) for r in records)


def test_same_seed_same_records() -> None:
    first = [(r.id, r.record, r.policy) for r in generate(300, seed=5)]
    second = [(r.id, r.record, r.policy) for r in generate(300, seed=5)]
    assert first == second


def test_other_seed_other_records() -> None:
    first = [r.record for r in generate(200, seed=5)]
    second = [r.record for r in generate(200, seed=6)]
    assert sum(a == b for a, b in zip(first, second, strict=True)) == 0


def test_kinds_have_independent_streams() -> None:
    """More vehicles must not change the persons: each kind has its own stream."""
    few = [r.record for r in generate(50, seed=2, vehicles=0)]
    many = [r.record for r in generate(50, seed=2, vehicles=500)]
    assert [p for p in few if isinstance(p, Person)] == [p for p in many if isinstance(p, Person)]


def test_explicit_counts_and_progress() -> None:
    seen: list[int] = []
    out = list(
        generate(1500, seed=1, travel_documents=10, vehicles=0, vessels=3, progress=seen.append)
    )
    assert len(out) == 1513
    assert seen == [1000, 1513]
    with pytest.raises(ValueError, match="negative"):
        list(generate(-1, seed=1))


def test_all_scripts_present(people: list[Person]) -> None:
    fulls = [n.full for p in people for n in p.names]
    assert any(ARABIC.search(f) for f in fulls)
    assert any(CYRILLIC.search(f) for f in fulls)
    assert any(HAN.search(f) for f in fulls)
    share_latin = sum(bool(LATIN.match(p.primary_name.full)) for p in people) / len(people)
    assert 0.4 < share_latin < 0.9
    # Every non-Latin primary name has its Latin form.
    for p in people:
        name = p.primary_name
        assert name.latin and LATIN.match(name.latin), name


def test_aliases_and_name_kinds(people: list[Person]) -> None:
    counts = Counter(len(p.names) for p in people)
    assert counts[1] > N * 0.3
    assert all(1 <= len(p.names) <= 4 for p in people)
    kinds = Counter(n.kind for p in people for n in p.names)
    assert kinds["alias"] > N * 0.3 and kinds["birth"] > 20
    assert all(p.names[0].kind == "primary" for p in people)
    for p in people:
        assert len({(n.full, n.latin) for n in p.names}) == len(p.names)


def test_full_names_are_random_combinations(people: list[Person]) -> None:
    pairs = Counter((p.primary_name.given, p.primary_name.family) for p in people)
    assert len(pairs) > 0.9 * len(people)
    by_given: dict[str | None, set[str | None]] = {}
    for given, family in pairs:
        by_given.setdefault(given, set()).add(family)
    common = max(by_given, key=lambda g: len(by_given[g]))
    assert len(by_given[common]) > 20  # a frequent given name meets many surnames


def test_dates_of_birth(people: list[Person]) -> None:
    precision = Counter(p.date_of_birth.precision if p.date_of_birth else None for p in people)
    assert precision["day"] > 0.7 * N
    assert precision["year"] > 0.05 * N
    assert precision["month"] > 0.02 * N
    assert precision[None] > 0
    years = [p.date_of_birth.year for p in people if p.date_of_birth]
    assert min(years) > 1935 and max(years) <= 2022


def test_people_fields(people: list[Person]) -> None:
    assert {p.sex.value for p in people} == {"M", "F", "U"}
    assert len({p.status for p in people}) == 8
    assert len({c for p in people for c in p.nationalities}) > 40
    assert sum(len(p.nationalities) == 2 for p in people) > N * 0.03
    documents = [d for p in people for d in p.documents]
    assert len(documents) > N * 0.8
    assert {d.type.value for d in documents} >= {"P", "I"}
    # Nationality drives the name: Russians mostly carry Cyrillic names.
    russians = [p for p in people if p.nationalities[:1] == ["RU"]]
    assert russians
    assert sum(bool(CYRILLIC.search(p.primary_name.full)) for p in russians) > 0.8 * len(russians)


def test_policies_are_varied(records: list[DemoRecord]) -> None:
    policies = [r.policy for r in records]
    owners = Counter(p.owner for p in policies)
    assert len(owners) >= 30
    assert "UN" in owners
    access = Counter(p.access for p in policies)
    assert access[AccessMode.ALL] > 0.6 * len(policies)
    assert access[AccessMode.ALLOW] > 0 and access[AccessMode.DENY] > 0
    for p in policies:
        assert (p.access is AccessMode.ALL) == (not p.entities)
        assert p.owner not in p.entities
    assert {p.confidentiality for p in policies} == set(Confidentiality)
    assert len({p.handling for p in policies}) >= 5
    assert len({p.purpose for p in policies}) >= 6
    assert any(p.expires_at is None for p in policies)
    assert all(p.expires_at is None or p.expires_at.tzinfo is not None for p in policies)


def test_objects(records: list[DemoRecord]) -> None:
    docs = [r.record for r in records if isinstance(r.record, TravelDocument)]
    assert {d.status.value for d in docs} == {
        "stolen",
        "lost",
        "revoked",
        "invalid",
        "stolen_blank",
    }
    assert all(
        (d.holder_name is None) == (d.status.value == "stolen_blank") or d.holder_name is None
        for d in docs
    )
    vehicles = [r.record for r in records if isinstance(r.record, Vehicle)]
    assert sum(v.vin is not None for v in vehicles) > 0.7 * len(vehicles)
    assert sum(v.plate is not None for v in vehicles) > 0.5 * len(vehicles)
    assert all(v.vin is None or len(v.vin) == 17 for v in vehicles)
    vessels = [r.record for r in records if isinstance(r.record, Vessel)]
    assert any(v.imo for v in vessels) and any(v.mmsi for v in vessels)


def test_every_draft_validates_and_round_trips() -> None:
    """The JSON-ready drafts the watchlist writes are exactly the models' canonical dump."""
    for kind in ("person", "travel_document", "vehicle", "vessel"):
        for draft in itertools.islice(drafts(kind, 400, seed=8), 400):
            demo = to_record(draft)
            body = {k: v for k, v in draft.items() if k not in ("id", "policy")}
            assert demo.record.model_dump(mode="json", exclude_none=True) == body
            dumped = demo.policy.model_dump(mode="json")
            assert sorted(dumped.pop("entities")) == draft["policy"]["entities"]
            assert sorted(dumped.pop("handling")) == draft["policy"]["handling"]
            rest = {k: v for k, v in draft["policy"].items() if k not in ("entities", "handling")}
            assert dumped == rest
