"""Comparing two people: best pair of names plus the other facts, scored and explained.

A person may have several names (original script, Latin, aliases); the comparison takes the
pair of names most alike (``pair_rank``, as training takes it), then adds dates, sex,
nationality and documents. ``score_pair`` is the two-names entry point used by bulk jobs
and evaluation.
"""

from __future__ import annotations

from collections.abc import Sequence

from passerelle.matching.align import form_sim, spelling_sim
from passerelle.matching.analysis import AnalysedName, analyse
from passerelle.matching.dob import parse_dob
from passerelle.matching.features import (
    FEATURE_NAMES,
    NAME_FEATURES,
    Facts,
    facts_vector,
    name_vector,
)
from passerelle.matching.records import Explanation, MatchQuery, MatchRecord, normalise_document
from passerelle.matching.scorer import ScoringModel, default_model
from passerelle.model.dates import PartialDate


def facts_of(person: MatchQuery | MatchRecord) -> Facts:
    """The non-name facts of a query or record, normalised for comparison."""
    sex = (person.sex or "").strip().upper()[:1] or None
    return Facts(
        dob=person.dob,
        sex=sex,
        nationalities=frozenset(n.strip().upper() for n in person.nationalities if n),
        documents=frozenset(normalise_document(d) for d in person.documents),
    )


def comparable_pairs(
    names_a: Sequence[AnalysedName], names_b: Sequence[AnalysedName]
) -> list[tuple[int, int]]:
    """Which name pairs to compare: each name of side a with the names of side b written in
    its own script when side b has any (a Latin query meets a record's Latin forms, not its
    native spelling of the same name, which the cross-script model would only re-read at far
    greater cost); with all of side b's names otherwise (cross-script)."""
    out: list[tuple[int, int]] = []
    for i, a in enumerate(names_a):
        same = [j for j, b in enumerate(names_b) if b.script == a.script]
        out.extend((i, j) for j in same or range(len(names_b)))
    return out


#: The features that rank a person's name pairs (``pair_rank``).
_NAME_SIM = FEATURE_NAMES.index("name_similarity")
_COVER = FEATURE_NAMES.index("longer_name_covered")


def pair_rank(vec: Sequence[float]) -> tuple[float, float]:
    """How a person's name pairs are ranked to pick the one compared: by overall similarity,
    then by how much of the longer name is found. Training picks its pairs this way
    (``training.train.featurise_record``), so screening compares the pair the model learned
    from. It ranked them by the logistic's names-alone log-odds before, which weighs
    ``another_name`` positively: of a record listed as *Sara Mohammed Al-Momani* and *Sarah
    Mohammed Al-Momani*, a traveller *Almomni Sara Mohammed* was compared with the second,
    which the trees then put at 0.013, not with the first."""
    return round(vec[_NAME_SIM], 6), round(vec[_COVER], 6)


def best_names(
    names_a: Sequence[AnalysedName], names_b: Sequence[AnalysedName]
) -> tuple[list[float], int, int]:
    """Name features of the most alike pair of names (``pair_rank``), and which pair it was."""
    pairs = comparable_pairs(names_a, names_b)
    if len(pairs) == 1:
        i, j = pairs[0]
        return name_vector(names_a[i], names_b[j]), i, j
    best: tuple[tuple[float, float], list[float], int, int] | None = None
    for i, j in pairs:
        vec = name_vector(names_a[i], names_b[j])
        rank = pair_rank(vec)
        if best is None or rank > best[0]:
            best = (rank, vec, i, j)
    if best is None:
        return [0.0] * NAME_FEATURES, -1, -1
    return best[1], best[2], best[3]


def features_of(
    names_a: Sequence[AnalysedName],
    fa: Facts,
    names_b: Sequence[AnalysedName],
    fb: Facts,
) -> tuple[list[float], int]:
    """(feature vector, index of the matched name on side b), without scoring it."""
    name_part, _, j = best_names(names_a, names_b)
    return name_part + facts_vector(fa, fb), j


def compare(
    names_a: Sequence[AnalysedName],
    fa: Facts,
    names_b: Sequence[AnalysedName],
    fb: Facts,
    model: ScoringModel | None = None,
) -> tuple[float, list[float], int]:
    """(calibrated probability, feature vector, index of the matched name on side b)."""
    model = model or default_model()
    x, j = features_of(names_a, fa, names_b, fb)
    return model.probability(x), x, j


def other_form_notes(names_a: Sequence[AnalysedName], name_b: AnalysedName) -> list[Explanation]:
    """What an officer cannot see in the scores: that two parts are forms of one given name
    (*Mykola* / *Nikolay*, *Bob* / *Robert*; ``variants``) rather than spellings alike. One
    note a pair that the list, not the spelling, makes alike (``form_sim`` above
    ``spelling_sim``), with no log-odds of its own (the parts' similarity carries them)."""
    notes: list[Explanation] = []
    for a in names_a:
        for x in a.core:
            for y in name_b.core:
                if form_sim(x.latin, y.latin) > spelling_sim(x.latin, y.latin):
                    pair = f"{_shown(x.native)} / {_shown(y.native)}"
                    text = f"{pair}: forms of one given name (a nickname or another language's)."
                    if all(n.text != text for n in notes):
                        notes.append(Explanation("other_form", 1.0, 0.0, text))
    return notes


def _shown(part: str) -> str:
    """A part as an officer reads it: a Latin part is kept folded, so it is capitalised."""
    return part.capitalize() if part.isascii() else part


def _nats(value: str | Sequence[str] | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    return frozenset(v.strip().upper() for v in value if v and v.strip())


def score_pair(
    a_name: str,
    b_name: str,
    a_dob: str | PartialDate | None = None,
    b_dob: str | PartialDate | None = None,
    a_nat: str | Sequence[str] | None = None,
    b_nat: str | Sequence[str] | None = None,
) -> tuple[float, list[Explanation]]:
    """Calibrated probability that two names (and optional DOB, nationality) are one person."""
    model = default_model()
    fa = Facts(dob=parse_dob(a_dob), nationalities=_nats(a_nat))
    fb = Facts(dob=parse_dob(b_dob), nationalities=_nats(b_nat))
    a, b = analyse(a_name), analyse(b_name)
    prob, x, _ = compare([a], fa, [b], fb, model)
    return prob, model.explain(x) + other_form_notes([a], b)
