"""Readers for the labelled development data and the stable train/test split.

The data stays where it is (``../shared/data``); these functions read it by path. Splits are
by a stable hash of an id or a word so that a row is always on the same side, run after run.
"""

from __future__ import annotations

import csv
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from passerelle.matching import tables, text, translit

#: Word files per script, and which model they train.
WORD_FILES = {
    "arabic": ("wd_ar_words.tsv", "google_ar2en_words.tsv"),
    "cyrillic": ("wd_ru_words.tsv",),
    "han": ("wd_zh_words.tsv",),
}
FULLNAME_FILES = {"hebrew": "wd_he_fullnames.tsv", "hangul": "wd_ko_fullnames.tsv"}


def bucket(key: str) -> int:
    """A stable bucket 0..99 for a key (crc32, identical on every machine and run)."""
    return zlib.crc32(key.encode("utf-8")) % 100


def split_of(key: str) -> str:
    """``fit`` (0-69: learn transliteration), ``pairs`` (70-84: scorer), ``test`` (85-99)."""
    b = bucket(key)
    return "fit" if b < 70 else ("pairs" if b < 85 else "test")


@dataclass(frozen=True, slots=True)
class WordPair:
    """One native word and its Latin spelling, with how often Wikidata showed the pairing."""

    script: str
    native: str
    latin: str
    count: int

    @property
    def split(self) -> str:
        return split_of(self.latin)


def read_tsv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)


def word_pairs(data_dir: Path) -> Iterator[WordPair]:
    """Native/Latin word pairs from the word files, normalised as the matcher normalises."""
    base = data_dir / "translit-dev"
    for script, files in WORD_FILES.items():
        for name in files:
            for row in read_tsv(base / name):
                latin = text.fold_latin(text.clean(row["latin"]))
                native = translit.normalise_native(text.clean(row["native"]), script)
                count = int(row.get("count") or 2)
                if latin and native:
                    yield WordPair(script, native, latin, count)
    for script, name in FULLNAME_FILES.items():
        for row in read_tsv(base / name):
            if "," in row["native"]:
                continue
            lat = [text.fold_latin(t) for t in text.split_tokens(text.clean(row["latin"]))]
            nat = text.split_tokens(text.clean(row["native"]))
            lat = [t for t in lat if len(t) > 1]
            if len(lat) == len(nat) and lat:
                for la, na in zip(lat, nat, strict=True):
                    yield WordPair(script, translit.normalise_native(na, script), la, 2)


def korean_given_names(data_dir: Path, split: str) -> Iterator[tuple[str, str]]:
    """(Hangul given name, its Latin spelling) from Korean full names of one split.

    Korean writes a Korean name as one word (박상영) where the English label has two or
    three (Park Sang-yong, or Sang-yong Park): ``word_pairs`` pairs tokens one to one and
    so never sees a Korean given name. Where the first syllable (or two) is a surname whose
    Latin spelling stands first or last in the label, the rest of the word is the given
    name, and the remaining Latin tokens, joined, are its spelling.
    """
    for latin, native in full_names(data_dir, "hangul"):
        if split_of(latin) != split:
            continue
        nat = text.split_tokens(text.clean(native))
        lat = [text.fold_latin(t) for t in text.split_tokens(text.clean(latin))]
        if len(nat) != 1 or not 2 <= len(lat) <= 3 or not 2 <= len(nat[0]) <= 4:
            continue
        word = nat[0]
        cut = 2 if word[:2] in tables.KOREAN_DOUBLE_SURNAMES else 1
        spellings = tables.KOREAN_SURNAMES.get(word[:cut], ())
        if lat[0] in spellings:
            rest = lat[1:]
        elif lat[-1] in spellings:
            rest = lat[:-1]
        else:
            continue
        given = "".join(rest)
        if given and word[cut:]:
            yield word[cut:], given


@dataclass(frozen=True, slots=True)
class NamePair:
    """A labelled pair of names (from names-dev or built from translit-dev)."""

    id: str
    a: str
    b: str
    match: bool
    kind: str
    a_dob: str | None = None
    b_dob: str | None = None
    a_nat: str | None = None
    b_nat: str | None = None


def names_dev(data_dir: Path) -> list[NamePair]:
    """The Latin name pairs of ``names-dev.jsonl``."""
    out = []
    with (data_dir / "names-dev.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out.append(NamePair(row["id"], row["a"], row["b"], bool(row["match"]), row["kind"]))
    return out


def full_names(data_dir: Path, script: str) -> Iterator[tuple[str, str]]:
    """(latin, native) full names for Hebrew or Korean, as written."""
    for row in read_tsv(data_dir / "translit-dev" / FULLNAME_FILES[script]):
        yield row["latin"], row["native"]


@dataclass(frozen=True, slots=True)
class RecordPair:
    """A labelled pair of *people* (several names each, DOB, sex), e.g. a manifest traveller
    and a candidate record the screener scored for it (``passerelle match training-pairs``)."""

    id: str
    a: tuple[str, ...]
    b: tuple[str, ...]
    match: bool
    kind: str
    a_dob: str | None = None
    b_dob: str | None = None
    a_sex: str | None = None
    b_sex: str | None = None
    #: name words of either side that the screened watchlist attests (``attested``); None
    #: for an export written before the watchlist's words were
    attested: frozenset[str] | None = None


def record_pairs(path: Path) -> list[RecordPair]:
    """Read an exported training-pairs file (one JSON object a line)."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            a, b = row["a"], row["b"]
            pair = RecordPair(
                id=str(row["id"]),
                a=tuple(a["names"]),
                b=tuple(b["names"]),
                match=bool(row["match"]),
                kind=str(row.get("kind") or "bulk"),
                a_dob=a.get("dob"),
                b_dob=b.get("dob"),
                a_sex=a.get("sex"),
                b_sex=b.get("sex"),
                attested=frozenset(row["attested"]) if "attested" in row else None,
            )
            out.append(pair)
    return out
