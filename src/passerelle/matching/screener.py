"""The screening facade: add and remove persons, screen a query, snapshot to disk.

``Screener.screen`` analyses the query's names once, gathers candidates from the index by
blocking keys (and by document number), scores the best candidates with the calibrated model
and returns the hits above the threshold, each with its explanation. The screener is
picklable: the same object runs in an API process, a process pool or a Spark executor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from passerelle.matching import mapped
from passerelle.matching.align import coverage_bound
from passerelle.matching.analysis import AnalysedName, analyse
from passerelle.matching.analysis import warm as warm_analysis
from passerelle.matching.attested import Vocabulary, bearers_needed, consulting
from passerelle.matching.blocking import DOCUMENT, birth_year_keys, document_key, name_keys
from passerelle.matching.compare import compare, facts_of, features_of, other_form_notes
from passerelle.matching.dob_filter import agreeing, dob_code
from passerelle.matching.features import Facts
from passerelle.matching.heap import settle
from passerelle.matching.index import CandidateIndex
from passerelle.matching.records import Explanation, Hit, MatchQuery, MatchRecord
from passerelle.matching.scorer import ScoringModel, default_model
from passerelle.matching.text import detect_script
from passerelle.matching.wade_giles import other_spellings
from passerelle.model.dates import PartialDate

#: How many candidates the index returns, and how many of them are scored in full after a
#: cheap re-ranking by whole-name similarity of their romanisations.
CANDIDATES = 40
SCORED = 5
#: With ``Reach(second_look=True)``, candidates scoring at least this (but below the
#: threshold) on their same-script names are also compared with their other-script names.
#: The calibration interpolates between its steps instead of holding each one flat, so a low
#: score is not rounded down to the step below; 0.07 keeps the band where 0.05 put it before
#: (from log-odds -2.7 up). At 0.05, 71 of the latency benchmark's 2,000 checks at 100 k
#: persons had a second look instead of 51. The dated regime's trees are sharper than the
#: logistic: *Chang Vay* / *Chang Wei*, the same date, is 0.03 under them (0.09 under the
#: logistic), and its native spelling 张伟 0.88; 0.02 kept such a pair in the band. Since
#: the undated true pairs weigh back to a manifest's share in the trees' calibration, the
#: low end of the dated regime reads lower (the same pair 0.011), and 0.005 keeps it there.
NEAR_MISS = 0.005
#: A candidate is scored only if every part of the shorter name can find a counterpart at
#: least this similar (``align.coverage_bound``), or it shares a document number with the
#: query. On names-dev it sets aside no partial, particle, spacing or order variant that the
#: model calls a hit, and 2 of 1,896 transliterations (docs/matching.md §2).
COVERAGE_GATE = 0.55
#: How many times ``scored`` candidates ``_rerank`` may keep, for a query without a complete
#: date of birth, when the ones after the cut are tied with the last one kept (namesakes
#: alike in keys and spelling, born in the year the query shows).
TIED_CROWD = 4
#: The candidate most alike in spelling (``_rerank``'s whole-name similarity, 0-100) is
#: scored as well, after those kept, when it is at least this much more alike than every
#: one of them. A slip in one part leaves the listed person fewer keys than the namesakes
#: of the traveller's other part: a traveller *Idrjssi Kareem* had the listed *Karim
#: Idrissi* (0.81 alike) re-ranked sixth, behind *Kareem*s born around his year (0.52 to 0.69).
#: On the first 100,000 travellers of the 1 M × 1 M benchmark: 7 more planted travellers
#: found of 2,004 for 39 more hits on someone else; with no margin, the same 7 for 48.
ALIKE_MARGIN = 5.0
#: A re-ranked candidate past the ``scored`` ones, down to ``Reach.alike`` (or
#: ``alike_undated``), is scored as well when its romanisation is at least this alike to
#: the query's (``_rerank``'s whole-name similarity, 0-100). Listed namesakes are spelt
#: alike, and which of them the re-ranking puts first is often chance; a candidate spelt
#: unlike the traveller that far down is seldom him, and a traveller on no list has few
#: spelt alike. On the 20,000 planted travellers of the 1 M x 1 M benchmark, three scored
#: for a dated traveller and nine for an undated one, with those spelt at least 80 alike
#: down to the eighth and the twenty-fourth, found 19,605; five and fifteen whatever their
#: spelling, 19,600. On its first 100,000 travellers, mostly on no list, the first put
#: 359,000 candidates through the coverage gate, the second 528,000, and three and nine
#: alone 338,000 (docs/bulk-screening.md).
SPELT_ALIKE = 80.0
#: Re-ranking bonus of a candidate born on the query's complete date of birth (``_rerank``);
#: key weight and name similarity each count up to 1.
SAME_DATE = 0.3
#: ... and of one whose complete date is a slip of it (``dob.compare_dob``: swapped, a year,
#: a month or a day or two off, a digit mistyped). Namesakes alike in keys and spelling are
#: told apart by the date alone: one listed with a slip of the traveller's date is likelier
#: the traveller than those listed with a year alone or no date, and was scored after them
#: when only the very date counted (a planted *Mohammed Bouzid*, day and month swapped,
#: ranked tenth of ten namesakes and was never scored).
SLIP_DATE = 0.2
#: ... and of one listed with a year, or a year and month, that the query's date falls in:
#: the candidate step's birth-year bonus lifts the years before and after alike, and a
#: traveller born 1988-05-31, listed *Karim Ali* with 1988 alone, was re-ranked fifth behind
#: namesakes listed with 1987 alone. Below ``SLIP_DATE``: a complete date that is a slip of
#: the traveller's says more than a year that holds it.
PARTIAL_DATE = 0.1
#: A candidate is not raised as a hit when its odds of being the traveller are below this
#: share of the best-scored candidate's (``Reach.rivals``). One traveller is at most one
#: listed person, so two calibrated probabilities compete: a namesake at 0.90 beside the
#: traveller's own record at 0.998 is 0.018 as likely as him, not nine in ten. On the 20,000
#: planted travellers of the 1 M × 1 M benchmark, three candidates scored for each, 0.05
#: drops 1,760 of 24,748 hits, 1,454 of them on namesakes, and loses 7 listed persons, each
#: behind a namesake the generator records as one the traveller cannot be told from
#: (docs/bulk-screening.md).
RIVAL_ODDS = 0.05
#: Queries ``Screener.screen_many`` holds ready at once, keys and candidates (a few
#: kilobytes each): enough that the candidate steps run back to back, few enough that a
#: batch of 100,000 travellers does not hold half a gigabyte of them.
BACK_TO_BACK = 1_000
#: The shape of a pickled index, bumped whenever it changes (2: strings in StrColumns,
#: matching/columns.py; 3: postings ordered by birth year; 4: identifiers in columns,
#: matching/identifiers.py). The one number for every file
#: that pickles the index: ``Screener.save`` and the bulk engines' snapshot
#: (``services.bulk_worker.IndexSnapshot``), so a change cannot bump one and forget the other.
#: 5: written by ``mapped``, arrays and string buffers mapped on load. 6: keys hashed by
#: BLAKE2b (``blocking.key_hash``): an older snapshot's postings would answer no query.
SNAPSHOT_VERSION = 6


def default_threshold() -> float:
    """The probability above which a pair is reported as a hit (chosen at training time)."""
    return default_model().threshold


def _rivals_note(count: int, share: float) -> Explanation:
    """What the officer is not shown: listed persons above the threshold that a likelier
    candidate outweighs (``RIVAL_ODDS``). No log-odds of its own; it tells the officer that
    the name is borne by others on the lists, should the hit shown turn out not to be him."""
    persons = "person" if count == 1 else "persons"
    text = (
        f"{count} other listed {persons} above the threshold not raised: under "
        f"{share:.0%} of the best candidate's odds of being the traveller."
    )
    return Explanation("rivals", float(count), 0.0, text)


def _comparable_names(names: list[str], scripts: set[str]) -> list[int]:
    """Indexes of a record's names worth analysing for a query written in ``scripts``: all of
    them unless every query script has a same-script name (see ``compare.comparable_pairs``,
    which then compares nothing else), so a record's native spellings are not analysed for a
    Latin query when its Latin forms are there."""
    found = [detect_script(n) for n in names]
    if scripts <= set(found):
        return [k for k, s in enumerate(found) if s in scripts]
    return list(range(len(names)))


def _partial(record: MatchRecord, scripts: set[str]) -> bool:
    """Were some of the record's names left out of its comparison (``_comparable_names``)?
    Those are what a second look compares."""
    return len(_comparable_names(record.names, scripts)) < len(record.names)


def _other_names(names: list[str], scripts: set[str]) -> list[int]:
    """Indexes of a record's names written in none of the query's scripts."""
    return [k for k, n in enumerate(names) if detect_script(n) not in scripts]


def _worth_scoring(
    names: list[AnalysedName], rnames: list[AnalysedName], facts: Facts, rfacts: Facts
) -> bool:
    """Can this candidate be a hit at all? See ``COVERAGE_GATE``: a shared document number
    always can; otherwise some pair of the names compared must pass the coverage bound. A
    record set aside here gets no second look at its other-script names either: the second
    look is for near misses, and a name part without counterpart is not one."""
    if facts.documents and {d[0] for d in facts.documents} & {d[0] for d in rfacts.documents}:
        return True
    return any(coverage_bound(q, r, COVERAGE_GATE) >= COVERAGE_GATE for q in names for r in rnames)


@dataclass(frozen=True, slots=True)
class _Plan:
    """A query made ready for the candidate step and for what follows it (``Screener._plan``)."""

    names: list[AnalysedName]
    facts: Facts
    keys: dict[int, float]
    doc_keys: frozenset[int]
    year: int | None
    #: The query's date of birth when complete, else None.
    born: PartialDate | None
    #: ``born`` when records with a conflicting date are set aside (``skip_dob_conflicts``).
    not_conflicting: PartialDate | None
    #: Candidates the step returns, and candidates scored in full.
    want: int
    keep: int
    #: How far down the re-ranked candidates one spelt alike is scored too (``SPELT_ALIKE``).
    alike: int


#: A candidate worth scoring (``Screener._scored``): the record, its feature vector and the
#: index of its name compared (-1: none).
_Row = tuple[MatchRecord, list[float], int]


@dataclass(frozen=True, slots=True)
class Reach:
    """How far a screening looks, and what it sets aside. A single check takes the defaults
    (``SINGLE_CHECK``); bulk screening sets them (``bulk_worker.BULK_REACH``). One object, so
    that the screener, the screening service and the bulk worker pass the same settings
    through one argument."""

    #: Bulk screening: when the query's date of birth is complete, records whose date
    #: conflicts with it are not scored at all, nor those listed with a year (or a year and
    #: month) one year off it (``dob_filter.conflict_table``), unless they share a document
    #: number with the query. A conflicting date already weighs heavily against a match;
    #: setting such records aside before their names are aligned makes bulk screening
    #: several times faster and spares officers namesake alarms (see docs/bulk-screening.md
    #: for the measured effect on recall and precision).
    skip_dob_conflicts: bool = False
    #: How many re-ranked candidates are scored in full (None: the screener's ``scored``).
    scored: int | None = None
    #: ... when the query's date of birth is partial or missing: the candidate step then has
    #: no date to tell namesakes apart (no same-date bonus, no conflicting dates set aside),
    #: and the traveller's own record is one of several alike (in bulk, 4 of the 8 planted
    #: travellers whose record was re-ranked just below the three scored had a birth year
    #: only; docs/bulk-screening.md). None: as ``scored``.
    scored_undated: int | None = None
    #: How far down the re-ranked candidates one spelt at least ``SPELT_ALIKE`` alike to
    #: the query is scored as well, past the ``scored`` ones (None: no further).
    alike: int | None = None
    #: ... when the query's date of birth is partial or missing. None: as ``alike``.
    alike_undated: int | None = None
    #: How many candidates the index returns for re-ranking (None: the screener's
    #: ``candidates``, ``CANDIDATES`` by default).
    candidates: int | None = None
    #: ... for a query without a complete date of birth: keys tie a common family name's
    #: records born within a year of the traveller's, and which of them fill the list is
    #: the order they were filed in. None: as ``candidates``.
    candidates_undated: int | None = None
    #: Give near misses a second look at the record's other-script names (``NEAR_MISS``).
    #: Off unless asked: at 1 M persons its marginal hits in bulk were 4 % true (21 of 517 on
    #: 20,000 travellers), and in single checks it found 4 more of 3,000 planted travellers
    #: while alarming 8 more of 1,000 others and raising the CPU p99 from 4.6–4.7 to 5.9–6.6
    #: ms (docs/matching.md §2).
    second_look: bool = False
    #: Candidates whose odds are below this share of the best-scored candidate's are not
    #: raised (``RIVAL_ODDS``); 0 raises every candidate at or above the threshold.
    rivals: float = RIVAL_ODDS


#: What a single check asks for: the defaults.
SINGLE_CHECK = Reach()


class Screener:
    """Screens queries against indexed persons; see the module docstring."""

    def __init__(
        self, model: ScoringModel | None = None, candidates: int = CANDIDATES, scored: int = SCORED
    ) -> None:
        self._model = model
        self.index = CandidateIndex()
        self.candidates = candidates
        self.scored = scored

    @property
    def model(self) -> ScoringModel:
        return self._model or default_model()

    def __len__(self) -> int:
        return len(self.index)

    def warm(self) -> None:
        """Load now what checks would otherwise load on first use: the scoring model, the
        learned transliteration models, the tables behind the analysis of each script and
        the compiled candidate step (``ranking``: 3–4 s to compile the first time on a
        machine, then read from numba's cache) and the compiled tree walk (``tree_walk``).
        The first check of an Arabic name paid about 0.35 s for them, of a Chinese one 0.25 s;
        a service calls this once its index is ready, before it takes checks.

        Then settles the heap (``heap.settle``): what is loaded now, index included, leaves
        the garbage collector's walks, and so does what later checks leave in the caches, so
        that no check waits 100 ms for a full collection."""
        from passerelle.matching import ranking  # numba: imported by what screens only

        zero = np.zeros((1, len(self.model.feature_names)))
        for regime in self.model.regimes:
            regime.logits(zero)
            regime.contributions(zero[0])
        warm_analysis()
        ranking.warm()
        settle()

    def add(self, record: MatchRecord) -> None:
        """Index one person (replacing an earlier record with the same id)."""
        self.index.add(record)

    def add_many(
        self, records: Iterable[MatchRecord], workers: int = 1, start_method: str = "fork"
    ) -> int:
        """Index many persons efficiently (analysis in ``workers`` processes, see
        ``CandidateIndex.add_many``); returns how many were added."""
        return self.index.add_many(records, workers=workers, start_method=start_method)

    def remove(self, record_id: str) -> bool:
        """Remove a person; False if the id was not indexed."""
        return self.index.remove(record_id)

    def screen(
        self,
        query: MatchQuery,
        limit: int = 10,
        threshold: float | None = None,
        reach: Reach = SINGLE_CHECK,
    ) -> list[Hit]:
        """Hits for a query, most probable first, at or above ``threshold``, looking as far
        as ``reach`` says."""
        return self.screen_many([query], [limit], threshold, reach)[0]

    def screen_many(
        self,
        queries: Sequence[MatchQuery],
        limits: Sequence[int],
        threshold: float | None = None,
        reach: Reach = SINGLE_CHECK,
    ) -> list[list[Hit]]:
        """``screen`` of each query (with its own ``limits`` entry), the same hits, in order.

        The candidate step of every query (of each ``BACK_TO_BACK`` in turn) runs first, one
        after the other, then the rest of each query's screening up to the model, then the
        model on every query's candidates at once (``_probabilities``), then each query's
        hits. The step reads a few thousand postings a query at random across a million
        slots' scratch and date arrays, and waits on memory: run between two queries' name
        comparisons, which evict those arrays from the processor's cache, a call took 327 µs
        in bulk screening at a million persons; back to back, 145 µs."""
        if len(limits) != len(queries):
            raise ValueError("screen_many needs one limit a query")
        hits: list[list[Hit]] = []
        with consulting(self.vocabulary()):
            for at in range(0, len(queries), BACK_TO_BACK):
                plans = [self._plan(query, reach) for query in queries[at : at + BACK_TO_BACK]]
                ranked = [self._ranked(plan) for plan in plans]
                scored = [
                    self._scored(plan, slots, weights)
                    for plan, (slots, weights) in zip(plans, ranked, strict=True)
                ]
                probs = self._probabilities(scored)
                start = 0  # each query's rows are the next len(rows) of the batch's matrix
                for plan, rows, limit in zip(
                    plans, scored, limits[at : at + BACK_TO_BACK], strict=True
                ):
                    end = start + len(rows)
                    hits.append(self._raised(plan, rows, probs[start:end], limit, threshold, reach))
                    start = end
        return hits

    def _probabilities(self, scored: Sequence[list[_Row]]) -> npt.NDArray[np.float64]:
        """The model's probabilities of every scored candidate of a batch, in one call.

        One matrix for the batch's thousand queries instead of one a query: a call on the
        two or three rows of one traveller cost mostly the call itself (sorting the rows by
        regime, a compiled tree walk and a calibration a regime): 4 % of bulk screening's CPU
        at a million persons in the source build, 6 % in the compiled one. The model scores
        each row on its own, so a row's probability does not depend on the rows beside it: a
        test holds a batch's hits to those of one ``screen`` a query."""
        matrix = [x for rows in scored for _, x, _ in rows]
        if not matrix:
            return np.zeros(0, dtype=np.float64)
        return self.model.probabilities(np.asarray(matrix, dtype=np.float64))

    def vocabulary(self) -> Vocabulary:
        """The name words this screener's watchlist attests (``attested``): those borne by
        at least ``bearers_needed`` of its persons."""
        need = bearers_needed(len(self.index))
        bearers = self.index.bearers
        return lambda word: bearers(word) >= need

    def _plan(self, query: MatchQuery, reach: Reach) -> _Plan:
        """The query analysed and keyed, and how far to look (``reach``)."""
        names = [analyse(n) for n in query.names if n and n.strip()]
        keys: dict[int, float] = {}
        year = query.dob.year if query.dob else None
        years = (year - 1, year, year + 1) if year is not None else ()
        common = self.index.common_word
        for name in names:
            own = name_keys(name, query=True, common=common) | birth_year_keys(
                name, years, typo_year=year
            )
            for k, w in own.items():
                keys[k] = max(w, keys.get(k, 0.0))
        facts = facts_of(query)
        doc_keys = frozenset(document_key(number) for number, _, _ in facts.documents)
        for key in doc_keys:
            keys[key] = DOCUMENT
        complete = query.dob is not None and query.dob.day is not None
        want = self.candidates if reach.candidates is None else reach.candidates
        keep_best = self.scored if reach.scored is None else reach.scored
        alike = reach.alike or 0
        if not complete:  # no date to tell namesakes apart: look further, when asked
            want = want if reach.candidates_undated is None else reach.candidates_undated
            keep_best = keep_best if reach.scored_undated is None else reach.scored_undated
            alike = alike if reach.alike_undated is None else reach.alike_undated
        born = query.dob if complete else None
        return _Plan(
            names=names,
            facts=facts,
            keys=keys,
            doc_keys=doc_keys,
            year=year,
            born=born,
            not_conflicting=born if reach.skip_dob_conflicts else None,
            want=want,
            keep=keep_best,
            alike=alike,
        )

    def _ranked(self, plan: _Plan) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        """The candidate step (``CandidateIndex.ranked``) for a plan."""
        return self.index.ranked(
            plan.keys,
            birth_year=plan.year,
            limit=plan.want,
            not_conflicting=plan.not_conflicting,
            exempt=plan.doc_keys,
            same_date=dob_code(plan.born),
        )

    def _scored(
        self, plan: _Plan, slots: npt.NDArray[np.int32], weights: npt.NDArray[np.float64]
    ) -> list[_Row]:
        """What follows the candidate step up to the model: re-rank, gate, and measure the
        features of the candidates worth scoring."""
        names, facts, keep_best = plan.names, plan.facts, plan.keep
        found = (
            self._rerank(names, slots, weights, keep_best, plan.born, plan.alike)
            if len(slots) > keep_best
            else slots.tolist()
        )
        rows: list[_Row] = []
        scripts = {n.script for n in names}
        for slot in found:
            record = self.index.record(slot)
            keep = _comparable_names(record.names, scripts)
            rnames = [analyse(record.names[k]) for k in keep]
            rfacts = facts_of(record)
            if not _worth_scoring(names, rnames, facts, rfacts):
                continue
            x, j = features_of(names, facts, rnames, rfacts)
            rows.append((record, x, keep[j] if j >= 0 else -1))
        return rows

    def _raised(
        self,
        plan: _Plan,
        rows: list[_Row],
        probs: npt.NDArray[np.float64],
        limit: int,
        threshold: float | None,
        reach: Reach,
    ) -> list[Hit]:
        """The hits among a query's scored candidates (``rows``), given their probabilities
        (``probs``, one a row): a second look when asked, then the hits a better candidate
        outweighs set aside (``RIVAL_ODDS``). A second look that scores higher replaces its
        row in ``rows`` and its probability in ``probs`` (this query's slice of the batch's
        array, read by no other query)."""
        if not rows:
            return []
        model = self.model
        cut = model.threshold if threshold is None else threshold
        names, facts = plan.names, plan.facts
        scripts = {n.script for n in names}
        # When asked, a near miss on the same-script names gets a second look across scripts:
        # a record's native spelling sometimes says more than its recorded romanisation.
        for k, prob in enumerate(probs.tolist()):
            if reach.second_look and NEAR_MISS <= prob < cut and _partial(rows[k][0], scripts):
                record = rows[k][0]
                other = _other_names(record.names, scripts)
                rnames = [analyse(record.names[i]) for i in other]
                x, j = features_of(names, facts, rnames, facts_of(record))
                second = model.probability(x)
                if second > prob:
                    rows[k] = (record, x, other[j] if j >= 0 else -1)
                    probs[k] = second
        # odds(p) >= rivals * odds(best), multiplied out: no division by 1 - best.
        best = min(float(probs.max()), 1.0 - 1e-9)
        floor = reach.rivals * best
        above = [(row, prob) for row, prob in zip(rows, probs.tolist(), strict=True) if prob >= cut]
        raised = [(row, prob) for row, prob in above if prob * (1.0 - best) >= floor * (1.0 - prob)]
        set_aside = len(above) - len(raised)
        hits: list[Hit] = []
        for (record, x, j), prob in raised:
            matched = record.names[j] if j >= 0 else ""
            why = model.explain(x)
            if matched:
                why += other_form_notes(names, analyse(matched))
            if set_aside:
                why.append(_rivals_note(set_aside, reach.rivals))
            hits.append(Hit(record.id, round(prob, 4), why, matched))
        hits.sort(key=lambda h: -h.probability)
        return hits[:limit]

    def _rerank(
        self,
        names: list[AnalysedName],
        slots: npt.NDArray[np.int32],
        weights: npt.NDArray[np.float64],
        keep: int,
        born: PartialDate | None = None,
        alike: int = 0,
    ) -> list[int]:
        """The ``keep`` best of the candidates' ``slots`` by key weight plus romanised-name
        similarity (every query name, and its Chinese syllables spelled in the other system,
        ``wade_giles.other_spellings``, against every candidate name in one ``cdist`` call),
        plus ``SAME_DATE`` for a candidate born on the query's complete date of birth
        (``born``; None for none), ``SLIP_DATE`` for one whose complete date does not
        conflict with it and ``PARTIAL_DATE`` for one listed with a year, or a year and
        month, that the date falls in.

        Namesakes tie on the first two: a common name has dozens of records whose keys and
        spelling agree equally with the query, and the birth-year bonus of the candidate step
        lifts every one born within a year of it. The date itself tells the traveller's
        record from theirs.

        The candidate most alike in spelling is kept too, after the others, when it is
        ``ALIKE_MARGIN`` more alike than each of them: keys count a slip in a rare part
        against a record, spelling hardly. So are those down to the ``alike``-th spelt at
        least ``SPELT_ALIKE`` alike to the query (0: none)."""
        queries = [n.glued_latin for n in names]
        queries += [other for q in queries for other in other_spellings(q)]
        top = float(weights.max()) or 1.0
        found = slots.tolist()
        latins: list[str] = []
        starts: list[int] = []  # where each candidate's spellings start (one at least each)
        for forms in self.index.latins_of(found):
            starts.append(len(latins))
            latins.extend(forms)
        sims = process.cdist(queries, latins, scorer=fuzz.token_sort_ratio, dtype=np.float64)
        quick = np.maximum.reduceat(sims.max(axis=0), starts)
        rank = weights / top + quick / 100.0
        dob = dob_code(born)
        if born is not None:
            codes = self.index.dob_codes(slots)
            rank += np.where(codes == dob, SAME_DATE, 0.0)
            near = np.flatnonzero((codes % 100 > 0) & (codes != dob))
            if len(near):
                rank[near] += np.where(agreeing(codes[near], born), SLIP_DATE, 0.0)
            # A partial date that the query's date falls in: its year, or its year and month.
            year_code = dob_code(PartialDate(born.year))
            month_code = dob_code(PartialDate(born.year, born.month))
            rank += np.where((codes == year_code) | (codes == month_code), PARTIAL_DATE, 0.0)
        order = np.argsort(-rank, kind="stable")
        # Without a complete date, candidates tied with the last one kept are kept too (up
        # to TIED_CROWD times as many): a traveller who cannot be told from a crowd of listed
        # namesakes (29 listed *Mohamed Bouzid* born in the year a manifest shows) would
        # otherwise be screened against whichever of them were filed first. With a complete
        # date, the same-date bonus and the date conflicts already set the crowd apart.
        last = keep
        if len(order) > keep and not dob:
            edge = rank[order[keep - 1]]
            cap = min(len(order), keep * TIED_CROWD)
            while last < cap and rank[order[last]] >= edge - 1e-9:
                last += 1
        kept = order[:last].tolist()
        # The most alike spelling, if the keys left it behind (see ALIKE_MARGIN).
        most = int(np.argmax(quick))
        if most not in kept and quick[most] >= quick[kept].max() + ALIKE_MARGIN:
            kept.append(most)
        # Further down, the candidates spelt alike (see SPELT_ALIKE).
        kept += [i for i in order[last:alike].tolist() if quick[i] >= SPELT_ALIKE and i not in kept]
        return [found[i] for i in kept]

    def compare_records(self, a: MatchRecord, b: MatchRecord) -> Hit:
        """Score two records against each other directly (no index)."""
        model = self.model
        fa: Facts = facts_of(a)
        prob, x, j = compare(
            [analyse(n) for n in a.names], fa, [analyse(n) for n in b.names], facts_of(b), model
        )
        return Hit(b.id, round(prob, 4), model.explain(x), b.names[j] if j >= 0 else "")

    def save(self, path: Path) -> None:
        """Write a snapshot (``mapped``: a pickle whose arrays are mapped when it is loaded;
        load only snapshots you wrote yourself)."""
        self.index.compact()
        mapped.save_versioned(self, path, SNAPSHOT_VERSION)

    @classmethod
    def load(cls, path: Path) -> Screener:
        """Read a snapshot written by ``save`` (a trusted file: pickle runs code)."""
        return mapped.load_versioned(path, SNAPSHOT_VERSION, cls, "Passerelle screener snapshot")
