"""Screening pairs for training, their use in training, and the sign-constrained fit."""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from passerelle.matching.analysis import analyse
from passerelle.matching.attested import BLIND_SHARE
from passerelle.matching.features import (
    FEATURE_NAMES,
    NO_FACTS,
    PairContext,
    edge_part_unmatched,
    name_evidence,
    part_letters_apart,
    parts_respelled,
)
from passerelle.matching.training.data import record_pairs, split_of
from passerelle.matching.training.pairs import _with_negatives, cross_script_pairs
from passerelle.matching.training.train import featurise_record, fit_logistic
from passerelle.services.demo import write_manifest, write_watchlist
from passerelle.services.demo.training_pairs import export_training_pairs, hits_quality


def ctx(a: str, b: str) -> PairContext:
    return PairContext(analyse(a), analyse(b), NO_FACTS, NO_FACTS)


def test_a_missing_middle_name_is_not_an_edge_part() -> None:
    assert edge_part_unmatched(ctx("Karim Haddad", "Karim Youssef Haddad")) == 0.0
    assert edge_part_unmatched(ctx("Karim Youssef", "Karim Youssef Haddad")) == 1.0
    assert edge_part_unmatched(ctx("Karim Youssef Haddad", "Haddad Karim Youssef")) == 0.0


def test_a_part_several_letters_apart_is_told_from_one_slip() -> None:
    assert part_letters_apart(ctx("Vadim Orlov", "Vadim Orlov")) == 0.0
    assert part_letters_apart(ctx("Karim Haddad", "Karim Hadad")) == 0.0  # one slip
    assert part_letters_apart(ctx("Karim Haddad", "Karim Hadadd")) == 0.0  # two swapped
    assert part_letters_apart(ctx("Anna Schulz", "Anna Schulte")) == 0.5
    assert part_letters_apart(ctx("Vadim Orlov", "Vladimir Orlov")) == 1.0
    # Across scripts the Latin letters are a romanisation's: no count of slips.
    assert part_letters_apart(ctx("Вадим Орлов", "Vladimir Orlov")) == 0.0


def test_parts_respelled_counts_beyond_the_first_slip() -> None:
    assert parts_respelled(ctx("Karim Haddad", "Karim Hadad")) == 0.0
    assert parts_respelled(ctx("Karim Haddad", "Kareem Hadad")) == 0.5


def test_name_evidence_grows_with_agreeing_parts() -> None:
    one = name_evidence(ctx("Zbigniew Qwertyuk", "Zbigniew Asdfghjk"))
    two = name_evidence(ctx("Zbigniew Qwertyuk", "Zbigniew Qwertyuk"))
    assert 0 < one < two <= 1.0


def test_fit_logistic_keeps_weights_on_their_allowed_side() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 2))
    y = (x[:, 0] - x[:, 1] + 0.3 * rng.normal(size=400) > 0).astype(np.int8)
    free, _ = fit_logistic(x, y, [0, 0])
    assert free[0] > 0 > free[1]
    bound, _ = fit_logistic(x, y, [1, 1])
    assert bound[0] > 0 and bound[1] == 0.0


def test_export_labels_every_scored_candidate(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    watchlist = write_watchlist(demo, persons=300, seed=4)
    files = write_manifest(demo, watchlist=watchlist, travellers=60, hit_rate=0.25, seed=4)
    out = tmp_path / "pairs.jsonl"
    stats = export_training_pairs(watchlist, demo / "manifest.csv", files.truth, out)
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert stats.positives == files.planted == sum(r["match"] for r in rows)
    assert stats.negatives == len(rows) - stats.positives > 0
    with files.truth.open(encoding="utf-8", newline="") as fh:
        lines = list(csv.DictReader(fh))
    truth = {(int(r["row"]), r["person_id"]) for r in lines}
    alike = {(int(r["row"]), o) for r in lines for o in r["namesakes"].split("|") if o}
    for r in rows:
        _, row, record = r["id"].rsplit(":", 2)
        assert r["match"] == ((int(row), record) in truth)
        assert (int(row), record) not in alike  # neither label would be right
    pairs = record_pairs(out)
    assert len(pairs) == len(rows)
    x = np.asarray([featurise_record(p) for p in pairs])
    assert x.shape[0] == len(rows) and np.isfinite(x).all()
    # Each pair carries the words its watchlist attests (300 persons: borne by two or more),
    # and training reads them, but for a share featurised with no watchlist in view.
    assert all(set(r["attested"]) <= _words(r) for r in rows)
    assert any(r["attested"] for r in rows)
    seen = Counter(x[:, FEATURE_NAMES.index("another_name")].tolist())
    assert seen[0.5] and seen[0.0]
    blind = seen[0.5] / len(rows)
    assert abs(blind - BLIND_SHARE) < 0.15, blind


def _words(row: dict[str, Any]) -> set[str]:
    return {t.latin for side in ("a", "b") for n in row[side]["names"] for t in analyse(n).core}


def test_an_export_without_watchlist_words_is_read_as_none_in_view(tmp_path: Path) -> None:
    line = {
        "id": "old:1:P1",
        "match": True,
        "a": {"names": ["Birgit Hoffmann"], "dob": "1980"},
        "b": {"names": ["Brigitte Hoffmann"], "dob": "1980"},
    }
    path = tmp_path / "old.jsonl"
    path.write_text(json.dumps(line) + "\n", "utf-8")
    (pair,) = record_pairs(path)
    assert pair.attested is None
    assert featurise_record(pair)[FEATURE_NAMES.index("another_name")] == 0.5


def _files(tmp_path: Path, truth_lines: str, hit_lines: str) -> tuple[Path, Path]:
    """A hits file (`screen-manifest`'s columns) and a truth file with these lines."""
    hits, truth = tmp_path / "hits.csv", tmp_path / "truth.csv"
    hits.write_text("row,record_id,record_kind,probability\n" + hit_lines, "utf-8")
    truth.write_text(truth_lines, "utf-8")
    return hits, truth


def test_hits_quality(tmp_path: Path) -> None:
    hits, truth = _files(
        tmp_path,
        "row,person_id,variants\n2,P1,typo\n5,P2,typo\n",
        "2,P1,person,0.9\n2,P9,person,0.5\n7,P3,person,0.95\n5,P2,person,0.3\n",
    )
    q = hits_quality(hits, truth)
    assert (q.hits, q.true_hits, q.found, q.planted) == (4, 2, 2, 2)
    q = hits_quality(hits, truth, threshold=0.4)
    assert (q.hits, q.true_hits, q.found) == (3, 1, 1)
    assert q.precision == 1 / 3 and q.recall == 0.5
    assert q.namesake_hits == 0 and q.precision_namesakes_right == q.precision
    assert q.recall_namesakes_right == q.recall


def test_hits_on_a_planted_rows_namesakes_are_counted_apart(tmp_path: Path) -> None:
    """A planted row's namesakes (listed persons it cannot be told from) are not the planted
    person: strict precision counts them false, the second figure right, recall ignores them."""
    hits, truth = _files(
        tmp_path,
        "row,person_id,variants,namesakes\n2,P1,typo,P7|P8\n5,P2,typo,\n",
        "2,P7,person,0.9\n2,P9,person,0.5\n5,P7,person,0.95\n5,P2,person,0.8\n",
    )
    q = hits_quality(hits, truth)
    assert (q.hits, q.true_hits, q.namesake_hits, q.found) == (4, 1, 1, 1)
    assert q.precision == 0.25 and q.precision_namesakes_right == 0.5 and q.recall == 0.5
    # Row 2 was found only through its namesake P7; row 5's hit on P7 is no namesake of its.
    assert q.recall_namesakes_right == 1.0
    q = hits_quality(hits, truth, threshold=0.95)
    assert (q.found, q.recall_namesakes_right) == (0, 0.0)


def test_a_hard_negative_never_reads_as_the_native_word() -> None:
    """The Latin word nearest to *karrowin* is *karrowen*, which the data writes 卡羅文, the
    traditional form of 卡罗文: the same reading, so not a negative of 卡罗文; *karrowanda*,
    written with other characters, is."""
    rows = [("卡罗文", "karrowin"), ("卡羅文", "karrowen"), ("卡若万达", "karrowanda")]
    pairs = _with_negatives("han", rows, 1, random.Random(1))
    assert [(p.a, p.b, p.match) for p in pairs] == [
        ("卡罗文", "karrowin", True),
        ("卡罗文", "karrowanda", False),
    ]


def test_a_known_pairing_is_never_a_negative() -> None:
    """A Latin word the data also pairs with this very native word (in rows left out of the
    sample, ``known``) is one of its spellings, not a different name."""
    rows = [("Одримель", "odrimel"), ("Одрималь", "odrimal")]
    known = [("Одримель", "odrimal")]
    assert len(_with_negatives("cyrillic", rows, 1, random.Random(0), known)) == 1
    assert [p.b for p in _with_negatives("cyrillic", rows, 1, random.Random(0))] == [
        "odrimel",
        "odrimal",
    ]


def test_further_hard_negatives_are_the_next_nearest_words() -> None:
    """Training asks for several near misses a word: the nearest first (as before), then the
    next nearest, none of them the word itself."""
    rows = [
        ("卡罗文", "karrowin"),
        ("马达维", "karrowan"),
        ("伊诺塔", "karrowanda"),
        ("莉亚娜", "karrowinsky"),
        ("奥拉德", "tobelmar"),
    ]
    pairs = _with_negatives("han", rows, 1, random.Random(1), negatives=3)
    assert [(p.id, p.b, p.match) for p in pairs] == [
        ("x-han-0", "karrowin", True),
        ("x-han-0n", "karrowan", False),
        ("x-han-0n2", "karrowinsky", False),
        ("x-han-0n3", "karrowanda", False),
    ]
    one = _with_negatives("han", rows, 1, random.Random(1))
    assert [p.b for p in one] == ["karrowin", "karrowan"]


def _synthetic_han_data(root: Path, words: int = 400) -> dict[str, int]:
    """A translit-dev folder whose only word file is Chinese: invented Latin words, each
    with invented characters, half seen once and half three times. Returns word → count."""
    rng = random.Random(4)
    chars = "卡罗文斯特尔马克里安娜德莉亚伊诺塔维拉奥"
    counts: dict[str, int] = {}
    rows = []
    while len(counts) < words:
        latin = "".join(rng.choice("bdgklmnprstv") + rng.choice("aeiou") for _ in range(3))
        if latin in counts:
            continue
        counts[latin] = 1 if len(counts) % 2 else 3
        rows.append(f"{latin}\t{''.join(rng.sample(chars, 3))}\t{counts[latin]}")
    base = root / "translit-dev"
    base.mkdir(parents=True)
    for name in ("wd_ar_words.tsv", "google_ar2en_words.tsv", "wd_ru_words.tsv"):
        (base / name).write_text("latin\tnative\tcount\n", "utf-8")
    for name in ("wd_he_fullnames.tsv", "wd_ko_fullnames.tsv"):
        (base / name).write_text("latin\tnative\n", "utf-8")
    (base / "wd_zh_words.tsv").write_text(
        "latin\tnative\tcount\n" + "\n".join(sorted(rows)) + "\n", "utf-8"
    )
    return counts


def test_training_can_take_words_seen_once(tmp_path: Path) -> None:
    """Measured pairs come from words the data saw twice or more; training may fill up with
    words seen once (Chinese has few of the others), while names of several words are still
    composed from the twice-seen words only."""
    counts = _synthetic_han_data(tmp_path)
    measured = cross_script_pairs(tmp_path, "test", per_script=1000)
    words = [p.b for p in measured if p.match and p.kind == "cross_han"]
    assert words and all(counts[w] == 3 for w in words)
    wider = cross_script_pairs(tmp_path, "test", per_script=1000, seen_once=True, negatives=2)
    singles = [p for p in wider if p.kind == "cross_han"]
    positives = [p.b for p in singles if p.match]
    seen = [counts[w] for w in positives]
    assert sorted(positives) == sorted(w for w in counts if split_of(w) == "test")
    assert seen == sorted(seen, reverse=True)  # twice-seen words first
    negatives = [p for p in singles if not p.match]
    assert len(negatives) > len(positives)
    twice = {p.a for p in singles if p.match and counts[p.b] == 3}
    multi = [p for p in wider if p.kind == "cross_han_multi"]
    assert multi and all(set(p.a.split()) <= twice for p in multi)


def test_a_decoy_no_matcher_could_tell_from_a_listed_person_is_exported_apart(
    tmp_path: Path,
) -> None:
    """A traveller who is not planted but shows a listed person's very name and date (what
    ``demo generate --keep-lookalikes`` keeps) is a false pair by the truth file and by no
    matcher's judgement: it is exported as ``bulk_lookalike``, which the dated regime's trees
    leave out. The other false pairs stay ``bulk``."""
    demo = tmp_path / "demo"
    watchlist = write_watchlist(demo, persons=300, seed=4)
    files = write_manifest(demo, watchlist=watchlist, travellers=40, hit_rate=0.25, seed=4)
    with files.truth.open(encoding="utf-8", newline="") as fh:
        planted = {int(r["row"]) for r in csv.DictReader(fh)}
    listed = next(
        p
        for line in watchlist.read_text("utf-8").splitlines()
        if (p := json.loads(line)).get("date_of_birth") and len(p["date_of_birth"]) == 10
    )
    primary = listed["names"][0]
    manifest = demo / "manifest.csv"
    with manifest.open(encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    row = next(k for k in range(1, len(table) + 1) if k not in planted)
    table[row - 1].update(
        surname=primary["family"],
        given_names=primary["given"],
        full_name=f"{primary['family']} {primary['given']}",
        date_of_birth=listed["date_of_birth"],
    )
    with manifest.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    out = tmp_path / "pairs.jsonl"
    export_training_pairs(watchlist, manifest, files.truth, out)
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    kinds = {r["id"].rsplit(":", 2)[1:3][1]: r["kind"] for r in rows if f":{row}:" in r["id"]}
    assert kinds[listed["id"]] == "bulk_lookalike"
    lookalikes = [r for r in rows if r["kind"] == "bulk_lookalike"]
    assert all(not r["match"] for r in lookalikes)
    assert sum(r["kind"] == "bulk" and not r["match"] for r in rows) > len(lookalikes)
