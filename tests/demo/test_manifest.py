"""The manifest generator: deterministic, parseable, with planted variants that are what they
claim to be, and decoys that are nobody on the watchlist."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import random
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz.distance import OSA, DamerauLevenshtein
from typer.testing import CliRunner

from passerelle.formats import parse_paxlst, read_manifest_csv
from passerelle.matching.dob import CLOSE, CONFLICT, SWAPPED, TYPO, compare_dob, parse_dob
from passerelle.model.dates import PartialDate
from passerelle.services.demo import manifest as manifest_module
from passerelle.services.demo import write_manifest, write_watchlist
from passerelle.services.demo.manifest import (
    PARTICLES,
    ManifestFiles,
    alternative_spellings,
    clash_keys,
    digit_slips,
    name_keys,
    near_dates,
    split_name,
    typo,
    variant_dob,
    watchlist_collisions,
)

PERSONS = 1500
TRAVELLERS = 6000
RATE = 0.2


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ManifestFiles:
    out = tmp_path_factory.mktemp("manifest")
    watchlist = write_watchlist(out, PERSONS, seed=11)
    return write_manifest(
        out,
        watchlist=watchlist,
        travellers=TRAVELLERS,
        hit_rate=RATE,
        seed=11,
        formats=("csv", "paxlst"),
    )


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _watchlist(files: ManifestFiles) -> dict[str, dict[str, Any]]:
    lines = (files.truth.parent / "watchlist.jsonl").read_text("utf-8").splitlines()
    return {d["id"]: d for d in map(json.loads, lines)}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    watchlist = write_watchlist(tmp_path, 300, seed=2)
    runs = [
        write_manifest(
            tmp_path / name, watchlist=watchlist, travellers=800, hit_rate=0.1, seed=seed
        )
        for name, seed in (("a", 5), ("b", 5), ("c", 6))
    ]
    a, b, c = runs
    assert a.manifest is not None and b.manifest is not None and c.manifest is not None
    assert _digest(a.manifest) == _digest(b.manifest)
    assert _digest(a.truth) == _digest(b.truth)
    assert _digest(a.manifest) != _digest(c.manifest)


def test_manifest_parses_without_error(generated: ManifestFiles) -> None:
    assert generated.manifest is not None and generated.paxlst is not None
    result = read_manifest_csv(generated.manifest.read_bytes())
    assert result.errors == []
    assert len(result.items) == TRAVELLERS
    edi = parse_paxlst(generated.paxlst.read_bytes())
    assert edi.errors == []
    assert [(t.surname, t.given_names, t.date_of_birth) for t in edi.items] == [
        (t.surname, t.given_names, t.date_of_birth) for t in result.items
    ]


def test_hit_rate_and_truth_ids(generated: ManifestFiles) -> None:
    truth = _rows(generated.truth)
    assert len(truth) == generated.planted == round(TRAVELLERS * RATE)
    rows = [int(t["row"]) for t in truth]
    assert rows == sorted(set(rows))
    assert rows[0] >= 1 and rows[-1] <= TRAVELLERS
    # Spread over the whole file, not bunched at the start.
    assert sum(r > TRAVELLERS // 2 for r in rows) > len(rows) // 3
    people = _watchlist(generated)
    assert all(t["person_id"] in people for t in truth)
    assert all(t["variants"] for t in truth)


def _dob_changed(kind: str, before: str, after: str) -> bool:
    b = dt.date.fromisoformat(before)
    if kind == "dob_year_only":
        return after == before[:4]
    a = dt.date.fromisoformat(after)
    if kind == "dob_swap":
        return (a.year, a.month, a.day) == (b.year, b.day, b.month) and a != b
    if kind == "dob_typo":
        return after in digit_slips(before)
    assert kind == "dob_shift"
    if abs((a - b).days) == 1:
        return True
    same_day = a.day == b.day or a.day == 28
    if a.month == b.month and same_day:
        return abs(a.year - b.year) == 1
    return same_day and abs((a.year * 12 + a.month) - (b.year * 12 + b.month)) == 1


def _name_changed(kind: str, original: dict[str, str], row: dict[str, str]) -> bool:
    parts = split_name(original)
    given = " ".join(p for p in (parts.given, parts.middle) if p)
    surname, names = row["surname"], row["given_names"]
    if kind == "reorder":
        return (surname, names) == (given, parts.family)
    if kind == "middle_dropped":
        return bool(parts.middle) and (surname, names) == (parts.family, parts.given)
    if kind == "native_script":
        return row["full_name"] == original["full"] != original["latin"]
    if kind == "transliteration":
        if names == given:
            return surname in alternative_spellings(parts.family)
        return surname == parts.family and names in alternative_spellings(given)
    if kind == "typo":
        before = f"{parts.family} {given}".casefold()
        # Two slips in a row may overlap (a swap, then a letter inside it): unrestricted
        # Damerau-Levenshtein counts them as two, where OSA counts three.
        return 1 <= DamerauLevenshtein.distance(before, f"{surname} {names}".casefold()) <= 2
    assert kind == "particle"
    lead = parts.family.replace("-", " ").split()[0].casefold()
    changed = surname.replace("-", " ").split()[0].casefold()
    return lead in PARTICLES and names == given and (changed != lead)


def test_planted_variants_differ_as_claimed(generated: ManifestFiles) -> None:
    assert generated.manifest is not None
    people = _watchlist(generated)
    rows = _rows(generated.manifest)
    seen: set[str] = set()
    for t in _rows(generated.truth):
        person = people[t["person_id"]]
        row = rows[int(t["row"]) - 1]
        original = person["names"][0]
        dob = person.get("date_of_birth") or ""
        kinds = t["variants"].split("|")
        # Every planted traveller differs from the watchlist name or the known DOB.
        parts = split_name(original)
        given = " ".join(p for p in (parts.given, parts.middle) if p)
        assert (row["surname"], row["given_names"], row["date_of_birth"]) != (
            parts.family,
            given,
            dob,
        )
        if len(kinds) != 1:
            continue
        kind = kinds[0]
        seen.add(kind)
        if kind.startswith("dob_"):
            assert len(dob) == 10, t
            assert _dob_changed(kind, dob, row["date_of_birth"]), (t, dob, row)
        else:
            assert _name_changed(kind, original, row), (t, original, row)
            if len(dob) == 10:
                assert row["date_of_birth"] == dob
    assert seen == {
        "transliteration",
        "typo",
        "reorder",
        "particle",
        "middle_dropped",
        "native_script",
        "dob_year_only",
        "dob_shift",
        "dob_swap",
        "dob_typo",
    }


def test_a_latin_name_written_family_name_first_is_split_without_repeating_it() -> None:
    family_first = {"full": "Qiao Lunfei", "latin": "Qiao Lunfei", "given": "Lunfei",
                    "family": "Qiao"}  # fmt: skip
    parts = split_name(family_first)
    assert (parts.given, parts.middle, parts.family) == ("Lunfei", "", "Qiao")
    three = {"full": "Odrimel Tavo Karrow", "latin": "Odrimel Tavo Karrow",
             "given": "Odrimel", "family": "Karrow"}  # fmt: skip
    parts = split_name(three)
    assert (parts.given, parts.middle, parts.family) == ("Odrimel", "Tavo", "Karrow")


def test_transliterations_come_from_the_name_books() -> None:
    assert "Muhammad" in alternative_spellings("Mohamed")
    assert "Alexander" in alternative_spellings("Aleksandr") or "Aleksandr" in (
        alternative_spellings("Alexander")
    )
    assert "Al Qahtani" in alternative_spellings("Al-Qahtani")


def _words(name: str) -> frozenset[str]:
    folded = unicodedata.normalize("NFKD", name.casefold())
    kept = (c for c in folded if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() or c.isspace() else " " for c in kept)
    return frozenset(w for w in words.split() if w not in PARTICLES)


def _near(dob: str, known: str | None) -> bool:
    """Whether a watchlist DOB (as known) is one a planted variant of ``dob`` could show."""
    if not known or dob.startswith(known):
        return True
    if len(known) != 10:
        return False
    a, b = dt.date.fromisoformat(dob), dt.date.fromisoformat(known)
    return (
        abs((a - b).days) <= 1
        or ((a.month, a.day) == (b.month, b.day) and abs(a.year - b.year) == 1)
        or (
            a.year == b.year
            and min(a.day, 28) == min(b.day, 28)
            and abs(a.month - b.month) in (1, 11)
        )
        or (a.year, a.month, a.day) == (b.year, b.day, b.month)
    )


def _one_slip(shown: frozenset[str], listed: frozenset[str]) -> bool:
    """Whether two names differ in one word only, by one slip a planted typo could make."""
    if len(shown) != len(listed) or len(shown) < 2:
        return False
    a, b = shown - listed, listed - shown
    if len(a) != 1 or len(b) != 1:
        return False
    x, y = next(iter(a)), next(iter(b))
    return len(y) >= 4 and OSA.distance(x, y) == 1


def test_decoys_could_not_be_planted_variants(generated: ManifestFiles) -> None:
    """No decoy has a watchlist person's words (in any order, accents and particles aside, or
    all of one name's words among the other's, or one word a slip away) and a DOB that
    person's could be a variant of: such a traveller would be a true hit in all but the truth
    file, and would count against a matcher that rightly reports it."""
    decoys, lookalikes = _lookalike_decoys(generated)
    assert lookalikes == []
    assert decoys == TRAVELLERS - len(_rows(generated.truth))


def _lookalike_decoys(files: ManifestFiles) -> tuple[int, list[tuple[int, str, str]]]:
    """(decoys, the decoys a matcher could not tell from a watchlist person: row, name, DOB)."""
    assert files.manifest is not None
    known: list[tuple[frozenset[str], str | None]] = []
    for person in _watchlist(files).values():
        for name in person["names"]:
            for written in dict.fromkeys((name["latin"], name["full"])):  # and as written
                known.append((_words(written), person.get("date_of_birth")))
    planted = {int(t["row"]) for t in _rows(files.truth)}
    decoys = 0
    found: list[tuple[int, str, str]] = []
    for n, row in enumerate(_rows(files.manifest), 1):
        if n in planted:
            continue
        decoys += 1
        dob = row["date_of_birth"]
        words = _words(f"{row['given_names']} {row['surname']}")
        for other, other_dob in known:
            alike = len(words & other) >= 2 and (words <= other or other <= words)
            if (alike or _one_slip(words, other)) and _near(dob, other_dob):
                found.append((n, row["full_name"], dob))
                break
    return decoys, found


def test_training_manifests_may_keep_the_lookalikes(tmp_path: Path) -> None:
    """For training pairs the lookalike decoys are kept: they teach the scorer how little a
    name with a birth year alone says. Nothing is drawn again, and some decoys are such."""
    watchlist = write_watchlist(tmp_path, PERSONS, seed=11)
    kept = write_manifest(
        tmp_path, watchlist=watchlist, travellers=TRAVELLERS, hit_rate=RATE, seed=11,
        keep_lookalikes=True,
    )  # fmt: skip
    assert kept.redrawn == 0
    decoys, lookalikes = _lookalike_decoys(kept)
    assert decoys == TRAVELLERS - len(_rows(kept.truth)) and lookalikes


def test_training_manifests_may_plant_more_persons_listed_without_a_date(
    tmp_path: Path,
) -> None:
    """A listed person without a date of birth is 2 % of a watchlist, so a training manifest
    holds few true pairs with a date on one side only; ``plant_undated`` draws that share of
    the planted rows among those persons, and each such traveller still shows a full date."""
    watchlist = write_watchlist(tmp_path, PERSONS, seed=11)
    listed = {d["id"]: d for d in map(json.loads, watchlist.read_text("utf-8").splitlines())}
    undated = {pid for pid, d in listed.items() if not d.get("date_of_birth")}
    assert 0 < len(undated) < 0.1 * PERSONS
    files = write_manifest(
        tmp_path, watchlist=watchlist, travellers=2000, hit_rate=0.2, seed=11, plant_undated=0.5
    )
    truth = _rows(files.truth)
    assert len(truth) == 400
    drawn = [t for t in truth if t["person_id"] in undated]
    assert len(drawn) == 200
    assert files.manifest is not None
    travellers = read_manifest_csv(files.manifest.read_bytes()).items
    dates = [travellers[int(t["row"]) - 1].date_of_birth for t in drawn]
    assert all(d is not None and d.day is not None for d in dates)
    # spread over the manifest, not bunched at its start
    rows = sorted(int(t["row"]) for t in drawn)
    assert rows[len(rows) // 2] > 600
    dated_only = tmp_path / "dated.jsonl"
    dated_only.write_text(
        "".join(json.dumps(d) + "\n" for d in listed.values() if d.get("date_of_birth"))
    )
    with pytest.raises(ValueError, match="without a date of birth"):
        write_manifest(
            tmp_path / "x", watchlist=dated_only, travellers=50, hit_rate=0.5, seed=1,
            plant_undated=0.5,
        )  # fmt: skip
    with pytest.raises(ValueError, match="between 0 and 1"):
        write_manifest(
            tmp_path / "y", watchlist=watchlist, travellers=50, hit_rate=0.5, seed=1,
            plant_undated=1.5,
        )  # fmt: skip


def test_name_keys_join_what_a_matcher_cannot_tell_apart() -> None:
    def meet(traveller: str, listed: str) -> bool:
        return bool(name_keys(traveller, watchlist=False) & name_keys(listed, watchlist=True))

    same = [
        ("Mohammed Idrissi", "Idrissi Mohamed"),  # spellings the name books list, any order
        ("Okafor Abubakar", "Abubakar Kehinde Okafor"),  # a middle name dropped
        ("Jean Romain Fournier", "Romain Fournier"),  # or one the watchlist never knew
        ("Léa Lefèvre", "Lea Lefevre"),  # accents
        ("Dana Al-Khatib", "Dana Khatib"),  # a particle dropped
        ("Tanya Petrova", "Tatyana Petrova"),  # a given name's other form (variants)
        ("Mykola Bondar", "Bondar Nikolay"),
    ]
    for a, b in same:
        assert meet(a, b), (a, b)
    for a, b in [
        ("Li Tao", "Liu Tuo"),
        ("Zhao Xinyi", "Zhang Xinyi"),
        ("Dana Khatib", "Dana"),
        ("Mohammed Ali Hassan", "Ali Hassan Omar"),  # two words shared, neither name inside
        ("Aleksandr Petrov", "Aleksandra Petrov"),  # Sasha is both; they are not one name
    ]:
        assert not meet(a, b), (a, b)


def test_one_slip_in_one_word_is_a_clash_as_a_planted_typo_is() -> None:
    """A decoy one keyboard slip from a listed name (and a date a variant could show) would be
    a planted typo in all but the truth file; two slips, or a slip in a word too short for a
    planted typo, are another name."""

    def meet(traveller: str, listed: str) -> bool:
        return bool(clash_keys(traveller, watchlist=False) & clash_keys(listed, watchlist=True))

    for a, b in [
        ("Mehmet Özcan", "Özkan Mehmet"),  # a letter changed, in any order
        ("Jean Lefebvre", "Jean Lefèvre"),  # one added, an accent aside
        ("Farida Bensalha", "Farida Bensalah"),  # two swapped
        ("Mohamed Idrisi", "Idrissi Muhammad"),  # one dropped, another spelling of the other
    ]:
        assert meet(a, b), (a, b)
    for a, b in [
        ("Mehmet Özcan", "Özkan Ahmet"),  # two words differ
        ("Karim Bensalha", "Karim Bensalah Idir"),  # a slip and a word dropped
        ("Zhao Xinyi", "Zhang Xinyi"),  # two slips
        ("Li Wei", "Lu Wei"),  # a planted typo never slips a word of two letters
        ("Özkan", "Özcan"),  # one word is not a person
    ]:
        assert not meet(a, b), (a, b)
    # Every single slip the generator itself makes, in every word long enough to take one.
    for listed in ("Mehmet Özkan", "Jean Lefèvre", "Farida Bensalah", "Chen Xiaoming"):
        for word in listed.split():
            if len(word) < 4:
                continue
            for seed in range(25):
                shown = listed.replace(word, typo(random.Random(seed), word, 1))
                assert meet(shown, listed), (shown, listed)


def test_near_dates_cover_every_dob_variant() -> None:
    """A decoy born on V clashes with a watchlist DOB W whenever a planted traveller of W
    could show V (decoys always show a full date)."""
    rng = random.Random(3)
    for known in ("1990-03-30", "1984-02-29", "2001-12-31", "1975-01-05", "1999-05-28"):
        for kind in ("dob_shift", "dob_swap", "dob_typo"):
            for _ in range(30):
                shown = variant_dob(rng, known, kind)
                if shown is not None:
                    assert known in near_dates(shown), (known, kind, shown)
    assert "1990-05-17" not in near_dates("1990-03-07")  # two digits off: a different date
    # Two days off is planted by no variant, but the matcher forgives it as a slip: a decoy
    # of the same name born so would be a hit any screening reports.
    assert "1990-03-11" in near_dates("1990-03-09")  # two digits, two days
    assert "1990-04-02" in near_dates("1990-03-31")
    assert "1990-03-12" not in near_dates("1990-03-09")  # three days: another date
    # A month shift clips a later day to the 28th; the matcher reads the clip either way
    # round, so the listed date may be the clipped one.
    for shown, listed in (("1985-03-31", "1985-02-28"), ("1991-08-30", "1991-09-28")):
        assert compare_dob(parse_dob(shown), parse_dob(listed)) == CLOSE
        assert listed in near_dates(shown), (shown, listed)
    assert "1991-09-28" not in near_dates("1991-08-27")  # a month and a day: another date
    assert "1992-08-28" not in near_dates("1991-08-30")  # a year and two days: another date


def test_a_mistyped_digit_of_the_date_is_one_the_matcher_accepts() -> None:
    """Every date a ``dob_typo`` traveller may show is one digit of month or day off, or
    two neighbouring digits swapped, in the same year: the matcher's date rules call it a
    slip (``typo``, or ``close`` when the slip moved the date by a day or two), never a
    conflict, so bulk screening's date filter keeps the listed person as a candidate."""
    for known in ("1990-03-14", "1984-02-29", "2001-12-31", "1975-01-05", "1999-10-10"):
        slips = digit_slips(known)
        assert slips and known not in slips
        for shown in slips:
            assert shown[:4] == known[:4]
            assert dt.date.fromisoformat(shown)  # a calendar date
            relation = compare_dob(PartialDate.parse(known), PartialDate.parse(shown))
            assert relation in (TYPO, CLOSE, SWAPPED), (known, shown, relation)
    assert "1990-03-41" not in digit_slips("1990-03-14")
    assert "1990-03-19" in digit_slips("1990-03-14") and "1990-08-14" in digit_slips("1990-03-14")
    assert "1990-04-13" not in digit_slips("1990-03-14")  # two digits apart changed


def test_a_month_slip_crosses_the_year_and_the_matcher_accepts_every_shift() -> None:
    """One month off December is January of the next year, not of the same year (eleven
    months apart, which no date rule accepts); every shifted date a planted traveller shows
    is one the matcher's date rules do not call a conflict."""
    rng = random.Random(5)
    shown = set()
    for known in ("2001-12-15", "1975-01-05", "1990-03-30", "1999-05-28", "1984-06-01"):
        for _ in range(60):
            moved = variant_dob(rng, known, "dob_shift")
            assert moved is not None
            shown.add(moved)
            relation = compare_dob(PartialDate.parse(known), PartialDate.parse(moved))
            assert relation != CONFLICT, (known, moved)
    assert "2002-01-15" in shown and "2001-01-15" not in shown
    assert "1974-12-05" in shown and "1975-12-05" not in shown


def _listed(ident: str, given: str, family: str, dob: str | None) -> str:
    latin = f"{given} {family}"
    name = {"full": latin, "latin": latin, "given": given, "family": family, "kind": "primary"}
    person = {"id": ident, "kind": "person", "names": [name], "sex": "M", "nationalities": ["JO"]}
    if dob is not None:
        person["date_of_birth"] = dob
    return json.dumps(person, separators=(",", ":"))  # as `demo generate` writes it


def test_a_planted_rows_namesakes_are_listed_in_the_truth_file(tmp_path: Path) -> None:
    """Listed persons a planted row cannot be told from (the decoys' rule: the same names or
    one slip away, and a date a variant could show) are written beside it, so that a hit on
    them is not counted as a false alarm; the planted person itself, another name or a date
    decades away are not."""
    watchlist = tmp_path / "watchlist.jsonl"
    people = [
        _listed("P1", "Karim", "Haddad", "1980-05-10"),
        _listed("P2", "Karim", "Haddad", None),  # no date: any traveller of this name
        _listed("P3", "Karim", "Haddad", "1950-01-01"),  # thirty years apart
        _listed("P4", "Omar", "Saleh", "1980-05-10"),  # another name, the same day
    ]
    watchlist.write_text("\n".join(people) + "\n", "utf-8")
    files = write_manifest(tmp_path, watchlist=watchlist, travellers=80, hit_rate=1.0, seed=3)
    assert files.manifest is not None
    shown = dict(enumerate(_rows(files.manifest), 1))
    same_name = 0
    for t in _rows(files.truth):
        others = set(filter(None, t["namesakes"].split("|")))
        row = shown[int(t["row"])]
        assert t["person_id"] not in others and "P4" not in others
        dob = row["date_of_birth"]
        if "P3" in others:
            assert t["person_id"] == "P2" and abs(int(dob[:4]) - 1950) <= 1
        if t["person_id"] == "P1" and _words(row["full_name"]) == {"karim", "haddad"}:
            same_name += 1
            assert others == {"P2"}, (row["full_name"], dob)
        if t["person_id"] == "P4":
            assert others == set()
    assert same_name > 0


def test_a_name_printed_in_characters_has_its_namesakes_listed_too(tmp_path: Path) -> None:
    """A planted traveller whose passport prints the name in Chinese characters cannot be
    told from a listed person of that name without a date of birth either: the truth file
    lists that person beside the row, found through the name's Latin reading (the listed
    names are keyed by their Latin forms, which the characters alone do not meet)."""

    def han(ident: str, dob: str | None) -> str:
        primary = {"full": "吴文博", "latin": "Wu Wenbo", "given": "文博", "family": "吴"}
        alias = {"full": "Wenbo Wu", "latin": "Wenbo Wu", "given": "Wenbo", "family": "Wu"}
        names = [{**primary, "kind": "primary"}, {**alias, "kind": "alias"}]
        person = {"id": ident, "kind": "person", "names": names, "sex": "M"}
        person["nationalities"] = ["CN"]
        if dob is not None:
            person["date_of_birth"] = dob
        return json.dumps(person, ensure_ascii=False, separators=(",", ":"))

    watchlist = tmp_path / "watchlist.jsonl"
    watchlist.write_text(han("P1", "1989-08-21") + "\n" + han("P2", None) + "\n", "utf-8")
    files = write_manifest(tmp_path, watchlist=watchlist, travellers=300, hit_rate=1.0, seed=8)
    assert files.manifest is not None
    shown = dict(enumerate(_rows(files.manifest), 1))
    in_characters = 0
    for t in _rows(files.truth):
        if t["person_id"] == "P1" and shown[int(t["row"])]["full_name"] == "吴文博":
            in_characters += 1
            assert t["namesakes"] == "P2", t
    assert in_characters > 0


def test_a_decoy_printed_in_its_script_meets_a_listed_name_written_so(tmp_path: Path) -> None:
    """A decoy whose passport prints the name in Arabic letters cannot be told from a listed
    person of that very name without a date of birth, whichever romanisation each side's
    Latin form took: the rule that draws such decoys again meets the names as written, and
    by their Latin forms read with the words the books write as one joined (*Abd al-Rahman*
    is *Abdelrahman*)."""
    name = {
        "full": "عبد الرحمن بلقاسم", "latin": "Abd al-Rahman Belkacem", "given": "عبد الرحمن",
        "family": "بلقاسم", "kind": "primary",
    }  # fmt: skip
    person = {"id": "P1", "kind": "person", "names": [name], "sex": "M", "nationalities": ["DZ"]}
    watchlist = tmp_path / "watchlist.jsonl"
    line = json.dumps(person, ensure_ascii=False, separators=(",", ":"))  # as written
    watchlist.write_text(line + "\n", "utf-8")
    collisions = watchlist_collisions(watchlist)
    shown = [("Abdelrahman Belkacem", "1966-05-12"), ("عبد الرحمن بلقاسم", "1966-05-12")]
    other = [("Abdelrahman Boudiaf", "1966-05-12"), ("عبد الرحمن بوضياف", "1966-05-12")]
    assert collisions.clashes([shown[:1], shown[1:], shown, other]) == {0, 1, 2}
    assert collisions.namesakes(["عبد الرحمن بلقاسم"], "1966-05-12") == {"P1"}


def test_words_the_books_write_as_one_name_meet_that_name(tmp_path: Path) -> None:
    """The books list عبد الحميد and بن موسى as one name each (*Abdelhamid*, *Benmoussa*):
    a listed عبد الحميد بن موسى, known by no date, is a traveller *Benmoussa Abdelhamid*
    born on any day, as far as any matcher can tell. Words that only look alike stay apart."""
    name = {"full": "عبد الحميد بن موسى", "kind": "primary"}
    person = {"id": "P1", "kind": "person", "names": [name], "sex": "M", "nationalities": ["MA"]}
    watchlist = tmp_path / "watchlist.jsonl"
    line = json.dumps(person, ensure_ascii=False, separators=(",", ":"))  # as written
    watchlist.write_text(line + "\n", "utf-8")
    collisions = watchlist_collisions(watchlist)
    shown = [
        [("Benmoussa Abdelhamid", "1978-02-04")],
        [("Abdelhamid Ben Moussa", "1978-02-04")],
        [("Benmoussa Abdelkarim", "1978-02-04")],  # another given name
        [("Moussa Hamid", "1978-02-04")],  # Hamid is not Abd al-Hamid
    ]
    assert collisions.clashes(shown) == {0, 1}
    assert collisions.namesakes(["Benmoussa Abdelhamid"], "1978-02-04") == {"P1"}


def test_no_traveller_carries_a_document_a_listed_person_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A traveller whose document number a listed person holds (or one an OCR confusion
    away) is a document hit whatever its names: ``truth.csv`` would call it false. The
    number drawn is made to land on listed documents half the time; none is kept."""
    watchlist = write_watchlist(tmp_path, 300, seed=4)
    listed: dict[str, list[str]] = {}
    for line in watchlist.read_text("utf-8").splitlines():
        for doc in json.loads(line).get("documents", []):
            listed.setdefault(doc["issuing_state"], []).append(doc["number"])
    draw = manifest_module.identifiers.document_number
    offered: set[tuple[str, str]] = set()

    def clashing(rng: random.Random, state: str, card: bool) -> tuple[str, bool]:
        if listed.get(state) and rng.random() < 0.5:
            number = rng.choice(listed[state])
            if rng.random() < 0.5:  # what OCR reads the same: 0 for O, 1 for I…
                number = number.replace("0", "O").replace("1", "I")
            offered.add((state, number))
            return number, False
        return draw(rng, state, card)

    monkeypatch.setattr(manifest_module.identifiers, "document_number", clashing)
    files = write_manifest(tmp_path, watchlist=watchlist, travellers=400, hit_rate=0.2, seed=4)
    assert files.manifest is not None
    carried = {(r["document_issuing_state"], r["document_number"]) for r in _rows(files.manifest)}
    assert len(offered) > 50
    assert not carried & offered
    assert len(carried) > 350  # the travellers still carry documents of their own


def test_progress_and_bad_input(tmp_path: Path) -> None:
    watchlist = write_watchlist(tmp_path, 50, seed=1)
    seen: list[int] = []
    write_manifest(
        tmp_path, watchlist=watchlist, travellers=2500, hit_rate=0.0, seed=1, progress=seen.append
    )
    assert seen == [1000, 2000, 2500]
    assert len(_rows(tmp_path / "truth.csv")) == 0
    for kwargs in ({"hit_rate": 1.5}, {"travellers": -1}, {"formats": ("xml",)}):
        args: dict[str, Any] = {"travellers": 10, "hit_rate": 0.5, "seed": 1, **kwargs}
        with pytest.raises(ValueError, match=r"must|formats"):
            write_manifest(tmp_path, watchlist=watchlist, **args)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(ValueError, match="empty"):
        write_manifest(tmp_path, watchlist=empty, travellers=10, hit_rate=0.5, seed=1)


def test_more_planted_rows_than_persons(tmp_path: Path) -> None:
    watchlist = write_watchlist(tmp_path, 20, seed=1)
    files = write_manifest(tmp_path, watchlist=watchlist, travellers=100, hit_rate=1.0, seed=1)
    truth = _rows(files.truth)
    assert len(truth) == 100
    assert len({t["person_id"] for t in truth}) <= 20


def test_cli_generate_with_manifest(tmp_path: Path) -> None:
    from passerelle.cli.app import app

    result = CliRunner().invoke(
        app,
        [
            "demo",
            "generate",
            "--persons",
            "200",
            "--manifest",
            "500",
            "--hit-rate",
            "0.1",
            "--manifest-format",
            "both",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "50 planted rows" in result.output
    assert {p.name for p in tmp_path.iterdir()} == {
        "watchlist.jsonl",
        "manifest.csv",
        "manifest.edi",
        "truth.csv",
    }
