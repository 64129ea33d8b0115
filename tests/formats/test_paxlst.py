"""PAXLST: the DOMAIN.md example, envelopes and counts, separators, broken files, round trips."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passerelle.formats.edifact import Delimiters, tokenize
from passerelle.formats.paxlst import PaxlstHeader, parse_paxlst, write_paxlst
from passerelle.formats.travellers import Traveller, TravellerRole
from passerelle.model.dates import PartialDate
from passerelle.model.errors import InvalidInput
from passerelle.model.records import DocumentType, Sex

TODAY = dt.date(2025, 7, 15)
EXAMPLE = (Path(__file__).parent / "data" / "paxlst_domain_example.edi").read_text("ascii")


def _messages(result: object) -> list[str]:
    return [str(e) for e in result.errors]  # type: ignore[attr-defined]


def _replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_domain_example_reads_two_travellers_without_errors() -> None:
    r = parse_paxlst(EXAMPLE, today=TODAY)
    assert r.errors == []
    assert len(r.items) == 2
    anna, jean = r.items
    assert (anna.surname, anna.given_names, anna.full_name) == (
        "ERIKSSON",
        "ANNA MARIA",
        "ERIKSSON ANNA MARIA",
    )
    assert anna.date_of_birth == PartialDate(1974, 8, 12)
    assert anna.sex is Sex.FEMALE
    assert anna.nationality == "UT"
    assert anna.document_issuing_state == "UT"
    assert anna.document_number == "L898902C3"
    assert anna.document_type is DocumentType.PASSPORT
    assert anna.document_expiry == dt.date(2012, 4, 15)  # expired: a screening rule's business
    assert anna.booking_ref == "ABC123"
    assert (anna.port_of_embarkation, anna.port_of_disembarkation) == ("TUN", "MRS")
    assert anna.flight == "XY123"
    assert anna.role is TravellerRole.PASSENGER
    assert anna.source == "segment 12 (NAD), line 13"
    assert jean.nationality == "FR"
    assert jean.date_of_birth == PartialDate(1985, 3, 1)
    assert jean.document_expiry == dt.date(2030, 1, 1)
    (msg,) = r.messages
    assert (msg.reference, msg.declared_count, msg.traveller_segments) == ("PAX001", 2, 2)
    assert msg.departure == dt.datetime(2025, 7, 15, 11, 30)
    assert (r.sender, r.recipient, r.control_reference) == ("XYAIR", "FRAPIS", "000000001")


def test_example_unt_count_is_right() -> None:
    tokens = tokenize(EXAMPLE)
    tags = [s.tag for s in tokens.segments]
    assert tags.index("UNT") - tags.index("UNH") + 1 == 33


def test_one_line_interchange_without_una() -> None:
    flat = "".join(EXAMPLE.splitlines()[1:])
    r = parse_paxlst(flat, today=TODAY)
    assert r.errors == []
    assert len(r.items) == 2
    assert r.items[0].source == "segment 12 (NAD)"


def test_bytes_and_crlf() -> None:
    r = parse_paxlst(EXAMPLE.replace("\n", "\r\n").encode("ascii"), today=TODAY)
    assert r.errors == []
    assert len(r.items) == 2


def test_custom_una_separators() -> None:
    custom = EXAMPLE.replace("?", "\0").replace("'", "~").replace("+", "*").replace(":", "|")
    custom = custom.replace("\0", "!").replace("UNA|*.! ~", "UNA|*.! ~")
    assert custom.startswith("UNA|*.! ~")
    r = parse_paxlst(custom, today=TODAY)
    assert r.errors == []
    assert [t.surname for t in r.items] == ["ERIKSSON", "DUPONT"]


def test_una_with_duplicate_separators_is_refused() -> None:
    with pytest.raises(InvalidInput, match="same character twice"):
        parse_paxlst("UNA::.? 'UNB+UNOA:4'")


def test_release_character() -> None:
    text = _replace(EXAMPLE, "DUPONT:JEAN", "O?'BRIEN?+?:?? JR:JEAN")
    r = parse_paxlst(text, today=TODAY)
    assert r.errors == []
    assert r.items[1].surname == "O'BRIEN+:? JR"


def test_writer_escapes_and_custom_delimiters_round_trip() -> None:
    people = [_traveller("O'BRIEN+CO", "ANN:MARIE"), _traveller("ÅSTRÖM", "Łucja")]
    d = Delimiters("|", "*", ".", "!", " ", "~")
    for delims in (Delimiters(), d):
        text = write_paxlst(people, delimiters=delims, newlines=False)
        r = parse_paxlst(text, today=TODAY)
        assert r.errors == []
        assert [(t.surname, t.given_names) for t in r.items] == [
            ("O'BRIEN+CO", "ANN:MARIE"),
            ("ÅSTRÖM", "Łucja"),
        ]
        assert f"UNOW{delims.component}4" in text


def _traveller(surname: str, given: str, **kw: object) -> Traveller:
    base: dict[str, object] = {
        "surname": surname,
        "given_names": given,
        "full_name": f"{surname} {given}".strip(),
        "date_of_birth": PartialDate(1980, 1, 2),
        "sex": Sex.MALE,
        "nationality": "FR",
        "document_number": "X1234567",
        "document_type": DocumentType.PASSPORT,
        "document_issuing_state": "FR",
        "document_expiry": dt.date(2031, 5, 6),
        "booking_ref": "PNR001",
        "port_of_embarkation": "TUN",
        "port_of_disembarkation": "MRS",
        "flight": "XY123",
    }
    base.update(kw)
    return Traveller(**base)  # type: ignore[arg-type]


def _comparable(t: Traveller) -> Traveller:
    return dataclasses.replace(t, source="")


def test_round_trip_passengers_and_crew_in_two_messages() -> None:
    people = [
        _traveller("DOE", "JOHN"),
        _traveller(
            "ROE",
            "JANE",
            sex=Sex.FEMALE,
            nationality="UT",
            document_issuing_state="UT",
            date_of_birth=PartialDate(1975),
            document_type=DocumentType.ID_CARD,
        ),
        _traveller(
            "CAPTAIN",
            "ALEX",
            role=TravellerRole.CREW,
            date_of_birth=PartialDate(1970, 6),
            booking_ref=None,
            sex=Sex.UNKNOWN,
            nationality="XK",
        ),
        _traveller(
            "SMITH",
            "",
            date_of_birth=None,
            document_number=None,
            document_issuing_state=None,
            document_expiry=None,
            document_type=None,
        ),
    ]
    text = write_paxlst(people, PaxlstHeader(flight="ZZ9"))
    r = parse_paxlst(text, today=TODAY)
    assert r.errors == []
    assert [m.role for m in r.messages] == [TravellerRole.PASSENGER, TravellerRole.CREW]
    assert "BGM+250'" in text
    assert "CNT+41:1'" in text
    assert "CNT+42:3'" in text
    expected = [dataclasses.replace(p, flight="ZZ9") for p in people]
    expected = [p for p in expected if p.role is TravellerRole.PASSENGER] + [
        p for p in expected if p.role is TravellerRole.CREW
    ]
    assert [_comparable(t) for t in r.items] == expected
    assert all(pickle.loads(pickle.dumps(t)) == t for t in r.items)  # noqa: S301


def test_without_functional_group_unz_counts_messages() -> None:
    people = [_traveller("DOE", "JOHN"), _traveller("CREW", "ONE", role=TravellerRole.CREW)]
    text = write_paxlst(people, group=False)
    assert "UNG" not in text
    assert "UNZ+2+" in text
    r = parse_paxlst(text, today=TODAY)
    assert r.errors == []
    assert len(r.items) == 2


def test_several_messages_and_groups_counted() -> None:
    lines = EXAMPLE.splitlines()
    message = lines[3:36]  # UNH..UNT
    second = [ln.replace("PAX001", "PAX002") for ln in message]
    text = "\n".join(lines[:36] + second + ["UNE+2+1'", "UNZ+1+000000001'"])
    r = parse_paxlst(text, today=TODAY)
    assert r.errors == []
    assert len(r.items) == 4
    assert [m.reference for m in r.messages] == ["PAX001", "PAX002"]


def test_wrong_counts_are_reported_and_travellers_kept() -> None:
    text = _replace(EXAMPLE, "UNT+33+PAX001", "UNT+32+PAX001")
    text = _replace(text, "UNE+1+1", "UNE+3+1")
    text = _replace(text, "UNZ+1+000000001", "UNZ+2+000000002")
    text = _replace(text, "CNT+42:2", "CNT+42:3")
    r = parse_paxlst(text, today=TODAY)
    assert len(r.items) == 2
    assert _messages(r) == [
        "segment 34 (CNT), line 35, element 1: declares 3 travellers but 2 were found",
        "segment 35 (UNT), line 36, element 1: declares 32 segments in the message (UNH to UNT) "
        "but 33 were found",
        "segment 36 (UNE), line 37, element 1: declares 3 messages in the group but 1 were found",
        "segment 37 (UNZ), line 38, element 1: declares 2 functional groups but 1 were found",
        "segment 37 (UNZ), line 38, element 2: control reference '000000002' does not match "
        "UNB's '000000001'",
    ]


def test_wrong_message_reference_in_unt() -> None:
    r = parse_paxlst(_replace(EXAMPLE, "UNT+33+PAX001", "UNT+33+PAX009"), today=TODAY)
    assert len(r.items) == 2
    assert "message reference 'PAX009' does not match UNH's 'PAX001'" in _messages(r)[0]


def test_truncated_file_keeps_what_was_read() -> None:
    cut = EXAMPLE[: EXAMPLE.index("NAD+FL+++DUPONT") + len("NAD+FL+++DUP")]
    r = parse_paxlst(cut, today=TODAY)
    assert [t.surname for t in r.items] == ["ERIKSSON", "DUP"]
    text = "\n".join(_messages(r))
    assert "not terminated" in text
    assert "truncated" in text
    assert "message 'PAX001' has no UNT trailer" in text
    assert "group '1' has no UNE trailer" in text
    assert "interchange has no UNZ trailer" in text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "name,date_of_birth\nDOE,1980\n",
        '{"entity_id": "2024/1"}',
        "UNH+1+PAXLST'",
        "\ufeffhello",
    ],
)
def test_not_edifact_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="not a UN/EDIFACT interchange"):
        parse_paxlst(text)


def test_malformed_travellers_are_skipped_with_their_segment() -> None:
    text = _replace(EXAMPLE, "DTM+329:740812", "DTM+329:741399")
    text = _replace(text, "NAD+FL+++DUPONT:JEAN", "NAD+FL+++:JEAN")
    r = parse_paxlst(text, today=TODAY)
    assert r.items == []
    assert _messages(r) == [
        "segment 14 (DTM), line 15, element 1: date of birth: '741399' is not a valid date: "
        "month 13 is not between 1 and 12; traveller of segment 12 (NAD), line 13 skipped",
        "segment 23 (NAD), line 24, element 4: traveller has no surname "
        "(expected SURNAME:GIVEN NAMES); traveller skipped",
    ]
    assert r.messages[0].traveller_segments == 2  # CNT still agrees: both were declared


def test_lesser_faults_keep_the_traveller() -> None:
    text = _replace(EXAMPLE, "NAT+2+FRA", "NAT+2+QQQ")
    text = _replace(text, "ATT+2++M", "ATT+2++Z")
    text = _replace(text, "DTM+36:300101", "DTM+36:301301")
    r = parse_paxlst(text, today=TODAY)
    assert len(r.items) == 2
    jean = r.items[1]
    assert jean.nationality is None
    assert jean.sex is Sex.UNKNOWN
    assert jean.document_expiry is None
    assert [e.where.split(",")[0] for e in r.errors] == [
        "segment 24 (ATT)",
        "segment 29 (NAT)",
        "segment 32 (DTM)",
    ]


def test_only_the_first_document_counts() -> None:
    visa = "DOC+V:110:111+VISA999'\nDTM+36:990101'\nLOC+91+DEU'\n"
    text = _replace(EXAMPLE, "NAD+FL+++DUPONT", visa + "NAD+FL+++DUPONT")
    text = _replace(text, "UNT+33", "UNT+36")
    r = parse_paxlst(text, today=TODAY)
    assert r.errors == []
    anna = r.items[0]
    assert anna.document_number == "L898902C3"
    assert anna.document_issuing_state == "UT"


def test_non_paxlst_message_is_skipped() -> None:
    r = parse_paxlst(_replace(EXAMPLE, "PAXLST:D:05B", "CUSRES:D:05B"), today=TODAY)
    assert r.items == []
    assert "message type 'CUSRES' is not PAXLST" in _messages(r)[0]


def test_d02b_and_crew_list() -> None:
    text = _replace(EXAMPLE, "PAXLST:D:05B", "PAXLST:D:02B")
    text = _replace(text, "BGM+745", "BGM+250")
    text = text.replace("NAD+FL", "NAD+FM").replace("CNT+42", "CNT+41")
    r = parse_paxlst(text, today=TODAY)
    assert r.errors == []
    assert {t.role for t in r.items} == {TravellerRole.CREW}


def test_segment_outside_message_and_after_unz() -> None:
    text = _replace(EXAMPLE, "UNH+PAX001", "FTX+AAA+++STRAY'\nUNH+PAX001")
    text = text.replace("UNT+33", "UNT+33") + "BGM+745'\n"
    r = parse_paxlst(text, today=TODAY)
    assert len(r.items) == 2
    assert [e.message for e in r.errors] == [
        "segment outside a UNH..UNT message, ignored",
        "segment after UNZ, ignored",
    ]


def test_tokenizer_reports_bad_tags() -> None:
    tokens = tokenize("UNB+UNOA:4'\nnad+FL'\n")
    assert [str(e) for e in tokens.errors] == [
        "segment 2, line 2: 'nad' is not a segment tag (3 upper-case letters)"
    ]


_name_text = st.text(alphabet="ABCXYZ éÖЖ' +:?*~|!", min_size=1, max_size=12).map(str.strip)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            _name_text.filter(bool),
            _name_text,
            st.sampled_from(list(TravellerRole)),
            st.dates(min_value=dt.date(1927, 1, 1), max_value=TODAY),
        ),
        min_size=0,
        max_size=6,
    ),
    st.sampled_from([Delimiters(), Delimiters("|", "*", ".", "!", " ", "~")]),
    st.booleans(),
)
def test_write_parse_round_trip_property(
    rows: list[tuple[str, str, TravellerRole, dt.date]], delims: Delimiters, group: bool
) -> None:
    people = [
        _traveller(s, g, role=role, date_of_birth=PartialDate.from_date(dob))
        for s, g, role, dob in rows
    ]
    r = parse_paxlst(write_paxlst(people, delimiters=delims, group=group), today=TODAY)
    assert r.errors == []
    ordered = [p for p in people if p.role is TravellerRole.PASSENGER] + [
        p for p in people if p.role is TravellerRole.CREW
    ]
    assert [(t.surname, t.given_names, t.role, t.date_of_birth) for t in r.items] == [
        (p.surname, p.given_names, p.role, p.date_of_birth) for p in ordered
    ]
