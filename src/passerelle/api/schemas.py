"""Wire schemas: what crosses HTTP, kept apart from domain types."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from passerelle.model.records import Person, TravelDocument, Vehicle, Vessel, clean_text
from passerelle.services.policies import PolicyInput

T = TypeVar("T")

#: Free text a user writes (reasons): no control or bidi-override characters, as in records.
PlainText = Annotated[str, AfterValidator(clean_text)]


class PolicyOut(BaseModel):
    access: str
    entities: list[str] | None = Field(description="The access list; shown to the owner only")
    confidentiality: str
    handling: list[str]
    purpose: str
    expires_at: str | None
    review_due: str | None


class RecordOut(BaseModel):
    """A record as a caller may see it."""

    id: str
    kind: str
    subtype: str | None
    state: str | None
    owner: str
    policy: PolicyOut
    source_reference: str | None
    created_at: str
    updated_at: str
    version: int
    data: dict[str, Any]
    workflow: dict[str, Any] | None


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(description="Pass as `cursor` to get the next page")


class _Create(BaseModel):
    model_config = ConfigDict(extra="forbid")
    policy: PolicyInput | None = None


class PersonCreate(_Create):
    data: Person


class TravelDocumentCreate(_Create):
    data: TravelDocument


class VehicleCreate(_Create):
    data: Vehicle


class VesselCreate(_Create):
    data: Vessel


class RecordUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    data: dict[str, Any] = Field(description="The whole new content, in the record kind's shape")


class Extension(BaseModel):
    model_config = ConfigDict(extra="forbid")
    until: dt.datetime
    reason: PlainText = Field(min_length=10, max_length=2000)


class Reason(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: PlainText = Field(min_length=1, max_length=2000)


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: str = Field(description="publish, refuse or request_info")
    checklist: dict[str, Any] = Field(
        description="`passed`: criterion -> bool for article3_neutrality, human_rights, "
        "thresholds, data_quality; `reasons`: criterion -> text; `comment`"
    )


class DiffusionReview(BaseModel):
    model_config = ConfigDict(extra="forbid")
    compliant: bool
    reason: PlainText | None = Field(default=None, max_length=2000)


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(max_length=64)
    password: str = Field(max_length=1000)


class TokenOut(BaseModel):
    token: str = Field(description="Shown once: keep it safe")
    id: int
    expires_at: str


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(max_length=64)
    entity: str = Field(max_length=8)
    role: str
    password: str | None = Field(default=None, max_length=1000)
    clearance: str | None = None
    scope: list[str] | None = None


class ImportReport(BaseModel):
    imported: int
    ids: list[str]
