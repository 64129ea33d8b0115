"""Identifier look-ups: travel documents, VINs, plates and IMO numbers.

Identifiers are matched exactly, after normalisation (upper case, no spaces, dashes or
fillers), by hash look-up. Numbers read by OCR from a document or typed from a photo confuse
0/O, 1/I/L, 5/S, 8/B and 2/Z; each identifier is therefore also filed under its *confusable
form* (every confusable character replaced by one representative), and a hit found only that
way is reported as a weaker, ``ocr`` hit for a human to check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from passerelle.model.records import normalise_identifier

EXACT = "exact"
OCR = "ocr"
#: Confidence reported with each kind of hit.
CONFIDENCE = {EXACT: 1.0, OCR: 0.6}

_CONFUSABLE = str.maketrans({"O": "0", "Q": "0", "I": "1", "L": "1", "S": "5",
                             "B": "8", "Z": "2"})  # fmt: skip

DOCUMENT = "document"
VIN = "vin"
PLATE = "plate"
IMO = "imo"


def confusable_form(value: str) -> str:
    """The OCR-insensitive form of a normalised identifier (``AB1O5`` → ``A8105``)."""
    return value.translate(_CONFUSABLE)


@dataclass(frozen=True, slots=True)
class IdentifierHit:
    """A record found by an identifier; ``kind`` is ``exact`` or ``ocr``."""

    record_id: str
    kind: str
    confidence: float
    stored: str


def _key(kind: str, value: str, qualifier: str = "", doc_type: str = "") -> str:
    return f"{kind}|{qualifier}|{doc_type}|{value}"


@dataclass
class IdentifierIndex:
    """Exact and OCR-confusable hash look-ups for documents, vehicles and vessels."""

    _exact: dict[str, list[str]] = field(default_factory=dict)
    _fuzzy: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _by_record: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def _file(
        self,
        record_id: str,
        kind: str,
        value: str,
        qualifier: str,
        dtype: str,
        normalised: bool = False,
    ) -> None:
        if not normalised:
            value = normalise_identifier(value)
        if not value:
            raise ValueError(f"empty {kind} identifier for record {record_id}")
        exact = _key(kind, value, qualifier, dtype)
        fuzzy = _key(kind, confusable_form(value), qualifier, dtype)
        self._exact.setdefault(exact, []).append(record_id)
        self._fuzzy.setdefault(fuzzy, []).append((record_id, value))
        self._by_record.setdefault(record_id, []).append((exact, fuzzy))

    def add_document(
        self,
        record_id: str,
        number: str,
        issuing_state: str,
        doc_type: str = "P",
        normalised: bool = False,
    ) -> None:
        """File a travel document under (number, issuing state, type); ``normalised``: the
        number is already as ``normalise_identifier`` leaves it (read back from an index)."""
        self._file(
            record_id, DOCUMENT, number, issuing_state.upper(), doc_type.upper()[:1], normalised
        )

    def add_vin(self, record_id: str, vin: str) -> None:
        """File a vehicle identification number."""
        self._file(record_id, VIN, vin, "", "")

    def add_plate(self, record_id: str, plate: str, country: str) -> None:
        """File a number plate with the country that issued it."""
        self._file(record_id, PLATE, plate, country.upper(), "")

    def add_imo(self, record_id: str, imo: str) -> None:
        """File a vessel's IMO number (``IMO`` prefix optional)."""
        self._file(record_id, IMO, imo.upper().removeprefix("IMO"), "", "")

    def remove(self, record_id: str) -> bool:
        """Forget every identifier filed for a record."""
        entries = self._by_record.pop(record_id, None)
        if entries is None:
            return False
        for exact, fuzzy in entries:
            ids = self._exact.get(exact, [])
            if record_id in ids:
                ids.remove(record_id)
            if not ids:
                self._exact.pop(exact, None)
            pairs = [p for p in self._fuzzy.get(fuzzy, []) if p[0] != record_id]
            if pairs:
                self._fuzzy[fuzzy] = pairs
            else:
                self._fuzzy.pop(fuzzy, None)
        return True

    def __len__(self) -> int:
        return len(self._by_record)

    def _lookup(self, kind: str, value: str, qualifier: str, dtype: str) -> list[IdentifierHit]:
        value = normalise_identifier(value)
        if not value:
            return []
        exact_ids = self._exact.get(_key(kind, value, qualifier, dtype), [])
        hits = [IdentifierHit(r, EXACT, CONFIDENCE[EXACT], value) for r in dict.fromkeys(exact_ids)]
        seen = set(exact_ids)
        for rid, stored in self._fuzzy.get(
            _key(kind, confusable_form(value), qualifier, dtype), []
        ):
            if rid not in seen:
                seen.add(rid)
                hits.append(IdentifierHit(rid, OCR, CONFIDENCE[OCR], stored))
        return hits

    def find_document(
        self, number: str, issuing_state: str, doc_type: str | None = None
    ) -> list[IdentifierHit]:
        """Records holding this document; any type when ``doc_type`` is None."""
        types: Iterable[str] = [doc_type.upper()[:1]] if doc_type else ("P", "I", "V", "O")
        hits: list[IdentifierHit] = []
        for t in types:
            hits.extend(self._lookup(DOCUMENT, number, issuing_state.upper(), t))
        hits.sort(key=lambda h: -h.confidence)
        return hits

    def find_vin(self, vin: str) -> list[IdentifierHit]:
        """Vehicles with this VIN."""
        return self._lookup(VIN, vin, "", "")

    def find_plate(self, plate: str, country: str) -> list[IdentifierHit]:
        """Vehicles with this plate from this country."""
        return self._lookup(PLATE, plate, country.upper(), "")

    def find_imo(self, imo: str) -> list[IdentifierHit]:
        """Vessels with this IMO number."""
        return self._lookup(IMO, imo.upper().removeprefix("IMO"), "", "")
