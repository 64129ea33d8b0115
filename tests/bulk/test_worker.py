"""What the bulk batch function does differently from a single check, on purpose.

Bulk screening sets aside what costs much and finds little at the scale of a manifest (see
``ScreenBatch``); a single check at a border booth keeps it. Each difference is pinned here
on both sides, so that neither path loses it silently.
"""

from __future__ import annotations

from pathlib import Path

from passerelle.formats import Traveller
from passerelle.matching import IdentifierIndex, MatchRecord, Screener
from passerelle.model.dates import PartialDate
from passerelle.model.principals import CheckScope
from passerelle.services.bulk_worker import (
    IndexSnapshot,
    ScreenBatch,
    check_input,
    load_snapshot,
    traveller_batches,
)
from passerelle.services.screening import screen_candidates

BORN = PartialDate(1995, 2, 10)


def test_bulk_screening_gives_near_misses_no_second_look_across_scripts(
    tmp_path: Path,
) -> None:
    # The Latin forms alone leave "Chang Vay" below the threshold; the record's Han spelling
    # lifts it above on a second look (tests/matching/test_evidence.py). A single check takes
    # that look, bulk screening does not.
    snapshot = IndexSnapshot(Screener(), IdentifierIndex())
    snapshot.screener.add(MatchRecord("P4", ["Chang Wei", "张伟"], BORN))
    path = tmp_path / "index.pkl"
    snapshot.save(path)
    traveller = Traveller("Chang", "Vay", "Chang Vay", BORN)
    batch = next(traveller_batches([traveller], [0], 1))

    assert ScreenBatch(str(path))(batch).num_rows == 0

    single = screen_candidates(
        load_snapshot(str(path)), check_input(batch.to_pylist()[0]), frozenset(CheckScope)
    )
    assert [(c.record_id, c.matched_name) for c in single] == [("P4", "张伟")]
    with_look = ScreenBatch(str(path), second_look=True)(batch).to_pylist()
    assert [(r["record_id"], r["matched_name"]) for r in with_look] == [("P4", "张伟")]
