"""``mapped``: pickles whose arrays and string buffers are mapped from the file on load."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from passerelle.matching import mapped
from passerelle.matching.columns import StrColumn

NAMES = ["Youssef HADDAD", "يوسف حداد", "Олена Коваленко", "王小明", ""]


def _column() -> StrColumn:
    col = StrColumn()
    col.extend(NAMES)
    col.freeze()
    return col


def _write(path: Path, obj: object, before: object = None) -> None:
    with path.open("wb") as fh:
        if before is not None:
            pickle.dump(before, fh)
        mapped.dump(obj, fh)


def test_arrays_and_strings_come_back_equal_and_backed_by_the_file(tmp_path: Path) -> None:
    postings = np.arange(100_000, dtype=np.int32)
    path = tmp_path / "snap"
    _write(path, {"postings": postings, "names": _column(), "small": [1, "two"]})
    with path.open("rb") as fh:
        got = mapped.load(fh)
    assert np.array_equal(got["postings"], postings)
    assert [got["names"][i] for i in range(len(NAMES))] == NAMES
    assert got["names"].take([3, 0]) == ["王小明", "Youssef HADDAD"]
    assert got["small"] == [1, "two"]
    # Not a copy read into the process: the array's memory is the file's mapping.
    base = got["postings"]
    while isinstance(base, np.ndarray):
        assert not base.flags.owndata
        base = base.base
    assert isinstance(base, memoryview)


def test_buffers_are_aligned_for_numpy(tmp_path: Path) -> None:
    path = tmp_path / "snap"
    _write(path, [np.ones(n, dtype=np.float64) for n in (1, 3, 17)], before={"header": 1})
    with path.open("rb") as fh:
        assert pickle.load(fh) == {"header": 1}  # noqa: S301 - written just above
        arrays = mapped.load(fh)
    assert all(a.flags.aligned and a.ctypes.data % 64 == 0 for a in arrays)


def test_writes_stay_in_the_process_and_never_reach_the_file(tmp_path: Path) -> None:
    path = tmp_path / "snap"
    _write(path, np.zeros(1000, dtype=np.int64))
    before = path.read_bytes()
    with path.open("rb") as fh:
        arr = mapped.load(fh)
    arr[:] = 7  # an API process files a record: its own copy of the page
    assert (arr == 7).all()
    assert path.read_bytes() == before
    with path.open("rb") as fh:
        assert (mapped.load(fh) == 0).all()


def test_a_section_after_another_pickle_and_the_file_position_after_it(tmp_path: Path) -> None:
    path = tmp_path / "snap"
    with path.open("wb") as fh:
        pickle.dump("header", fh)
        mapped.dump(np.arange(10), fh)
        pickle.dump("trailer", fh)
    with path.open("rb") as fh:
        assert pickle.load(fh) == "header"  # noqa: S301 - written just above
        assert mapped.load(fh).tolist() == list(range(10))
        assert pickle.load(fh) == "trailer"  # noqa: S301


def test_a_mapped_column_takes_new_strings_and_pickles_again(tmp_path: Path) -> None:
    path = tmp_path / "snap"
    _write(path, _column())
    with path.open("rb") as fh:
        col = mapped.load(fh)
    col.append("added after the load")
    col[1] = ""  # a removed record is blanked
    col.freeze()
    expected = [NAMES[0], "", *NAMES[2:], "added after the load"]
    assert [col[i] for i in range(len(col))] == expected
    for protocol in (4, 5):
        again = pickle.loads(pickle.dumps(col, protocol=protocol))  # noqa: S301
        assert [again[i] for i in range(len(again))] == expected


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "not a mapped pickle"),
        (pickle.dumps({"an": "ordinary pickle"}), "wrong magic"),
    ],
)
def test_files_it_did_not_write_are_refused(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "snap"
    path.write_bytes(content)
    with path.open("rb") as fh, pytest.raises(pickle.UnpicklingError, match=why):
        mapped.load(fh)


def test_a_file_cut_short_is_refused_not_read_past_its_end(tmp_path: Path) -> None:
    path = tmp_path / "snap"
    _write(path, np.arange(50_000, dtype=np.int64))
    whole = path.read_bytes()
    for cut in (20, 60, len(whole) - 1):
        path.write_bytes(whole[:cut])
        with path.open("rb") as fh, pytest.raises(pickle.UnpicklingError):
            mapped.load(fh)
