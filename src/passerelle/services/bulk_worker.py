"""What runs inside an engine worker: travellers in, candidate hits out, as Arrow batches.

Travellers cross to the workers as Arrow columns (cheap to pickle, and what Spark's
``mapInArrow`` speaks). A worker loads the index snapshot once — ``ScreenBatch.prepare`` at pool
start, or lazily on a Spark executor — and keeps it in a module global, so every later batch
on that process reuses it. Only candidates come back, never the traveller batch: the parent
decides policy (hit/no-hit), notifies and audits, and writes to the database only for hits.

The matching itself is ``screening.screen_candidates_many``, which a single check calls too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from passerelle.engine import resolve
from passerelle.formats import Traveller
from passerelle.matching import mapped
from passerelle.matching.particles import NOBILIARY, PARTICLES
from passerelle.matching.screener import SNAPSHOT_VERSION, Reach
from passerelle.model.dates import PartialDate
from passerelle.model.principals import CheckScope
from passerelle.model.records import DocumentType, Sex
from passerelle.services.bulk_csv import traveller_fields
from passerelle.services.screening import CheckInput, DocumentQuery, screen_candidates_many

if TYPE_CHECKING:
    from passerelle.matching import IdentifierIndex, Screener

#: Candidates scored in full per traveller. Once conflicting dates are set aside, the
#: planted match is the first or second re-ranked candidate in 99 % of generated cases
#: (docs/bulk-screening.md). Past them, down to ``BULK_ALIKE``, only the candidates spelt
#: alike to the traveller are scored (``screener.SPELT_ALIKE``): the listed person re-ranked
#: fourth or fifth is mostly behind namesakes spelt as he is. On the 1 M x 1 M benchmark's
#: 20,000 planted travellers, scoring five whatever their spelling, and fifteen for the
#: undated, found 59 more than three and nine (recall 0.9771 -> 0.9800) for a quarter more
#: CPU a traveller; three and nine with those spelt alike down to the eighth and the
#: twenty-fourth found 64 more, for 6 % more candidates through the coverage gate than three
#: and nine on the benchmark's first 100,000 travellers (docs/bulk-screening.md).
BULK_SCORED = 3
#: Candidates scored in full for a traveller whose date of birth is partial or missing. The
#: date cannot then set namesakes apart before the cut (``Screener.screen``): at 1 M persons,
#: 20,000 travellers, three times as many found 4 more of 400 planted ones (recall 0.940 ->
#: 0.950) for 24 more hits in all; five times, no more (docs/bulk-screening.md).
BULK_SCORED_UNDATED = 9
#: How far down the re-ranked candidates those spelt alike to a dated traveller are scored
#: too (``Reach.alike``; see ``BULK_SCORED``).
BULK_ALIKE = 8
#: ... and to an undated one (``Reach.alike_undated``).
BULK_ALIKE_UNDATED = 24
#: Candidates the index returns for such a traveller, of which those nine are scored
#: after re-ranking: keys tie a common family name's records born within a year of the
#: traveller's, and only the earliest filed forty were seen. Two hundred found 25 more of
#: 5,000 planted travellers (recall 0.943 -> 0.948) at 1 M persons; four hundred, over the
#: 20,000 planted travellers of the 1 M × 1 M benchmark, 9 more again
#: (docs/bulk-screening.md).
BULK_CANDIDATES_UNDATED = 400
#: Candidates the index returns for a traveller with a complete date of birth, of which
#: ``BULK_SCORED`` are scored after re-ranking (a check takes ``screener.CANDIDATES``, 40).
#: A typed slip in a rare part leaves the listed person only the keys of a common one, tied
#: with its namesakes born within a year: on the first 100,000 travellers of the 1 M × 1 M
#: benchmark, 28 of 73 planted travellers missed were not among forty, eight of them ranked
#: 41st to 51st. Sixty found 4 more (recall 0.9658 -> 0.9678) for 14 more hits in all.
#: Later, of the 20,000 planted travellers of that benchmark, 101 of the 369 missed were not
#: among sixty candidates. A hundred found 17 more, and with four hundred for the undated
#: 26 more in all and none lost, for 8 more hits on the first 100,000 travellers and 6-7 %
#: more CPU a traveller: the re-ranking compares the names of more candidates
#: (docs/bulk-screening.md).
BULK_CANDIDATES = 100
#: How far bulk screening looks for each traveller (``Screener.screen``'s ``reach``): the
#: six figures above, and records whose complete date of birth conflicts with the
#: traveller's set aside (a shared document number still finds them).
BULK_REACH = Reach(
    skip_dob_conflicts=True,
    scored=BULK_SCORED,
    scored_undated=BULK_SCORED_UNDATED,
    alike=BULK_ALIKE,
    alike_undated=BULK_ALIKE_UNDATED,
    candidates=BULK_CANDIDATES,
    candidates_undated=BULK_CANDIDATES_UNDATED,
)

TRAVELLER_SCHEMA = pa.schema(
    [
        ("row", pa.int64()),
        ("full_name", pa.string()),
        ("surname", pa.string()),
        ("given_names", pa.string()),
        ("date_of_birth", pa.string()),
        ("sex", pa.string()),
        ("nationality", pa.string()),
        ("document_number", pa.string()),
        ("document_type", pa.string()),
        ("document_issuing_state", pa.string()),
    ]
)

CANDIDATE_SCHEMA = pa.schema(
    [
        ("row", pa.int64()),
        ("record_id", pa.string()),
        ("probability", pa.float64()),
        ("match_kind", pa.string()),
        ("matched_name", pa.string()),
        ("explanation", pa.string()),  # JSON list of reasons
    ]
)


@dataclass(slots=True)
class IndexSnapshot:
    """The two indexes a worker screens with, pickled together into one file."""

    screener: Screener
    identifiers: IdentifierIndex

    def save(self, path: Path) -> None:
        """Write atomically (temporary file, then rename): a reader never sees half a file."""
        mapped.save_versioned(self, path, SNAPSHOT_VERSION)

    @classmethod
    def load(cls, path: Path, shared: bool = True) -> IndexSnapshot:
        """Read a snapshot written by ``save`` (our own file: pickle runs code). Its arrays
        and string buffers are mapped, not read (``matching.mapped``): the processes that
        screen with one snapshot share its pages. ``shared=False`` reads them instead, for a
        parent whose forked workers share its memory anyway (``mapped.load``)."""
        return mapped.load_versioned(
            path, SNAPSHOT_VERSION, cls, "Passerelle index snapshot", shared=shared
        )


_loaded: tuple[str, IndexSnapshot] | None = None


def load_snapshot(path: str, shared: bool = True) -> IndexSnapshot:
    """The snapshot at ``path``, loaded once per process (the last one stays cached);
    ``shared`` as ``IndexSnapshot.load``'s."""
    global _loaded
    if _loaded is None or _loaded[0] != path:
        _loaded = (path, IndexSnapshot.load(Path(path), shared=shared))
    return _loaded[1]


def traveller_batches(
    travellers: list[Traveller], batch_no: Iterable[int], batch_size: int
) -> Iterator[pa.RecordBatch]:
    """Arrow batches of the travellers in the listed batches; ``row`` is 1-based."""
    for no in batch_no:
        start = no * batch_size
        chunk = travellers[start : start + batch_size]
        cols: dict[str, list[Any]] = {name: [] for name in TRAVELLER_SCHEMA.names}
        for offset, t in enumerate(chunk):
            cols["row"].append(start + offset + 1)
            cols["full_name"].append(t.full_name)
            cols["surname"].append(t.surname)
            cols["given_names"].append(t.given_names)
            cols["date_of_birth"].append(str(t.date_of_birth) if t.date_of_birth else None)
            cols["sex"].append(t.sex.value if t.sex is not Sex.UNKNOWN else None)
            cols["nationality"].append(t.nationality)
            cols["document_number"].append(t.document_number)
            cols["document_type"].append(t.document_type.value if t.document_type else None)
            cols["document_issuing_state"].append(t.document_issuing_state)
        yield pa.RecordBatch.from_pydict(cols, schema=TRAVELLER_SCHEMA)


@dataclass(frozen=True, slots=True)
class ManifestRows:
    """A manifest's travellers as the Arrow batches the workers screen, plus where each was
    read: all a hit line needs, at a tenth of the parsed objects' memory."""

    batches: list[pa.RecordBatch]
    sources: list[pa.Array]
    batch_size: int
    total: int

    def rows_in(self, batch_no: int) -> int:
        """How many travellers batch ``batch_no`` holds."""
        return int(self.batches[batch_no].num_rows)

    @classmethod
    def of(cls, travellers: list[Traveller], batch_size: int) -> ManifestRows:
        count = -(-len(travellers) // batch_size)
        batches = list(traveller_batches(travellers, range(count), batch_size))
        sources = [
            pa.array([t.source for t in travellers[n * batch_size : (n + 1) * batch_size]])
            for n in range(count)
        ]
        return cls(batches, sources, batch_size, len(travellers))

    def traveller(self, row: int, matched_name: str) -> dict[str, Any]:
        """``traveller_fields`` of the traveller on 1-based ``row``."""
        n, k = divmod(row - 1, self.batch_size)
        batch = self.batches[n]

        def cell(name: str) -> Any:
            return batch.column(name)[k].as_py()

        return traveller_fields(
            name=cell("full_name"),
            date_of_birth=cell("date_of_birth"),
            nationality=cell("nationality"),
            document=cell("document_number"),
            document_issuing_state=cell("document_issuing_state"),
            source=self.sources[n][k].as_py(),
            matched_name=matched_name,
        )


def batch_rows(batch: pa.RecordBatch) -> Iterator[dict[str, Any]]:
    """The rows of an Arrow batch as dictionaries, read column by column: ``to_pylist``
    converts value by value, and on the travellers' batches that was 5 % of a bulk worker's
    time. Used for the travellers a worker screens and for the hits it returns."""
    columns = batch.to_pydict()
    fields = list(columns)
    for values in zip(*columns.values(), strict=True):
        yield dict(zip(fields, values, strict=True))


def traveller_names(full: str, surname: str, given: str) -> list[str]:
    """The names to screen: as written, plus "given surname" when the written form differs.

    Manifests write the surname first (PAXLST, MRZ) or in the original script (CSV
    ``full_name``); the matcher is order-invariant, so a second name is only worth its cost
    when it has other tokens, or when the written form starts with a particle. The matcher
    reads a single particle that starts a name as a name (Vietnamese *Le*, *Van*): *de Haao Jan*
    had a part *de* that the listed *Jan de Haan* lacks, and scored 0.01 where *Jan de Haao*
    scores 0.11; *da Jong Daan* against a listed *Daan Milan de Jong* born the same day
    scored 0.24, *Daan da Jong* 0.99.
    """
    natural = " ".join(p for p in (given, surname) if p)
    names = [full] if full else []
    if natural and (
        sorted(natural.split()) != sorted(full.split())
        or (natural != full and _starts_with_particle(full))
    ):
        names.append(natural)
    return names


def _starts_with_particle(name: str) -> bool:
    """Does ``name`` start with a nobiliary particle (*de*, *da*, *van*, *von*)? An article or
    a patronymic that starts a name is read as one wherever it stands (*El Idrissi*)."""
    first = name.split(maxsplit=1)[0].casefold() if name.strip() else ""
    return first in PARTICLES and PARTICLES[first][0] == NOBILIARY


def check_input(row: dict[str, Any]) -> CheckInput:
    """A traveller row as the check a border officer would make (already validated upstream,
    so the pydantic model is constructed without re-validating every traveller)."""
    document = None
    if row["document_number"] and row["document_issuing_state"]:
        document = DocumentQuery.model_construct(
            number=row["document_number"],
            issuing_state=row["document_issuing_state"],
            type=DocumentType(row["document_type"]) if row["document_type"] else None,
        )
    dob = row["date_of_birth"]
    return CheckInput.model_construct(
        names=traveller_names(
            row["full_name"] or "", row["surname"] or "", row["given_names"] or ""
        ),
        date_of_birth=PartialDate.parse(dob) if dob else None,
        nationality=row["nationality"],
        sex=Sex(row["sex"]) if row["sex"] else None,
        document=document,
        mrz=None,
        vehicle=None,
        vessel=None,
        limit=10,
    )


@dataclass(frozen=True, slots=True)
class ScreenBatch:
    """The batch function: screen every traveller of a batch against the snapshot at ``snapshot``.

    Small and picklable (a path and a scope), so it ships to every worker for free; the index
    itself travels as a file.
    """

    snapshot: str
    scope: tuple[str, ...] = tuple(s.value for s in CheckScope)
    #: How far each traveller's screening looks (``BULK_REACH``).
    reach: Reach = BULK_REACH
    #: Map the snapshot's arrays (shared by every process that screens with it: Spark's
    #: Python workers, spawned workers), or read them (False: a parent whose workers it
    #: forks shares its memory anyway, and read arrays get numpy's huge pages).
    map_snapshot: bool = True

    @property
    def output_schema(self) -> pa.Schema:
        return CANDIDATE_SCHEMA

    def prepare(self) -> None:
        """Load the snapshot and what screening loads on first use (``Screener.warm``):
        done once in the parent of forked workers, the transliteration models (some 130 MB)
        are then shared with every worker instead of loaded by each."""
        load_snapshot(resolve(self.snapshot), self.map_snapshot).screener.warm()

    def __call__(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        index = load_snapshot(resolve(self.snapshot), self.map_snapshot)
        scope = frozenset(CheckScope(s) for s in self.scope)
        out: dict[str, list[Any]] = {name: [] for name in CANDIDATE_SCHEMA.names}
        rows: list[int] = []
        givens: list[CheckInput] = []
        for row in batch_rows(batch):
            given = check_input(row)
            if given.names or given.document is not None:
                rows.append(row["row"])
                givens.append(given)
        # The batch at once, a thousand at a time: their candidate steps run back to back
        # (``Screener.screen_many``).
        screened = screen_candidates_many(index, givens, scope, self.reach)
        for row_no, found in zip(rows, screened, strict=True):
            for cand in found:
                out["row"].append(row_no)
                out["record_id"].append(cand.record_id)
                out["probability"].append(cand.probability)
                out["match_kind"].append(cand.match)
                out["matched_name"].append(cand.matched_name)
                out["explanation"].append(json.dumps(cand.explanation, ensure_ascii=False))
        return pa.RecordBatch.from_pydict(out, schema=CANDIDATE_SCHEMA)
