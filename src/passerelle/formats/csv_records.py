"""CSV import and export of persons, travel documents and manifests (columns: docs/formats.md).

The importing NCB owns what it imports, so there is no owner column; the optional policy
columns let it set, row by row, who may see each record. A row with any error is reported as
``line N, column X: why`` and not imported: a half-right police record is worse than none.
Manifest rows are different: a traveller is kept with the faulty field left empty, unless the
name or date of birth is unreadable, because an unscreened traveller is the worse outcome.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import ValidationError

from passerelle.formats._common import (
    document_state,
    model_message,
    parse_document_type,
    parse_sex,
)
from passerelle.formats.csv_io import (
    MAX_BYTES,
    MAX_ROWS,
    Column,
    Row,
    join_list,
    read_table,
    split_list,
    write_table,
)
from passerelle.formats.results import ParseError, ParseResult
from passerelle.formats.travellers import Traveller, TravellerRole
from passerelle.model.countries import entity, normalise_country
from passerelle.model.dates import PartialDate
from passerelle.model.policy import (
    AccessMode,
    Confidentiality,
    HandlingCode,
    Policy,
    Purpose,
)
from passerelle.model.records import (
    DocumentStatus,
    IdentityDocument,
    Name,
    Person,
    PersonStatus,
    TravelDocument,
)

T = TypeVar("T")


def _values(enum: Iterable[object]) -> str:
    return ", ".join(str(getattr(v, "value", v)) for v in enum)


POLICY_COLUMNS = (
    Column("access", "who may see the record: all (default), allow or deny"),
    Column("access_entities", "NCB or entity codes of the allow- or deny-list, separated by |"),
    Column("confidentiality", "official_use, restricted (default) or confidential"),
    Column("handling", "SIENA handling codes H0-H3, separated by |"),
    Column("purpose", f"purpose of processing: {_values(Purpose)}"),
    Column("expires_on", "date YYYY-MM-DD the record expires (default: the platform's rule)"),
)
PERSON_COLUMNS = (
    Column("name", "full name as written, in its original script", required=True),
    Column("name_latin", "Latin transliteration of name"),
    Column("given_name", "given name(s) of the primary name"),
    Column("family_name", "family name of the primary name"),
    Column("aliases", "other names, separated by |"),
    Column("birth_name", "name at birth"),
    Column("date_of_birth", "YYYY, YYYY-MM or YYYY-MM-DD"),
    Column("place_of_birth", "free text"),
    Column("sex", "M, F or U"),
    Column("nationalities", "ISO 3166 alpha-2 or alpha-3 codes, separated by |"),
    Column("status", f"the person's status: {_values(PersonStatus)}", required=True),
    Column("document_number", "identity document numbers, separated by |"),
    Column("document_type", "P, I, V or O for each document (default P), separated by |"),
    Column("document_issuing_state", "issuing country of each document, separated by |"),
    Column("remarks", "free text, up to 4000 characters"),
    Column("source_reference", "the source's own reference"),
    *POLICY_COLUMNS,
)
DOCUMENT_COLUMNS = (
    Column(
        "number", "document number (letters and digits; spaces and dashes dropped)", required=True
    ),
    Column("type", "P, I, V or O (default P)"),
    Column("issuing_state", "ISO 3166 alpha-2 or alpha-3 code", required=True),
    Column("status", f"{_values(DocumentStatus)}", required=True),
    Column("reported_on", "YYYY, YYYY-MM or YYYY-MM-DD"),
    Column("holder_name", "name of the holder as on the document"),
    *POLICY_COLUMNS,
)
MANIFEST_COLUMNS = (
    Column("surname", "surname (primary identifier) as on the document", required=True),
    Column("given_names", "given names"),
    Column("full_name", "name as written (default: surname then given names)"),
    Column("date_of_birth", "YYYY, YYYY-MM or YYYY-MM-DD"),
    Column("sex", "M, F or U"),
    Column("nationality", "ISO 3166 or ICAO document code (alpha-2 or alpha-3)"),
    Column("document_number", "travel document number"),
    Column("document_type", "P, I, V or O"),
    Column("document_issuing_state", "ISO 3166 or ICAO document code"),
    Column("document_expiry", "YYYY-MM-DD"),
    Column("role", "passenger (default) or crew"),
    Column("booking_ref", "booking (PNR) locator"),
    Column("port_of_embarkation", "IATA or UN/LOCODE code"),
    Column("port_of_disembarkation", "IATA or UN/LOCODE code"),
    Column("flight", "flight or voyage number"),
)


@dataclass(frozen=True, slots=True)
class PolicyFields:
    """The optional policy columns of one row; ``None``/empty means the importer's default."""

    access: AccessMode | None = None
    access_entities: frozenset[str] = frozenset()
    confidentiality: Confidentiality | None = None
    handling: frozenset[HandlingCode] = frozenset()
    purpose: Purpose | None = None
    expires_on: dt.date | None = None

    def to_policy(self, owner: str, default: Policy | None = None) -> Policy:
        """The full policy of an imported record: these fields over ``default``'s.

        ``expires_on`` becomes midnight UTC at the start of that day.
        """
        base = default or Policy(owner=owner)
        expires = (
            dt.datetime.combine(self.expires_on, dt.time(), tzinfo=dt.UTC)
            if self.expires_on
            else base.expires_at
        )
        return Policy(
            owner=owner,
            access=self.access or base.access,
            entities=self.access_entities if self.access else base.entities,
            confidentiality=self.confidentiality or base.confidentiality,
            handling=self.handling or base.handling,
            purpose=self.purpose or base.purpose,
            expires_at=expires,
        )

    @classmethod
    def from_policy(cls, policy: Policy) -> PolicyFields:
        return cls(
            policy.access,
            policy.entities,
            policy.confidentiality,
            policy.handling,
            policy.purpose,
            policy.expires_at.date() if policy.expires_at else None,
        )


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One imported record, its file line and its policy columns."""

    line: int
    record: Person | TravelDocument
    policy: PolicyFields = field(default_factory=PolicyFields)


class _Cells:
    """Reads one row's cells, turning every failure into ``line N, column X: why``."""

    def __init__(self, row: Row) -> None:
        self.row = row
        self.errors: list[ParseError] = []

    def error(self, column: str | None, message: str) -> None:
        self.errors.append(ParseError(f"line {self.row.line}", column, message, "column"))

    def text(self, column: str) -> str | None:
        return self.row.get(column) or None

    def parse(self, column: str, fn: Callable[[str], T]) -> T | None:
        value = self.row.get(column)
        if not value:
            return None
        try:
            return fn(value)
        except ValueError as exc:
            self.error(column, str(exc))
            return None

    def items(self, column: str, fn: Callable[[str], T]) -> list[T]:
        out = []
        for i, item in enumerate(split_list(self.row.get(column))):
            try:
                out.append(fn(item))
            except ValueError as exc:
                self.error(column, f"item {i + 1}: {exc}")
        return out


def _enum(kind: Callable[[str], T], label: str, choices: str) -> Callable[[str], T]:
    def convert(value: str) -> T:
        try:
            return kind(value.strip().lower())
        except ValueError:
            raise ValueError(f"unknown {label} {value!r}; use one of {choices}") from None

    return convert


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a date YYYY-MM-DD") from None


def _country(value: str) -> str:
    return normalise_country(value)


def _entity_code(value: str) -> str:
    return entity(value).code


def _handling(value: str) -> HandlingCode:
    try:
        return HandlingCode(value.strip().upper())
    except ValueError:
        raise ValueError(f"unknown handling code {value!r}; use H0, H1, H2 or H3") from None


def _policy(cells: _Cells) -> PolicyFields:
    access = cells.parse("access", _enum(AccessMode, "access", _values(AccessMode)))
    entities = frozenset(cells.items("access_entities", _entity_code))
    if access in (AccessMode.ALLOW, AccessMode.DENY) and not entities:
        cells.error("access_entities", f"access {access.value} needs at least one NCB or entity")
    if entities and access in (None, AccessMode.ALL):
        cells.error("access_entities", "entities are listed but access is not allow or deny")
    return PolicyFields(
        access=access,
        access_entities=entities,
        confidentiality=cells.parse(
            "confidentiality", lambda v: Confidentiality.from_label(v.strip().lower())
        ),
        handling=frozenset(cells.items("handling", _handling)),
        purpose=cells.parse("purpose", _enum(Purpose, "purpose", _values(Purpose))),
        expires_on=cells.parse("expires_on", _date),
    )


def _validation_errors(
    cells: _Cells, exc: ValidationError, column_of: Callable[[tuple[int | str, ...]], str]
) -> None:
    for err in exc.errors():
        cells.error(column_of(tuple(err["loc"])), model_message(err))


def _sort(errors: list[ParseError], columns: Sequence[Column]) -> None:
    """File order: by line, then by the columns' documented order."""
    order = {c.name: i for i, c in enumerate(columns)}
    errors.sort(key=lambda e: (int(e.where.split()[1]), order.get(e.field or "", -1)))


def _read(
    data: bytes | str,
    columns: Sequence[Column],
    build: Callable[[_Cells], T | None],
    *,
    max_bytes: int,
    max_rows: int,
    encoding: str | None,
) -> ParseResult[T]:
    table = read_table(data, columns, max_bytes=max_bytes, max_rows=max_rows, encoding=encoding)
    result: ParseResult[T] = ParseResult(errors=list(table.errors))
    for row in table.rows:
        cells = _Cells(row)
        item = build(cells)
        result.errors.extend(cells.errors)
        if item is not None and not cells.errors:
            result.items.append(item)
    _sort(result.errors, columns)
    return result


# --- persons --------------------------------------------------------------------------------


def _name(cells: _Cells, column: str, full: str, **parts: object) -> Name | None:
    try:
        return Name.model_validate({"full": full, **parts})
    except ValidationError as exc:
        fields = {"latin": "name_latin", "given": "given_name", "family": "family_name"}
        _validation_errors(cells, exc, lambda loc: fields.get(str(loc[0]), column))
        return None


def _person(cells: _Cells) -> ImportRow | None:
    full = cells.text("name")
    if not full:
        cells.error("name", "a name is required")
        return None
    candidates = [
        _name(
            cells,
            "name",
            full,
            latin=cells.text("name_latin"),
            given=cells.text("given_name"),
            family=cells.text("family_name"),
        )
    ]
    candidates += [
        _name(cells, "aliases", alias, kind="alias")
        for alias in split_list(cells.row.get("aliases"))
    ]
    birth_name = cells.text("birth_name")
    if birth_name:
        candidates.append(_name(cells, "birth_name", birth_name, kind="birth"))
    names = [n for n in candidates if n is not None]
    documents = _documents(cells)
    values = {
        "names": names,
        "date_of_birth": cells.parse("date_of_birth", PartialDate.parse),
        "sex": cells.parse("sex", parse_sex) or "U",
        "nationalities": cells.items("nationalities", _country),
        "status": cells.parse("status", _enum(PersonStatus, "status", _values(PersonStatus))),
        "documents": documents,
        "place_of_birth": cells.text("place_of_birth"),
        "remarks": cells.text("remarks"),
        "source_reference": cells.text("source_reference"),
    }
    policy = _policy(cells)
    if values["status"] is None and not cells.row.get("status"):
        cells.error("status", f"a status is required: {_values(PersonStatus)}")
    if cells.errors:
        return None
    try:
        person = Person.model_validate(values)
    except ValidationError as exc:
        columns = {"documents": "document_number", "names": "name"}
        _validation_errors(cells, exc, lambda loc: columns.get(str(loc[0]), str(loc[0])))
        return None
    return ImportRow(cells.row.line, person, policy)


def _documents(cells: _Cells) -> list[IdentityDocument]:
    numbers = split_list(cells.row.get("document_number"))
    types = split_list(cells.row.get("document_type"))
    states = split_list(cells.row.get("document_issuing_state"))
    if not numbers:
        if types or states:
            cells.error("document_number", "a document type or issuing state without a number")
        return []
    if len(states) != len(numbers):
        cells.error(
            "document_issuing_state",
            f"{len(numbers)} document numbers but {len(states)} issuing states",
        )
        return []
    if types and len(types) != len(numbers):
        cells.error("document_type", f"{len(numbers)} document numbers but {len(types)} types")
        return []
    out = []
    for i, number in enumerate(numbers):
        try:
            kind = parse_document_type(types[i]) if types else parse_document_type("P")
            out.append(IdentityDocument(number=number, type=kind, issuing_state=states[i]))
        except ValueError as exc:  # ValidationError is a ValueError
            message = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            loc = exc.errors()[0]["loc"] if isinstance(exc, ValidationError) else ("type",)
            column = {"number": "document_number", "issuing_state": "document_issuing_state"}
            cells.error(
                column.get(str(loc[0]), "document_type"),
                f"document {i + 1}: {str(message).removeprefix('Value error, ')}",
            )
    return out


def read_persons_csv(
    data: bytes | str,
    *,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    encoding: str | None = None,
) -> ParseResult[ImportRow]:
    """Persons to import, one per row; header and limit problems raise ``InvalidInput``."""
    return _read(
        data, PERSON_COLUMNS, _person, max_bytes=max_bytes, max_rows=max_rows, encoding=encoding
    )


# --- travel documents -----------------------------------------------------------------------


def _travel_document(cells: _Cells) -> ImportRow | None:
    values = {
        "number": cells.text("number"),
        "type": cells.parse("type", parse_document_type) or "P",
        "issuing_state": cells.parse("issuing_state", _country),
        "status": cells.parse("status", _enum(DocumentStatus, "status", _values(DocumentStatus))),
        "reported_on": cells.parse("reported_on", PartialDate.parse),
        "holder_name": cells.text("holder_name"),
    }
    for column in ("number", "issuing_state", "status"):
        if not cells.row.get(column):
            cells.error(column, "a value is required")
    policy = _policy(cells)
    if cells.errors:
        return None
    try:
        document = TravelDocument.model_validate(values)
    except ValidationError as exc:
        _validation_errors(cells, exc, lambda loc: str(loc[0]))
        return None
    return ImportRow(cells.row.line, document, policy)


def read_documents_csv(
    data: bytes | str,
    *,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    encoding: str | None = None,
) -> ParseResult[ImportRow]:
    """Stolen, lost, revoked or invalid travel documents to import, one per row."""
    return _read(
        data,
        DOCUMENT_COLUMNS,
        _travel_document,
        max_bytes=max_bytes,
        max_rows=max_rows,
        encoding=encoding,
    )


# --- manifests ------------------------------------------------------------------------------


def _traveller(cells: _Cells) -> Traveller | None:
    surname = cells.text("surname")
    if not surname:
        cells.error("surname", "a surname is required; traveller skipped")
        return None
    dob_errors = len(cells.errors)
    dob = cells.parse("date_of_birth", PartialDate.parse)
    if len(cells.errors) > dob_errors:
        return None
    lesser = _Cells(cells.row)  # faults that leave the field empty but keep the traveller
    given = cells.text("given_names") or ""
    traveller = Traveller(
        surname=surname,
        given_names=given,
        full_name=cells.text("full_name") or " ".join(p for p in (surname, given) if p),
        date_of_birth=dob,
        sex=lesser.parse("sex", parse_sex) or parse_sex("U"),
        nationality=lesser.parse("nationality", document_state),
        document_number=cells.text("document_number"),
        document_type=lesser.parse("document_type", parse_document_type),
        document_issuing_state=lesser.parse("document_issuing_state", document_state),
        document_expiry=lesser.parse("document_expiry", _date),
        role=lesser.parse("role", _enum(TravellerRole, "role", "passenger, crew"))
        or TravellerRole.PASSENGER,
        booking_ref=cells.text("booking_ref"),
        port_of_embarkation=cells.text("port_of_embarkation"),
        port_of_disembarkation=cells.text("port_of_disembarkation"),
        flight=cells.text("flight"),
        source=f"line {cells.row.line}",
    )
    cells.errors.extend(
        ParseError(e.where, e.field, f"{e.message}; field left empty", e.field_label)
        for e in lesser.errors
    )
    return traveller


def read_manifest_csv(
    data: bytes | str,
    *,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    encoding: str | None = None,
) -> ParseResult[Traveller]:
    """Travellers of a manifest; lesser faults are reported and the traveller still kept."""
    table = read_table(
        data, MANIFEST_COLUMNS, max_bytes=max_bytes, max_rows=max_rows, encoding=encoding
    )
    result: ParseResult[Traveller] = ParseResult(errors=list(table.errors))
    for row in table.rows:
        cells = _Cells(row)
        traveller = _traveller(cells)
        result.errors.extend(cells.errors)
        if traveller is not None:
            result.items.append(traveller)
    _sort(result.errors, MANIFEST_COLUMNS)
    return result


# --- writing --------------------------------------------------------------------------------


def _policy_cells(policy: PolicyFields) -> dict[str, str | None]:
    return {
        "access": policy.access.value if policy.access else None,
        "access_entities": join_list(sorted(policy.access_entities)),
        "confidentiality": policy.confidentiality.label if policy.confidentiality else None,
        "handling": join_list(sorted(h.value for h in policy.handling)),
        "purpose": policy.purpose.value if policy.purpose else None,
        "expires_on": policy.expires_on.isoformat() if policy.expires_on else None,
    }


def _split_row(item: T | ImportRow) -> tuple[T | Person | TravelDocument, PolicyFields]:
    if isinstance(item, ImportRow):
        return item.record, item.policy
    return item, PolicyFields()


def _person_cells(person: Person) -> dict[str, str | None]:
    primary = person.primary_name
    birth = next((n.full for n in person.names if n.kind == "birth"), None)
    return {
        "name": primary.full,
        "name_latin": primary.latin,
        "given_name": primary.given,
        "family_name": primary.family,
        "aliases": join_list(n.full for n in person.names if n.kind == "alias"),
        "birth_name": birth,
        "date_of_birth": str(person.date_of_birth) if person.date_of_birth else None,
        "place_of_birth": person.place_of_birth,
        "sex": person.sex.value,
        "nationalities": join_list(person.nationalities),
        "status": person.status.value,
        "document_number": join_list(d.number for d in person.documents),
        "document_type": join_list(d.type.value for d in person.documents),
        "document_issuing_state": join_list(d.issuing_state for d in person.documents),
        "remarks": person.remarks,
        "source_reference": person.source_reference,
    }


def write_persons_csv(rows: Iterable[Person | ImportRow], *, delimiter: str = ",") -> str:
    """Persons (with their policy columns when given ``ImportRow``s), re-importable as is."""
    out = []
    for item in rows:
        record, policy = _split_row(item)
        if not isinstance(record, Person):
            raise TypeError(f"write_persons_csv got a {type(record).__name__}")
        out.append({**_person_cells(record), **_policy_cells(policy)})
    return write_table([c.name for c in PERSON_COLUMNS], out, delimiter=delimiter)


def write_documents_csv(rows: Iterable[TravelDocument | ImportRow], *, delimiter: str = ",") -> str:
    out = []
    for item in rows:
        record, policy = _split_row(item)
        if not isinstance(record, TravelDocument):
            raise TypeError(f"write_documents_csv got a {type(record).__name__}")
        out.append(
            {
                "number": record.number,
                "type": record.type.value,
                "issuing_state": record.issuing_state,
                "status": record.status.value,
                "reported_on": str(record.reported_on) if record.reported_on else None,
                "holder_name": record.holder_name,
                **_policy_cells(policy),
            }
        )
    return write_table([c.name for c in DOCUMENT_COLUMNS], out, delimiter=delimiter)


def write_manifest_csv(travellers: Iterable[Traveller], *, delimiter: str = ",") -> str:
    out = [
        {
            "surname": t.surname,
            "given_names": t.given_names,
            "full_name": t.full_name,
            "date_of_birth": str(t.date_of_birth) if t.date_of_birth else None,
            "sex": t.sex.value,
            "nationality": t.nationality,
            "document_number": t.document_number,
            "document_type": t.document_type.value if t.document_type else None,
            "document_issuing_state": t.document_issuing_state,
            "document_expiry": t.document_expiry.isoformat() if t.document_expiry else None,
            "role": t.role.value,
            "booking_ref": t.booking_ref,
            "port_of_embarkation": t.port_of_embarkation,
            "port_of_disembarkation": t.port_of_disembarkation,
            "flight": t.flight,
        }
        for t in travellers
    ]
    return write_table([c.name for c in MANIFEST_COLUMNS], out, delimiter=delimiter)
