"""CSV import/export: encodings, delimiters, header rules, cell errors, limits, hostile strings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from passerelle.formats.csv_io import join_list, neutralise_cell, split_list
from passerelle.formats.csv_records import (
    ImportRow,
    PolicyFields,
    read_documents_csv,
    read_manifest_csv,
    read_persons_csv,
    write_documents_csv,
    write_manifest_csv,
    write_persons_csv,
)
from passerelle.formats.text import decode_bytes
from passerelle.formats.travellers import TravellerRole
from passerelle.model.dates import PartialDate
from passerelle.model.errors import InvalidInput
from passerelle.model.policy import AccessMode, Confidentiality, HandlingCode, Policy, Purpose
from passerelle.model.records import DocumentStatus, DocumentType, Person, Sex, TravelDocument

DATA = Path(__file__).parent / "data"


def _errors(result: object) -> list[str]:
    return [str(e) for e in result.errors]  # type: ignore[attr-defined]


def _person(row: ImportRow) -> Person:
    assert isinstance(row.record, Person)
    return row.record


def test_cp1252_semicolon_file() -> None:
    r = read_persons_csv((DATA / "persons_cp1252.csv").read_bytes())
    assert r.errors == []
    first, second = (_person(row) for row in r.items)
    assert first.primary_name.full == "DUPONT Françoise"
    assert first.primary_name.given == "Françoise"
    assert [n.full for n in first.names[1:]] == ["F. DUPONT", "FRANCOISE D"]
    assert first.date_of_birth == PartialDate(1980, 2)
    assert first.documents[0].number == "19AB12345"
    assert first.documents[0].issuing_state == "FR"
    assert first.remarks == "Née à Exempleville"
    assert second.primary_name.latin == "MUELLER Jose"
    assert second.nationalities == ["DE", "ES"]
    assert [row.line for row in r.items] == [2, 3]


@pytest.mark.parametrize("name", ["persons_utf8_bom.csv", "persons_utf16.tsv"])
def test_utf8_bom_and_utf16_tab_files_with_three_scripts(name: str) -> None:
    r = read_persons_csv((DATA / name).read_bytes())
    assert r.errors == []
    people = [_person(row) for row in r.items]
    assert [p.primary_name.full for p in people] == [
        "محمد المثال",
        "Иванов Пример Тестович",
        "王小例",
    ]
    assert [n.full for n in people[0].names[1:]] == ["أبو مثال", "ABU MITHAL"]
    assert people[0].nationalities == ["TN", "MA"]
    assert people[2].date_of_birth == PartialDate(1990, 12, 31)


def test_scripts_round_trip_through_writer_and_every_encoding() -> None:
    source = read_persons_csv((DATA / "persons_utf8_bom.csv").read_bytes())
    text = write_persons_csv(source.items)
    for encoding in ("utf-8", "utf-8-sig", "utf-16"):
        again = read_persons_csv(text.encode(encoding))
        assert again.errors == []
        assert [row.record for row in again.items] == [row.record for row in source.items]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters_are_sniffed(delimiter: str) -> None:
    text = delimiter.join(["name", "status", "nationalities"]) + "\n"
    text += delimiter.join(["DOE JOHN", "wanted", "FR|DE"]) + "\n"
    r = read_persons_csv(text)
    assert r.errors == []
    assert _person(r.items[0]).nationalities == ["FR", "DE"]


def test_header_is_case_and_spacing_insensitive() -> None:
    r = read_persons_csv("NAME, Date of Birth ,STATUS\nDOE JOHN,1980,Wanted\n")
    assert r.errors == []
    assert _person(r.items[0]).date_of_birth == PartialDate(1980)


def test_unknown_column_lists_the_known_ones() -> None:
    with pytest.raises(InvalidInput) as info:
        read_persons_csv("name,status,date_of_brith\nDOE,wanted,1980\n")
    message = str(info.value)
    assert message.startswith("line 1: unknown column 'date_of_brith'; known columns: name, ")
    assert "date_of_birth" in message and "expires_on" in message


def test_missing_and_duplicate_columns() -> None:
    with pytest.raises(InvalidInput) as info:
        read_persons_csv("name,name,sex\nDOE,DOE,M\n")
    assert info.value.errors == [
        "line 1: column 'name' appears twice",
        "line 1: missing required column 'status'",
    ]


def test_empty_file_is_refused() -> None:
    with pytest.raises(InvalidInput, match="header line"):
        read_persons_csv(b"\n\n")


def test_cell_errors_name_line_and_column_and_skip_the_row() -> None:
    text = (
        "name,status,date_of_birth,sex,nationalities,document_number,document_issuing_state,"
        "access,access_entities,confidentiality,handling,purpose,expires_on\n"
        "DOE JOHN,wanted,1980-02-30,Z,FR|QQ,,,,,,,,\n"
        "\n"
        "ROE JANE,fugitive,1980,F,FR,A-1|B-2,FR,allow,,secret,H9,fishing,2030-13-01\n"
        ",wanted,,,,,,,,,,,\n"
        "GOOD ONE,missing,1975-06,M,tun,X1,TN,deny,FR|IPSG,restricted,H2,border_control,"
        "2030-01-31\n"
        "TOO,MANY,CELLS,,,,,,,,,,,,\n"
    )
    r = read_persons_csv(text)
    assert _errors(r) == [
        "line 2, column date_of_birth: '1980-02-30' is not a valid date: "
        "day is out of range for month",
        "line 2, column sex: unknown sex 'Z': use M, F or U",
        "line 2, column nationalities: item 2: unknown country code 'QQ': use an ISO 3166 "
        "alpha-2 or alpha-3 code",
        "line 4, column status: unknown status 'fugitive'; use one of wanted, suspect, "
        "convicted, missing, witness, unidentified, threat, sanctioned",
        "line 4, column document_issuing_state: 2 document numbers but 1 issuing states",
        "line 4, column access_entities: access allow needs at least one NCB or entity",
        "line 4, column confidentiality: unknown confidentiality 'secret'; use one of "
        "official_use, restricted, confidential",
        "line 4, column handling: item 1: unknown handling code 'H9'; use H0, H1, H2 or H3",
        "line 4, column purpose: unknown purpose 'fishing'; use one of locate_wanted, identify, "
        "investigation, alert, identify_body, forensics, security_check, analysis, "
        "border_control",
        "line 4, column expires_on: '2030-13-01' is not a date YYYY-MM-DD",
        "line 5, column name: a name is required",
        "line 7: 15 cells but the header has 13 columns (2 too many); row skipped",
    ]
    (row,) = r.items
    assert row.line == 6
    assert _person(row).nationalities == ["TN"]
    assert row.policy == PolicyFields(
        access=AccessMode.DENY,
        access_entities=frozenset({"FR", "IPSG"}),
        confidentiality=Confidentiality.RESTRICTED,
        handling=frozenset({HandlingCode.H2}),
        purpose=Purpose.BORDER_CONTROL,
        expires_on=dt.date(2030, 1, 31),
    )


def test_policy_fields_to_policy() -> None:
    fields = PolicyFields(
        access=AccessMode.ALLOW, access_entities=frozenset({"DE"}), expires_on=dt.date(2030, 1, 31)
    )
    policy = fields.to_policy("FR")
    assert policy.owner == "FR"
    assert policy.access is AccessMode.ALLOW
    assert policy.entities == frozenset({"DE"})
    assert policy.confidentiality is Confidentiality.RESTRICTED
    assert policy.expires_at == dt.datetime(2030, 1, 31, tzinfo=dt.UTC)
    assert PolicyFields().to_policy("FR") == Policy(owner="FR")
    assert PolicyFields.from_policy(policy).to_policy("FR") == policy


def test_model_length_limit_is_reported_per_column() -> None:
    r = read_persons_csv(f"name,status,remarks\n{'A' * 201},wanted,{'B' * 4001}\n")
    assert _errors(r) == ["line 2, column name: too long: at most 200 characters"]
    r = read_persons_csv(f"name,status,remarks\nDOE,wanted,{'B' * 4001}\n")
    assert _errors(r) == ["line 2, column remarks: too long: at most 4000 characters"]


def test_hostile_strings() -> None:
    text = (
        "name,status,remarks,aliases\n"
        '"DOE\u202eNHOJ",wanted,,\n'
        '"DOE\x07JOHN",wanted,,\n'
        "FORMULA TEST,wanted,\"=cmd|' /C calc'!A0\",@SUM(1+1)|+1|-1\n"
        '"MULTI\nLINE",wanted,"line one\nline two",\n'
    )
    r = read_persons_csv(text)
    assert _errors(r) == [
        "line 2, column name: contains control or bidirectional-override characters",
        "line 3, column name: contains control or bidirectional-override characters",
    ]
    formula, multi = (_person(row) for row in r.items)
    assert formula.remarks == "=cmd|' /C calc'!A0"  # stored as given
    assert [n.full for n in formula.names[1:]] == ["@SUM(1+1)", "+1", "-1"]
    assert [row.line for row in r.items] == [4, 5]
    assert multi.remarks == "line one\nline two"
    exported = write_persons_csv(r.items)
    assert "'=cmd|' /C calc'!A0" in exported
    assert "'@SUM(1+1)|+1|-1" in exported
    back = read_persons_csv(exported)
    assert [row.record for row in back.items] == [formula, multi]


def test_neutralise_cell() -> None:
    assert neutralise_cell("=1+1") == "'=1+1"
    assert neutralise_cell("'=1+1") == "''=1+1"
    assert neutralise_cell("-2") == "'-2"
    assert neutralise_cell("\tTAB") == "'\tTAB"
    assert neutralise_cell("DOE\u202eX\x00") == "DOE\ufffdX\ufffd"
    assert neutralise_cell("O'BRIEN") == "O'BRIEN"


def test_list_escapes_round_trip() -> None:
    items = ["A|B", "C\\D", "E"]
    assert split_list(join_list(items)) == items
    assert split_list(" a | | b ") == ["a", "b"]


def test_size_and_row_limits() -> None:
    big = b"name,status\n" + b"DOE JOHN,wanted\n" * 1000
    with pytest.raises(InvalidInput, match="the limit is 1,000 bytes"):
        read_persons_csv(big, max_bytes=1000)
    with pytest.raises(InvalidInput, match="line 12: more than 10 rows"):
        read_persons_csv(big, max_rows=10)
    assert len(read_persons_csv(big).items) == 1000


def test_binary_file_is_refused() -> None:
    with pytest.raises(InvalidInput, match="binary"):
        read_persons_csv(b"PK\x03\x04\x00\x00\x08\x00name,status")


def test_explicit_encoding() -> None:
    data = "name,status\nŁUCZAK Łucja,wanted\n".encode("cp1250")
    assert _person(read_persons_csv(data, encoding="cp1250").items[0]).primary_name.full == (
        "ŁUCZAK Łucja"
    )
    with pytest.raises(InvalidInput, match="cannot be read as ascii"):
        read_persons_csv(data, encoding="ascii")


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1252", "name\nMüller Françoise; José Núñez; œuvre €\n"),
        ("cp1251", "name\nИванов Пётр Сергеевич\n"),
        ("cp1256", "name\nمحمد عبد الله\n"),
        ("gb18030", "name\n王小明\n"),
        ("cp1250", "name\nŁukasz Wałęsa Żółć\n"),
        ("utf-16-le", "name\nDOE\n"),
        ("utf-16-be", "name\nDOE\n"),
    ],
)
def test_encoding_detection(encoding: str, text: str) -> None:
    assert decode_bytes(text.encode(encoding)).text == text


def test_documents_csv_and_round_trip() -> None:
    r = read_documents_csv((DATA / "documents.csv").read_bytes())
    assert r.errors == []
    first, second = r.items
    assert isinstance(first.record, TravelDocument)
    assert (first.record.number, first.record.issuing_state) == ("X1234567", "FR")
    assert first.record.status is DocumentStatus.STOLEN
    assert first.record.reported_on == PartialDate(2024, 5)
    assert first.policy.confidentiality is Confidentiality.CONFIDENTIAL
    assert first.policy.purpose is Purpose.BORDER_CONTROL
    assert isinstance(second.record, TravelDocument)
    assert second.record.number == "AB123456"
    assert second.record.type is DocumentType.ID_CARD
    again = read_documents_csv(write_documents_csv(r.items, delimiter=";"))
    assert again.errors == []
    assert again.items == r.items


def test_documents_csv_errors() -> None:
    r = read_documents_csv("number,issuing_state,status,type\nX-1?,QQ,found,Z\n,FR,lost,\n")
    assert _errors(r) == [
        "line 2, column type: unknown document type 'Z': use P, I, V or O",
        "line 2, column issuing_state: unknown country code 'QQ': use an ISO 3166 alpha-2 or "
        "alpha-3 code",
        "line 2, column status: unknown status 'found'; use one of stolen, lost, revoked, "
        "invalid, stolen_blank",
        "line 3, column number: a value is required",
    ]
    bad = read_documents_csv("number,issuing_state,status\nX-1?,FR,lost\n")
    assert _errors(bad) == [
        "line 2, column number: a document number holds only letters A-Z and digits"
    ]


def test_manifest_csv() -> None:
    r = read_manifest_csv((DATA / "manifest.csv").read_bytes())
    anna, jean, captain = r.items
    assert anna.nationality == "UT" and anna.document_expiry == dt.date(2012, 4, 15)
    assert anna.full_name == "ERIKSSON ANNA MARIA" and anna.source == "line 2"
    assert jean.document_type is DocumentType.PASSPORT
    assert captain.role is TravellerRole.CREW and captain.date_of_birth == PartialDate(1970)
    assert captain.sex is Sex.UNKNOWN and captain.nationality is None
    assert _errors(r) == [
        "line 4, column nationality: unknown country code 'QQQ'; field left empty"
    ]
    again = read_manifest_csv(write_manifest_csv(r.items))
    assert again.errors == []
    assert again.items == r.items


def test_manifest_skips_travellers_without_name_or_valid_birth_date() -> None:
    r = read_manifest_csv("surname,date_of_birth\n,1980\nDOE,1980-99\nROE,\n")
    assert [t.surname for t in r.items] == ["ROE"]
    assert _errors(r) == [
        "line 2, column surname: a surname is required; traveller skipped",
        "line 3, column date_of_birth: '1980-99' is not a valid date: month 99 is not between "
        "1 and 12",
    ]
