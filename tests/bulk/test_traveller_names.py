"""Which names of a manifest row bulk screening screens (no real people)."""

from __future__ import annotations

from typing import Any

from passerelle.matching import IdentifierIndex, MatchRecord, Reach, Screener
from passerelle.model.dates import PartialDate
from passerelle.model.principals import CheckScope
from passerelle.services.bulk_worker import IndexSnapshot, check_input, traveller_names
from passerelle.services.screening import screen_candidates


def _row(surname: str, given: str, dob: str) -> dict[str, Any]:
    return {
        "full_name": f"{surname} {given}",  # as manifests print it: the surname first
        "surname": surname,
        "given_names": given,
        "date_of_birth": dob,
        "sex": "M",
        "nationality": "NL",
        "document_number": None,
        "document_type": None,
        "document_issuing_state": None,
    }


def test_a_surname_led_by_a_particle_is_also_screened_given_name_first() -> None:
    # The matcher reads a particle that starts a name as a name (Vietnamese Le, Van), so a
    # manifest's "da Brenk Jorvek" had a part "da" the listed person lacks, and with the
    # particle respelled and a middle name dropped it scored below the threshold on the
    # very date of birth. Screened as "Jorvek da Brenk" too, it is a hit.
    screener = Screener()
    screener.add(MatchRecord("target", ["Jorvek Talmo de Brenk"], PartialDate(1981, 3, 15)))
    screener.add(MatchRecord("other", ["Jorvek Talmo Quindarsk"], PartialDate(1981, 3, 15)))
    snapshot = IndexSnapshot(screener, IdentifierIndex())
    given = check_input(_row("da Brenk", "Jorvek", "1981-03-15"))
    found = screen_candidates(
        snapshot, given, frozenset(CheckScope), reach=Reach(skip_dob_conflicts=True)
    )
    assert [c.record_id for c in found] == ["target"]


def test_a_second_order_is_screened_only_when_it_can_change_the_answer() -> None:
    assert traveller_names("Pinto Luis", "Pinto", "Luis") == ["Pinto Luis"]
    assert traveller_names("van der Wal Sander", "van der Wal", "Sander") == [
        "van der Wal Sander",
        "Sander van der Wal",
    ]
    # an article is read as one wherever it stands: one order is enough
    assert traveller_names("El Idrissi Karim", "El Idrissi", "Karim") == ["El Idrissi Karim"]
    # a name written in another script gets the Latin fields' order too
    assert traveller_names("كريم العطار", "El Attar", "Karim") == ["كريم العطار", "Karim El Attar"]
