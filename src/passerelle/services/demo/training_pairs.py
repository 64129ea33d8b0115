"""Training pairs from bulk screening: each traveller of a demo manifest against the candidates
the screener really scores for it, labelled by the manifest's ``truth.csv``.

Why: the labelled name pairs of the development data are hard in one way (similar names of
different listed people), but bulk screening meets another: thousands of ordinary travellers
whose names come from the same name books as the watchlist, each compared with the six
candidates the index finds most alike. Those fuzzy coincidences — a common given name, a
surname a letter or two away, a birth year that the watchlist only knows roughly — are what a
scorer trained on name pairs alone lets through. Pairs exported here are (traveller, candidate
record) exactly as ``Screener.screen`` sees them, with the traveller's and the record's facts,
so ``passerelle match train --extra-pairs FILE`` can learn from them.

A false pair whose traveller the generator itself could not tell from the listed person (a
decoy with the same name or one slip away and a date a variant could show, which
``demo generate --keep-lookalikes`` keeps) is exported as ``bulk_lookalike``: its label is
the truth file's, not one any matcher could learn; the logistic learns from it what a
name with a birth year alone is worth, the dated regime's trees leave it out (they would
learn to doubt every exact date beside a one-slip name).

Only synthetic data goes in (a ``passerelle demo generate`` watchlist and manifest); use seeds
that the evaluation does not use. Training reads names, dates of birth and sex, never
nationalities (exported for inspection only) nor documents: the demo generator gives every
planted traveller the watchlist person's first nationality and a new passport, which real
travellers do not do so reliably, and a scorer trained on that would trust nationality far
more than it should. Sex is kept (a passport's sex rarely disagrees with a watchlist's).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from passerelle.model.errors import InvalidInput
from passerelle.services.bulk_formats import read_manifest
from passerelle.services.bulk_standalone import watchlist_index
from passerelle.services.bulk_worker import IndexSnapshot, traveller_names
from passerelle.services.demo.manifest import watchlist_collisions
from passerelle.services.screening import person_match_record

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ExportStats:
    """What ``export_training_pairs`` wrote."""

    travellers: int
    positives: int
    negatives: int
    missed: int  # planted rows whose person the screener did not score (blocking misses)
    output: str


def _neutral_model() -> Any:
    """A model that gives every pair 0.5 (two constant regimes)."""
    import numpy as np

    from passerelle.matching.features import FEATURE_NAMES
    from passerelle.matching.scorer import Regime, ScoringModel

    flat = Regime(np.zeros(len(FEATURE_NAMES)), 0.0, np.array([0.0, 1.0]), np.array([0.5, 0.5]))
    return ScoringModel(FEATURE_NAMES, (flat, flat), 0.5)


def _truth(path: Path) -> tuple[dict[int, str], dict[int, set[str]]]:
    """Each planted row's person, and its namesakes: the listed persons the row cannot be told
    from (``demo generate`` writes them; a truth file without the column has none)."""
    people: dict[int, str] = {}
    namesakes: dict[int, set[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            people[int(r["row"])] = r["person_id"]
            if r.get("namesakes"):
                namesakes[int(r["row"])] = set(r["namesakes"].split("|"))
    return people, namesakes


def _latin_words(names: list[str]) -> set[str]:
    """The folded Latin spellings of the core parts of these names."""
    from passerelle.matching.analysis import analyse

    return {t.latin for name in names if name.strip() for t in analyse(name).core}


def _side(names: list[str], dob: object, sex: str | None, nats: list[str]) -> dict[str, Any]:
    return {"names": names, "dob": str(dob) if dob else None, "sex": sex, "nationalities": nats}


def export_training_pairs(
    watchlist: Path,
    manifest: Path,
    truth: Path,
    output: Path,
    *,
    limit: int | None = None,
    progress: ProgressFn | None = None,
) -> ExportStats:
    """Write one JSON line per (traveller, scored candidate): both sides' names, DOB and sex,
    ``match`` from the truth file, and ``scored`` (whether the screener scored the pair).

    Every candidate the screener scores is exported (at threshold 0): which candidates those
    are depends on the index only, never on the model, so the export — and a model trained on
    it — is reproducible from the seed. A planted traveller's true person is exported even
    when the index did not find it (``scored`` false; the scorer should still score it well).
    Nationalities are written for inspection; training does not read them (module docstring).
    """
    from passerelle.matching import MatchQuery, Reach, Screener

    for path in (watchlist, manifest, truth):
        if not path.is_file():
            raise InvalidInput(f"no file {path}")
    labels, namesakes = _truth(truth)
    collisions = watchlist_collisions(watchlist)
    built = IndexSnapshot.load(watchlist_index(watchlist)[0]).screener
    # The same index and candidate counts, scored by a neutral model: every scored candidate
    # comes back (probability 0.5 >= 0, and none set aside as a rival of another), and the
    # export does not need a loadable model.
    every = Reach(rivals=0.0)
    screener = Screener(model=_neutral_model(), candidates=built.candidates, scored=built.scored)
    screener.index = built.index
    vocabulary = screener.vocabulary()
    persons: dict[str, dict[str, Any]] = {}
    with watchlist.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                person = json.loads(line)
                persons[str(person["id"])] = person
    travellers = read_manifest(manifest.read_bytes()).travellers
    if limit is not None:
        travellers = travellers[:limit]
    pos = neg = missed = 0
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as out:
        for row, t in enumerate(travellers, 1):
            names = traveller_names(t.full_name, t.surname, t.given_names)
            if not names:
                continue
            sex = t.sex.value if t.sex.value in ("M", "F") else None
            nats = [t.nationality] if t.nationality else []
            query = MatchQuery(names=names, dob=t.date_of_birth, sex=sex, nationalities=nats)
            scored = screener.screen(query, threshold=0.0, reach=every)
            hits = {h.record_id: h.probability for h in scored}
            truth_id = labels.get(row)
            dob = str(t.date_of_birth) if t.date_of_birth else None
            lookalikes = collisions.namesakes(names, dob) if truth_id is None else set()
            if truth_id is not None and truth_id not in hits:
                missed += 1
                hits[truth_id] = -1.0  # not scored by the screener: exported all the same
            for record_id, prob in sorted(hits.items()):
                if record_id in namesakes.get(row, ()):
                    continue  # neither label is right: the row cannot be told from them
                match = record_id == truth_id
                record = person_match_record(record_id, persons[record_id])
                words = _latin_words([*names, *record.names])
                entry = {
                    "id": f"{manifest.parent.name}:{row}:{record_id}",
                    "match": match,
                    "kind": "bulk_lookalike" if record_id in lookalikes else "bulk",
                    "a": _side(names, t.date_of_birth, sex, nats),
                    "b": _side(record.names, record.dob, record.sex, record.nationalities),
                    "scored": prob >= 0,
                    # the words this watchlist attests (``attested``), as screening reads them
                    "attested": sorted(w for w in words if vocabulary(w)),
                }
                out.write(json.dumps(entry, ensure_ascii=False) + "\n")
                pos += match
                neg += not match
            if progress is not None and row % 500 == 0:
                progress(row, len(travellers))
    return ExportStats(len(travellers), pos, neg, missed, str(output))


@dataclass(frozen=True, slots=True)
class HitsQuality:
    """Bulk screening hits measured against a demo manifest's truth file."""

    hits: int
    true_hits: int
    planted: int
    found: int
    threshold: float
    #: hits on a planted row's namesakes (``truth.csv``): right to report, though not planted
    namesake_hits: int = 0
    #: planted rows with a hit on their person or on one of their namesakes
    found_or_namesake: int = 0

    @property
    def precision(self) -> float:
        """Share of hits whose (row, record) is a planted match."""
        return self.true_hits / self.hits if self.hits else 1.0

    @property
    def precision_namesakes_right(self) -> float:
        """The same, counting a hit on a planted row's namesake as right."""
        return (self.true_hits + self.namesake_hits) / self.hits if self.hits else 1.0

    @property
    def recall(self) -> float:
        """Share of planted rows whose hits include the planted person."""
        return self.found / self.planted if self.planted else 1.0

    @property
    def recall_namesakes_right(self) -> float:
        """The same, counting as found a row whose hits include one of its namesakes: a
        traveller who cannot be told from several listed persons is reported either way, and
        which of them a screening names first is chance."""
        return self.found_or_namesake / self.planted if self.planted else 1.0


def hits_quality(hits: Path, truth: Path, threshold: float = 0.0) -> HitsQuality:
    """Precision and recall of a ``screen-manifest`` hits file against ``truth.csv``, counting
    the person hits at or above ``threshold`` (0: every hit written)."""
    for path in (hits, truth):
        if not path.is_file():
            raise InvalidInput(f"no file {path}")
    labels, namesakes = _truth(truth)
    found: set[int] = set()
    via_namesake: set[int] = set()
    n = true = alike = 0
    with hits.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r.get("record_kind", "person") != "person" or float(r["probability"]) < threshold:
                continue
            row = int(r["row"])
            n += 1
            if labels.get(row) == r["record_id"]:
                true += 1
                found.add(row)
            elif r["record_id"] in namesakes.get(row, ()):
                alike += 1
                via_namesake.add(row)
    return HitsQuality(
        n, true, len(labels), len(found), threshold, alike, len(found | via_namesake)
    )


__all__ = [
    "ExportStats",
    "HitsQuality",
    "export_training_pairs",
    "hits_quality",
]
