"""How far bulk screening looks for each traveller (``bulk_worker.BULK_REACH``)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from passerelle.matching import MatchQuery, MatchRecord, Screener
from passerelle.matching.analysis import analyse
from passerelle.model.dates import PartialDate
from passerelle.services.bulk_worker import BULK_REACH


def file_namesakes(s: Screener, count: int) -> None:
    """File ``count`` persons *Odrimel* born in 1986, each with a short family name of its
    own, unlike *Karrowith*: they share the given name's keys and nothing else."""
    families = [c.upper() + v + d for c in "bdfghjlm" for v in "aeiou" for d in "lmnprstvwyz"]
    assert count <= len(families)
    for k, family in enumerate(families[:count]):
        s.add(MatchRecord(f"n{k}", [f"Odrimel {family}"], PartialDate(1986), "M"))


def test_a_dated_traveller_is_found_behind_ninety_namesakes_filed_before_his_record() -> None:
    # A slip in the family name (Karrowith / Karrowiss) leaves the listed person only the
    # given name's keys, which ninety others born that year share and were filed before him:
    # they tie in the candidate step, and the list is full before his record. Bulk
    # screening's list is long enough for the re-ranking to reach him; sixty was not.
    s = Screener()
    file_namesakes(s, 90)
    s.add(MatchRecord("target", ["Odrimel Karrowith"], PartialDate(1986), "M"))
    traveller = MatchQuery(["Karrowiss Odrimel"], PartialDate(1986, 4, 12), "M")
    found = s.screen(traveller, threshold=0.0, limit=20, reach=BULK_REACH)
    assert [h.record_id for h in found][:1] == ["target"]
    sixty = s.screen(traveller, threshold=0.0, limit=20, reach=replace(BULK_REACH, candidates=60))
    assert "target" not in [h.record_id for h in sixty]


def test_a_traveller_shown_with_a_year_alone_is_found_behind_three_hundred_namesakes() -> None:
    # The same, for a traveller whose document shows a birth year only: nothing sets the
    # namesakes apart before the cut, and their list is longer. Three hundred filed before
    # the listed person fill two hundred places; bulk screening's four hundred reach him.
    s = Screener()
    file_namesakes(s, 300)
    s.add(MatchRecord("target", ["Odrimel Karrowith"], PartialDate(1986), "M"))
    traveller = MatchQuery(["Karrowiss Odrimel"], PartialDate(1986), "M")
    found = s.screen(traveller, threshold=0.0, limit=20, reach=BULK_REACH)
    assert [h.record_id for h in found][:1] == ["target"]
    shorter = s.screen(
        traveller, threshold=0.0, limit=20, reach=replace(BULK_REACH, candidates_undated=200)
    )
    assert "target" not in [h.record_id for h in shorter]


def test_a_record_re_ranked_behind_namesakes_is_scored_when_spelt_alike_and_no_other() -> None:
    # Three namesakes listed with the traveller's very name and year outrank, by the key
    # weights the candidate step gives them here, both the traveller's own record (a letter
    # dropped: Karowith) and a record that shares only his given name. Bulk screening
    # scores three, then, down to the eighth, only the candidates spelt alike: his record is
    # scored, the other is not.
    s = Screener()
    namesakes = [MatchRecord(f"n{k}", ["Odrimel Karrowith"], PartialDate(1986)) for k in range(3)]
    other = MatchRecord("other", ["Odrimel Zentrakos"], PartialDate(1986))
    target = MatchRecord("target", ["Odrimel Karowith"], PartialDate(1986))
    s.add_many([*namesakes, other, target])
    listed = [*namesakes, other, target]
    slots = np.array([s.index.slot_of(r.id) for r in listed], dtype=np.int32)
    weights = np.array([10.0, 10.0, 10.0, 10.0, 4.0])
    names, born = [analyse("Odrimel Karrowith")], PartialDate(1986, 4, 12)

    def kept(scored: int, alike: int) -> list[str]:
        chosen = s._rerank(names, slots, weights, scored, born, alike)
        return [s.index.record_id(slot) for slot in chosen]

    # By the re-ranking alone, his record is fifth, behind the record spelt otherwise.
    assert kept(5, 0) == ["n0", "n1", "n2", "other", "target"]
    assert kept(BULK_REACH.scored or 0, BULK_REACH.alike or 0) == ["n0", "n1", "n2", "target"]
    # Without the alike ones, the three namesakes alone.
    assert kept(BULK_REACH.scored or 0, 0) == ["n0", "n1", "n2"]
