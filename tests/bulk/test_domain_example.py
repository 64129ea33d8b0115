"""The DOMAIN.md §6.1 example PAXLST screens end to end (its first passenger is ICAO's
fictional specimen person; both travellers are fictional)."""

from __future__ import annotations

from pathlib import Path

from passerelle.model.principals import Role
from passerelle.services import bulk, records
from passerelle.services.context import Platform

from tests.conftest import MakeUser

EXAMPLE = Path(__file__).parent / "data" / "domain_example.edi"


def test_domain_example_screens_end_to_end(platform: Platform, make_user: MakeUser) -> None:
    owner = make_user("SE", Role.NCB_OFFICER)
    specimen = {
        "names": [{"full": "Anna Maria Eriksson"}],
        "date_of_birth": "1974-08-12",
        "sex": "F",
        "nationalities": ["SE"],
    }
    rid = records.create(platform, owner.call, "person", specimen)["id"]
    border = make_user("FR", Role.BORDER_OFFICER)
    report = bulk.screen_manifest(
        platform, border.call, EXAMPLE.read_bytes(), EXAMPLE.name, processes=0
    )
    assert report.status == "finished"
    assert (report.format, report.total, report.processed, report.malformed) == (
        "paxlst",
        2,
        2,
        0,
    )
    page = bulk.hits(platform, border.call, report.id)
    assert [(h["row"], h["record_id"]) for h in page["hits"]] == [(1, rid)]
    assert page["hits"][0]["traveller"]["source"].startswith("segment 12 (NAD)")
