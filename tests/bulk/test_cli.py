"""``passerelle screen-manifest``: standalone against a demo watchlist, and one-line errors."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from passerelle.cli.app import app
from passerelle.formats import Traveller
from passerelle.model.dates import PartialDate
from passerelle.model.errors import InvalidInput
from passerelle.services import index_snapshots
from passerelle.services.bulk_csv import COLUMNS
from passerelle.services.bulk_standalone import screen_file, watchlist_index
from passerelle.services.demo import write_watchlist

from tests.bulk.helpers import filler, manifest_csv, manifest_mrz

runner = CliRunner()


def _screen(manifest: Path, watchlist: Path, output: Path) -> Result:
    """``passerelle screen-manifest MANIFEST --watchlist WATCHLIST --output OUTPUT``."""
    args = ["screen-manifest", str(manifest), "--watchlist", str(watchlist), "--output"]
    return runner.invoke(app, [*args, str(output)])


def _planted(watchlist: Path, n: int) -> list[Traveller]:
    """Travellers 1..n of the manifest are the first n watchlist persons, as written in Latin."""
    out = []
    with watchlist.open(encoding="utf-8") as fh:
        for line, _ in zip(fh, range(n), strict=False):
            person = json.loads(line)
            name = person["names"][0].get("latin") or person["names"][0]["full"]
            given, _, surname = name.rpartition(" ")
            dob = person.get("date_of_birth")
            out.append(
                Traveller(
                    surname=surname.upper(),
                    given_names=given.upper(),
                    full_name=name.upper(),
                    date_of_birth=PartialDate.parse(dob) if dob else None,
                )
            )
    return out


def test_standalone_watchlist_writes_hits_csv_and_reuses_its_index(tmp_path: Path) -> None:
    watchlist = write_watchlist(tmp_path / "demo", persons=300, seed=3)
    planted = _planted(watchlist, 5)
    manifest = tmp_path / "flight.csv"
    manifest.write_bytes(manifest_csv([*planted, *(filler(i) for i in range(10))]))
    hits = tmp_path / "hits.csv"
    first = _screen(manifest, watchlist, hits)
    assert first.exit_code == 0, first.output
    assert "travellers 15" in first.output and "index built" in first.output
    with hits.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        rows = list(reader)
    assert {r["row"] for r in rows} >= {"1", "2", "3", "4", "5"}
    assert {r["record_id"] for r in rows if r["row"] == "1"} >= {"P000001"}
    assert all(r["reasons"] and r["visible"] == "yes" for r in rows)
    second = _screen(manifest, watchlist, hits)
    assert second.exit_code == 0 and "index reused" in second.output


def test_standalone_hits_name_the_right_traveller_across_batches(tmp_path: Path) -> None:
    """Each hit line carries its own traveller's name, date of birth, document and line,
    whichever batch the traveller was screened in."""
    watchlist = write_watchlist(tmp_path / "demo", persons=300, seed=3)
    travellers = [
        replace(t, document_number=f"D{n:07d}", document_issuing_state="FR")
        for n, t in enumerate([*_planted(watchlist, 6), *(filler(i) for i in range(5))])
    ]
    manifest = tmp_path / "flight.csv"
    manifest.write_bytes(manifest_csv(travellers))
    hits = tmp_path / "hits.csv"
    report = screen_file(manifest, watchlist, output=hits, batch_size=4, processes=1)
    assert report.total == len(travellers) and report.hits > 0
    with hits.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {int(r["row"]) for r in rows} >= set(range(1, 7))  # rows of all three batches
    for r in rows:
        t = travellers[int(r["row"]) - 1]
        assert r["traveller_name"] == t.full_name
        assert r["date_of_birth"] == (str(t.date_of_birth) if t.date_of_birth else "")
        assert r["document"] == f"{t.document_number} FR"
        assert r["source"] == f"line {int(r['row']) + 1}"
    assert len(list(watchlist.parent.glob(".watchlist.jsonl.*.index"))) == 1


def test_a_retrained_matcher_builds_its_own_watchlist_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The saved index of a watchlist holds the keys its names were given by the matcher of
    the day; after ``passerelle match train`` (new artefacts, new keys) it must not be reused."""
    watchlist = write_watchlist(tmp_path / "demo", persons=40, seed=3)
    first, built = watchlist_index(watchlist)
    assert built and watchlist_index(watchlist) == (first, False)
    monkeypatch.setattr(index_snapshots, "_fingerprint", "a matcher with other keys")
    second, built = watchlist_index(watchlist)
    assert built and second != first
    assert watchlist_index(watchlist) == (second, False)
    # The first matcher's index is left in place, and the screening says so.
    manifest = tmp_path / "flight.csv"
    manifest.write_bytes(manifest_csv([filler(i) for i in range(3)]))
    result = _screen(manifest, watchlist, tmp_path / "h.csv")
    assert result.exit_code == 0, result.output
    assert "index reused" in result.output
    assert "1 other saved index(es) of this watchlist" in result.output
    assert first.name in result.output.replace("\n", "") and first.exists()


def test_mrz_file_standalone(tmp_path: Path) -> None:
    watchlist = write_watchlist(tmp_path / "demo", persons=50, seed=3)
    manifest = tmp_path / "scans.mrz"
    manifest.write_bytes(manifest_mrz([filler(i) for i in range(4)]))
    result = _screen(manifest, watchlist, tmp_path / "h.csv")
    assert result.exit_code == 0, result.output
    assert "travellers 4  malformed 0" in result.output


def test_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    watchlist = write_watchlist(tmp_path / "demo", persons=20, seed=3)
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01\x02 not a manifest")
    refused = runner.invoke(app, ["screen-manifest", str(junk), "--watchlist", str(watchlist)])
    assert refused.exit_code == 2
    assert "error:" in refused.output
    empty = tmp_path / "flight-empty.csv"
    empty.write_bytes(b"  \n")
    named = runner.invoke(app, ["screen-manifest", str(empty), "--watchlist", str(watchlist)])
    assert named.exit_code == 2  # the file named, not the API's "body"
    assert f"{empty}: the manifest is empty" in " ".join(named.output.split())
    missing = runner.invoke(app, ["screen-manifest", str(tmp_path / "none.csv"), "--watchlist",
                                  str(watchlist)])  # fmt: skip
    assert missing.exit_code == 2 and "no such file" in missing.output
    manifest = tmp_path / "m.csv"
    manifest.write_bytes(manifest_csv([filler(1)]))
    no_user = runner.invoke(app, ["screen-manifest", str(manifest)])
    assert no_user.exit_code == 2 and "--as USER is required" in no_user.output
    for given, why in (
        (["--engine", "spark", "--spark-conf", "spark.executor.memory"], "takes KEY=VALUE"),
        (["--engine", "spark", "--spark-conf", "executor.memory=4g"], "with a spark.* key"),
        (["--spark-conf", "spark.executor.memory=4g"], "is for --engine spark"),
    ):
        bad = runner.invoke(app, ["screen-manifest", str(manifest), "--watchlist",
                                  str(watchlist), *given])  # fmt: skip
        assert bad.exit_code == 2 and why in bad.output, given


def test_an_output_that_cannot_be_written_is_refused_before_screening(tmp_path: Path) -> None:
    watchlist = write_watchlist(tmp_path / "demo", persons=20, seed=3)
    manifest = tmp_path / "m.csv"
    manifest.write_bytes(manifest_csv([filler(1)]))
    folder = tmp_path / "out"
    folder.mkdir()
    a_file = tmp_path / "notes.txt"
    a_file.write_text("kept\n", encoding="utf-8")
    for output, why in (
        (folder, f"{folder}: is a folder"),
        (a_file / "hits.csv", f"{a_file} is a file, not a folder"),
    ):
        refused = _screen(manifest, watchlist, output)
        assert refused.exit_code == 2, refused.output
        said = " ".join(refused.output.split())  # the console wraps long lines
        assert why in said and "Traceback" not in said
        assert "travellers" not in refused.output  # refused before any screening
    assert a_file.read_text(encoding="utf-8") == "kept\n"
    # A missing folder is made, as the hits file's writer would.
    made = _screen(manifest, watchlist, tmp_path / "new" / "day1" / "hits.csv")
    assert made.exit_code == 0, made.output
    assert (tmp_path / "new" / "day1" / "hits.csv").read_text(encoding="utf-8").startswith("row,")


def test_a_large_watchlist_is_indexed_in_a_child_process_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import passerelle.services.bulk_standalone as standalone
    from passerelle.services.bulk_worker import IndexSnapshot

    here = write_watchlist(tmp_path / "here", persons=200, seed=4)
    apart = write_watchlist(tmp_path / "apart", persons=200, seed=4)
    in_process, built = standalone.watchlist_index(here)
    assert built
    monkeypatch.setattr(standalone, "_BUILD_APART_BYTES", 0)
    in_child, built = standalone.watchlist_index(apart)
    assert built and in_child.name == in_process.name
    a, b = IndexSnapshot.load(in_process), IndexSnapshot.load(in_child)
    assert len(a.screener) == len(b.screener) == 200
    query = _planted(here, 1)[0]
    from passerelle.matching import MatchQuery

    q = MatchQuery([query.full_name], query.date_of_birth)
    assert a.screener.screen(q) == b.screener.screen(q) != []
    # A malformed watchlist fails the same way in the child: a clear error, no index left.
    broken = tmp_path / "broken" / "watchlist.jsonl"
    broken.parent.mkdir()
    broken.write_text('{"id": "P1", "names": [{"full": "Ana Lima"}]}\nnot json\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match="line 2"):
        standalone.watchlist_index(broken)
    assert not list(broken.parent.glob(".watchlist.jsonl.*"))
    no_number = '{"id": "P2", "names": [{"full": "Ana Lima"}], "documents": '
    no_number += '[{"number": " - ", "issuing_state": "BR"}]}'
    broken.write_text('\n{"id": "P1", "names": [{"full": "Ana Lima"}]}\n' + no_number + "\n")
    with pytest.raises(InvalidInput, match=r"line 3: not a watchlist person .*without a number"):
        standalone.watchlist_index(broken)


def test_the_watchlist_index_files_what_the_platform_index_would(tmp_path: Path) -> None:
    """Read in the analysing processes, the watchlist gives the index and the document
    look-ups that filing its persons one by one gives."""
    from passerelle.matching import IdentifierIndex, Screener
    from passerelle.services.bulk_worker import IndexSnapshot
    from passerelle.services.screening import person_match_record

    watchlist = write_watchlist(tmp_path, persons=300, seed=9)
    built = IndexSnapshot.load(watchlist_index(watchlist)[0])
    persons = [json.loads(line) for line in watchlist.read_text("utf-8").splitlines()]
    records = [person_match_record(p["id"], p) for p in persons]
    by_hand = IndexSnapshot(Screener(), IdentifierIndex())
    by_hand.screener.add_many(records)
    for r in records:
        for number, state, dtype in r.documents:
            by_hand.identifiers.add_document(r.id, number, state, dtype)
    a, b = built.screener.index, by_hand.screener.index
    assert (a._keys == b._keys).all() and (a._postings == b._postings).all()
    assert [a.record(s) for s in range(300)] == [b.record(s) for s in range(300)]
    assert len(built.identifiers) == len(by_hand.identifiers) > 0
    for r in records:
        for number, state, dtype in r.documents:
            got = built.identifiers.find_document(number, state, dtype)
            assert got == by_hand.identifiers.find_document(number, state, dtype)
    holder = next(r for r in records if r.documents)
    number, state, dtype = holder.documents[0]
    hits = built.identifiers.find_document(number.lower(), state, dtype)
    assert [h.record_id for h in hits] == [holder.id]
