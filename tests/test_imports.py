"""Imports are all or nothing: a bad file stores nothing and names the line and field."""

from __future__ import annotations

import json

import pytest

from passerelle.model.errors import InvalidInput
from passerelle.model.principals import Role
from passerelle.services import imports, records
from passerelle.services.context import Platform

from tests.conftest import MakeUser

PERSONS_CSV = (
    "name,name_latin,date_of_birth,sex,nationalities,status,access,access_entities\n"
    "Орест Квилинский,Orest Kvilinsky,1971-04,M,UA,wanted,all,\n"
    "ندى الزهراني,Nada Al-Zahrani,1988,F,SA|JO,missing,allow,ES|FR\n"
)

NOTICE = {
    "entity_id": "2024/55501",
    "name": "VELTRANO",
    "forename": "ASTOR",
    "date_of_birth": "1975/00/00",
    "nationalities": ["IT"],
    "sex_id": "M",
    "arrest_warrants": [
        {"issuing_country_id": "IT", "charge": "Synthetic charge", "charge_translation": None}
    ],
}


def _count(platform: Platform, make_user: MakeUser) -> int:
    reader = make_user("MA", Role.NCB_SUPERVISOR)
    items, _ = records.search(platform, reader.call, owner="MA", limit=500)
    return len(items)


def test_persons_csv_imports_every_row_with_its_policy(
    platform: Platform, make_user: MakeUser
) -> None:
    officer = make_user("MA", Role.NCB_OFFICER)
    report = imports.import_bytes(
        platform, officer.call, PERSONS_CSV.encode(), filename="persons.csv"
    )
    assert report.format == "persons-csv"
    assert report.imported == 2
    second = records.get(platform, officer.call, report.ids[1])
    assert second["owner"] == "MA"
    assert second["policy"]["access"] == "allow"
    assert second["policy"]["entities"] == ["ES", "FR"]
    assert second["data"]["names"][0]["full"] == "ندى الزهراني"
    # an NCB outside the allow-list does not see it
    de = make_user("DE", Role.NCB_OFFICER)
    with pytest.raises(Exception, match="no record"):
        records.get(platform, de.call, report.ids[1])


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (PERSONS_CSV + "Ilyas Benkor,,1980-13-01,M,MA,wanted,all,\n", "line 4"),
        (PERSONS_CSV + "Ilyas Benkor,,1980,M,QQ,wanted,all,\n", "line 4"),
        (PERSONS_CSV + "Ilyas Benkor,,1980,M,MA,wanted,allow,ZZZ\n", "line 4"),
        (PERSONS_CSV.replace("status", "statut"), "statut"),
        ("\x00\x01\x02 binary", ""),
    ],
)
def test_bad_csv_imports_nothing(
    platform: Platform, make_user: MakeUser, content: str, where: str
) -> None:
    officer = make_user("MA", Role.NCB_OFFICER)
    with pytest.raises(InvalidInput) as caught:
        imports.import_bytes(platform, officer.call, content.encode(), fmt="persons-csv")
    assert where in str(caught.value) + " ".join(caught.value.errors)
    assert _count(platform, make_user) == 0


def test_interpol_json_imports_published_notices(platform: Platform, make_user: MakeUser) -> None:
    officer = make_user("MA", Role.NCB_OFFICER)
    body = {"total": 1, "_embedded": {"notices": [NOTICE]}}
    report = imports.import_bytes(platform, officer.call, json.dumps(body).encode())
    assert report.format == "interpol-json"
    other = make_user("BR", Role.ANALYST)
    notice = records.get(platform, other.call, report.ids[0])
    assert notice["kind"] == "notice"
    assert notice["state"] == "published"
    assert notice["source_reference"] == "2024/55501"
    assert notice["data"]["subject"]["date_of_birth"] == "1975"


def test_bad_interpol_json_imports_nothing(platform: Platform, make_user: MakeUser) -> None:
    officer = make_user("MA", Role.NCB_OFFICER)
    bad = [NOTICE, {**NOTICE, "entity_id": "2024/55502", "nationalities": ["IT", "QQ"]}]
    with pytest.raises(InvalidInput) as caught:
        imports.import_bytes(platform, officer.call, json.dumps(bad).encode())
    assert "notice 2" in str(caught.value)
    assert "nationalities[1]" in str(caught.value)
    with pytest.raises(InvalidInput, match="line 1"):
        imports.import_bytes(platform, officer.call, b'{"entity_id": ', fmt="interpol-json")
    assert _count(platform, make_user) == 0


def test_border_officer_cannot_import(platform: Platform, make_user: MakeUser) -> None:
    border = make_user("MA", Role.BORDER_OFFICER)
    with pytest.raises(Exception, match="may not import"):
        imports.import_bytes(platform, border.call, PERSONS_CSV.encode())
