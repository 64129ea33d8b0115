"""Interpol public notices JSON (``ws-public.interpol.int``, DOMAIN.md §1.4) to person records.

The API is undocumented and its fields are often null, so every field is read defensively and
every surprise is reported as ``notice N (entity_id X), field F: why``. A notice with any error
is not imported (a wrong nationality on a Red Notice misleads every border it reaches); the
others are. Accepted shapes: a list envelope (``_embedded.notices[]``), a single detail object,
a JSON array of details, and JSON Lines (one notice or envelope per line).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from passerelle.formats._common import model_message
from passerelle.formats.results import ParseError, ParseResult
from passerelle.formats.text import decode_bytes
from passerelle.model.countries import normalise_country
from passerelle.model.dates import PartialDate
from passerelle.model.errors import InvalidInput
from passerelle.model.records import Name, Person, PersonStatus, Sex

NOTICE_TYPES = ("red", "yellow", "un_special")
_STATUS = {
    "red": PersonStatus.WANTED,
    "yellow": PersonStatus.MISSING,
    "un_special": PersonStatus.SANCTIONED,
}
_SEX = {"M": Sex.MALE, "F": Sex.FEMALE, "U": Sex.UNKNOWN}
#: Fields that only a UN entity (an organisation, not a person) carries.
_ENTITY_FIELDS = (
    "also_known_as",
    "formerly_known_as",
    "legal_form",
    "main_activity",
    "registration_number",
    "administrators",
)


@dataclass(frozen=True, slots=True)
class ImportedNotice:
    """A notice read from Interpol JSON: the person, the notice type and its other details."""

    person: Person
    notice_type: str
    details: dict[str, Any] = field(hash=False)
    source_reference: str | None


@dataclass(frozen=True, slots=True)
class _Raw:
    value: Any
    where: str  # "notice 3" or "line 3"


def read_interpol_notices(
    data: bytes | str, *, notice_type: str | None = None
) -> ParseResult[ImportedNotice]:
    """Read notices; ``notice_type`` forces the type when the JSON does not tell it."""
    if notice_type is not None and notice_type not in NOTICE_TYPES:
        raise ValueError(f"notice_type must be one of {', '.join(NOTICE_TYPES)}")
    text = decode_bytes(data).text if isinstance(data, bytes) else data
    result: ParseResult[ImportedNotice] = ParseResult()
    for raw in _documents(text.lstrip("\ufeff"), result.errors):
        notice = _Notice(raw, notice_type, result.errors).read()
        if notice is not None:
            result.items.append(notice)
    return result


def _documents(text: str, errors: list[ParseError]) -> Iterator[_Raw]:
    if not text.strip():
        raise InvalidInput("the file is empty: Interpol notice JSON expected")
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as exc:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(lines) > 1 and _is_json(lines[0]):
            yield from _json_lines(text, errors)
            return
        raise InvalidInput(
            f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            where=f"line {exc.lineno}, column {exc.colno}",
        ) from None
    yield from _unwrap(whole, "notice", errors, numbered=True)


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


def _json_lines(text: str, errors: list[ParseError]) -> Iterator[_Raw]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(
                ParseError(
                    f"line {number}", None, f"malformed JSON at column {exc.colno}: {exc.msg}"
                )
            )
            continue
        yield from _unwrap(value, f"line {number}", errors, numbered=False)


def _unwrap(value: Any, where: str, errors: list[ParseError], *, numbered: bool) -> Iterator[_Raw]:
    """Envelope, array or single detail to notice objects, each with its position."""
    if isinstance(value, dict) and "_embedded" in value and "entity_id" not in value:
        notices = (
            value["_embedded"].get("notices") if isinstance(value["_embedded"], dict) else None
        )
        if not isinstance(notices, list):
            raise InvalidInput(f"{where}: list envelope without an _embedded.notices array")
        items: list[Any] = notices
    elif isinstance(value, list):
        items = value
    elif isinstance(value, dict) and ("entity_id" in value or "name" in value):
        items = [value]
    else:
        kind = type(value).__name__
        raise InvalidInput(
            f"{where}: not Interpol notice JSON (expected a notice object with "
            f"entity_id, a list of them or a list envelope; found a {kind})"
        )
    for index, item in enumerate(items, 1):
        label = (
            f"notice {index}"
            if numbered
            else (where if len(items) == 1 else f"{where}, notice {index}")
        )
        if isinstance(item, dict):
            yield _Raw(item, label)
        else:
            errors.append(
                ParseError(label, None, f"expected a JSON object, found {type(item).__name__}")
            )


class _Notice:
    """Reads one notice object; every problem becomes a located error."""

    def __init__(self, raw: _Raw, forced_type: str | None, errors: list[ParseError]) -> None:
        self.obj: dict[str, Any] = raw.value
        entity_id = self.obj.get("entity_id")
        self.entity_id = entity_id if isinstance(entity_id, str) and entity_id else None
        self.where = f"{raw.where} (entity_id {self.entity_id})" if self.entity_id else raw.where
        self.forced_type = forced_type
        self.all_errors = errors
        self.errors: list[ParseError] = []

    def error(self, field_name: str | None, message: str) -> None:
        self.errors.append(ParseError(self.where, field_name, message))

    # typed accessors ------------------------------------------------------------------

    def text(self, key: str, obj: dict[str, Any] | None = None, prefix: str = "") -> str | None:
        value = (self.obj if obj is None else obj).get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.error(prefix + key, f"expected text, found {type(value).__name__}")
            return None
        return value.strip() or None

    def text_list(self, key: str) -> list[str]:
        value = self.obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(key, f"expected a list, found {type(value).__name__}")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                out.append(item)
            elif item is not None:
                self.error(f"{key}[{i}]", f"expected text, found {type(item).__name__}")
        return out

    def country(self, code: str | None, field_name: str) -> str | None:
        if code is None:
            return None
        try:
            return normalise_country(code)
        except ValueError:
            self.error(field_name, f"unknown country code {code!r}")
            return None

    def countries(self, key: str) -> list[str]:
        out = []
        for i, code in enumerate(self.text_list(key)):
            value = self.country(code, f"{key}[{i}]")
            if value and value not in out:
                out.append(value)
        return out

    def number(self, key: str) -> float | None:
        value = self.obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(key, f"expected a number, found {type(value).__name__}")
            return None
        return value or None  # some consumers write 0 for unknown

    # reading --------------------------------------------------------------------------

    def read(self) -> ImportedNotice | None:
        notice = self._read()
        self.all_errors.extend(dict.fromkeys(self.errors))  # a field read twice errs once
        return notice if not self.errors else None

    def _read(self) -> ImportedNotice | None:
        kind = self._type()
        if kind is None:
            return None
        names = self._names(kind)
        if not names:
            if not self.errors:  # a name refused for its content was already reported
                self.error("name", "the notice has neither name nor forename")
            return None
        details = self._details(kind)
        values: dict[str, Any] = {
            "names": names,
            "date_of_birth": self._dob(self.obj, "date_of_birth"),
            "sex": self._sex(),
            "nationalities": self.countries("nationalities"),
            "status": _STATUS[kind],
            "place_of_birth": self.text("place_of_birth"),
            "remarks": self.text("distinguishing_marks"),
            "source_reference": self.entity_id,
        }
        if self.errors:
            return None
        try:
            person = Person.model_validate(values)
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(p) for p in err["loc"])
                self.error(loc, model_message(err))
            return None
        return ImportedNotice(person, kind, details, self.entity_id)

    def _type(self) -> str | None:
        links = self.obj.get("_links")
        href = ""
        if isinstance(links, dict) and isinstance(links.get("self"), dict):
            href = str(links["self"].get("href") or "")
        if "/un/entities" in href or any(k in self.obj for k in _ENTITY_FIELDS):
            self.error(None, "a UN entity (an organisation), not a person: not imported")
            return None
        if self.forced_type:
            return self.forced_type
        for marker, kind in (("/red/", "red"), ("/yellow/", "yellow"), ("/un/", "un_special")):
            if marker in href:
                return kind
        if "arrest_warrants" in self.obj:
            return "red"
        if any(k in self.obj for k in ("un_reference", "un_resolution", "name_in_original_script")):
            return "un_special"
        if any(k in self.obj for k in ("birth_name", "date_of_event", "place", "country")):
            return "yellow"
        self.error(
            None,
            "cannot tell the notice type (no _links.self.href, no type-specific "
            "field); pass notice_type",
        )
        return None

    def _full(self, obj: dict[str, Any], prefix: str, suffix: str = "") -> str | None:
        forename = self.text(f"forename{suffix}", obj, prefix)
        name = self.text(f"name{suffix}", obj, prefix)
        return " ".join(p for p in (forename, name) if p) or None

    def _names(self, kind: str) -> list[Name]:
        names: list[Name] = []
        latin = self._full(self.obj, "")
        original = self._full(self.obj, "", "_in_original_script")
        if latin or original:
            names += self._name(
                "name",
                full=original or latin,
                latin=latin if original else None,
                given=self.text("forename"),
                family=self.text("name"),
            )
        for key in ("birth_name", "name_at_birth"):
            birth = self.text(key)
            if birth:
                names += self._name(key, full=birth, kind="birth")
        aliases = self.obj.get("aliases")
        if aliases is not None and not isinstance(aliases, list):
            self.error("aliases", f"expected a list, found {type(aliases).__name__}")
        for i, alias in enumerate(aliases if isinstance(aliases, list) else []):
            names.extend(self._alias(alias, f"aliases[{i}]"))
        return names

    def _alias(self, alias: Any, where: str) -> list[Name]:
        if isinstance(alias, str):
            return self._name(where, full=alias, kind="alias") if alias.strip() else []
        if not isinstance(alias, dict):
            self.error(where, f"expected an object, found {type(alias).__name__}")
            return []
        latin = self._full(alias, where + ".")
        original = self._full(alias, where + ".", "_in_original_script")
        if not (latin or original):
            return []
        return self._name(
            where,
            full=original or latin,
            latin=latin if original else None,
            given=self.text("forename", alias, where + "."),
            family=self.text("name", alias, where + "."),
            kind="alias",
        )

    def _name(self, field_name: str, **values: Any) -> list[Name]:
        """A validated name, or an error naming the JSON field (e.g. control characters)."""
        try:
            return [Name.model_validate(values)]
        except ValidationError as exc:
            for err in exc.errors():
                self.error(field_name, model_message(err))
            return []

    def _dob(self, obj: dict[str, Any], key: str, prefix: str = "") -> PartialDate | None:
        value = obj.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(prefix + key, f"expected a date YYYY/MM/DD, found {type(value).__name__}")
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as exc:
            self.error(prefix + key, str(exc))
            return None

    def _sex(self) -> Sex:
        value = self.obj.get("sex_id")
        if value is None or value == "":
            return Sex.UNKNOWN
        if not isinstance(value, str) or value.upper() not in _SEX:
            self.error("sex_id", f"unknown sex {value!r}: expected M, F or U")
            return Sex.UNKNOWN
        return _SEX[value.upper()]

    def _details(self, kind: str) -> dict[str, Any]:
        details: dict[str, Any] = {"entity_id": self.entity_id}
        birth_country = self.country(self.text("country_of_birth_id"), "country_of_birth_id")
        physical = {
            "country_of_birth": birth_country,
            "height_m": self.number("height"),
            "weight_kg": self.number("weight"),
            "eyes_colors": self.text_list("eyes_colors_id"),
            "hair": self.text_list("hairs_id"),
            "languages_spoken": self.text_list("languages_spoken_ids"),
        }
        details.update({k: v for k, v in physical.items() if v not in (None, [])})
        if kind == "red":
            details.update(self._warrants())
        elif kind == "yellow":
            details.update(self._yellow())
        else:
            details.update(self._un())
        for parent in ("father_forename", "father_name", "mother_forename", "mother_name"):
            value = self.text(parent)
            if value:
                details[parent] = value
        return details

    def _warrants(self) -> dict[str, Any]:
        warrants = self.obj.get("arrest_warrants")
        if warrants is None:
            return {}
        if not isinstance(warrants, list):
            self.error("arrest_warrants", f"expected a list, found {type(warrants).__name__}")
            return {}
        out = []
        for i, warrant in enumerate(warrants):
            where = f"arrest_warrants[{i}]"
            if not isinstance(warrant, dict):
                self.error(where, f"expected an object, found {type(warrant).__name__}")
                continue
            out.append(
                {
                    "issuing_country": self.country(
                        self.text("issuing_country_id", warrant, where + "."),
                        where + ".issuing_country_id",
                    ),
                    "charge": self.text("charge", warrant, where + "."),
                    "charge_translation": self.text("charge_translation", warrant, where + "."),
                }
            )
        charges = [w["charge_translation"] or w["charge"] for w in out if w["charge"]]
        countries = list(dict.fromkeys(w["issuing_country"] for w in out if w["issuing_country"]))
        return {
            "arrest_warrants": out,
            "charges": "; ".join(charges),
            "warrant_issuing_countries": countries,
        }

    def _yellow(self) -> dict[str, Any]:
        details: dict[str, Any] = {
            "date_of_event": self._dob(self.obj, "date_of_event"),
            "place_of_event": self.text("place"),
            "country_of_event": self.country(self.text("country"), "country"),
            "issuing_country": self.country(self.text("issuing_country"), "issuing_country"),
            "countries_likely_to_be_visited": self.countries("countries_likely_to_be_visited"),
        }
        if details["date_of_event"] is not None:
            details["date_of_event"] = str(details["date_of_event"])
        return {k: v for k, v in details.items() if v not in (None, [])}

    def _un(self) -> dict[str, Any]:
        resolution = self.obj.get("un_resolution")
        details: dict[str, Any] = {
            "un_reference": self.text("un_reference"),
            "un_reference_date": self.text("un_reference_date"),
            "un_resolution": resolution if isinstance(resolution, int | str) else None,
            "summary": self.text("summary"),
            "profession": self.text("profession"),
        }
        return {k: v for k, v in details.items() if v not in (None, [])}
