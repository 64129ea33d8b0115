"""A column of strings stored as one UTF-8 buffer and numpy offsets, not as Python objects.

The candidate index keeps a few strings per person (id, names, romanisations, nationalities,
documents). As a Python list, a million persons make five million string objects: about 50
bytes of object header each, and, worse, a reference count that every read writes. Bulk
screening forks its workers from the process that loaded the index so that they share its
memory; each read of a list's string then copies the 4 KB page around it into the worker, and
after a few hundred thousand travellers every worker holds its own copy of the whole index.
A read here only slices a buffer: the shared pages stay shared, and the strings cost their
bytes and eight more.

Strings appended since the last ``freeze`` wait in a plain list; replacing a frozen string
(a removed record is blanked) is recorded apart and folded in at the next ``freeze``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


class StrColumn:
    """An appendable, indexable column of strings; see the module docstring."""

    __slots__ = ("_data", "_offsets", "_replaced", "_tail")

    def __init__(self) -> None:
        self._data = b""
        self._offsets: npt.NDArray[np.int64] = np.zeros(1, dtype=np.int64)
        self._tail: list[str] = []
        self._replaced: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._offsets) - 1 + len(self._tail)

    def append(self, value: str) -> None:
        self._tail.append(value)

    def extend(self, values: list[str]) -> None:
        self._tail.extend(values)

    def __getitem__(self, i: int) -> str:
        frozen = len(self._offsets) - 1
        if i >= frozen:
            return self._tail[i - frozen]
        if self._replaced and i in self._replaced:
            return self._replaced[i]
        if i < 0:
            raise IndexError("StrColumn does not take negative indexes")
        start, end = self._offsets[i : i + 2].tolist()
        return self._data[start:end].decode("utf-8")

    def __setitem__(self, i: int, value: str) -> None:
        frozen = len(self._offsets) - 1
        if i >= frozen:
            self._tail[i - frozen] = value
        else:
            self._replaced[i] = value

    def freeze(self) -> None:
        """Move appended and replaced strings into the buffer (after a build, before saving)."""
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
        encoded = [v.encode("utf-8") for v in values]
        lengths = np.fromiter((len(e) for e in encoded), dtype=np.int64, count=len(encoded))
        self._offsets = np.concatenate(
            [self._offsets, self._offsets[-1] + np.cumsum(lengths, dtype=np.int64)]
        )
        self._data = self._data + b"".join(encoded)

    def nbytes(self) -> int:
        """Bytes held (buffer, offsets, and the strings not yet frozen)."""
        tail = sum(len(s) + 49 for s in self._tail) + 8 * len(self._tail)
        return len(self._data) + self._offsets.nbytes + tail

    def __getstate__(self) -> tuple[bytes, npt.NDArray[np.int64], list[str], dict[int, str]]:
        return self._data, self._offsets, self._tail, self._replaced

    def __setstate__(
        self, state: tuple[bytes, npt.NDArray[np.int64], list[str], dict[int, str]]
    ) -> None:
        self._data, self._offsets, self._tail, self._replaced = state
