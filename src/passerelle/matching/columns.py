"""A column of strings stored as one UTF-8 buffer and numpy offsets, not as Python objects.

The candidate index keeps a few strings per person (id, names, romanisations, nationalities,
documents). As a Python list, a million persons make five million string objects: about 50
bytes of object header each, and, worse, a reference count that every read writes. Bulk
screening forks its workers from the process that loaded the index so that they share its
memory; each read of a list's string then copies the 4 KB page around it into the worker, and
after a few hundred thousand travellers every worker holds its own copy of the whole index.
A read here only slices a buffer: the shared pages stay shared, and the strings cost their
bytes and eight more.

Strings appended since the last ``freeze`` wait in a plain list, or, when they come already
encoded (``extend_encoded``: a build's analysing processes encode their batch's strings, so
that the process filing them neither unpickles nor encodes a string each), as blobs; replacing
a frozen string (a removed record is blanked) is recorded apart and folded in at the next
``freeze``.

Pickled with protocol 5 the buffer travels out of band, so that ``mapped`` can map it from
a snapshot file rather than read it; it is then a read-only ``memoryview`` of the mapping
instead of ``bytes`` (reads decode either alike; a ``freeze`` that must append copies it).
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt


def encode_strings(values: Sequence[str]) -> tuple[bytes, npt.NDArray[np.int64]]:
    """Strings as one UTF-8 blob and each one's length in bytes (``StrColumn.extend_encoded``)."""
    encoded = [v.encode("utf-8") for v in values]
    return b"".join(encoded), np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))


class StrColumn:
    """An appendable, indexable column of strings; see the module docstring."""

    __slots__ = ("_blobs", "_data", "_offsets", "_replaced", "_tail")

    def __init__(self) -> None:
        self._data: bytes | memoryview = b""
        self._offsets: npt.NDArray[np.int64] = np.zeros(1, dtype=np.int64)
        self._tail: list[str] = []
        self._replaced: dict[int, str] = {}
        #: Encoded strings appended since the last freeze: (blob, byte lengths) each.
        self._blobs: list[tuple[bytes, npt.NDArray[np.int64]]] = []

    def __len__(self) -> int:
        return len(self._offsets) - 1 + sum(len(n) for _, n in self._blobs) + len(self._tail)

    def append(self, value: str) -> None:
        self._tail.append(value)

    def extend(self, values: list[str]) -> None:
        self._tail.extend(values)

    def extend_encoded(self, blob: bytes, lengths: npt.NDArray[np.int64]) -> None:
        """Append strings given as one UTF-8 blob and their byte lengths (``encode_strings``)."""
        if self._tail:
            self.freeze()  # the strings appended before these come first
        self._blobs.append((blob, lengths))

    def _merge_blobs(self) -> None:
        """Fold the encoded strings into the buffer: one join for all of a build's batches."""
        if not self._blobs:
            return
        ends = self._offsets[-1] + np.cumsum(np.concatenate([n for _, n in self._blobs]))
        self._data = b"".join([self._data, *(b for b, _ in self._blobs)])
        self._offsets = np.concatenate([self._offsets, ends.astype(np.int64)])
        self._blobs = []

    def __getitem__(self, i: int) -> str:
        if self._replaced and i in self._replaced:
            return self._replaced[i]
        if self._blobs:
            self._merge_blobs()
        frozen = len(self._offsets) - 1
        if i >= frozen:
            return self._tail[i - frozen]
        if i < 0:
            raise IndexError("StrColumn does not take negative indexes")
        start, end = self._offsets[i : i + 2].tolist()
        return str(self._data[start:end], "utf-8")

    def take(self, indexes: list[int]) -> list[str]:
        """``[self[i] for i in indexes]``, reading the offsets of all of them in one numpy
        call when they are all in the buffer (a check re-ranks forty candidates' names)."""
        if self._blobs:
            self._merge_blobs()
        frozen = len(self._offsets) - 1
        if self._replaced or not indexes or min(indexes) < 0 or max(indexes) >= frozen:
            return [self[i] for i in indexes]
        at = np.asarray(indexes, dtype=np.intp)
        data = self._data
        return [
            str(data[start:end], "utf-8")
            for start, end in zip(
                self._offsets[at].tolist(), self._offsets[at + 1].tolist(), strict=True
            )
        ]

    def __setitem__(self, i: int, value: str) -> None:
        before_tail = len(self) - len(self._tail)
        if i >= before_tail:
            self._tail[i - before_tail] = value
        else:
            # A frozen or encoded string (a build blanks a record filed again in its batch,
            # before the blobs are merged): kept apart, folded in at the next freeze.
            self._replaced[i] = value

    def freeze(self) -> None:
        """Move appended and replaced strings into the buffer (after a build, before saving)."""
        self._merge_blobs()
        if not self._tail and not self._replaced:
            return
        frozen = len(self._offsets) - 1
        if self._replaced:
            values = [self[i] for i in range(frozen)]
            self._replaced = {}
            self._data, self._offsets = b"", np.zeros(1, dtype=np.int64)
        else:
            values = []
        values.extend(self._tail)
        self._tail = []
        blob, lengths = encode_strings(values)
        self._offsets = np.concatenate(
            [self._offsets, self._offsets[-1] + np.cumsum(lengths, dtype=np.int64)]
        )
        self._data = bytes(self._data) + blob

    def frozen_copy(self) -> StrColumn:
        """A new column holding the same strings, all in its buffer; this one is untouched
        (a reader on another thread may be reading it)."""
        copy = StrColumn()
        copy._data, copy._offsets = self._data, self._offsets
        copy._tail, copy._replaced = list(self._tail), dict(self._replaced)
        copy._blobs = list(self._blobs)
        copy.freeze()
        return copy

    def nbytes(self) -> int:
        """Bytes held (buffer, offsets, and the strings not yet frozen)."""
        tail = sum(len(s) + 49 for s in self._tail) + 8 * len(self._tail)
        blobs = sum(len(b) + n.nbytes for b, n in self._blobs)
        return len(self._data) + self._offsets.nbytes + tail + blobs

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        """The buffer as a ``PickleBuffer`` from protocol 5 on (out of band when the pickler
        takes buffers, as ``mapped.dump`` does), as bytes before."""
        self._merge_blobs()
        data: Any = self._data
        if isinstance(protocol, int) and protocol >= 5:
            data = pickle.PickleBuffer(data)
        elif not isinstance(data, bytes):
            data = bytes(data)
        return _restore, (data, self._offsets, self._tail, self._replaced)


def _restore(
    data: bytes | memoryview,
    offsets: npt.NDArray[np.int64],
    tail: list[str],
    replaced: dict[int, str],
) -> StrColumn:
    """A column from its pickled state (``StrColumn.__reduce_ex__``)."""
    column = StrColumn()
    column._data, column._offsets, column._tail, column._replaced = data, offsets, tail, replaced
    return column
