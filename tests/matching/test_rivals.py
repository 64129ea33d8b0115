"""A hit far less likely than another candidate for the same traveller is not raised
(``screener.RIVAL_ODDS``); candidates that stay alike are all raised."""

from __future__ import annotations

from passerelle.matching import MatchQuery, MatchRecord, Reach, Screener
from passerelle.matching.screener import RIVAL_ODDS, SINGLE_CHECK
from passerelle.model.dates import PartialDate

TRAVELLER = MatchQuery(["Karrow Odrimel"], PartialDate(1986, 4, 12), "M", ["MA"])


def probabilities(s: Screener, reach: Reach = SINGLE_CHECK) -> dict[str, float]:
    return {h.record_id: h.probability for h in s.screen(TRAVELLER, limit=20, reach=reach)}


def odds(p: float) -> float:
    return p / (1.0 - p)


def test_a_namesake_far_less_likely_than_the_travellers_own_record_is_not_raised() -> None:
    # The listed person, born on the traveller's date, and a person listed without a date
    # under a name two vowels apart: both score above the threshold on their own, but the
    # traveller is one person, and his own record is many times likelier.
    s = Screener()
    s.add(MatchRecord("own", ["Odrimel KARROW"], PartialDate(1986, 4, 12), "M", ["MA"]))
    s.add(MatchRecord("namesake", ["Odrimal KARRAW"], None, "M", ["MA"]))
    every = probabilities(s, Reach(rivals=0.0))
    assert set(every) == {"own", "namesake"}
    assert odds(every["namesake"]) < RIVAL_ODDS * odds(every["own"])
    (hit,) = s.screen(TRAVELLER)
    assert hit.record_id == "own"
    # The officer learns that another listed person bears the name, not who.
    notes = [e for e in hit.explanation if e.feature == "rivals"]
    assert [(n.value, n.contribution) for n in notes] == [(1.0, 0.0)]
    assert "1 other listed person" in notes[0].text and "namesake" not in notes[0].text


def test_two_records_alike_are_both_raised() -> None:
    # The same person listed twice (a notice and a diffusion from two bureaus), or two
    # namesakes nothing tells apart: neither outweighs the other, and the officer must see
    # both.
    s = Screener()
    for k in range(2):
        s.add(MatchRecord(f"listed{k}", ["Odrimel KARROW"], PartialDate(1986, 4, 12), "M", ["MA"]))
    hits = s.screen(TRAVELLER)
    assert {h.record_id for h in hits} == {"listed0", "listed1"}
    assert not [e for h in hits for e in h.explanation if e.feature == "rivals"]


def test_a_lone_candidate_is_raised_whatever_its_rivals_share() -> None:
    # With no other candidate the rule has nothing to weigh: the threshold alone decides.
    s = Screener()
    s.add(MatchRecord("namesake", ["Odrimal KARRAW"], None, "M", ["MA"]))
    assert list(probabilities(s, Reach(rivals=0.99))) == ["namesake"]
