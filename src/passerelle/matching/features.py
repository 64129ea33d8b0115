"""The features a match probability is made of: each is a small, documented function.

Each feature has a sentence shown to an officer next to its contribution to the score
(``EXPLANATIONS``), which says what was observed in plain words; the first line of the
feature's docstring says the same, and a test holds the two alike. Features read a
``PairContext`` that holds the alignment of the two names, computed once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import OSA, Indel

from passerelle.matching import dob as dobs
from passerelle.matching import text
from passerelle.matching.align import Alignment, align, one_name_romanised
from passerelle.matching.analysis import AnalysedName, Token
from passerelle.matching.attested import attested, in_view
from passerelle.matching.rarity import rarity
from passerelle.matching.records import Document
from passerelle.matching.variants import same_name
from passerelle.model.dates import PartialDate


@dataclass(frozen=True, slots=True)
class Facts:
    """The non-name facts of one side of a comparison."""

    dob: PartialDate | None = None
    sex: str | None = None
    nationalities: frozenset[str] = frozenset()
    documents: frozenset[Document] = frozenset()


NO_FACTS = Facts()


class PairContext:
    """Two analysed names, their facts, and the alignment of their core parts (lazy).

    What is computed once is kept in plain attributes, not ``functools.cached_property``: a
    compiled build's classes (mypyc) have no instance dictionary for it to keep a value in,
    so every feature aligned the names anew: compiled, the name features took 5.6 times the
    CPU of their source."""

    def __init__(self, a: AnalysedName, b: AnalysedName, fa: Facts, fb: Facts) -> None:
        self.a, self.b, self.fa, self.fb = a, b, fa, fb
        self.ta: tuple[Token, ...] = a.core
        self.tb: tuple[Token, ...] = b.core
        self.wa = [rarity(t.latin) for t in self.ta]
        self.wb = [rarity(t.latin) for t in self.tb]
        if len(self.ta) != len(self.tb):
            self.a_is_shorter = len(self.ta) < len(self.tb)
        else:
            self.a_is_shorter = sum(self.wa, 0.0) <= sum(self.wb, 0.0)
        self.dob_relation = dobs.compare_dob(fa.dob, fb.dob)
        self._alignment: Alignment | None = None

    @property
    def alignment(self) -> Alignment:
        """The names' core parts aligned (``align``), on first use: facts alone need none."""
        if self._alignment is None:
            self._alignment = align(self.ta, self.tb)
        return self._alignment

    def coverage(self, shorter: bool) -> float:
        """Weighted share of one name's parts explained by the other, times similarity."""
        side_a = self.a_is_shorter == shorter
        weights = self.wa if side_a else self.wb
        total = sum(weights, 0.0) or 1.0
        got = 0.0
        for p in self.alignment.pairs:
            ids = p.a_ids if side_a else p.b_ids
            got += p.sim * _weight(weights, ids)
        return got / total

    def unmatched(self, shorter: bool) -> tuple[int, ...]:
        side_a = self.a_is_shorter == shorter
        return self.alignment.a_unmatched if side_a else self.alignment.b_unmatched

    def weights(self, shorter: bool) -> list[float]:
        return self.wa if self.a_is_shorter == shorter else self.wb

    @property
    def cross_script(self) -> bool:
        sa = {t.script for t in self.ta}
        sb = {t.script for t in self.tb}
        return sa != sb and bool(sa - {text.LATIN} or sb - {text.LATIN})


Feature = Callable[[PairContext], float]


def _weight(weights: list[float], ids: tuple[int, ...]) -> float:
    """The summed rarity of some name parts. Float sums start at 0.0 throughout this module:
    compiled (mypyc), ``sum()`` with the default start of 0 expects ints."""
    return sum((weights[i] for i in ids), 0.0)


def name_similarity(ctx: PairContext) -> float:
    """How alike the two names are overall: aligned parts' similarity, weighted by rarity."""
    total = sum(ctx.wa, 0.0) + sum(ctx.wb, 0.0)
    got = sum(
        (
            p.sim * (_weight(ctx.wa, p.a_ids) + _weight(ctx.wb, p.b_ids))
            for p in ctx.alignment.pairs
        ),
        0.0,
    )
    return got / total if total else 0.0


def shorter_name_covered(ctx: PairContext) -> float:
    """How much of the shorter name is found in the other (1 = every part, spelled alike)."""
    return ctx.coverage(shorter=True)


def longer_name_covered(ctx: PairContext) -> float:
    """How much of the longer name is found in the other (extra parts lower it)."""
    return ctx.coverage(shorter=False)


def shorter_name_closely_found(ctx: PairContext) -> float:
    """Every part of the shorter name is found in the other, closely spelled."""
    return max(0.0, ctx.coverage(shorter=True) - 0.85) / 0.15


def weakest_part_of_shorter(ctx: PairContext) -> float:
    """Similarity of the worst-matched part of the shorter name (0 if a part is missing)."""
    if ctx.unmatched(shorter=True):
        return 0.0
    return min((p.sim for p in ctx.alignment.pairs), default=0.0)


def weakest_matched_part(ctx: PairContext) -> float:
    """Similarity of the least similar pair of aligned name parts."""
    return min((p.sim for p in ctx.alignment.pairs), default=0.0)


def unexplained_rare_part(ctx: PairContext) -> float:
    """A distinctive part of the shorter name has no counterpart in the other name."""
    weights = ctx.weights(shorter=True)
    return max((weights[i] for i in ctx.unmatched(shorter=True)), default=0.0)


def edge_part_unmatched(ctx: PairContext) -> float:
    """The first or last part of the longer name, not a middle one, has no counterpart.

    A dropped middle name is the usual partial name; a missing first or last name is more
    often another person."""
    longer = ctx.unmatched(shorter=False)
    if not longer:
        return 0.0
    last = len(ctx.weights(shorter=False)) - 1
    return 1.0 if 0 in longer or last in longer else 0.0


def extra_parts_in_longer(ctx: PairContext) -> float:
    """Parts of the longer name with no counterpart (0 to 3, as a share of 3)."""
    return min(len(ctx.unmatched(shorter=False)), 3) / 3.0


def rare_part_agrees(ctx: PairContext) -> float:
    """The rarest closely matching name part: agreement on a rare part is strong evidence."""
    best = 0.0
    for p in ctx.alignment.pairs:
        if p.sim >= 0.9:
            w = min(_weight(ctx.wa, p.a_ids), _weight(ctx.wb, p.b_ids))
            best = max(best, min(w, 1.0))
    return best


#: Summed rarity of the closely matching parts at which the evidence counts fully.
EVIDENCE_FULL = 2.5


def name_evidence(ctx: PairContext) -> float:
    """How much the agreeing name parts say: rare parts say much, common ones (Ali, John) little."""
    got = 0.0
    for p in ctx.alignment.pairs:
        if p.sim >= 0.9:
            got += min(_weight(ctx.wa, p.a_ids), _weight(ctx.wb, p.b_ids), 1.0)
    return min(got, EVIDENCE_FULL) / EVIDENCE_FULL


def parts_respelled(ctx: PairContext) -> float:
    """More than one part of the names is spelled differently (a whole name romanised anew)."""
    inexact = sum(1 for p in ctx.alignment.pairs if p.sim < 0.999)
    return min(max(inexact - 1, 0), 2) / 2.0


def exact_parts(ctx: PairContext) -> float:
    """Share of the shorter name's parts spelled exactly alike in the other name."""
    n = min(len(ctx.ta), len(ctx.tb)) or 1
    return min(1.0, sum(1 for p in ctx.alignment.pairs if p.sim >= 0.999) / n)


def part_letters_apart(ctx: PairContext) -> float:
    """A name part differs from its counterpart by several letters, more than one slip.

    One typed slip (a letter dropped, doubled, changed or two swapped) is how a listed name
    is mistyped; two or three letters apart is more often another name with much the same
    letters (Vadim / Vladimir, Schulz / Schulte, Nowicki / Nowak), which a similarity
    measure alone rates as close as a slip. 0 for at most one letter edit between the
    Latin spellings of every aligned pair of parts, 0.5 for two, 1 for three or more;
    0 across scripts, where the letters come from a romanisation.
    """
    if ctx.cross_script:
        return 0.0
    worst = 0
    for p in ctx.alignment.pairs:
        if p.sim >= 0.999:
            continue
        a = "".join(ctx.ta[i].latin for i in p.a_ids)
        b = "".join(ctx.tb[j].latin for j in p.b_ids)
        worst = max(worst, OSA.distance(a, b, score_cutoff=3))
    return min(max(worst - 1, 0), 2) / 2.0


#: A pair of parts this alike or more is a respelling (Mohamed / Muhammad, Sergei / Sergey)
#: or a slip (Brigite / Brigitte), whichever the spellings are; below it, two attested
#: spellings are two names.
RESPELLING_SIM = 0.95


def another_name(ctx: PairContext) -> float:
    """A part is another name than its counterpart, each borne by many listed persons.

    A typed slip seldom makes a second name that people bear: *Birgit* beside *Brigitte*, both
    names the watchlist shows many persons bearing (``attested``), is more often two persons
    than one mistyped, where *Brigite* is a slip. Letter similarity alone rates the two pairs
    alike (0.90 and 0.95). Spellings the name tables give one name (``variants.same_name``),
    two romanisation systems' spellings of one name (*Chang* / *Zhang*, *Ivanou* / *Ivanov*:
    ``align.one_name_romanised``) and pairs as alike as a respelling do not count; nor do
    pairs across scripts, where the Latin letters come from a romanisation. 1 if any aligned
    pair of single parts is such a pair, else 0; 0.5 with no watchlist in view, where nothing
    is known either way.
    """
    if not in_view():
        return 0.5
    if ctx.cross_script:
        return 0.0
    for p in ctx.alignment.pairs:
        if p.sim >= RESPELLING_SIM or len(p.a_ids) != 1 or len(p.b_ids) != 1:
            continue
        a, b = ctx.ta[p.a_ids[0]].latin, ctx.tb[p.b_ids[0]].latin
        if attested(a) and attested(b) and not (same_name(a, b) or one_name_romanised(a, b)):
            return 1.0
    return 0.0


def whole_name_similarity(ctx: PairContext) -> float:
    """Similarity of the two whole names written out, parts sorted, spaces ignored."""
    a = "".join(sorted(t.latin for t in ctx.ta))
    b = "".join(sorted(t.latin for t in ctx.tb))
    return Indel.normalized_similarity(a, b)


def single_part_name(ctx: PairContext) -> float:
    """One of the names has a single part: little to compare, so less certainty."""
    return 1.0 if min(len(ctx.ta), len(ctx.tb)) <= 1 else 0.0


def cross_script(ctx: PairContext) -> float:
    """The names are written in different scripts and were compared through romanisation."""
    return 1.0 if ctx.cross_script else 0.0


def _lls(ctx: PairContext) -> list[tuple[float, float, float]]:
    return [p.loglik for p in ctx.alignment.pairs if p.loglik is not None]


def translit_plausibility(ctx: PairContext) -> float:
    """How plausible one spelling is as a transliteration of the other (learned model)."""
    lls = _lls(ctx)
    if not lls:
        return 0.0
    return max(0.0, 1.0 + min(ll for ll, _, _ in lls) / 6.0)


def translit_very_plausible(ctx: PairContext) -> float:
    """The Latin spelling is among the most usual transliterations of the native one."""
    lls = _lls(ctx)
    if not lls:
        return 0.0
    return max(0.0, min(ll for ll, _, _ in lls) + 0.8) / 0.8


def translit_near_best(ctx: PairContext) -> float:
    """The Latin spelling is nearly as likely as the model's own best transliteration."""
    lls = _lls(ctx)
    if not lls:
        return 0.0
    return max(0.0, 1.0 + min(rel for _, rel, _ in lls) / 4.0)


def reverse_plausibility(ctx: PairContext) -> float:
    """How plausibly the native spelling renders the Latin one (learned, the other way round)."""
    lls = _lls(ctx)
    if not lls:
        return 0.0
    return max(0.0, 1.0 + min(rev for _, _, rev in lls) / 6.0)


def particles_differ(ctx: PairContext) -> float:
    """Particles or titles (al-, bin, van, Sheikh...) appear in one name but not the other."""
    return 1.0 if ctx.a.particles != ctx.b.particles else 0.0


def parts_reordered(ctx: PairContext) -> float:
    """The matching parts come in a different order (e.g. family name first)."""
    order = [p.b_ids[0] for p in sorted(ctx.alignment.pairs, key=lambda p: p.a_ids[0])]
    return 0.0 if order == sorted(order) else 1.0


def dob_exact(ctx: PairContext) -> float:
    """Dates of birth agree exactly (day, month and year)."""
    return 1.0 if ctx.dob_relation == dobs.EXACT else 0.0


def dob_consistent(ctx: PairContext) -> float:
    """Dates of birth agree as far as both are known (e.g. only the year is known)."""
    return 1.0 if ctx.dob_relation == dobs.CONSISTENT else 0.0


def dob_swapped(ctx: PairContext) -> float:
    """Dates of birth agree with day and month swapped (a common recording error)."""
    return 1.0 if ctx.dob_relation == dobs.SWAPPED else 0.0


def dob_one_year_apart(ctx: PairContext) -> float:
    """Dates of birth are one year apart, otherwise agreeing (an estimated age)."""
    return 1.0 if ctx.dob_relation == dobs.NEAR else 0.0


def dob_year_near(ctx: PairContext) -> float:
    """Only the birth year is known on one side, and it is one year off (weak either way)."""
    return 1.0 if ctx.dob_relation == dobs.NEAR_YEAR else 0.0


def dob_typo(ctx: PairContext) -> float:
    """Dates of birth differ by one mistyped or two swapped digits of the day or month."""
    return 1.0 if ctx.dob_relation == dobs.TYPO else 0.0


def dob_slipped(ctx: PairContext) -> float:
    """Full dates of birth a day or two apart, or a month apart: a date slipped by one unit."""
    return 1.0 if ctx.dob_relation == dobs.CLOSE else 0.0


def dob_conflict(ctx: PairContext) -> float:
    """Dates of birth are both known and disagree: evidence against the same person."""
    return 1.0 if ctx.dob_relation == dobs.CONFLICT else 0.0


#: Years apart from which a conflicting date of birth counts fully against (see below).
DOB_YEARS_FULL = 6


def dob_years_apart(ctx: PairContext) -> float:
    """Dates of birth are years apart: the more years, the stronger the evidence against."""
    if ctx.dob_relation != dobs.CONFLICT:
        return 0.0
    years = dobs.years_apart(ctx.fa.dob, ctx.fb.dob)
    return min(max(years - 1, 0), DOB_YEARS_FULL - 1) / (DOB_YEARS_FULL - 1)


def dob_missing(ctx: PairContext) -> float:
    """A date of birth is missing on one side, so it cannot confirm or exclude."""
    return 1.0 if ctx.dob_relation == dobs.MISSING else 0.0


def dob_one_side_only(ctx: PairContext) -> float:
    """Only one side states a date of birth: the names must carry the evidence alone.

    Unlike two sides that both lack one (a name-only check), a screened traveller always has
    a date of birth, so a record without one cannot rule out any of the many travellers who
    share a name with it: the same name evidence is then worth less."""
    return 1.0 if (ctx.fa.dob is None) != (ctx.fb.dob is None) else 0.0


def sex_agrees(ctx: PairContext) -> float:
    """Both records state the same sex."""
    a, b = ctx.fa.sex, ctx.fb.sex
    return 1.0 if a and b and a in "MF" and a == b else 0.0


def sex_conflicts(ctx: PairContext) -> float:
    """The records state different sexes: evidence against the same person."""
    a, b = ctx.fa.sex, ctx.fb.sex
    return 1.0 if a and b and a in "MF" and b in "MF" and a != b else 0.0


def nationality_agrees(ctx: PairContext) -> float:
    """The records share a nationality."""
    return 1.0 if ctx.fa.nationalities & ctx.fb.nationalities else 0.0


def nationality_conflicts(ctx: PairContext) -> float:
    """Both records state nationalities and share none (people do hold several)."""
    a, b = ctx.fa.nationalities, ctx.fb.nationalities
    return 1.0 if a and b and not a & b else 0.0


def document_agrees(ctx: PairContext) -> float:
    """A travel document (number, issuing state, type) appears on both records."""
    return 1.0 if ctx.fa.documents & ctx.fb.documents else 0.0


def document_conflicts(ctx: PairContext) -> float:
    """Both records hold a document of the same state and type, with different numbers."""
    a, b = ctx.fa.documents, ctx.fb.documents
    if not a or not b or a & b:
        return 0.0
    kinds_a = {(s, t) for _, s, t in a}
    return 1.0 if any((s, t) in kinds_a for _, s, t in b) else 0.0


#: The model's inputs, in order. Adding a feature here requires retraining (``train()``).
FEATURES: tuple[Feature, ...] = (
    name_similarity,
    shorter_name_covered,
    longer_name_covered,
    shorter_name_closely_found,
    weakest_part_of_shorter,
    weakest_matched_part,
    unexplained_rare_part,
    extra_parts_in_longer,
    edge_part_unmatched,
    rare_part_agrees,
    name_evidence,
    parts_respelled,
    part_letters_apart,
    another_name,
    exact_parts,
    whole_name_similarity,
    single_part_name,
    cross_script,
    translit_plausibility,
    translit_very_plausible,
    translit_near_best,
    reverse_plausibility,
    particles_differ,
    parts_reordered,
    dob_exact,
    dob_consistent,
    dob_swapped,
    dob_one_year_apart,
    dob_year_near,
    dob_typo,
    dob_slipped,
    dob_conflict,
    dob_years_apart,
    dob_missing,
    dob_one_side_only,
    sex_agrees,
    sex_conflicts,
    nationality_agrees,
    nationality_conflicts,
    document_agrees,
    document_conflicts,
)
FEATURE_NAMES: tuple[str, ...] = tuple(f.__name__ for f in FEATURES)
NAME_FEATURES = 24  # the first 24 features depend on the names only
#: What an officer reads beside each feature's contribution to a score. A table rather than
#: the docstrings it repeats: a compiled build (mypyc) keeps no docstrings, and a table is
#: what a translation of the sentences will start from.
EXPLANATIONS: dict[str, str] = {
    "name_similarity": (
        "How alike the two names are overall: aligned parts' similarity, weighted by rarity."
    ),
    "shorter_name_covered": (
        "How much of the shorter name is found in the other (1 = every part, spelled alike)."
    ),
    "longer_name_covered": (
        "How much of the longer name is found in the other (extra parts lower it)."
    ),
    "shorter_name_closely_found": (
        "Every part of the shorter name is found in the other, closely spelled."
    ),
    "weakest_part_of_shorter": (
        "Similarity of the worst-matched part of the shorter name (0 if a part is missing)."
    ),
    "weakest_matched_part": "Similarity of the least similar pair of aligned name parts.",
    "unexplained_rare_part": (
        "A distinctive part of the shorter name has no counterpart in the other name."
    ),
    "extra_parts_in_longer": (
        "Parts of the longer name with no counterpart (0 to 3, as a share of 3)."
    ),
    "edge_part_unmatched": (
        "The first or last part of the longer name, not a middle one, has no counterpart."
    ),
    "rare_part_agrees": (
        "The rarest closely matching name part: agreement on a rare part is strong evidence."
    ),
    "name_evidence": (
        "How much the agreeing name parts say: rare parts say much, common ones (Ali, John) little."
    ),
    "parts_respelled": (
        "More than one part of the names is spelled differently (a whole name romanised anew)."
    ),
    "part_letters_apart": (
        "A name part differs from its counterpart by several letters, more than one slip."
    ),
    "another_name": (
        "A part is another name than its counterpart, each borne by many listed persons."
    ),
    "exact_parts": "Share of the shorter name's parts spelled exactly alike in the other name.",
    "whole_name_similarity": (
        "Similarity of the two whole names written out, parts sorted, spaces ignored."
    ),
    "single_part_name": "One of the names has a single part: little to compare, so less certainty.",
    "cross_script": (
        "The names are written in different scripts and were compared through romanisation."
    ),
    "translit_plausibility": (
        "How plausible one spelling is as a transliteration of the other (learned model)."
    ),
    "translit_very_plausible": (
        "The Latin spelling is among the most usual transliterations of the native one."
    ),
    "translit_near_best": (
        "The Latin spelling is nearly as likely as the model's own best transliteration."
    ),
    "reverse_plausibility": (
        "How plausibly the native spelling renders the Latin one (learned, the other way round)."
    ),
    "particles_differ": (
        "Particles or titles (al-, bin, van, Sheikh...) appear in one name but not the other."
    ),
    "parts_reordered": "The matching parts come in a different order (e.g. family name first).",
    "dob_exact": "Dates of birth agree exactly (day, month and year).",
    "dob_consistent": (
        "Dates of birth agree as far as both are known (e.g. only the year is known)."
    ),
    "dob_swapped": "Dates of birth agree with day and month swapped (a common recording error).",
    "dob_one_year_apart": (
        "Dates of birth are one year apart, otherwise agreeing (an estimated age)."
    ),
    "dob_year_near": (
        "Only the birth year is known on one side, and it is one year off (weak either way)."
    ),
    "dob_typo": "Dates of birth differ by one mistyped or two swapped digits of the day or month.",
    "dob_slipped": (
        "Full dates of birth a day or two apart, or a month apart: a date slipped by one unit."
    ),
    "dob_conflict": "Dates of birth are both known and disagree: evidence against the same person.",
    "dob_years_apart": (
        "Dates of birth are years apart: the more years, the stronger the evidence against."
    ),
    "dob_missing": "A date of birth is missing on one side, so it cannot confirm or exclude.",
    "dob_one_side_only": (
        "Only one side states a date of birth: the names must carry the evidence alone."
    ),
    "sex_agrees": "Both records state the same sex.",
    "sex_conflicts": "The records state different sexes: evidence against the same person.",
    "nationality_agrees": "The records share a nationality.",
    "nationality_conflicts": (
        "Both records state nationalities and share none (people do hold several)."
    ),
    "document_agrees": "A travel document (number, issuing state, type) appears on both records.",
    "document_conflicts": (
        "Both records hold a document of the same state and type, with different numbers."
    ),
}


def explanation_text(feature: Feature) -> str:
    """The officer-facing sentence of a feature (``EXPLANATIONS``)."""
    return EXPLANATIONS[feature.__name__]


def vector(ctx: PairContext) -> list[float]:
    """All feature values of a pair, in ``FEATURES`` order."""
    return [f(ctx) for f in FEATURES]


def name_vector(a: AnalysedName, b: AnalysedName) -> list[float]:
    """The name-only features of two analysed names."""
    ctx = PairContext(a, b, NO_FACTS, NO_FACTS)
    return [f(ctx) for f in FEATURES[:NAME_FEATURES]]


def facts_vector(fa: Facts, fb: Facts) -> list[float]:
    """The non-name features of two sides (names play no part)."""
    empty = AnalysedName("", text.OTHER, ())
    ctx = PairContext(empty, empty, fa, fb)
    return [f(ctx) for f in FEATURES[NAME_FEATURES:]]
