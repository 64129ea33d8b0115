"""Turning what a caller asks for into a valid policy: owner, lists, levels and retention."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from passerelle.model.countries import entity
from passerelle.model.errors import InvalidInput
from passerelle.model.policy import (
    DEFAULT_PERSON_RETENTION_DAYS,
    MAX_EXTENSION,
    AccessMode,
    Confidentiality,
    HandlingCode,
    Policy,
    Purpose,
)


class PolicyInput(BaseModel):
    """What a source says about a record it shares; everything has a sensible default."""

    model_config = ConfigDict(extra="forbid")

    access: AccessMode = AccessMode.ALL
    entities: list[str] = Field(default_factory=list, max_length=250)
    confidentiality: Confidentiality = Confidentiality.RESTRICTED
    handling: list[HandlingCode] = Field(default_factory=list, max_length=4)
    purpose: Purpose = Purpose.INVESTIGATION
    expires_at: dt.datetime | None = None


def build_policy(owner: str, given: PolicyInput | None, now: dt.datetime) -> Policy:
    """Validate ``given`` for a record owned by ``owner``; default expiry is five years."""
    given = given or PolicyInput()
    codes: set[str] = set()
    for i, code in enumerate(given.entities):
        try:
            codes.add(entity(code).code)
        except ValueError as exc:
            raise InvalidInput(str(exc), where=f"policy.entities[{i}]") from None
    if given.access is not AccessMode.ALL and not codes:
        raise InvalidInput(
            f"access {given.access.value!r} needs at least one NCB or entity in the list",
            where="policy.entities",
        )
    if given.access is AccessMode.ALL and codes:
        raise InvalidInput("access 'all' takes no list of entities", where="policy.entities")
    expires = given.expires_at or now + dt.timedelta(days=DEFAULT_PERSON_RETENTION_DAYS)
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=dt.UTC)
    if expires <= now:
        raise InvalidInput("the expiry date must be in the future", where="policy.expires_at")
    if expires > now + MAX_EXTENSION:
        raise InvalidInput(
            "data may be kept at most five years at a time", where="policy.expires_at"
        )
    return Policy(
        owner=owner,
        access=given.access,
        entities=frozenset(codes),
        confidentiality=given.confidentiality,
        handling=frozenset(given.handling),
        purpose=given.purpose,
        expires_at=expires,
    )
