"""Shared records: persons, travel documents, vehicles and vessels, as their sources describe them.

Each record is validated here, once, so every importer, API route and generator gets the same
errors. Country fields take ISO 3166 alpha-2 or alpha-3 codes and store alpha-2.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from passerelle.model.countries import normalise_country
from passerelle.model.dates import PartialDate

MAX_NAME = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str) -> str:
    """NFC-normalise and strip; refuse control and bidi-override characters (spoofing)."""
    if _CONTROL.search(value):
        raise ValueError("contains control or bidirectional-override characters")
    return unicodedata.normalize("NFC", value).strip()


def _country(value: str) -> str:
    return normalise_country(value)


CountryCode = Annotated[str, AfterValidator(_country)]
Text = Annotated[str, AfterValidator(clean_text), Field(max_length=MAX_NAME)]
LongText = Annotated[str, AfterValidator(clean_text), Field(max_length=4000)]


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"
    UNKNOWN = "U"


class PersonStatus(StrEnum):
    """Every person record states the person's status (RPD Art. 44)."""

    WANTED = "wanted"
    SUSPECT = "suspect"
    CONVICTED = "convicted"
    MISSING = "missing"
    WITNESS = "witness"
    UNIDENTIFIED = "unidentified"
    THREAT = "threat"
    SANCTIONED = "sanctioned"


class DocumentType(StrEnum):
    PASSPORT = "P"
    ID_CARD = "I"
    VISA = "V"
    OTHER = "O"


class DocumentStatus(StrEnum):
    STOLEN = "stolen"
    LOST = "lost"
    REVOKED = "revoked"
    INVALID = "invalid"
    STOLEN_BLANK = "stolen_blank"


class Name(BaseModel):
    """One name of a person: in its original script, with its Latin form where known."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    full: Text = Field(min_length=1, description="The name as written, in its original script")
    latin: Text | None = Field(
        default=None, description="Latin transliteration, e.g. per ICAO 9303"
    )
    given: Text | None = None
    family: Text | None = None
    kind: Literal["primary", "alias", "birth"] = "primary"


_FILLERS = re.compile(r"[\s\-<./]")


def normalise_identifier(value: str) -> str:
    """Upper-case and drop spaces, dashes and fillers: how numbers are compared everywhere."""
    return _FILLERS.sub("", value).upper()


class IdentityDocument(BaseModel):
    """A document a person holds (not necessarily reported stolen or lost)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: Annotated[str, Field(min_length=1, max_length=40)]
    type: DocumentType = DocumentType.PASSPORT
    issuing_state: CountryCode

    @field_validator("number")
    @classmethod
    def _number(cls, value: str) -> str:
        value = normalise_identifier(clean_text(value))
        if not value or not value.isalnum() or not value.isascii():
            raise ValueError("a document number holds only letters A-Z and digits")
        return value


class Person(BaseModel):
    """A person of interest: wanted, missing, unidentified, sanctioned..."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["person"] = "person"
    names: list[Name] = Field(min_length=1, max_length=50)
    date_of_birth: PartialDate | None = None
    sex: Sex = Sex.UNKNOWN
    nationalities: list[CountryCode] = Field(default_factory=list, max_length=10)
    status: PersonStatus = PersonStatus.WANTED
    documents: list[IdentityDocument] = Field(default_factory=list, max_length=20)
    place_of_birth: Text | None = None
    remarks: LongText | None = None
    source_reference: Text | None = Field(
        default=None, description="The source's own reference, e.g. an Interpol entity_id"
    )

    @property
    def primary_name(self) -> Name:
        return next((n for n in self.names if n.kind == "primary"), self.names[0])

    def display_name(self) -> str:
        name = self.primary_name
        return name.latin or name.full


class TravelDocument(BaseModel):
    """A stolen, lost, revoked or invalid travel document (SLTD-like)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["travel_document"] = "travel_document"
    number: Annotated[str, Field(min_length=1, max_length=40)]
    type: DocumentType = DocumentType.PASSPORT
    issuing_state: CountryCode
    status: DocumentStatus
    reported_on: PartialDate | None = None
    holder_name: Text | None = None

    _number = field_validator("number")(IdentityDocument._number.__func__)  # type: ignore[attr-defined]


class Vehicle(BaseModel):
    """A stolen vehicle (SMV-like): VIN and/or plate with its country."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["vehicle"] = "vehicle"
    vin: Annotated[str, Field(min_length=11, max_length=17)] | None = None
    plate: Annotated[str, Field(min_length=1, max_length=15)] | None = None
    plate_country: CountryCode | None = None
    make: Text | None = None
    model: Text | None = None
    colour: Text | None = None

    @field_validator("vin", "plate")
    @classmethod
    def _ident(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = normalise_identifier(clean_text(value))
        if not value.isalnum() or not value.isascii():
            raise ValueError("holds only letters A-Z and digits")
        return value

    def model_post_init(self, __context: object) -> None:
        if not self.vin and not self.plate:
            raise ValueError("a vehicle needs a VIN or a plate")
        if self.plate and not self.plate_country:
            raise ValueError("a plate needs the country that issued it")


class Vessel(BaseModel):
    """A stolen or wanted vessel: IMO number, MMSI, name and flag."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["vessel"] = "vessel"
    imo: Annotated[str, Field(pattern=r"^(IMO)?\d{7}$")] | None = None
    mmsi: Annotated[str, Field(pattern=r"^\d{9}$")] | None = None
    name: Text | None = None
    flag: CountryCode | None = None

    @field_validator("imo")
    @classmethod
    def _imo(cls, value: str | None) -> str | None:
        if value is None:
            return None
        digits = value.removeprefix("IMO")
        check = sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True)) % 10
        if check != int(digits[6]):
            raise ValueError(f"IMO number {value} fails its check digit")
        return digits

    def model_post_init(self, __context: object) -> None:
        if not (self.imo or self.mmsi or self.name):
            raise ValueError("a vessel needs an IMO number, an MMSI or a name")


Record = Person | TravelDocument | Vehicle | Vessel
RECORD_KINDS: dict[str, type[BaseModel]] = {
    "person": Person,
    "travel_document": TravelDocument,
    "vehicle": Vehicle,
    "vessel": Vessel,
}
