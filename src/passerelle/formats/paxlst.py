"""UN/EDIFACT PAXLST (Advance Passenger Information), versions D02B and D05B: read and write.

Reading follows the WCO/IATA/ICAO guide's layout (see DOMAIN.md §6.1). Envelope problems (UNT,
UNE or UNZ counts and references, a missing trailer) are reported but never cost a traveller: the
people on board still need screening. A traveller whose identity cannot be read (no name, a date
of birth that is not a date) is reported with its NAD segment number and skipped; lesser faults
(unknown sex or country code, bad expiry) are reported and the field left empty.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from passerelle.formats._common import (
    document_state,
    parse_document_type,
    parse_sex,
    parse_yymmdd_birth,
    parse_yymmdd_expiry,
)
from passerelle.formats.edifact import (
    DEFAULT_DELIMITERS,
    Delimiters,
    Segment,
    serialise,
    tokenize,
)
from passerelle.formats.results import ParseError, ParseResult
from passerelle.formats.travellers import Traveller, TravellerRole
from passerelle.model.countries import registry
from passerelle.model.dates import PartialDate
from passerelle.model.records import DocumentType, Sex

#: NAD qualifiers that open a traveller (Gr4): passengers, crew, and their in-transit variants.
TRAVELLER_QUALIFIERS = {
    "FL": TravellerRole.PASSENGER,
    "DDT": TravellerRole.PASSENGER,
    "FM": TravellerRole.CREW,
    "DDU": TravellerRole.CREW,
}
LIST_TYPES = {"745": TravellerRole.PASSENGER, "250": TravellerRole.CREW}


@dataclass(frozen=True, slots=True)
class PaxlstMessage:
    """What one UNH..UNT message said about its flight, and how many travellers it held."""

    reference: str
    role: TravellerRole
    flight: str | None
    carrier: str | None
    departure_port: str | None
    departure: dt.datetime | None
    arrival_port: str | None
    arrival: dt.datetime | None
    declared_count: int | None
    traveller_segments: int
    where: str


@dataclass(slots=True)
class PaxlstResult(ParseResult[Traveller]):
    """Travellers and errors, plus the interchange's envelope for the record of the check."""

    sender: str | None = None
    recipient: str | None = None
    control_reference: str | None = None
    messages: list[PaxlstMessage] = field(default_factory=list)


def parse_paxlst(data: str | bytes, *, today: dt.date | None = None) -> PaxlstResult:
    """Read every PAXLST message of an interchange; ``today`` fixes two-digit-year inference."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("latin-1")  # UNOC/UNOB interchanges are Latin-1 or ASCII
    else:
        text = data
    tokens = tokenize(text)
    result = PaxlstResult(errors=list(tokens.errors))
    _Interchange(result, tokens.multiline, today).run(tokens.segments)
    return result


# --- reading --------------------------------------------------------------------------------


def _datetime(value: str, fmt: str) -> dt.datetime:
    digits = value.strip()
    if fmt == "203" or len(digits) == 12:
        return dt.datetime.strptime(digits, "%Y%m%d%H%M")
    if len(digits) == 10:
        return dt.datetime.strptime(digits, "%y%m%d%H%M")
    return dt.datetime.strptime(digits, "%y%m%d")


def _birth(value: str, fmt: str, today: dt.date | None) -> PartialDate:
    digits = value.strip()
    if not digits.isdigit():
        raise ValueError(f"{value!r} is not a date YYMMDD")
    if fmt == "602" or (not fmt and len(digits) == 4):
        return PartialDate(int(digits))
    if fmt == "610":
        return PartialDate(int(digits[:4]), int(digits[4:6]))
    if fmt == "102" or len(digits) == 8:
        return PartialDate.parse(f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}")
    return parse_yymmdd_birth(digits, today)


def _expiry(value: str, fmt: str, today: dt.date | None) -> dt.date:
    digits = value.strip()
    if fmt == "102" or len(digits) == 8:
        return dt.datetime.strptime(digits, "%Y%m%d").date()
    return parse_yymmdd_expiry(digits, today)


@dataclass(slots=True)
class _TravellerDraft:
    """A traveller being read: fields so far, and whether its identity is unreadable."""

    where: str
    role: TravellerRole
    surname: str = ""
    given_names: str = ""
    date_of_birth: PartialDate | None = None
    sex: Sex = Sex.UNKNOWN
    nationality: str | None = None
    document_number: str | None = None
    document_type: DocumentType | None = None
    document_issuing_state: str | None = None
    document_expiry: dt.date | None = None
    booking_ref: str | None = None
    port_of_embarkation: str | None = None
    port_of_disembarkation: str | None = None
    documents_seen: int = 0
    fatal: bool = False


@dataclass(slots=True)
class _Message:
    reference: str
    where: str
    count: int = 1  # segments so far, UNH included
    role: TravellerRole = TravellerRole.PASSENGER
    flight: str | None = None
    carrier: str | None = None
    departure_port: str | None = None
    departure: dt.datetime | None = None
    arrival_port: str | None = None
    arrival: dt.datetime | None = None
    declared: int | None = None
    nads: int = 0
    skip: bool = False
    current: _TravellerDraft | None = None


class _Interchange:
    """The envelope state machine: UNB [UNG] UNH ... UNT [UNE] UNZ, counted and cross-checked."""

    def __init__(self, result: PaxlstResult, multiline: bool, today: dt.date | None) -> None:
        self.result = result
        self.multiline = multiline
        self.today = today
        self.message: _Message | None = None
        self.group: tuple[str, str] | None = None  # reference, where
        self.group_messages = 0
        self.groups = 0
        self.messages = 0
        self.closed = False
        self.opened = False

    def error(self, seg: Segment | str, message: str, field_name: str | None = None) -> None:
        where = seg if isinstance(seg, str) else seg.where(self.multiline)
        self.result.errors.append(ParseError(where, field_name, message, "element"))

    def run(self, segments: Sequence[Segment]) -> None:
        for seg in segments:
            if self.closed:
                self.error(seg, "segment after UNZ, ignored")
                continue
            handler = getattr(self, f"_{seg.tag.lower()}", None)
            if seg.tag in ("UNB", "UNG", "UNE", "UNH", "UNT", "UNZ") and handler:
                handler(seg)
            elif self.message is not None:
                self.message.count += 1
                if not self.message.skip:
                    self._content(self.message, seg)
            else:
                self.error(seg, "segment outside a UNH..UNT message, ignored")
        end = "end of file"
        if self.message is not None:
            self.error(
                end, f"message {self.message.reference!r} has no UNT trailer (file truncated?)"
            )
            self._finish(self.message)
        if self.group is not None:
            self.error(end, f"functional group {self.group[0]!r} has no UNE trailer")
        if not self.closed:
            self.error(end, "interchange has no UNZ trailer (file truncated?)")

    # envelope ---------------------------------------------------------------------------

    def _unb(self, seg: Segment) -> None:
        if self.opened:
            self.error(seg, "second UNB: one interchange per file is read")
            return
        self.opened = True
        self.result.sender = seg.value(1) or None
        self.result.recipient = seg.value(2) or None
        self.result.control_reference = seg.value(4) or None

    def _ung(self, seg: Segment) -> None:
        if self.group is not None:
            self.error(seg, f"UNG before the UNE of group {self.group[0]!r}")
        self.group = (seg.value(4), seg.where(self.multiline))
        self.group_messages = 0
        self.groups += 1

    def _une(self, seg: Segment) -> None:
        if self.group is None:
            self.error(seg, "UNE without a UNG")
            return
        self._check_count(seg, 0, self.group_messages, "messages in the group")
        if seg.value(1) != self.group[0]:
            self.error(
                seg, f"group reference {seg.value(1)!r} does not match UNG's {self.group[0]!r}", "2"
            )
        self.group = None

    def _unh(self, seg: Segment) -> None:
        if self.message is not None:
            self.error(seg, f"message {self.message.reference!r} has no UNT trailer")
            self._finish(self.message)
        msg = _Message(seg.value(0), seg.where(self.multiline))
        kind, version = seg.value(1, 0), seg.value(1, 2)
        if kind != "PAXLST":
            self.error(seg, f"message type {kind!r} is not PAXLST; message skipped", "2")
            msg.skip = True
        elif version not in ("02B", "05B"):
            self.error(seg, f"directory D:{version} is not D02B or D05B; read as D05B", "2")
        self.message = msg
        self.messages += 1
        if self.group is not None:
            self.group_messages += 1

    def _unt(self, seg: Segment) -> None:
        msg = self.message
        if msg is None:
            self.error(seg, "UNT without a UNH")
            return
        msg.count += 1
        self._check_count(seg, 0, msg.count, "segments in the message (UNH to UNT)")
        if seg.value(1) != msg.reference:
            self.error(
                seg,
                f"message reference {seg.value(1)!r} does not match UNH's {msg.reference!r}",
                "2",
            )
        self._finish(msg)

    def _unz(self, seg: Segment) -> None:
        if self.group is not None:
            self.error(seg, f"functional group {self.group[0]!r} has no UNE trailer")
            self.group = None
        expected = self.groups if self.groups else self.messages
        what = "functional groups" if self.groups else "messages"
        self._check_count(seg, 0, expected, what)
        if seg.value(1) != (self.result.control_reference or ""):
            self.error(
                seg,
                f"control reference {seg.value(1)!r} does not match UNB's "
                f"{self.result.control_reference!r}",
                "2",
            )
        self.closed = True

    def _check_count(self, seg: Segment, index: int, actual: int, what: str) -> None:
        declared = seg.value(index)
        if not declared.isdigit():
            self.error(seg, f"count {declared!r} is not a number", str(index + 1))
        elif int(declared) != actual:
            self.error(
                seg, f"declares {int(declared)} {what} but {actual} were found", str(index + 1)
            )

    def _finish(self, msg: _Message) -> None:
        self._close_traveller(msg)
        if not msg.skip:
            self.result.messages.append(
                PaxlstMessage(
                    msg.reference,
                    msg.role,
                    msg.flight,
                    msg.carrier,
                    msg.departure_port,
                    msg.departure,
                    msg.arrival_port,
                    msg.arrival,
                    msg.declared,
                    msg.nads,
                    msg.where,
                )
            )
        self.message = None

    # content ----------------------------------------------------------------------------

    def _content(self, msg: _Message, seg: Segment) -> None:
        tag, qualifier = seg.tag, seg.value(0)
        if tag == "BGM":
            if qualifier in LIST_TYPES:
                msg.role = LIST_TYPES[qualifier]
            else:
                self.error(
                    seg,
                    f"document code {qualifier!r} is neither 745 (passengers) nor "
                    "250 (crew); read as passengers",
                    "1",
                )
        elif tag == "TDT" and qualifier == "20":
            msg.flight, msg.carrier = seg.value(1) or None, seg.value(4) or None
        elif tag == "NAD" and qualifier in TRAVELLER_QUALIFIERS:
            self._close_traveller(msg)
            msg.nads += 1
            msg.current = self._open_traveller(msg, seg)
        elif tag == "CNT":
            self._close_traveller(msg)
            self._count(msg, seg)
        elif msg.current is not None:
            self._traveller_segment(msg.current, seg)
        elif tag in ("LOC", "DTM"):
            self._flight_segment(msg, seg)

    def _flight_segment(self, msg: _Message, seg: Segment) -> None:
        qualifier = seg.value(0)
        if seg.tag == "LOC" and qualifier == "125":
            msg.departure_port = seg.value(1) or None
        elif seg.tag == "LOC" and qualifier == "87":
            msg.arrival_port = seg.value(1) or None
        elif seg.tag == "DTM" and qualifier in ("189", "232"):
            try:
                when = _datetime(seg.value(0, 1), seg.value(0, 2))
            except ValueError:
                self.error(seg, f"{seg.value(0, 1)!r} is not a date and time YYMMDDHHMM", "1")
                return
            if qualifier == "189":
                msg.departure = when
            else:
                msg.arrival = when

    def _count(self, msg: _Message, seg: Segment) -> None:
        if seg.value(0, 0) not in ("41", "42"):
            return
        declared = seg.value(0, 1)
        if not declared.isdigit():
            self.error(seg, f"count {declared!r} is not a number", "1")
            return
        msg.declared = int(declared)
        if msg.declared != msg.nads:
            self.error(seg, f"declares {msg.declared} travellers but {msg.nads} were found", "1")

    def _open_traveller(self, msg: _Message, seg: Segment) -> _TravellerDraft:
        role = (
            TravellerRole.CREW
            if msg.role is TravellerRole.CREW
            else TRAVELLER_QUALIFIERS[seg.value(0)]
        )
        draft = _TravellerDraft(seg.where(self.multiline), role)
        name = [part.strip() for part in seg.element(3)]
        draft.surname = name[0] if name else ""
        draft.given_names = " ".join(p for p in name[1:] if p)
        if not draft.surname:
            self.error(
                seg,
                "traveller has no surname (expected SURNAME:GIVEN NAMES); traveller skipped",
                "4",
            )
            draft.fatal = True
        return draft

    def _traveller_segment(self, t: _TravellerDraft, seg: Segment) -> None:
        tag, qualifier = seg.tag, seg.value(0)
        try:
            if tag == "ATT" and qualifier == "2":
                t.sex = parse_sex(seg.value(2))
            elif tag == "DTM" and qualifier == "329":
                self._birth(t, seg)
            elif tag == "DTM" and qualifier == "36" and t.documents_seen == 1:
                t.document_expiry = _expiry(seg.value(0, 1), seg.value(0, 2), self.today)
            elif tag == "NAT" and qualifier == "2":
                t.nationality = document_state(seg.value(1))
            elif tag == "RFF" and qualifier == "AVF":
                t.booking_ref = seg.value(0, 1) or None
            elif tag == "DOC":
                self._document(t, seg)
            elif tag == "LOC":
                self._location(t, seg)
        except ValueError as exc:
            element = {"ATT": "3", "DTM": "1", "DOC": "1"}.get(tag, "2")
            self.error(seg, f"{exc}; field left empty", element)

    def _birth(self, t: _TravellerDraft, seg: Segment) -> None:
        try:
            t.date_of_birth = _birth(seg.value(0, 1), seg.value(0, 2), self.today)
        except ValueError as exc:
            self.error(seg, f"date of birth: {exc}; traveller of {t.where} skipped", "1")
            t.fatal = True

    def _document(self, t: _TravellerDraft, seg: Segment) -> None:
        t.documents_seen += 1
        if t.documents_seen > 1:
            return  # a visa or second document: the first one is the travel document
        number = seg.value(1).strip()
        t.document_number = number or None
        try:
            t.document_type = parse_document_type(seg.value(0))
        except ValueError:
            t.document_type = DocumentType.OTHER

    def _location(self, t: _TravellerDraft, seg: Segment) -> None:
        qualifier, place = seg.value(0), seg.value(1).strip() or None
        if qualifier == "178":
            t.port_of_embarkation = place
        elif qualifier == "179":
            t.port_of_disembarkation = place
        elif qualifier == "91" and t.documents_seen == 1 and place:
            t.document_issuing_state = document_state(place)

    def _close_traveller(self, msg: _Message) -> None:
        t, msg.current = msg.current, None
        if t is None or t.fatal:
            return
        self.result.items.append(
            Traveller(
                surname=t.surname,
                given_names=t.given_names,
                full_name=" ".join(p for p in (t.surname, t.given_names) if p),
                date_of_birth=t.date_of_birth,
                sex=t.sex,
                nationality=t.nationality,
                document_number=t.document_number,
                document_type=t.document_type,
                document_issuing_state=t.document_issuing_state,
                document_expiry=t.document_expiry,
                role=t.role,
                booking_ref=t.booking_ref,
                port_of_embarkation=t.port_of_embarkation or msg.departure_port,
                port_of_disembarkation=t.port_of_disembarkation or msg.arrival_port,
                flight=msg.flight,
                source=t.where,
            )
        )


# --- writing --------------------------------------------------------------------------------

_DOCUMENT_ONLY_ALPHA3 = {
    "UT": "UTO",
    "XA": "XXA",
    "XB": "XXB",
    "XC": "XXC",
    "XX": "XXX",
    "XK": "RKS",
}


def _alpha3(code: str | None) -> str:
    if not code:
        return ""
    if code in _DOCUMENT_ONLY_ALPHA3:
        return _DOCUMENT_ONLY_ALPHA3[code]
    country = registry().countries.get(code)
    return country.alpha3 if country else code


@dataclass(frozen=True, slots=True)
class PaxlstHeader:
    """The flight and envelope a written manifest describes (defaults are synthetic)."""

    sender: str = "PASSERELLE"
    recipient: str = "TEST"
    flight: str = "XY123"
    carrier: str = "XY"
    departure_port: str = "TUN"
    departure: dt.datetime = dt.datetime(2025, 7, 15, 11, 30)
    arrival_port: str = "MRS"
    arrival: dt.datetime = dt.datetime(2025, 7, 15, 13, 45)
    prepared_at: dt.datetime = dt.datetime(2025, 7, 15, 9, 30)
    control_reference: str = "000000001"
    version: str = "05B"


def _birth_element(value: PartialDate) -> list[str]:
    if value.day is not None:
        return ["329", f"{value.year % 100:02d}{value.month:02d}{value.day:02d}"]
    if value.month is not None:
        return ["329", f"{value.year:04d}{value.month:02d}", "610"]
    return ["329", f"{value.year:04d}", "602"]


def _traveller_segments(t: Traveller) -> Iterable[tuple[str, list[list[str] | str]]]:
    yield (
        "NAD",
        ["FM" if t.role is TravellerRole.CREW else "FL", "", "", [t.surname, t.given_names]],
    )
    yield "ATT", ["2", "", t.sex.value]
    if t.date_of_birth is not None:
        yield "DTM", [_birth_element(t.date_of_birth)]
    if t.port_of_embarkation:
        yield "LOC", ["178", t.port_of_embarkation]
    if t.port_of_disembarkation:
        yield "LOC", ["179", t.port_of_disembarkation]
    if t.nationality:
        yield "NAT", ["2", _alpha3(t.nationality)]
    if t.booking_ref:
        yield "RFF", [["AVF", t.booking_ref]]
    if t.document_number:
        kind = (t.document_type or DocumentType.PASSPORT).value
        yield "DOC", [[kind, "110", "111"], t.document_number]
        if t.document_expiry:
            yield "DTM", [["36", t.document_expiry.strftime("%y%m%d")]]
        if t.document_issuing_state:
            yield "LOC", ["91", _alpha3(t.document_issuing_state)]


def _message(
    ref: str, role: TravellerRole, travellers: Sequence[Traveller], h: PaxlstHeader
) -> list[tuple[str, list[list[str] | str]]]:
    segs: list[tuple[str, list[list[str] | str]]] = [
        (
            "UNH",
            [
                ref,
                ["PAXLST", "D", h.version, "UN", "IATA"],
                f"{h.flight}/{h.departure:%y%m%d/%H%M}",
                ["01", "F"],
            ],
        ),
        ("BGM", ["250" if role is TravellerRole.CREW else "745"]),
        ("NAD", ["MS", "", "", h.sender]),
        ("TDT", ["20", h.flight, "", "", h.carrier]),
        ("LOC", ["125", h.departure_port]),
        ("DTM", [["189", f"{h.departure:%y%m%d%H%M}", "201"]]),
        ("LOC", ["87", h.arrival_port]),
        ("DTM", [["232", f"{h.arrival:%y%m%d%H%M}", "201"]]),
    ]
    for t in travellers:
        segs.extend(_traveller_segments(t))
    segs.append(("CNT", [["41" if role is TravellerRole.CREW else "42", str(len(travellers))]]))
    segs.append(("UNT", [str(len(segs) + 1), ref]))
    return segs


def write_paxlst(
    travellers: Iterable[Traveller],
    header: PaxlstHeader | None = None,
    *,
    delimiters: Delimiters = DEFAULT_DELIMITERS,
    newlines: bool = True,
    group: bool = True,
) -> str:
    """A valid interchange: one passenger message (BGM 745) and/or one crew message (BGM 250).

    Counts (UNT, CNT, UNE, UNZ) are computed; service characters in names are escaped. Syntax
    UNOA is declared when every value is upper-case ASCII, UNOW (UTF-8) otherwise.
    """
    h = header or PaxlstHeader()
    people = list(travellers)
    by_role = [(role, [t for t in people if t.role is role]) for role in TravellerRole]
    messages = [(role, group_) for role, group_ in by_role if group_]
    if not messages:
        messages = [(TravellerRole.PASSENGER, [])]
    stamp = [f"{h.prepared_at:%y%m%d}", f"{h.prepared_at:%H%M}"]
    body: list[tuple[str, list[list[str] | str]]] = []
    for i, (role, group_) in enumerate(messages, 1):
        body.extend(_message(f"PAX{i:03d}", role, group_, h))
    sample = "".join(str(e) for _, els in body for e in els)
    syntax = "UNOA" if sample.isascii() and sample == sample.upper() else "UNOW"
    segs: list[tuple[str, list[list[str] | str]]] = [
        (
            "UNB",
            [
                [syntax, "4"],
                [h.sender, "ZZ"],
                [h.recipient, "ZZ"],
                stamp,
                h.control_reference,
                "",
                "APIS",
            ],
        )
    ]
    if group:
        segs.append(
            (
                "UNG",
                [
                    "PAXLST",
                    [h.sender, "ZZ"],
                    [h.recipient, "ZZ"],
                    stamp,
                    "1",
                    "UN",
                    ["D", h.version],
                ],
            )
        )
    segs.extend(body)
    if group:
        segs.append(("UNE", [str(len(messages)), "1"]))
    segs.append(("UNZ", ["1" if group else str(len(messages)), h.control_reference]))
    return serialise(segs, delimiters, newlines=newlines)


def replace_source(traveller: Traveller, source: str = "") -> Traveller:
    """A copy with another ``source``: handy to compare travellers read from different files."""
    return dataclasses.replace(traveller, source=source)
