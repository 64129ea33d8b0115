"""Bulk screening without a server: a manifest against a ``passerelle demo generate`` watchlist.

For trying the engine, benchmarks and operations rehearsals on synthetic data: no database, no
policy (the watchlist file is the operator's own), hits straight to ``hits.csv``. Building the
index of a million persons takes a while, so the built index is saved next to the watchlist
as ``.watchlist.jsonl.<sha256 prefix>.<matcher fingerprint>.v<snapshot version>.index`` and
reused while the watchlist's bytes, the matcher that filed them (its code and trained
artefacts, ``index_snapshots.fingerprint``: after ``passerelle match train`` a name is given
other keys) and the snapshot format are the same; any change rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import orjson

from passerelle.engine import get_runner
from passerelle.matching import MatchRecord
from passerelle.matching.records import Document
from passerelle.matching.screener import SNAPSHOT_VERSION
from passerelle.model.errors import InvalidInput
from passerelle.model.records import normalise_identifier
from passerelle.services.bulk_csv import COLUMNS, hits_csv
from passerelle.services.bulk_formats import read_manifest
from passerelle.services.bulk_spark import spark_options
from passerelle.services.bulk_worker import (
    IndexSnapshot,
    ManifestRows,
    ScreenBatch,
    batch_rows,
)
from passerelle.services.index_snapshots import fingerprint
from passerelle.services.screening import person_match_record

ProgressFn = Callable[[int, int], None]


@dataclass(slots=True)
class FileReport:
    """What a standalone screening did."""

    manifest: str
    format: str
    engine: str
    total: int
    malformed: int
    hits: int
    output: str
    seconds: float
    index_seconds: float
    index_built: bool
    errors: list[str] = field(default_factory=list)
    #: Other saved indexes next to the watchlist (another matcher's, or of an earlier
    #: version of the file), which this run did not use: disk the operator may reclaim.
    stale_indexes: list[str] = field(default_factory=list)
    #: Their size on disk, in bytes.
    stale_index_bytes: int = 0

    @property
    def throughput(self) -> float:
        """Travellers per second, screening only (the index build is reported apart)."""
        return self.total / self.seconds if self.seconds > 0 else 0.0


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


#: Watchlist lines read per batch by each analysing process.
_LINES_PER_BATCH = 10_000


def _line_batches(path: Path) -> Iterator[tuple[int, list[bytes]]]:
    """The watchlist's lines in batches, each with the number of its first line: the
    parent only splits bytes, the analysing processes parse them (``_parse_lines``)."""
    with path.open("rb") as fh:
        first, lines = 1, []
        for line in fh:
            lines.append(line)
            if len(lines) == _LINES_PER_BATCH:
                yield first, lines
                first, lines = first + len(lines), []
        if lines:
            yield first, lines


def _parse_lines(name: str, batch: tuple[int, list[bytes]]) -> list[MatchRecord]:
    """The persons of a batch of watchlist lines (blank lines skipped); a line that is not
    a person stops the build with its number."""
    first, lines = batch
    records = []
    for number, line in enumerate(lines, first):
        if not line.strip():
            continue
        try:
            person = orjson.loads(line)
            record = person_match_record(str(person["id"]), person)
            if any(not normalise_identifier(number) for number, _, _ in record.documents):
                raise ValueError("a document without a number")
            records.append(record)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InvalidInput(f"{name}, line {number}: not a watchlist person ({exc})") from None
    return records


#: How local workers start: forked where the platform forks safely, so that they share the
#: index loaded once in this process (``LocalRunner``). The command's only other thread, the
#: progress bar's, holds nothing a worker ever takes.
_START = "fork" if sys.platform == "linux" else "spawn"
#: Watchlists larger than this are indexed in a child process (see ``watchlist_index``).
_BUILD_APART_BYTES = 20_000_000


def watchlist_index(watchlist: Path) -> tuple[Path, bool]:
    """The index snapshot of ``watchlist`` (built now, or reused); True when built now.

    A large watchlist is indexed in a child process: building a million persons' index takes
    gigabytes that a Python process does not hand back to the system once freed, and the
    screening that follows needs that memory for its workers, not for a dead index.
    """
    if not watchlist.is_file():
        raise InvalidInput(f"no watchlist file {watchlist}")
    sha = _sha256(watchlist)
    matcher = fingerprint()[:16]
    path = watchlist.with_name(f".{watchlist.name}.{sha[:16]}.{matcher}.v{SNAPSHOT_VERSION}.index")
    if path.exists():
        return path, False
    if watchlist.stat().st_size > _BUILD_APART_BYTES:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
            pool.submit(_build_index, watchlist, path).result()
    else:
        _build_index(watchlist, path)
    return path, True


def stale_indexes(watchlist: Path, current: Path) -> list[Path]:
    """Saved indexes of this watchlist's name other than ``current``: made by another
    matcher (before ``passerelle match train`` or an upgrade) or for earlier bytes of the
    file. They are reported, not deleted: another installation may still use its own."""
    return sorted(p for p in watchlist.parent.glob(f".{watchlist.name}.*.index") if p != current)


def _build_index(watchlist: Path, path: Path) -> None:
    from passerelle.matching import IdentifierIndex, Screener

    snapshot = IndexSnapshot(Screener(), IdentifierIndex())
    # Reading and analysing names is most of the build: one process per core, filed here in
    # input order.
    workers = os.cpu_count() or 1
    parse = partial(_parse_lines, watchlist.name)
    identifiers = snapshot.identifiers

    def on_document(record_id: str, document: Document) -> None:
        number, state, dtype = document
        identifiers.add_document(record_id, number, state, dtype, normalised=True)

    snapshot.screener.index.add_parsed(
        _line_batches(watchlist), parse, workers=workers, on_document=on_document
    )
    identifiers.compact()
    snapshot.save(path)


def screen_file(
    manifest_path: Path,
    watchlist_path: Path,
    *,
    engine: str = "local",
    output: Path = Path("hits.csv"),
    fmt: str | None = None,
    batch_size: int = 5000,
    progress: ProgressFn | None = None,
    master: str | None = None,
    processes: int | None = None,
    spark_conf: Mapping[str, str] | None = None,
) -> FileReport:
    """Screen a manifest file against a demo watchlist; write every hit to ``output``."""
    if not manifest_path.is_file():
        raise InvalidInput(f"no manifest file {manifest_path}")
    manifest = read_manifest(manifest_path.read_bytes(), fmt)
    # Parsed travellers cost ~1.9 KB each (2 GB for a million); as Arrow columns, a tenth.
    # They are converted now, before the index is loaded and the workers start, and dropped.
    rows = ManifestRows.of(manifest.travellers, batch_size)
    manifest.travellers = []
    built_at = time.perf_counter()
    snapshot, built = watchlist_index(watchlist_path)
    index_seconds = time.perf_counter() - built_at
    options: dict[str, Any] = (
        spark_options(master, spark_conf)
        if engine == "spark"
        else {"processes": 0 if len(rows.batches) <= 1 else processes, "start_method": _START}
    )
    started = time.perf_counter()
    hits = [0]
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8", newline="") as fh:
        fh.write(hits_csv([]))

        def sink(_index: int, batch: Any) -> None:
            found = [_hit(rows, c) for c in batch_rows(batch)]
            hits[0] += len(found)
            if found:
                fh.write(hits_csv(found, header=False))

        def advance(done: int, _batches: int) -> None:
            if progress is not None:
                progress(done, rows.total)

        if rows.batches:
            get_runner(engine, **options).map_batches(
                # Forked workers share what their parent read; others share the mapping.
                ScreenBatch(str(snapshot), map_snapshot=engine == "spark" or _START != "fork"),
                iter(rows.batches),
                sink,
                files=[str(snapshot)],
                progress=advance,
            )
    stale = stale_indexes(watchlist_path, snapshot)
    return FileReport(
        manifest=str(manifest_path),
        format=manifest.format,
        engine=engine,
        total=rows.total,
        malformed=manifest.malformed,
        hits=hits[0],
        output=str(output),
        seconds=time.perf_counter() - started,
        index_seconds=index_seconds,
        index_built=built,
        errors=manifest.errors,
        stale_indexes=[str(p) for p in stale],
        stale_index_bytes=sum(p.stat().st_size for p in stale),
    )


def _hit(rows: ManifestRows, cand: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": None,
        "row": cand["row"],
        "traveller": rows.traveller(cand["row"], cand["matched_name"]),
        "record_id": cand["record_id"],
        "record_kind": "person",
        "owner": "",
        "probability": cand["probability"],
        "visible": True,
        "match_kind": cand["match_kind"],
        "explanation": json.loads(cand["explanation"]),
    }


__all__ = ["COLUMNS", "FileReport", "screen_file", "stale_indexes", "watchlist_index"]
