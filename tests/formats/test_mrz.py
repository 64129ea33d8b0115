"""MRZ: ICAO specimens, every check digit, structural errors, generator round trips."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passerelle.formats.mrz import (
    MrzData,
    char_value,
    check_digit,
    make_td1,
    make_td2,
    make_td3,
    mrz_to_traveller,
    parse_mrz,
)
from passerelle.model.dates import PartialDate
from passerelle.model.errors import InvalidInput
from passerelle.model.records import DocumentType, Sex

TODAY = dt.date(2025, 7, 15)
TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"


def test_check_digits_of_the_td3_specimen() -> None:
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
    assert check_digit("120415") == "9"
    assert check_digit("ZE184226B<<<<<") == "1"
    assert check_digit(TD3[1][0:10] + TD3[1][13:20] + TD3[1][21:43]) == "0"


def test_check_digit_refuses_characters_outside_the_mrz_set() -> None:
    with pytest.raises(ValueError, match="invalid MRZ character"):
        check_digit("AB-1")


def test_td3_specimen() -> None:
    r = parse_mrz("\n".join(TD3), today=TODAY)
    assert r.format == "TD3"
    assert r.valid
    assert r.check_errors == []
    assert r.field_errors == []
    assert (r.document_code, r.issuing_state_code, r.issuing_state) == ("P", "UTO", "UT")
    assert (r.surname, r.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert r.document_number == "L898902C3"
    assert (r.nationality_code, r.nationality) == ("UTO", "UT")
    assert r.date_of_birth == PartialDate(1974, 8, 12)
    assert r.sex is Sex.FEMALE
    assert r.expiry_date == dt.date(2012, 4, 15)
    assert r.optional_data == "ZE184226B"


def test_td1_specimen() -> None:
    r = parse_mrz("\n".join(TD1), today=TODAY)
    assert r.format == "TD1"
    assert r.valid
    assert r.document_code == "I"
    assert r.issuing_state_code == "UTO"
    assert r.document_number == "D23145890"
    assert (r.surname, r.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert r.date_of_birth == PartialDate(1974, 8, 12)
    assert r.expiry_date == dt.date(2012, 4, 15)
    assert r.nationality == "UT"


def test_whitespace_and_lowercase_are_tolerated() -> None:
    text = "\n\n   " + TD3[0].lower() + "  \r\n\t" + TD3[1].lower() + "   \n"
    assert parse_mrz(text, today=TODAY).valid


def test_whole_zone_on_one_line() -> None:
    assert parse_mrz("".join(TD3), today=TODAY).format == "TD3"
    assert parse_mrz("".join(TD1), today=TODAY).format == "TD1"


# Positions covered by a check digit (0-based line, 0-based column), per format.
TD3_COVERED = [(1, c) for c in [*range(0, 10), *range(13, 20), *range(21, 44)]]
TD1_COVERED = [(0, c) for c in range(5, 30)] + [
    (1, c) for c in [*range(0, 7), *range(8, 15), *range(18, 30)]
]


def _corruptions(lines: tuple[str, ...], covered: list[tuple[int, int]]):  # type: ignore[no-untyped-def]
    for line, col in covered:
        old = lines[line][col]
        for new in ALPHABET:
            # A substitution changing the value by a multiple of 10 is invisible to the 7-3-1
            # scheme by construction (e.g. '<' <-> '0', 'A' <-> '0'): ICAO's limitation, not ours.
            if (char_value(new) - char_value(old)) % 10 == 0:
                continue
            changed = list(lines)
            changed[line] = changed[line][:col] + new + changed[line][col + 1 :]
            yield line, col, new, "\n".join(changed)


@pytest.mark.parametrize(
    ("lines", "covered"), [(TD3, TD3_COVERED), (TD1, TD1_COVERED)], ids=["TD3", "TD1"]
)
def test_every_detectable_single_character_corruption_is_reported(
    lines: tuple[str, ...], covered: list[tuple[int, int]]
) -> None:
    count = 0
    for line, col, new, text in _corruptions(lines, covered):
        result = parse_mrz(text, today=TODAY)
        assert result.check_errors, f"line {line + 1} col {col + 1} -> {new!r} not detected"
        count += 1
    assert count > 1000


def test_each_failing_check_digit_is_named() -> None:
    # Change the date of birth: its own check digit and the composite both fail.
    text = TD3[0] + "\n" + TD3[1][:13] + "740813" + TD3[1][19:]
    r = parse_mrz(text, today=TODAY)
    assert [e.split(":")[0] for e in r.check_errors] == ["date of birth", "composite"]
    assert not r.valid
    assert r.date_of_birth == PartialDate(1974, 8, 13)  # reported, not fatal
    bad = TD3[1][:9] + "7" + TD3[1][10:27] + "0" + TD3[1][28:42] + "9" + TD3[1][43:]
    names = [e.split(":")[0] for e in parse_mrz(TD3[0] + "\n" + bad).check_errors]
    assert names == ["document number", "expiry date", "personal number", "composite"]


def test_check_digit_that_is_not_a_digit() -> None:
    text = TD3[0] + "\n" + TD3[1][:9] + "X" + TD3[1][10:]
    assert "document number: check digit 'X' is not a digit" in parse_mrz(text).check_errors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TD3[0] + "\n" + TD3[1][:-1], "line 2 has 43 characters; TD3 lines have 44"),
        (TD1[0] + "\n" + TD1[1] + "\n" + TD1[2] + "<", "line 3 has 31 characters; TD1"),
        (TD3[0], "1 lines found"),
        ("\n".join([*TD1, TD1[2]]), "4 lines found"),
        ("", "0 lines found"),
    ],
)
def test_wrong_shape_is_refused_with_the_line(text: str, expected: str) -> None:
    with pytest.raises(InvalidInput, match=expected):
        parse_mrz(text)


def test_invalid_characters_name_line_and_position() -> None:
    text = TD3[0] + "\n" + TD3[1][:16] + "$" + TD3[1][17:]
    with pytest.raises(InvalidInput) as info:
        parse_mrz(text)
    assert "line 2, position 17: invalid character '$'" in str(info.value)
    assert info.value.errors == [
        "line 2, position 17: invalid character '$' (an MRZ holds only A-Z, 0-9 and <)"
    ]


def test_unknown_state_is_a_field_error_not_fatal() -> None:
    data = MrzData("DOE", "JOHN", "X1234567", "QQQ", "UTO", dt.date(1980, 1, 2), "M", None)
    r = parse_mrz("\n".join(make_td3(data)), today=TODAY)
    assert r.check_errors == []
    assert r.issuing_state_code == "QQQ"
    assert r.issuing_state is None
    assert r.field_errors == ["issuing state: unknown country code 'QQQ'"]


def test_century_inference() -> None:
    data = MrzData("DOE", "JANE", "X1", "D", "D", dt.date(2024, 1, 2), "F", dt.date(2034, 1, 1))
    lines = "\n".join(make_td3(data))
    assert parse_mrz(lines, today=TODAY).date_of_birth == PartialDate(2024, 1, 2)
    # Seen from 2023, a birth year '24' cannot be in the future: 1924.
    assert parse_mrz(lines, today=dt.date(2023, 1, 1)).date_of_birth == PartialDate(1924, 1, 2)
    assert parse_mrz(lines, today=TODAY).issuing_state == "DE"


def test_unknown_day_and_month_of_birth() -> None:
    data = MrzData("DOE", "JANE", "X1", "UTO", "UTO", PartialDate(1975), "<", None)
    r = parse_mrz("\n".join(make_td3(data)), today=TODAY)
    assert r.valid
    assert r.date_of_birth == PartialDate(1975)
    assert r.sex is Sex.UNKNOWN
    assert r.expiry_date is None


def test_invalid_date_is_a_field_error() -> None:
    line2 = TD3[1][:13] + "741332" + check_digit("741332") + TD3[1][20:]
    line2 = line2[:43] + check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    r = parse_mrz(TD3[0] + "\n" + line2, today=TODAY)
    assert r.check_errors == []
    assert r.date_of_birth is None
    assert r.field_errors[0].startswith("date of birth: '741332' is not a valid date")


def test_td1_long_document_number_overflows_into_optional_data() -> None:
    data = MrzData(
        "DOE",
        "JOHN",
        "AB123456789012",
        "UTO",
        "UTO",
        dt.date(1980, 1, 2),
        "M",
        dt.date(2030, 1, 1),
        document_code="I",
    )
    lines = make_td1(data)
    assert lines[0][14] == "<"
    r = parse_mrz("\n".join(lines), today=TODAY)
    assert r.valid
    assert r.document_number == "AB123456789012"


def test_td2_round_trip() -> None:
    data = MrzData(
        "MARTIN",
        "PAUL ANDRE",
        "Z9876543",
        "D",
        "FRA",
        dt.date(1990, 5, 6),
        "M",
        dt.date(2031, 2, 3),
        document_code="I",
    )
    r = parse_mrz("\n".join(make_td2(data)), today=TODAY)
    assert r.format == "TD2"
    assert r.valid
    assert (r.surname, r.given_names, r.nationality) == ("MARTIN", "PAUL ANDRE", "FR")


def test_generator_transliterates_and_reproduces_the_specimen() -> None:
    data = MrzData(
        "Eriksson",
        "Anna Maria",
        "L898902C3",
        "UTO",
        "UTO",
        dt.date(1974, 8, 12),
        "F",
        dt.date(2012, 4, 15),
        optional_data="ZE184226B",
    )
    assert make_td3(data) == TD3
    assert (
        make_td1(
            MrzData(
                "ERIKSSON",
                "ANNA MARIA",
                "D23145890",
                "UTO",
                "UTO",
                dt.date(1974, 8, 12),
                "F",
                dt.date(2012, 4, 15),
                document_code="I",
            )
        )
        == TD1
    )
    accented = MrzData("Müller-Lüdenscheidt", "José", "1", "D", "D", None, "M", None)
    assert make_td3(accented)[0].startswith("P<D<<MULLER<LUDENSCHEIDT<<JOSE<")


def test_mrz_to_traveller_is_picklable() -> None:
    t = mrz_to_traveller(parse_mrz("\n".join(TD3), today=TODAY), source="scan 1")
    assert t.full_name == "ERIKSSON ANNA MARIA"
    assert t.document_type is DocumentType.PASSPORT
    assert (t.document_issuing_state, t.nationality) == ("UT", "UT")
    assert t.document_expiry == dt.date(2012, 4, 15)
    assert pickle.loads(pickle.dumps(t)) == t  # noqa: S301


_names = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12)
_states = st.sampled_from(["UTO", "FRA", "DEU", "TUN", "MAR", "D"])
_births = st.dates(min_value=dt.date(1927, 1, 1), max_value=TODAY)
_expiries = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2070, 12, 31))


@st.composite
def _mrz_data(draw: st.DrawFn) -> MrzData:
    return MrzData(
        surname=draw(_names),
        given_names=" ".join(draw(st.lists(_names, min_size=0, max_size=2))),
        document_number=draw(st.text(alphabet=ALPHABET[:36], min_size=1, max_size=9)),
        issuing_state=draw(_states),
        nationality=draw(_states),
        date_of_birth=draw(_births),
        sex=draw(st.sampled_from(["M", "F", "<"])),
        expiry_date=draw(_expiries),
        optional_data=draw(st.text(alphabet=ALPHABET[:36], max_size=14)),
    )


@settings(max_examples=200, deadline=None)
@given(_mrz_data(), st.sampled_from(["TD1", "TD2", "TD3"]))
def test_generator_parser_round_trip(data: MrzData, fmt: str) -> None:
    if fmt == "TD1":  # keep room for a number overflowing into the optional data
        data = dataclasses.replace(data, optional_data=data.optional_data[:5])
    maker = {"TD1": make_td1, "TD2": make_td2, "TD3": make_td3}[fmt]
    r = parse_mrz("\n".join(maker(data)), today=TODAY)
    assert r.format == fmt
    assert r.check_errors == []
    assert r.field_errors == []
    width = {"TD1": 30, "TD2": 31, "TD3": 39}[fmt]
    if len(data.surname) + 2 + len(data.given_names) <= width:
        assert r.surname == data.surname
        assert r.given_names == data.given_names
    assert r.document_number == data.document_number
    assert r.date_of_birth == PartialDate.from_date(data.date_of_birth)  # type: ignore[arg-type]
    assert r.expiry_date == data.expiry_date
    assert r.sex.value == (data.sex if data.sex != "<" else "U")
