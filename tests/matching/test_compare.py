"""Which of a person's names a query is compared with: the most alike, as in training."""

from __future__ import annotations

from passerelle.matching.analysis import analyse
from passerelle.matching.attested import consulting
from passerelle.matching.compare import best_names, compare
from passerelle.matching.features import FEATURE_NAMES, NO_FACTS
from passerelle.matching.scorer import default_model

ANOTHER_NAME = FEATURE_NAMES.index("another_name")


def test_the_pair_compared_is_the_most_alike_spelling_not_another_name() -> None:
    """A record listed in two spellings of a given name (*Sara*, *Sarah*): a traveller
    spelled as one of them is compared with that one. With every word attested, the other
    pair reads as another name, which the names-alone logistic weighs positively; ranking
    pairs by it compared the traveller with the wrong spelling."""
    query = [analyse("Almomani Sara Mohammed")]
    record = [analyse("Sarah Mohammed Al-Momani"), analyse("Sara Mohammed Al-Momani")]
    with consulting(lambda word: True):
        vec, i, j = best_names(query, record)
        prob, _, matched = compare(query, NO_FACTS, record, NO_FACTS)
    assert (i, j) == (0, 1)
    assert vec[ANOTHER_NAME] == 0.0
    assert matched == 1
    assert prob >= default_model().threshold
