"""Pickles whose large buffers are memory-mapped when loaded, not read into each process.

A million persons' index is a few hundred megabytes of numpy arrays and string buffers
(postings, offsets, dates, names). Every process that unpickled it used to hold a private
copy: each Spark Python worker, each process of ``serve --workers N``, each worker a
screening spawns. Pickle protocol 5 hands such buffers out of band; here they are written
after the pickle stream, each aligned, and on load the file is mapped copy-on-write and the
objects are rebuilt on views of the mapping. Pages are read from disk only when touched, and
processes that map the same file share its pages in the page cache: the operating system
counts them once, however many processes screen with them. A process that writes to such an
array (an API process filing a new record) gets a private copy of that page only.

A section written by ``dump`` starts with its own header, so a file may hold other pickles
before it (``index_snapshots`` writes a small header pickle first, checked before the large
state is mapped). Load only files you wrote yourself: pickle runs code.
"""

from __future__ import annotations

import mmap
import pickle
import struct
from pathlib import Path
from typing import IO, Any, TypeVar

import numpy as np

MAGIC = b"PSLMAP01"
_HEAD = struct.Struct("<8sQQ")  # magic, pickle length, number of buffers
_SPAN = struct.Struct("<QQ")  # offset from the section's start, length
#: Buffers start on this boundary (a cache line): numpy reads aligned data fastest.
_ALIGN = 64

T = TypeVar("T")


def dump(obj: Any, fh: IO[bytes]) -> None:
    """Write ``obj`` at ``fh``'s position: header, pickle stream, then its out-of-band buffers."""
    buffers: list[pickle.PickleBuffer] = []
    stream = pickle.dumps(obj, protocol=5, buffer_callback=buffers.append)
    raws = [b.raw() for b in buffers]
    start = fh.tell()
    pos = start + _HEAD.size + _SPAN.size * len(raws) + len(stream)
    spans: list[tuple[int, int]] = []
    for raw in raws:
        pos += -pos % _ALIGN
        spans.append((pos - start, raw.nbytes))
        pos += raw.nbytes
    fh.write(_HEAD.pack(MAGIC, len(stream), len(raws)))
    fh.write(b"".join(_SPAN.pack(*span) for span in spans))
    fh.write(stream)
    for (offset, _), raw in zip(spans, raws, strict=True):
        fh.write(b"\0" * (start + offset - fh.tell()))
        fh.write(raw)


def load(fh: IO[bytes], shared: bool = True) -> Any:
    """Read what ``dump`` wrote at ``fh``'s position, its buffers mapped rather than read.

    The mapping is private (copy-on-write): the objects may be written to, and nothing is
    ever written back to the file. It lives as long as any object rebuilt on it; ``fh`` may
    be closed as soon as this returns. Raises ``pickle.UnpicklingError`` when the section is
    not one ``dump`` wrote or the file is cut short.

    ``shared=False`` copies each buffer into memory of this process instead, for a process
    that shares its memory otherwise (a parent whose forked workers screen with what it
    loaded): pages of a file mapping are 4 KB, where numpy gives its large arrays huge
    pages, and the random reads of a screening cost a few per cent more on small pages."""
    start = fh.tell()
    try:
        mapping = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_COPY)
    except ValueError as exc:  # an empty file cannot be mapped
        raise pickle.UnpicklingError(f"not a mapped pickle: {exc}") from exc
    view = memoryview(mapping)
    size = len(mapping)
    if start + _HEAD.size > size:
        raise pickle.UnpicklingError("not a mapped pickle: the file ends before its header")
    magic, length, count = _HEAD.unpack_from(mapping, start)
    if magic != MAGIC:
        raise pickle.UnpicklingError("not a mapped pickle: wrong magic number")
    spans_at = start + _HEAD.size
    body = spans_at + _SPAN.size * count
    end = body + length
    if end > size:
        raise pickle.UnpicklingError("mapped pickle cut short: its stream ends past the file")
    buffers = []
    for k in range(count):
        offset, n = _SPAN.unpack_from(mapping, spans_at + _SPAN.size * k)
        end = max(end, start + offset + n)
        if end > size:
            raise pickle.UnpicklingError(f"mapped pickle cut short: buffer {k} ends past the file")
        buffers.append(view[start + offset : start + offset + n])
    if not shared:
        buffers = [_copy(b) for b in buffers]
    obj = pickle.loads(view[body : body + length], buffers=buffers)  # noqa: S301 - our file
    fh.seek(end)
    return obj


def _copy(buffer: memoryview) -> Any:
    """A buffer's bytes in memory numpy allocated (huge pages for large ones)."""
    return np.frombuffer(buffer, dtype=np.uint8).copy()


def save_versioned(obj: object, path: Path, version: int) -> None:
    """Write ``(version, obj)`` to ``path`` with ``dump``, atomically (a temporary file, then
    a rename): a reader never sees half a file, and one that mapped the old file keeps it."""
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("wb") as fh:
        dump((version, obj), fh)
    partial.replace(path)


def load_versioned(path: Path, version: int, kind: type[T], what: str, shared: bool = True) -> T:
    """The ``kind`` object ``save_versioned`` wrote to ``path`` at ``version``; ``shared`` as
    ``load``'s. Anything else (another format, another version, a file cut short) raises
    ``ValueError`` saying that ``path`` is not a ``what``."""
    try:
        with path.open("rb") as fh:
            found, obj = load(fh, shared=shared)
    except pickle.UnpicklingError as exc:
        raise ValueError(f"{path} is not a {what}: {exc}") from exc
    if found != version or not isinstance(obj, kind):
        raise ValueError(f"{path} is not a {what} (v{version})")
    return obj
