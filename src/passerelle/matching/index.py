"""The in-memory candidate index: blocking key → record slots, in compact numpy arrays.

Built for a million persons in one process: postings live in one CSR structure (sorted
64-bit key hashes, offsets, int32 slots) rather than in per-key Python lists, and record
facts live in parallel columns rather than in objects. Records added after the last
compaction go to a small delta dictionary; removed records are tombstoned and filtered at
query time, then dropped at the next compaction. The whole index pickles (arrays as buffers),
so it ships as a snapshot to process pools and Spark executors.

A query accumulates, per candidate, the weights of the keys it shares with the query
(a key's weight falls with its document frequency, so rare tokens dominate); keys shared by
too many records are skipped, except that the two rarest are intersected when nothing
rarer exists (``Mohamed Ali`` still finds the Mohamed Alis, not every Mohamed).
"""

from __future__ import annotations

import gc
import threading
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from passerelle.matching.analysis import analyse_uncached
from passerelle.matching.analysis import warm as warm_analysis
from passerelle.matching.blocking import document_key, filed_year_keys, name_keys, spelling_key
from passerelle.matching.columns import StrColumn, encode_strings
from passerelle.matching.dob_filter import conflict_table, dob_code
from passerelle.matching.records import Document, MatchRecord, normalise_document
from passerelle.model.dates import PartialDate

_SEP = "\x1f"
#: A key filed under more than this share of records (and at least _MIN_COMMON) is "common".
_COMMON_SHARE = 0.005
_MIN_COMMON = 1_000
_DELTA_LIMIT = 200_000
#: Posting lists shorter than this are read whole even by a query that only wants some birth
#: years: finding the slice costs a few numpy calls, which a short list does not repay.
_WINDOW_MIN = 512
_FREEZE_AFTER = 10_000
#: Added to the key score of a record born on the query's very (complete) date. A common
#: name's keys tie hundreds of namesakes born around the query's year (each gets the same
#: birth-year bonus, 0.5); before the cut to the best candidates the date is the one fact
#: that tells the traveller's record from theirs. At 1 M persons, 78 of the 435 planted
#: travellers that bulk screening missed (of 5,000) were born on their record's date, which
#: never reached the forty candidates. Swept 1-16 (docs/benchmarks.md): 4 finds the most in
#: bulk; in single checks 8 finds a few more but alarms more travellers.
SAME_DATE_SCORE = 4.0


_DOC_FIELD, _DOC_SEP = "\x1f", "\x1e"
#: A batch of source data that ``CandidateIndex.add_parsed`` reads into records.
B = TypeVar("B")


def _unpack_docs(packed: str) -> list[Document]:
    out: list[Document] = []
    for doc in packed.split(_DOC_SEP) if packed else ():
        number, state, kind = doc.split(_DOC_FIELD)
        out.append((number, state, kind))
    return out


def _dob_decode(code: int) -> PartialDate | None:
    if not code:
        return None
    year, rest = divmod(code, 10_000)
    month, day = divmod(rest, 100)
    return PartialDate(year, month or None, day or None)


@dataclass(frozen=True, slots=True)
class KeyedBatch:
    """What filing a batch of records needs, computed where the records are analysed (in a
    worker process when the build has several): every column's values (the string columns
    already encoded, ``columns.encode_strings``), and the batch's postings: key hashes and
    the slot, counted from the batch's first record, of each, in the order the index keeps
    them (``_posting_order``). The process that files the batch only appends."""

    names: tuple[bytes, npt.NDArray[np.int64]]
    latins: tuple[bytes, npt.NDArray[np.int64]]
    nats: tuple[bytes, npt.NDArray[np.int64]]
    docs: list[str]
    dobs: list[int]
    sexes: list[int]
    keys: npt.NDArray[np.uint64]
    slots: npt.NDArray[np.int32]


_BATCH = 10_000

#: A record as it crosses to an analysing process: (names, date code, sex code,
#: nationalities, documents), plain tuples and strings. Pickling a batch of ``MatchRecord``
#: dataclasses (and their ``PartialDate``) and rebuilding it on the other side cost more CPU
#: than a fifth of the keying itself: 2.6 s per 100,000 records against 0.45 s as tuples.
Row = tuple[tuple[str, ...], int, int, tuple[str, ...], tuple[Document, ...]]


def _row(record: MatchRecord) -> Row:
    return (
        tuple(record.names),
        dob_code(record.dob),
        ord((record.sex or "U").upper()[:1]),
        tuple(record.nationalities),
        tuple(record.documents),
    )


def _key_batch(rows: list[Row]) -> KeyedBatch:
    """Analyse and key a batch of records (the costly part of a build)."""
    latins: list[str] = []
    docs: list[str] = []
    keys = array("Q")
    years = array("H")
    counts: list[int] = []
    for names, code, _, _, documents in rows:
        year = code // 10_000
        # Only the keys are filed (a key's weight is its family's, known at query time); a
        # key two names of a record share is filed once (``_posting_order`` drops repeats).
        before = len(keys)
        latin = []
        for name in names:
            analysed = analyse_uncached(name)
            latin.append(analysed.glued_latin)
            keys.extend(name_keys(analysed))
            if year:
                keys.extend(filed_year_keys(analysed, year))
        normalised = [normalise_document(d) for d in documents]
        keys.extend(document_key(number) for number, _, _ in normalised)
        latins.append(_SEP.join(latin))
        docs.append(_DOC_SEP.join(_DOC_FIELD.join(d) for d in normalised))
        counts.append(len(keys) - before)
        years.append(year)
    flat = np.frombuffer(keys, dtype=np.uint64)
    slots = np.repeat(np.arange(len(rows), dtype=np.int32), counts)
    born = np.repeat(np.frombuffer(years, dtype=np.uint16), counts).astype(np.int16)
    order = _posting_order(flat, born, slots)
    flat, slots = flat[order], slots[order]
    # A key given by two names of one record now sits next to itself: filed once.
    once = np.r_[True, (flat[1:] != flat[:-1]) | (slots[1:] != slots[:-1])]
    return KeyedBatch(
        names=encode_strings([_SEP.join(r[0]) for r in rows]),
        latins=encode_strings(latins),
        nats=encode_strings([",".join(sorted({c.upper() for c in r[3]})) for r in rows]),
        docs=docs,
        dobs=[r[1] for r in rows],
        sexes=[r[2] for r in rows],
        keys=flat[once],
        slots=slots[once],
    )


def _posting_order(
    keys: npt.NDArray[np.uint64], years: npt.NDArray[np.int16], slots: npt.NDArray[np.int32]
) -> npt.NDArray[np.intp]:
    """The order in which the index keeps postings: by key, then birth year (unknown first),
    then slot, for postings given in ascending slot order within each (key, year).

    One stable sort of the key's high 48 bits with the year in the low 16: ``np.lexsort`` of
    the three took 5.6 s for a million persons' 26 million postings, this 3.4 s, and under a
    second when the input is a series of runs already in this order (a build's batches, each
    ordered in its worker: the sort merges them). Two keys that agree in their high 48 bits
    would interleave, and a caller might not give slots in order: both are checked, and then
    the three are sorted in full."""
    mixed = (keys & ~np.uint64(0xFFFF)) | years.astype(np.uint16).astype(np.uint64)
    order = np.argsort(mixed, kind="stable")
    if len(order) > 1:
        ranked = keys[order]
        tied = mixed[order][1:] == mixed[order][:-1]
        ordered_slots = slots[order]
        if (
            not (ranked[1:] >= ranked[:-1]).all()
            or not (ordered_slots[1:][tied] >= ordered_slots[:-1][tied]).all()
        ):
            return np.lexsort((slots, years, keys))
    return order


def _chunks(records: Iterable[MatchRecord], size: int) -> Iterator[tuple[list[str], list[Row]]]:
    """Batches of ``size`` records, as their ids and rows."""
    ids: list[str] = []
    rows: list[Row] = []
    for record in records:
        ids.append(record.id)
        rows.append(_row(record))
        if len(rows) == size:
            yield ids, rows
            ids, rows = [], []
    if rows:
        yield ids, rows


def _analysing_process() -> None:
    """Start of a process that analyses names for a build: load the transliteration models
    and the tables every script reads (``analysis.warm``), then move them out of the cyclic
    collector's sight (``gc.freeze``). They are millions of objects that never die; every
    full collection walked them all again, and about a tenth of a worker's time went to the
    collector."""
    warm_analysis()
    gc.freeze()


def _key_rows(ids: list[str], rows: list[Row]) -> tuple[list[str], KeyedBatch]:
    return ids, _key_batch(rows)


def _parse_and_key(
    parse: Callable[[B], list[MatchRecord]], batch: B
) -> tuple[list[str], KeyedBatch]:
    """Read a batch of source data into records and key them, in one analysing process."""
    records = parse(batch)
    return [r.id for r in records], _key_batch([_row(r) for r in records])


def _keyed_in_order(
    jobs: Iterator[tuple[Callable[..., tuple[list[str], KeyedBatch]], tuple[Any, ...]]],
    pool: Executor | None,
) -> Iterator[tuple[list[str], KeyedBatch]]:
    """Run keying jobs in the pool (here without one), at most a few in flight, yielding
    their results in input order."""
    if pool is None:
        for fn, args in jobs:
            yield fn(*args)
        return
    pending: deque[Future[tuple[list[str], KeyedBatch]]] = deque()
    for fn, args in jobs:
        pending.append(pool.submit(fn, *args))
        if len(pending) >= 4:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


_NO_SLOTS = np.zeros(0, dtype=np.int32)
_NO_WEIGHTS = np.zeros(0, dtype=np.float64)
_NO_TABLE = np.zeros(0, dtype=bool)


class CandidateIndex:
    """Keys → record slots, plus the record facts needed to score candidates.

    Many readers may share it, but not with a writer: filing can compact, which replaces the
    posting arrays one by one and freezes the string columns in place. A caller that files on
    one thread while another screens serialises them (the API's ``ScreeningIndex`` lock).
    """

    def __init__(self) -> None:
        # Strings live in StrColumns (one buffer each), not lists: see columns.py.
        self._ids = StrColumn()
        # id -> slot of the live records; None until needed after a load (``_slots``).
        self._slot_of: dict[str, int] | None = {}
        self._names = StrColumn()
        self._latin = StrColumn()
        self._dob = array("i")
        self._sex = bytearray()
        self._nats = StrColumn()
        self._docs = StrColumn()
        self._alive = bytearray()
        self._live = 0
        # Compacted postings.
        self._keys: npt.NDArray[np.uint64] = np.zeros(0, dtype=np.uint64)
        self._offsets: npt.NDArray[np.int64] = np.zeros(1, dtype=np.int64)
        self._postings: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)
        #: Birth year of each posting's slot (0: unknown); ascending within a key.
        self._post_year: npt.NDArray[np.int16] = np.zeros(0, dtype=np.int16)
        # Postings added since the last compaction.
        self._delta: dict[int, list[int]] = {}
        self._delta_size = 0
        self._pending_keys = array("Q")
        self._pending_slots = array("i")
        self._dirty = False
        self._local = threading.local()

    # -- pickling: the thread-local scratch buffers stay behind, and so does the id map -----
    def __getstate__(self) -> dict[str, object]:
        self.compact()
        state = dict(self.__dict__)
        state.pop("_local", None)
        # Made again from the ids when first needed (``_slots``): a screening worker never
        # looks a record up by id, and at a million persons the map was 130 MB of Python
        # objects in every process that loaded the index, where the rest of it is mapped.
        state["_slot_of"] = None
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._local = threading.local()

    @property
    def _slots(self) -> dict[str, int]:
        """id -> slot of every live record (made from the id column after a load)."""
        if self._slot_of is None:
            alive = np.flatnonzero(np.frombuffer(self._alive, dtype=np.uint8)).tolist()
            self._slot_of = dict(zip(self._ids.take(alive), alive, strict=True))
        return self._slot_of

    def _columns(self) -> tuple[StrColumn, ...]:
        return (self._ids, self._names, self._latin, self._nats, self._docs)

    # -- records -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._live

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._slots

    def add(self, record: MatchRecord) -> None:
        """File a record (replacing any earlier record with the same id)."""
        self._file([record.id], _key_batch([_row(record)]))
        if self._delta_size + len(self._pending_keys) > _DELTA_LIMIT:
            self.compact()
        else:
            self._flush_pending_to_delta()

    def add_many(
        self,
        records: Iterable[MatchRecord],
        compact: bool = True,
        workers: int = 1,
        start_method: str = "fork",
    ) -> int:
        """File many records at once (one sort at the end instead of a delta per record).

        With ``workers`` > 1, names are analysed and keyed in that many processes (the
        expensive part), and filed here in input order: the result is identical. A threaded
        caller (the API) should ask for ``start_method="spawn"``: forking a process whose
        other threads hold locks can hang the child.
        """
        jobs = ((_key_rows, chunk) for chunk in _chunks(records, _BATCH))
        return self._add_jobs(jobs, compact, workers, start_method)

    def add_parsed(
        self,
        batches: Iterable[B],
        parse: Callable[[B], list[MatchRecord]],
        workers: int = 1,
        start_method: str = "fork",
        on_document: Callable[[str, Document], None] | None = None,
    ) -> int:
        """``add_many`` of the records that ``parse`` reads from each batch, read in the
        analysing processes too: for a source whose parsing costs a good share of the keying
        (a million JSON lines took a third of the parent's time, and the parent was a third
        of the build), so that the parent only files. ``parse`` and the batches must pickle
        (a module-level function, plain data); an exception ``parse`` raises reaches the
        caller, and nothing is filed after the batch that raised it.

        ``on_document`` is called here with each filed record's id and each of its documents
        (normalised), batch by batch, while the workers analyse the next batches: an
        identifier index filled after the build added ten seconds to a million persons'.
        """
        jobs = ((_parse_and_key, (parse, batch)) for batch in batches)
        return self._add_jobs(jobs, True, workers, start_method, on_document)

    def _add_jobs(
        self,
        jobs: Iterator[tuple[Callable[..., tuple[list[str], KeyedBatch]], tuple[Any, ...]]],
        compact: bool,
        workers: int,
        start_method: str,
        on_document: Callable[[str, Document], None] | None = None,
    ) -> int:
        n = 0
        pool = None
        if workers > 1:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            pool = ProcessPoolExecutor(
                workers, mp_context=mp.get_context(start_method), initializer=_analysing_process
            )
        frozen = False
        try:
            for ids, keyed in _keyed_in_order(jobs, pool):
                n += self._file(ids, keyed)
                if pool is None and not frozen and n >= _FREEZE_AFTER:
                    # Analysing here: the models are loaded now, take them out of the
                    # collector's walks as ``_analysing_process`` does in a worker (the end
                    # of a build this size freezes everything anyway).
                    gc.freeze()
                    frozen = True
                if on_document is not None:
                    for record_id, packed in zip(ids, keyed.docs, strict=True):
                        for document in _unpack_docs(packed):
                            on_document(record_id, document)
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        if compact:
            self.compact()
            if n >= _FREEZE_AFTER:
                # The index and the analysis caches are millions of long-lived objects: move
                # them out of the cyclic collector's sight, or each full collection pauses a
                # query for a second (see gc.freeze).
                gc.collect()
                gc.freeze()
        return n

    def _file(self, ids: list[str], keyed: KeyedBatch) -> int:
        """Append a batch's columns and pending postings (computed by ``_key_batch``): whole
        columns at once, then the ids, so that a record filed again (here or in an earlier
        batch) is tombstoned in its old slot."""
        base = len(self._ids)
        n = len(ids)
        self._names.extend_encoded(*keyed.names)
        self._latin.extend_encoded(*keyed.latins)
        self._docs.extend(keyed.docs)
        self._nats.extend_encoded(*keyed.nats)
        self._dob.extend(keyed.dobs)
        self._sex.extend(keyed.sexes)
        self._alive.extend(b"\x01" * n)
        self._live += n
        self._pending_keys.frombytes(keyed.keys.tobytes())
        slot_of = self._slots
        for i, record_id in enumerate(ids):
            if record_id in slot_of:
                self.remove(record_id)
            self._ids.append(record_id)
            slot_of[record_id] = base + i
        self._pending_slots.frombytes((keyed.slots + np.int32(base)).tobytes())
        return n

    def remove(self, record_id: str) -> bool:
        """Tombstone a record; its postings are dropped at the next compaction."""
        slot = self._slots.pop(record_id, None)
        if slot is None:
            return False
        self._alive[slot] = 0
        self._dirty = True
        self._names[slot] = ""
        self._latin[slot] = ""
        self._docs[slot] = ""
        self._live -= 1
        return True

    def record(self, slot: int) -> MatchRecord:
        """The stored facts of a slot, as a record."""
        sex = chr(self._sex[slot])
        return MatchRecord(
            id=self._ids[slot],
            names=self._names[slot].split(_SEP),
            dob=_dob_decode(self._dob[slot]),
            sex=None if sex == "U" else sex,
            nationalities=[c for c in self._nats[slot].split(",") if c],
            documents=_unpack_docs(self._docs[slot]),
        )

    def slot_of(self, record_id: str) -> int | None:
        return self._slots.get(record_id)

    def record_id(self, slot: int) -> str:
        return self._ids[slot]

    def names_of(self, slot: int) -> list[str]:
        return self._names[slot].split(_SEP)

    def latins_of(self, slots: list[int]) -> list[list[str]]:
        """Romanisations of some slots' names, particles written onto the next part
        (``AnalysedName.glued_latin``), for the cheap re-ranking, read in one call
        (``StrColumn.take``)."""
        return [joined.split(_SEP) for joined in self._latin.take(slots)]

    def birth_year(self, slot: int) -> int:
        return self._dob[slot] // 10_000

    def dob_codes(self, slots: npt.NDArray[np.int32]) -> npt.NDArray[np.int32]:
        """Packed dates of birth of some slots (``dob_filter.dob_code``; 0 when unknown)."""
        return np.frombuffer(self._dob, dtype=np.int32)[slots]

    # -- postings ----------------------------------------------------------------------------
    def _flush_pending_to_delta(self) -> None:
        for key, slot in zip(self._pending_keys, self._pending_slots, strict=True):
            self._delta.setdefault(key, []).append(slot)
        self._delta_size += len(self._pending_keys)
        self._pending_keys = array("Q")
        self._pending_slots = array("i")

    def compact(self) -> None:
        """Merge the delta and pending postings into the CSR arrays; drop tombstoned slots."""
        for column in self._columns():
            column.freeze()
        if not self._delta and not self._dirty and not len(self._pending_keys):
            return
        pending_keys = np.frombuffer(self._pending_keys, dtype=np.uint64)
        pending_slots = np.frombuffer(self._pending_slots, dtype=np.int32)
        delta_keys = np.fromiter(
            (k for k, v in self._delta.items() for _ in v), dtype=np.uint64, count=self._delta_size
        )
        delta_slots = np.fromiter(
            (s for v in self._delta.values() for s in v), dtype=np.int32, count=self._delta_size
        )
        keys = np.concatenate(
            [np.repeat(self._keys, np.diff(self._offsets)), delta_keys, pending_keys]
        )
        slots = np.concatenate([self._postings, delta_slots, pending_slots])
        alive = np.frombuffer(bytes(self._alive), dtype=np.uint8).astype(bool)
        if len(slots) and not alive.all():
            keep = alive[slots]
            keys, slots = keys[keep], slots[keep]
        # Within a key, slots in order of birth year (unknown first), then of slot: a query
        # with a complete date reads only the slices that cannot conflict with it. Postings
        # come in slot order (the compacted ones, then the delta's, then the pending ones:
        # slots are given in filing order) within each key and year.
        years = (np.frombuffer(self._dob, dtype=np.int32)[slots] // 10_000).astype(np.int16)
        order = _posting_order(keys, years, slots)
        keys, slots = keys[order], slots[order]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else keys[:0]
        self._keys = keys[starts].astype(np.uint64)
        self._offsets = np.append(starts, len(keys)).astype(np.int64)
        self._postings = slots.astype(np.int32)
        self._post_year = years[order]
        self._delta = {}
        self._delta_size = 0
        self._pending_keys = array("Q")
        self._pending_slots = array("i")
        self._dirty = False

    def postings(self, key: int) -> npt.NDArray[np.int32]:
        """Slots filed under a key (alive or not)."""
        at = int(np.searchsorted(self._keys, np.uint64(key)))
        found = self._postings[:0]
        if at < len(self._keys) and int(self._keys[at]) == key:
            found = self._postings[self._offsets[at] : self._offsets[at + 1]]
        extra = self._delta.get(key)
        return np.concatenate([found, np.asarray(extra, dtype=np.int32)]) if extra else found

    def bearers(self, word: str) -> int:
        """Records filed under this exact folded spelling (alive or not): about how many
        listed persons bear the word as a name part (``attested``)."""
        return len(self.postings(spelling_key(word)))

    def common_limit(self) -> int:
        """How many records a key may be filed under before the candidate step skips it as
        common (``_COMMON_SHARE``)."""
        return max(_MIN_COMMON, int(_COMMON_SHARE * max(len(self._ids), 1)))

    def common_word(self, word: str) -> bool:
        """Is this exact folded spelling a common key (``common_limit``)?"""
        return self.bearers(word) > self.common_limit()

    def _scratch(self) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.uint8]]:
        """Per-thread work arrays of the candidate step, one entry a slot, kept zero."""
        got: tuple[npt.NDArray[np.float32], npt.NDArray[np.uint8]] | None = getattr(
            self._local, "scratch", None
        )
        if got is None or len(got[0]) < len(self._ids):
            size = max(len(self._ids) * 2, 1024)
            got = (np.zeros(size, dtype=np.float32), np.zeros(size, dtype=np.uint8))
            self._local.scratch = got
        return got

    def _delta_of(
        self, keys: dict[int, float]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
        """(offsets, slots): each key's postings filed since the last compaction, one run
        per key in key order (a loaded snapshot has none)."""
        if not self._delta:
            return np.zeros(len(keys) + 1, dtype=np.int64), _NO_SLOTS
        runs = [self._delta.get(key, ()) for key in keys]
        offsets = np.zeros(len(runs) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in runs], out=offsets[1:])
        return offsets, np.asarray([s for r in runs for s in r], dtype=np.int32)

    def ranked(
        self,
        keys: dict[int, float],
        birth_year: int | None = None,
        limit: int = 50,
        *,
        not_conflicting: PartialDate | None = None,
        exempt: frozenset[int] = frozenset(),
        same_date: int = 0,
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        """(slots, weights), best first: the best ``limit`` live slots by summed key weight ×
        rarity of each shared key, plus 0.5 for a slot born within a year of ``birth_year``
        and ``SAME_DATE_SCORE`` for one born on ``same_date`` (the query's complete date of
        birth, packed by ``dob_code``); among equal scores, the earlier-filed slot first.

        A key's rarity is log(1 + records / its document frequency). Keys filed under more
        than a small share of the records are common: they are skipped, except that when
        fewer than two other keys are shared, the slots of the two rarest common keys that
        are on both lists count (``Mohamed Ali`` finds the Mohamed Alis, not every Mohamed).

        With ``not_conflicting`` (a complete date of birth), slots whose date conflicts with it
        are set aside before ranking (see ``dob_filter``), and so are slots listed with a year,
        or a year and month, one year off it (``conflict_table(partial_year_off_agrees=False)``),
        except slots found through one of the ``exempt`` keys (a shared document number
        outweighs any date); a long list is then read only for the birth years that can
        agree and the unknown ones. The candidate step's birth-year keys lift the years
        either side of the traveller's, and on the first 100,000 travellers of the 1 M × 1 M
        benchmark records listed a year off took 79,483 of the 332,649 places the re-ranking
        keeps for scoring. None was a hit (the best scored 0.32), and the places they left
        found 5 more planted travellers of 2,004.

        The arithmetic is compiled (``ranking``): in numpy calls it was a quarter of a bulk
        worker's time at a million persons, spread over a dozen small calls per key.
        """
        # Imported here: numba takes 0.4 s to import, which no command that does not screen
        # should pay.
        from passerelle.matching import ranking

        if not keys:
            return _NO_SLOTS, _NO_WEIGHTS
        count = len(keys)
        # A complete date conflicts with every known birth year more than a year off it: the
        # table's three years are also the window the step reads long lists for.
        table, base = (
            (_NO_TABLE, 0)
            if not_conflicting is None
            else conflict_table(not_conflicting, partial_year_off_agrees=False)
        )
        qexempt = (
            np.fromiter((k in exempt for k in keys), dtype=bool, count=count)
            if exempt
            else np.zeros(count, dtype=bool)
        )
        return ranking.rank(
            (
                self._keys,
                self._offsets,
                self._postings,
                self._post_year,
                np.frombuffer(self._dob, dtype=np.int32),
                # Empty when no slot is removed: the step then reads no flag a posting.
                np.frombuffer(self._alive, dtype=np.uint8)[
                    : 0 if self._live == len(self._ids) else None
                ],
            ),
            np.fromiter(keys, dtype=np.uint64, count=count),
            np.fromiter(keys.values(), dtype=np.float64, count=count),
            qexempt,
            self._delta_of(keys),
            common_limit=self.common_limit(),
            window_min=_WINDOW_MIN,
            table=table,
            table_base=base,
            birth_year=birth_year or 0,
            same_date=same_date,
            same_date_score=SAME_DATE_SCORE,
            limit=limit,
            scratch=self._scratch(),
        )

    def memory_bytes(self) -> int:
        """Approximate bytes held by postings and record columns (not the analysis caches)."""
        arrays = self._keys.nbytes + self._offsets.nbytes + self._postings.nbytes
        columns = len(self._dob) * 4 + len(self._sex) + len(self._alive)
        strings = sum(c.nbytes() for c in self._columns())
        ids = 0 if self._slot_of is None else len(self._slot_of)
        return arrays + columns + strings + 100 * ids
