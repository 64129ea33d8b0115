"""Interpol notice JSON: list, detail and UN shapes, JSON Lines, malformed input, wrong types."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from passerelle.formats.interpol_json import read_interpol_notices
from passerelle.model.dates import PartialDate
from passerelle.model.errors import InvalidInput
from passerelle.model.records import PersonStatus, Sex

DATA = Path(__file__).parent / "data"


def _load(name: str) -> Any:
    return json.loads((DATA / name).read_text("utf-8"))


def _errors(result: Any) -> list[str]:
    return [str(e) for e in result.errors]


def test_red_detail() -> None:
    r = read_interpol_notices((DATA / "interpol_red_detail.json").read_bytes())
    assert r.errors == []
    (notice,) = r.items
    assert notice.notice_type == "red"
    assert notice.source_reference == "2024/11111"
    person = notice.person
    assert person.primary_name.full == "JOHN DOE"
    assert (person.primary_name.given, person.primary_name.family) == ("JOHN", "DOE")
    assert person.date_of_birth == PartialDate(1980, 1, 2)
    assert person.sex is Sex.MALE
    assert person.nationalities == ["GB"]
    assert person.status is PersonStatus.WANTED
    assert person.place_of_birth == "EXAMPLETOWN"
    assert person.source_reference == "2024/11111"
    assert notice.details["charges"] == "Synthetic test charge"
    assert notice.details["warrant_issuing_countries"] == ["GB"]
    assert notice.details["height_m"] == 1.8


def test_list_envelope_reports_unknown_country_at_its_index() -> None:
    r = read_interpol_notices((DATA / "interpol_red_list.json").read_text("utf-8"))
    assert [n.source_reference for n in r.items] == ["2024/11111", "2024/22222"]
    assert r.items[1].person.date_of_birth == PartialDate(1975)
    assert r.items[1].person.nationalities == ["FR", "DE"]
    assert _errors(r) == [
        "notice 3 (entity_id 2024/33333), field nationalities[1]: unknown country code 'QQ'"
    ]


def test_yellow_detail() -> None:
    r = read_interpol_notices((DATA / "interpol_yellow_detail.json").read_bytes())
    assert r.errors == []
    notice = r.items[0]
    assert notice.notice_type == "yellow"
    assert notice.person.status is PersonStatus.MISSING
    assert notice.person.date_of_birth == PartialDate(2009, 6)
    assert [(n.full, n.kind) for n in notice.person.names] == [
        ("ALEX SAMPLE", "primary"),
        ("SPECIMEN", "birth"),
    ]
    assert notice.person.remarks == "Synthetic scar, left hand"
    details = notice.details
    assert details["date_of_event"] == "2023-03-14"
    assert details["place_of_event"] == "PUERTO EJEMPLO"
    assert details["country_of_event"] == "ES"
    assert details["mother_name"] == "SPECIMEN"
    assert "height_m" not in details  # 0 means unknown


def test_un_person_with_original_script_and_aliases() -> None:
    r = read_interpol_notices((DATA / "interpol_un_person.json").read_bytes())
    assert r.errors == []
    notice = r.items[0]
    assert notice.notice_type == "un_special"
    person = notice.person
    assert person.status is PersonStatus.SANCTIONED
    assert person.date_of_birth == PartialDate(1975)  # "1975/00/00"
    primary = person.primary_name
    assert (primary.full, primary.latin) == ("سمير المثال", "SAMIR AL-MITHAL")
    assert [(n.full, n.kind) for n in person.names[1:]] == [
        ("ABU TEST MITHAL", "alias"),
        ("ТЕСТ ПРИМЕРОВ", "alias"),
    ]
    assert notice.details["un_reference"] == "QDi.999"
    assert notice.details["un_resolution"] == 1267


def test_json_array_of_details_and_forced_type() -> None:
    red = _load("interpol_red_detail.json")
    bare = {k: v for k, v in red.items() if k not in ("_links", "arrest_warrants")}
    bare["entity_id"] = "2024/77777"
    with_nulls = {
        "entity_id": "2024/88888",
        "name": "NULLITY",
        "forename": None,
        "date_of_birth": None,
        "nationalities": None,
        "sex_id": None,
        "arrest_warrants": None,
    }
    r = read_interpol_notices(json.dumps([red, bare, with_nulls]))
    assert [n.source_reference for n in r.items] == ["2024/11111", "2024/88888"]
    assert _errors(r) == [
        "notice 2 (entity_id 2024/77777): cannot tell the notice type (no _links.self.href, "
        "no type-specific field); pass notice_type"
    ]
    forced = read_interpol_notices(json.dumps([bare]), notice_type="yellow")
    assert forced.errors == []
    assert forced.items[0].notice_type == "yellow"


def test_json_lines() -> None:
    r = read_interpol_notices((DATA / "interpol_notices.jsonl").read_bytes())
    assert [n.notice_type for n in r.items] == ["red", "yellow", "un_special"]
    assert _errors(r) == ["line 4: malformed JSON at column 33: Expecting value"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"entity_id": "2024/1",\n "name": "DOE",\n "forename" "JOHN"}',
            "malformed JSON at line 3, column 13",
        ),
        ("", "the file is empty"),
        ('"just a string"', "not Interpol notice JSON"),
        ('{"total": 1, "_embedded": {"notices": 5}}', "without an _embedded.notices array"),
        ("name,date_of_birth\nDOE,1980\n", "malformed JSON at line 1, column 1"),
    ],
)
def test_refused_files(text: str, expected: str) -> None:
    with pytest.raises(InvalidInput, match=expected):
        read_interpol_notices(text)


def test_wrong_types_and_bad_values_are_located() -> None:
    notices = [
        {
            "entity_id": "2024/1",
            "name": 42,
            "forename": "JOHN",
            "_links": {"self": {"href": "https://ws-public.interpol.int/notices/v1/red/2024-1"}},
        },
        {
            "entity_id": "2024/2",
            "name": "DOE",
            "nationalities": "FR",
            "arrest_warrants": [{"issuing_country_id": "ZZ", "charge": "x"}, "oops"],
        },
        {
            "entity_id": "2024/3",
            "name": "DOE",
            "date_of_birth": "1980/13/01",
            "sex_id": "Q",
            "arrest_warrants": [],
        },
        {"entity_id": "2024/4", "name": "DOE\u202eEOD", "arrest_warrants": []},
        {"entity_id": "2024/5", "name": None, "forename": None, "arrest_warrants": []},
        "not an object",
        {
            "entity_id": "2024/7",
            "name": "ACME TEST LTD",
            "legal_form": "company",
            "_links": {"self": {"href": "https://ws-public.interpol.int/notices/v1/un/entities/7"}},
        },
    ]
    r = read_interpol_notices(json.dumps(notices))
    assert r.items == []
    assert _errors(r) == [
        "notice 1 (entity_id 2024/1), field name: expected text, found int",
        "notice 2 (entity_id 2024/2), field arrest_warrants[0].issuing_country_id: "
        "unknown country code 'ZZ'",
        "notice 2 (entity_id 2024/2), field arrest_warrants[1]: expected an object, found str",
        "notice 2 (entity_id 2024/2), field nationalities: expected a list, found str",
        "notice 3 (entity_id 2024/3), field date_of_birth: '1980/13/01' is not a valid date: "
        "month 13 is not between 1 and 12",
        "notice 3 (entity_id 2024/3), field sex_id: unknown sex 'Q': expected M, F or U",
        "notice 4 (entity_id 2024/4), field name: "
        "contains control or bidirectional-override characters",
        "notice 5 (entity_id 2024/5), field name: the notice has neither name nor forename",
        "notice 6: expected a JSON object, found str",
        "notice 7 (entity_id 2024/7): a UN entity (an organisation), not a person: not imported",
    ]


def test_unknown_notice_type_argument() -> None:
    with pytest.raises(ValueError, match="notice_type must be one of"):
        read_interpol_notices("[]", notice_type="purple")
