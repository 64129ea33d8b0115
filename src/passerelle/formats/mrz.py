"""ICAO Doc 9303 machine-readable zones: TD1 (3x30), TD2 (2x36) and TD3 (2x44).

Written from the specification (the ``mrz`` PyPI package is GPL). A wrong check digit is the most
useful fact an MRZ can tell a border officer (a forged or mis-read document), so it is reported in
``check_errors``, never ignored and never fatal. Only text that cannot be an MRZ at all (wrong
number or length of lines, characters outside ``A-Z 0-9 <``) raises ``InvalidInput``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from passerelle.formats._common import (
    document_state,
    parse_document_type,
    parse_sex,
    parse_yymmdd_birth,
    parse_yymmdd_expiry,
)
from passerelle.formats.travellers import Traveller, TravellerRole
from passerelle.model.dates import PartialDate
from passerelle.model.errors import InvalidInput
from passerelle.model.records import Sex

_WEIGHTS = (7, 3, 1)
_VALID = re.compile(r"[A-Z0-9<]")
#: Line count and length of each format.
FORMATS = {"TD1": (3, 30), "TD2": (2, 36), "TD3": (2, 44)}


def char_value(ch: str) -> int:
    """Value of one MRZ character in the check-digit sum: 0-9, A=10 ... Z=35, ``<`` = 0."""
    if ch.isdigit() and ch.isascii():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - 55
    if ch == "<":
        return 0
    raise ValueError(f"invalid MRZ character {ch!r}")


def check_digit(field_text: str) -> str:
    """ICAO 9303 check digit: weights 7, 3, 1 repeating, sum modulo 10."""
    total = sum(char_value(ch) * _WEIGHTS[i % 3] for i, ch in enumerate(field_text))
    return str(total % 10)


@dataclass(frozen=True, slots=True)
class MrzResult:
    """The fields of one MRZ, as printed, plus what failed.

    ``issuing_state_code`` and ``nationality_code`` keep the code as printed (``UTO``, ``D``);
    ``issuing_state`` and ``nationality`` are the normalised alpha-2 (``None`` when unknown, with
    an entry in ``field_errors``). ``check_errors`` has one entry per failing check digit, named.
    """

    format: str
    document_code: str
    issuing_state_code: str
    issuing_state: str | None
    surname: str
    given_names: str
    document_number: str
    nationality_code: str
    nationality: str | None
    date_of_birth: PartialDate | None
    sex: Sex
    expiry_date: dt.date | None
    optional_data: str
    optional_data_2: str = ""
    check_errors: list[str] = field(default_factory=list)
    field_errors: list[str] = field(default_factory=list)
    lines: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        """Every check digit agrees and every field could be read."""
        return not self.check_errors and not self.field_errors

    @property
    def name_as_written(self) -> str:
        return " ".join(p for p in (self.surname, self.given_names) if p)


def _split_lines(text: str) -> list[str]:
    lines = [ln.strip().upper() for ln in text.strip().splitlines() if ln.strip()]
    if len(lines) == 1:  # the whole zone on one line, as some readers send it
        single = lines[0]
        for count, length in FORMATS.values():
            if len(single) == count * length:
                return [single[i : i + length] for i in range(0, len(single), length)]
    return lines


def _detect(lines: list[str]) -> str:
    lengths = [len(ln) for ln in lines]
    for fmt, (count, length) in FORMATS.items():
        if len(lines) == count and all(n == length for n in lengths):
            return fmt
    problems = []
    if len(lines) == 3:
        problems = [
            f"line {i} has {n} characters; TD1 lines have 30"
            for i, n in enumerate(lengths, 1)
            if n != 30
        ]
    elif len(lines) == 2:
        target = 44 if max(lengths) > 40 else 36
        fmt = "TD3" if target == 44 else "TD2"
        problems = [
            f"line {i} has {n} characters; {fmt} lines have {target}"
            for i, n in enumerate(lengths, 1)
            if n != target
        ]
    else:
        problems = [f"{len(lines)} lines found; an MRZ has 2 (TD2, TD3) or 3 (TD1) lines"]
    raise InvalidInput("not a machine-readable zone: " + "; ".join(problems), errors=problems)


def _check_chars(lines: list[str]) -> None:
    problems = [
        f"line {i}, position {pos}: invalid character {ch!r} (an MRZ holds only A-Z, 0-9 and <)"
        for i, line in enumerate(lines, 1)
        for pos, ch in enumerate(line, 1)
        if not _VALID.fullmatch(ch)
    ]
    if problems:
        raise InvalidInput(
            problems[0] if len(problems) == 1 else f"{problems[0]} (and {len(problems) - 1} more)",
            errors=problems,
        )


def _clean(text: str) -> str:
    return text.replace("<", " ").strip()


def _name(text: str) -> tuple[str, str]:
    primary, _, secondary = text.partition("<<")
    return _clean(primary), " ".join(secondary.replace("<", " ").split())


class _Reader:
    """Collects check and field errors while the fields are sliced out."""

    def __init__(self, today: dt.date | None) -> None:
        self.today = today
        self.check_errors: list[str] = []
        self.field_errors: list[str] = []

    def check(self, name: str, data: str, digit: str, *, blank_ok: bool = False) -> None:
        if blank_ok and data.strip("<") == "" and digit in "<0":
            return
        if not digit.isdigit():
            self.check_errors.append(f"{name}: check digit {digit!r} is not a digit")
            return
        expected = check_digit(data)
        if digit != expected:
            self.check_errors.append(f"{name}: check digit is {digit}, expected {expected}")

    def state(self, name: str, code: str) -> str | None:
        try:
            return document_state(code)
        except ValueError as exc:
            self.field_errors.append(f"{name}: {exc}")
            return None

    def dob(self, text: str) -> PartialDate | None:
        if text == "<<<<<<":
            return None
        try:
            return parse_yymmdd_birth(text, self.today)
        except ValueError as exc:
            self.field_errors.append(f"date of birth: {exc}")
            return None

    def expiry(self, text: str) -> dt.date | None:
        if text == "<<<<<<":
            return None
        try:
            return parse_yymmdd_expiry(text, self.today)
        except ValueError as exc:
            self.field_errors.append(f"expiry date: {exc}")
            return None

    def sex(self, code: str) -> Sex:
        try:
            return parse_sex(code)
        except ValueError as exc:
            self.field_errors.append(f"sex: {exc}")
            return Sex.UNKNOWN


def parse_mrz(text: str, *, today: dt.date | None = None) -> MrzResult:
    """Read a TD1, TD2 or TD3 MRZ; ``today`` fixes the century inference (tests)."""
    lines = _split_lines(text)
    _check_chars(lines)
    fmt = _detect(lines)
    rd = _Reader(today)
    if fmt == "TD1":
        return _parse_td1(lines, rd)
    return _parse_two_line(fmt, lines, rd)


def _parse_two_line(fmt: str, lines: list[str], rd: _Reader) -> MrzResult:
    l1, l2 = lines
    end = len(l2) - 1  # position of the composite check digit (0-based)
    number, optional = l2[0:9], l2[28 : end - (1 if fmt == "TD3" else 0)]
    rd.check("document number", number, l2[9])
    rd.check("date of birth", l2[13:19], l2[19])
    rd.check("expiry date", l2[21:27], l2[27])
    if fmt == "TD3":
        rd.check("personal number", optional, l2[42], blank_ok=True)
    rd.check("composite", l2[0:10] + l2[13:20] + l2[21:end], l2[end])
    surname, given = _name(l1[5:])
    return MrzResult(
        format=fmt,
        document_code=_clean(l1[0:2]),
        issuing_state_code=_clean(l1[2:5]),
        issuing_state=rd.state("issuing state", l1[2:5]),
        surname=surname,
        given_names=given,
        document_number=_clean(number),
        nationality_code=_clean(l2[10:13]),
        nationality=rd.state("nationality", l2[10:13]),
        date_of_birth=rd.dob(l2[13:19]),
        sex=rd.sex(l2[20]),
        expiry_date=rd.expiry(l2[21:27]),
        optional_data=_clean(optional),
        check_errors=rd.check_errors,
        field_errors=rd.field_errors,
        lines=tuple(lines),
    )


def _parse_td1(lines: list[str], rd: _Reader) -> MrzResult:
    l1, l2, l3 = lines
    number, number_check, optional = l1[5:14], l1[14], l1[15:30]
    if number_check == "<" and optional.strip("<"):
        # A number longer than 9 characters continues in the optional data, then its check digit.
        overflow = optional.split("<", 1)[0]
        number, number_check = number + overflow[:-1], overflow[-1]
        optional = optional[len(overflow) :]
    rd.check("document number", number, number_check)
    rd.check("date of birth", l2[0:6], l2[6])
    rd.check("expiry date", l2[8:14], l2[14])
    rd.check("composite", l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29])
    surname, given = _name(l3)
    return MrzResult(
        format="TD1",
        document_code=_clean(l1[0:2]),
        issuing_state_code=_clean(l1[2:5]),
        issuing_state=rd.state("issuing state", l1[2:5]),
        surname=surname,
        given_names=given,
        document_number=_clean(number),
        nationality_code=_clean(l2[15:18]),
        nationality=rd.state("nationality", l2[15:18]),
        date_of_birth=rd.dob(l2[0:6]),
        sex=rd.sex(l2[7]),
        expiry_date=rd.expiry(l2[8:14]),
        optional_data=_clean(optional),
        optional_data_2=_clean(l2[18:29]),
        check_errors=rd.check_errors,
        field_errors=rd.field_errors,
        lines=tuple(lines),
    )


def mrz_to_traveller(
    result: MrzResult, *, role: TravellerRole = TravellerRole.PASSENGER, source: str = "mrz"
) -> Traveller:
    """The traveller an MRZ describes, for screening; check errors stay on the ``MrzResult``."""
    try:
        doc_type = parse_document_type(result.document_code)
    except ValueError:
        doc_type = None
    return Traveller(
        surname=result.surname,
        given_names=result.given_names,
        full_name=result.name_as_written,
        date_of_birth=result.date_of_birth,
        sex=result.sex,
        nationality=result.nationality,
        document_number=result.document_number or None,
        document_type=doc_type,
        document_issuing_state=result.issuing_state,
        document_expiry=result.expiry_date,
        role=role,
        source=source,
    )


# --- generator ------------------------------------------------------------------------------


def mrz_text(value: str) -> str:
    """Latin text to MRZ characters: accents dropped, upper case, anything else becomes ``<``.

    Enough for synthetic documents; real issuers apply Doc 9303 Part 3 transliteration tables.
    """
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.upper().replace("'", "")
    return re.sub(r"[^A-Z0-9<]", "<", ascii_text)


def _pad(value: str, width: int) -> str:
    return mrz_text(value)[:width].ljust(width, "<")


def _name_field(surname: str, given_names: str, width: int) -> str:
    given = "<".join(mrz_text(given_names).replace("<", " ").split())
    name = "<".join(mrz_text(surname).replace("<", " ").split())
    return _pad(f"{name}<<{given}" if given else name, width)


def _yymmdd(value: dt.date | PartialDate | None) -> str:
    if value is None:
        return "<<<<<<"
    if isinstance(value, PartialDate):
        month = f"{value.month:02d}" if value.month else "<<"
        day = f"{value.day:02d}" if value.day else "<<"
        return f"{value.year % 100:02d}{month}{day}"
    return value.strftime("%y%m%d")


def _with_check(value: str) -> str:
    return value + check_digit(value)


@dataclass(frozen=True, slots=True)
class MrzData:
    """What a generated MRZ says. Codes are as printed (3-letter ICAO codes, e.g. ``UTO``)."""

    surname: str
    given_names: str
    document_number: str
    issuing_state: str
    nationality: str
    date_of_birth: dt.date | PartialDate | None
    sex: str
    expiry_date: dt.date | None
    document_code: str = "P"
    optional_data: str = ""
    optional_data_2: str = ""


def make_td3(data: MrzData) -> tuple[str, str]:
    """A valid TD3 (passport) MRZ, check digits computed: for tests and synthetic manifests."""
    line1 = _pad(data.document_code, 2) + _pad(data.issuing_state, 3)
    line1 += _name_field(data.surname, data.given_names, 39)
    optional = _pad(data.optional_data, 14)
    opt_check = "<" if optional == "<" * 14 else check_digit(optional)
    head = _with_check(_pad(data.document_number, 9))
    line2 = head + _pad(data.nationality, 3) + _with_check(_yymmdd(data.date_of_birth))
    line2 += _pad(data.sex if data.sex in ("M", "F") else "<", 1)
    line2 += _with_check(_yymmdd(data.expiry_date)) + optional + opt_check
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    return line1, line2


def make_td2(data: MrzData) -> tuple[str, str]:
    """A valid TD2 MRZ (2 lines of 36)."""
    line1 = _pad(data.document_code, 2) + _pad(data.issuing_state, 3)
    line1 += _name_field(data.surname, data.given_names, 31)
    line2 = _with_check(_pad(data.document_number, 9)) + _pad(data.nationality, 3)
    line2 += _with_check(_yymmdd(data.date_of_birth))
    line2 += _pad(data.sex if data.sex in ("M", "F") else "<", 1)
    line2 += _with_check(_yymmdd(data.expiry_date)) + _pad(data.optional_data, 7)
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:35])
    return line1, line2


def make_td1(data: MrzData) -> tuple[str, str, str]:
    """A valid TD1 (ID card) MRZ; numbers over 9 characters overflow into the optional data."""
    number = mrz_text(data.document_number)
    if len(number) > 9:
        head = number[:9] + "<" + number[9:] + check_digit(number)
    else:
        head = _with_check(_pad(number, 9))
    line1 = _pad(data.document_code, 2) + _pad(data.issuing_state, 3) + head
    line1 = (line1 + mrz_text(data.optional_data))[:30].ljust(30, "<")
    line2 = _with_check(_yymmdd(data.date_of_birth))
    line2 += _pad(data.sex if data.sex in ("M", "F") else "<", 1)
    line2 += _with_check(_yymmdd(data.expiry_date)) + _pad(data.nationality, 3)
    line2 += _pad(data.optional_data_2, 11)
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    return line1, line2, _name_field(data.surname, data.given_names, 30)
