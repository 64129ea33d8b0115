"""Identifier look-ups: travel documents, VINs, plates and IMO numbers.

Identifiers are matched exactly, after normalisation (upper case, no spaces, dashes or
fillers), by hash look-up. Numbers read by OCR from a document or typed from a photo confuse
0/O, 1/I/L, 5/S, 8/B and 2/Z; each identifier is therefore also filed under its *confusable
form* (every confusable character replaced by one representative), and a hit found only that
way is reported as a weaker, ``ocr`` hit for a human to check.

Storage is columnar, as in the candidate index: each filed identifier is a row (record id,
key, normalised value, in ``StrColumn``s), and three sorted arrays of 32-bit key hashes
(exact key, confusable key, record id) point at the rows; a hash only narrows the search, the
row's own strings decide. Held as dictionaries of lists, a million persons' documents were
some 700 MB of Python objects, 3 s of a snapshot's writing and 5 s of its reading, in every
process that screens. Rows filed since the last ``compact`` are found through a small
dictionary, folded into the arrays once it grows; a removed record's rows are marked dead,
and dropped at a ``compact`` once they are a quarter of all rows.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from passerelle.matching.columns import StrColumn
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


def _hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


#: The three ways to a row: its exact key, its confusable key, its record's id.
_EXACT, _FUZZY, _RECORD = 0, 1, 2
#: Rows filed since the last ``compact`` that trigger the next one (or half the sorted rows,
#: whichever is more): the dictionary that finds them stays small, and a build of a million
#: rows sorts some 2.5 million hashes in all.
_RECENT_MAX = 50_000
_EMPTY_U32: npt.NDArray[np.uint32] = np.zeros(0, dtype=np.uint32)
_EMPTY_I32: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)


@dataclass(slots=True)
class _Store:
    """Everything a look-up reads. A compaction builds a new one and swaps it in with one
    assignment, and a look-up takes the store once: a check that runs while another thread
    files a large change (the API syncs bulk screenings' indexes in threads) sees the rows
    before or after the compaction, never half of it. Filings between compactions only
    append (writers are serialised by the caller, as for ``CandidateIndex``)."""

    record: StrColumn
    key: StrColumn
    value: StrColumn
    alive: bytearray
    #: Rows [0, ``sorted``) are found through ``by_hash``: per way (``_EXACT``, ``_FUZZY``,
    #: ``_RECORD``), those rows' hashes sorted, with the row of each.
    sorted: int
    by_hash: list[tuple[npt.NDArray[np.uint32], npt.NDArray[np.int32]]]
    #: Rows filed since, per way: hash -> row (a list of rows when several share it), and
    #: their hashes in filing order. Plain integers: a dictionary of them is not walked by
    #: the garbage collector (a list per key made a million filings twice as slow, the
    #: collector walking the lists again and again).
    recent: list[dict[int, int | list[int]]]
    recent_hashes: list[array[int]]

    @classmethod
    def of(
        cls,
        columns: list[StrColumn],
        alive: bytearray,
        by_hash: list[tuple[npt.NDArray[np.uint32], npt.NDArray[np.int32]]],
    ) -> _Store:
        """A store whose rows are all sorted (none filed since)."""
        record, key, value = columns
        recent: list[dict[int, int | list[int]]] = [{}, {}, {}]
        return cls(
            record, key, value, alive, len(alive), by_hash, recent, [array("I") for _ in recent]
        )

    @classmethod
    def empty(cls) -> _Store:
        return cls.of(
            [StrColumn(), StrColumn(), StrColumn()], bytearray(), [(_EMPTY_U32, _EMPTY_I32)] * 3
        )

    def rows(self, way: int, text: str) -> list[int]:
        """Rows that may hold ``text`` (hash equal), in filing order, dead ones included."""
        hashes, rows = self.by_hash[way]
        h = _hash(text)
        found: list[int] = []
        # A numpy scalar of the array's own type: a Python int would have the whole array
        # cast to a wider type on every search.
        at, n = int(hashes.searchsorted(np.uint32(h))), len(hashes)
        while at < n and hashes[at] == h:
            found.append(int(rows[at]))
            at += 1
        recent = self.recent[way].get(h)
        if recent is None:
            return found
        return [*found, recent] if isinstance(recent, int) else found + recent

    def record_rows(self, record_id: str) -> list[int]:
        return [
            r
            for r in self.rows(_RECORD, record_id)
            if self.alive[r] and self.record[r] == record_id
        ]

    def compacted(self, drop_dead: bool) -> _Store:
        """A new store holding the same rows (or only the live ones), all of them sorted."""
        every = []
        for (ordered, rows), recent in zip(self.by_hash, self.recent_hashes, strict=True):
            in_rows = np.empty_like(ordered)
            in_rows[rows] = ordered  # each sorted row's hash, back in row order
            every.append(np.concatenate([in_rows, np.array(recent, np.uint32)]))
        columns = (self.record, self.key, self.value)
        if drop_dead:
            live = [r for r in range(len(self.alive)) if self.alive[r]]
            copies = []
            for source in columns:
                column = StrColumn()
                column.extend([source[r] for r in live])
                column.freeze()
                copies.append(column)
            every = [h[np.asarray(live, dtype=np.int64)] for h in every]
            alive = bytearray(b"\x01" * len(live))
        else:
            copies = [c.frozen_copy() for c in columns]
            alive = bytearray(self.alive)
        by_hash = []
        for h in every:
            order = np.argsort(h, kind="stable").astype(np.int32)
            by_hash.append((h[order], order))
        return _Store.of(copies, alive, by_hash)


class IdentifierIndex:
    """Exact and OCR-confusable hash look-ups for documents, vehicles and vessels."""

    def __init__(self) -> None:
        self._s = _Store.empty()
        self._dead = 0
        #: Records holding a live identifier, counted when asked (None: not since a change);
        #: keeping it up to date would cost every filing a look-up.
        self._records: int | None = 0

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
        self._records = None
        s = self._s
        row = len(s.alive)
        # Strings first, the row's alive byte after them: a look-up reads a row only once
        # a hash points at it, and the hashes are filed last.
        s.record.append(record_id)
        s.key.append(exact)
        s.value.append(value)
        s.alive.append(1)
        for way, text in ((_EXACT, exact), (_FUZZY, fuzzy), (_RECORD, record_id)):
            h = _hash(text)
            s.recent_hashes[way].append(h)
            recent = s.recent[way]
            got = recent.get(h)
            if got is None:
                recent[h] = row
            elif isinstance(got, int):
                recent[h] = [got, row]
            else:
                got.append(row)
        if row - s.sorted >= max(_RECENT_MAX, s.sorted // 2):
            self.compact()

    def compact(self) -> None:
        """Fold the rows filed since the last call into the sorted arrays (and drop dead
        rows once they are a quarter of all); look-ups are the same before and after."""
        s = self._s
        drop = self._dead > 0 and 4 * self._dead > len(s.alive)
        if s.sorted == len(s.alive) and not drop:
            return
        self._s = s.compacted(drop)
        if drop:
            self._dead = 0

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
        s = self._s
        rows = s.record_rows(record_id)
        if not rows:
            return False
        for r in rows:
            s.alive[r] = 0
        self._dead += len(rows)
        self._records = None
        return True

    def __len__(self) -> int:
        """Records holding at least one identifier."""
        if self._records is None:
            s = self._s
            self._records = len({s.record[r] for r in range(len(s.alive)) if s.alive[r]})
        return self._records

    def _lookup(self, kind: str, value: str, qualifier: str, dtype: str) -> list[IdentifierHit]:
        value = normalise_identifier(value)
        if not value:
            return []
        exact = _key(kind, value, qualifier, dtype)
        s = self._s
        exact_ids = [s.record[r] for r in s.rows(_EXACT, exact) if s.alive[r] and s.key[r] == exact]
        hits = [IdentifierHit(r, EXACT, CONFIDENCE[EXACT], value) for r in dict.fromkeys(exact_ids)]
        seen = set(exact_ids)
        fuzzy = _key(kind, confusable_form(value), qualifier, dtype)
        for r in s.rows(_FUZZY, fuzzy):
            if not s.alive[r]:
                continue
            stored, key = s.value[r], s.key[r]
            if key[: len(key) - len(stored)] + confusable_form(stored) != fuzzy:
                continue  # another key with the same hash
            rid = s.record[r]
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
