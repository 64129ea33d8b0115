"""Identifier look-ups with the OCR-confusable fallback."""

from __future__ import annotations

from passerelle.matching import IdentifierIndex
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
