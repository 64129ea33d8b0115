"""Identifier look-ups with the OCR-confusable fallback."""

from __future__ import annotations

import pickle
import random
import sys
import threading

import pytest

from passerelle.matching import IdentifierIndex, identifiers
from passerelle.matching.identifiers import EXACT, OCR, confusable_form


def test_document_exact_after_normalisation() -> None:
    idx = IdentifierIndex()
    idx.add_document("r1", "ab 12-345", "FR", "P")
    (hit,) = idx.find_document("AB12345", "fr", "P")
    assert hit.record_id == "r1" and hit.kind == EXACT
    assert idx.find_document("AB12345", "DE", "P") == []


def test_document_ocr_fallback_is_weaker() -> None:
    idx = IdentifierIndex()
    idx.add_document("r1", "AB1O5S8Z", "FR")
    (hit,) = idx.find_document("A81O55B2", "FR")
    assert hit.kind == OCR and hit.confidence < 1.0
    assert confusable_form("OIL5B8Z2") == "01158822"


def test_vehicles_and_vessels() -> None:
    idx = IdentifierIndex()
    idx.add_vin("car", "WVWZZZ1JZXW000001")
    idx.add_plate("car", "AB-123-CD", "FR")
    idx.add_imo("ship", "IMO9074729")
    assert idx.find_vin("wvwzzz1jzxw000001")[0].kind == EXACT
    assert idx.find_vin("WVWZZZIJZXWOOOOO1")[0].kind == OCR
    assert idx.find_plate("AB123CD", "FR")[0].record_id == "car"
    assert idx.find_plate("AB123CD", "BE") == []
    assert idx.find_imo("9074729")[0].record_id == "ship"


def test_remove() -> None:
    idx = IdentifierIndex()
    idx.add_document("r1", "X1", "FR")
    idx.add_document("r2", "X1", "FR")
    assert idx.remove("r1")
    assert [h.record_id for h in idx.find_document("X1", "FR")] == ["r2"]
    assert not idx.remove("r1")
    assert len(idx) == 1


class _Reference:
    """The look-up rules, written plainly: every filed identifier in order, dead or alive."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str, bool]] = []

    def add(self, rid: str, number: str, state: str) -> None:
        self.rows.append((rid, "document", number, state, "P", True))

    def remove(self, rid: str) -> bool:
        found = any(r[0] == rid and r[5] for r in self.rows)
        self.rows = [(*r[:5], r[5] and r[0] != rid) for r in self.rows]
        return found

    def find(self, number: str, state: str) -> list[tuple[str, str, str]]:
        live = [r for r in self.rows if r[5] and r[3] == state]
        exact = list(dict.fromkeys(r[0] for r in live if r[2] == number))
        hits = [(rid, EXACT, number) for rid in exact]
        seen = set(exact)
        for r in live:
            if confusable_form(r[2]) == confusable_form(number) and r[0] not in seen:
                seen.add(r[0])
                hits.append((r[0], OCR, r[2]))
        return hits

    def __len__(self) -> int:
        return len({r[0] for r in self.rows if r[5]})


@pytest.mark.parametrize("colliding", [False, True])
def test_columns_answer_as_the_plain_rules_through_compactions_and_removals(
    monkeypatch: pytest.MonkeyPatch, colliding: bool
) -> None:
    """Random filings, removals and re-filings, compacted every few rows (and with a hash that
    collides all the time, so only the rows' own strings can tell keys apart): every look-up,
    the count of records and a pickled copy agree with the plain rules."""
    monkeypatch.setattr(identifiers, "_RECENT_MAX", 7)
    if colliding:
        monkeypatch.setattr(identifiers, "_hash", lambda text: len(text) % 3)
    rng = random.Random(5)
    numbers = ["AB1O5", "A8105", "AB105", "X1", "XI", "ZZ9", "2Z9"]
    idx, ref = IdentifierIndex(), _Reference()
    for step in range(400):
        rid = f"r{rng.randrange(40)}"
        roll = rng.random()
        if roll < 0.6:
            number, state = rng.choice(numbers), rng.choice(["FR", "DE"])
            idx.add_document(rid, number, state, "P")
            ref.add(rid, number, state)
        elif roll < 0.85:
            assert idx.remove(rid) == ref.remove(rid), step
        else:
            idx.compact()
        for number in numbers:
            for state in ("FR", "DE"):
                got = [
                    (h.record_id, h.kind, h.stored) for h in idx.find_document(number, state, "P")
                ]
                assert got == ref.find(number, state), (step, number, state)
        assert len(idx) == len(ref), step
    copy = pickle.loads(pickle.dumps(idx))  # noqa: S301 - our own bytes
    for number in numbers:
        assert copy.find_document(number, "FR", "P") == idx.find_document(number, "FR", "P")


def test_dead_rows_are_dropped_once_a_quarter_of_all() -> None:
    idx = IdentifierIndex()
    for i in range(100):
        idx.add_document(f"r{i}", f"N{i}", "FR")
    idx.compact()
    for i in range(30):
        idx.remove(f"r{i}")
    idx.compact()
    assert len(idx._s.alive) == 70 and len(idx) == 70
    assert idx.find_document("N0", "FR") == []
    assert [h.record_id for h in idx.find_document("N99", "FR")] == ["r99"]


def test_a_reader_finds_every_filed_identifier_while_a_writer_compacts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The API files a large change in one thread while checks read on another: a reader
    never fails, and always finds an identifier whose filing had finished."""
    monkeypatch.setattr(identifiers, "_RECENT_MAX", 300)
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    idx = IdentifierIndex()
    done = [0]
    failures: list[str] = []
    stop = threading.Event()

    def write() -> None:
        for i in range(6000):
            idx.add_document(f"r{i}", f"N{i}X", "FR")
            if i % 7 == 0:
                idx.remove(f"r{i}")
            done[0] = i + 1
        stop.set()

    def read() -> None:
        rng = random.Random(2)
        while not stop.is_set():
            i = rng.randrange(done[0]) if done[0] else 0
            if not done[0] or i % 7 == 0:
                continue
            try:
                hits = idx.find_document(f"N{i}X", "FR", "P")
            except Exception as exc:
                failures.append(repr(exc))
                return
            if [h.record_id for h in hits] != [f"r{i}"]:
                failures.append(f"N{i}X: {hits}")
                return

    try:
        threads = [threading.Thread(target=write), threading.Thread(target=read)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        sys.setswitchinterval(before)
    assert failures == []
    assert len(idx) == 6000 - len(range(0, 6000, 7))
