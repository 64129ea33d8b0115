"""``StrColumn``: strings in one buffer, read back exactly, across freezes and pickling."""

from __future__ import annotations

import pickle

import pytest

from passerelle.matching.columns import StrColumn, encode_strings

VALUES = ["Youssef HADDAD\x1fيوسف حداد", "", "Олена Коваленко", "王小明", "Zoë Janssen", "P000042"]


def test_values_read_back_before_and_after_freeze() -> None:
    col = StrColumn()
    for v in VALUES:
        col.append(v)
    assert [col[i] for i in range(len(col))] == VALUES
    col.freeze()
    assert len(col) == len(VALUES)
    assert [col[i] for i in range(len(col))] == VALUES
    col.append("added later")
    assert col[len(VALUES)] == "added later" and len(col) == len(VALUES) + 1


def test_replacing_a_frozen_value_survives_the_next_freeze_and_a_pickle() -> None:
    col = StrColumn()
    for v in VALUES:
        col.append(v)
    col.freeze()
    col[2] = ""  # a removed record is blanked
    col.append("tail")
    col[len(VALUES)] = "tail, replaced"
    expected = [*VALUES[:2], "", *VALUES[3:], "tail, replaced"]
    assert [col[i] for i in range(len(col))] == expected
    col.freeze()
    assert [col[i] for i in range(len(col))] == expected
    again = pickle.loads(pickle.dumps(col))  # noqa: S301 - our own bytes
    assert [again[i] for i in range(len(again))] == expected
    with pytest.raises(IndexError):
        again[len(expected)]


def test_frozen_strings_cost_their_bytes_not_objects() -> None:
    col = StrColumn()
    for i in range(10_000):
        col.append(f"Name Number{i}")
    col.freeze()
    # ~15 bytes of text + 8 of offset each, against ~65 for a list of str objects
    assert col.nbytes() < 10_000 * 25


def test_encoded_batches_read_back_in_order_with_the_strings_around_them() -> None:
    """A build appends its batches already encoded; a record filed again in a later batch
    blanks its earlier string before the batches are merged."""
    col = StrColumn()
    col.append("first")
    col.extend_encoded(*encode_strings(VALUES[:3]))
    col.extend_encoded(*encode_strings(VALUES[3:]))
    col[2] = ""  # inside the first encoded batch
    col.append("last")
    expected = ["first", VALUES[0], "", *VALUES[2:], "last"]
    assert len(col) == len(expected)
    assert [col[i] for i in range(len(col))] == expected
    col.extend_encoded(*encode_strings(["after a read"]))
    again = pickle.loads(pickle.dumps(col))  # noqa: S301 - our own bytes
    col.freeze()
    for column in (col, again):
        assert [column[i] for i in range(len(column))] == [*expected, "after a read"]


def test_take_reads_many_values_as_indexing_them_one_by_one_would() -> None:
    """``take`` (the re-ranking of a check's candidates) agrees with ``col[i]`` whether the
    values are in the buffer, in encoded batches, replaced or not yet frozen."""
    col = StrColumn()
    col.extend_encoded(*encode_strings(VALUES))
    some = [5, 0, 3, 3, 1]
    assert col.take(some) == [VALUES[i] for i in some]
    col.freeze()
    assert col.take(some) == [VALUES[i] for i in some]
    assert col.take([]) == []
    col.append("tail")
    assert col.take([6, 2]) == ["tail", VALUES[2]]
    col[1] = ""
    assert col.take([1, 0]) == ["", VALUES[0]]
    with pytest.raises(IndexError):
        col.take([0, 7])
