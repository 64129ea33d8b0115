"""The policy a source attaches to every record and notice, and the one rule that reads it.

The source (owner NCB) decides who may see what it shares (RPD: source ownership): all members
by default, an allow-list or a deny-list of NCBs and entities; a confidentiality level; SIENA-style
handling codes; the purpose of processing; and how long the data lives. ``may_read`` is the pure
statement of that rule; ``passerelle.store.access`` is the only place that enforces it.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

DEFAULT_PERSON_RETENTION_DAYS = 5 * 365 + 1  # five years, leap day included
REVIEW_BEFORE_EXPIRY = dt.timedelta(days=183)  # six months
MAX_EXTENSION = dt.timedelta(days=5 * 365 + 1)


class AccessMode(StrEnum):
    ALL = "all"
    ALLOW = "allow"
    DENY = "deny"


class Confidentiality(StrEnum):
    """Levels from the RPD (Art. 112-114), ordered by ``rank``: a user sees up to its clearance."""

    OFFICIAL_USE = "official_use"
    RESTRICTED = "restricted"
    CONFIDENTIAL = "confidential"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @property
    def label(self) -> str:
        return self.value

    @classmethod
    def from_rank(cls, rank: int) -> Confidentiality:
        return next(level for level, r in _RANKS.items() if r == rank)

    @classmethod
    def from_label(cls, label: str) -> Confidentiality:
        try:
            return cls(label)
        except ValueError:
            names = ", ".join(lvl.value for lvl in cls)
            raise ValueError(f"unknown confidentiality {label!r}; use one of {names}") from None


_RANKS = {
    Confidentiality.OFFICIAL_USE: 1,
    Confidentiality.RESTRICTED: 2,
    Confidentiality.CONFIDENTIAL: 3,
}


class HandlingCode(StrEnum):
    """SIENA handling codes: what a recipient may do with the data."""

    H0 = "H0"  # use only for preventing and combating crime
    H1 = "H1"  # not for use in court without the source's permission
    H2 = "H2"  # no onward sharing without the source's permission (export blocked)
    H3 = "H3"  # other restrictions, stated in the record


class Purpose(StrEnum):
    """Purposes of processing (RPD Art. 10)."""

    LOCATE_WANTED = "locate_wanted"
    IDENTIFY = "identify"
    INVESTIGATION = "investigation"
    ALERT = "alert"
    IDENTIFY_BODY = "identify_body"
    FORENSICS = "forensics"
    SECURITY_CHECK = "security_check"
    ANALYSIS = "analysis"
    BORDER_CONTROL = "border_control"


class Policy(BaseModel):
    """Who may see a record, how it is handled and how long it lives."""

    model_config = ConfigDict(frozen=True)

    owner: str = Field(description="Code of the owning NCB or entity")
    access: AccessMode = AccessMode.ALL
    entities: frozenset[str] = Field(
        default=frozenset(), description="The allow-list or deny-list, as NCB or entity codes"
    )
    confidentiality: Confidentiality = Confidentiality.RESTRICTED
    handling: frozenset[HandlingCode] = frozenset()
    purpose: Purpose = Purpose.INVESTIGATION
    expires_at: dt.datetime | None = None

    @field_validator("entities", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        if isinstance(value, list | tuple | set | frozenset):
            return frozenset(str(v).strip().upper() for v in value)
        return value

    @property
    def review_due(self) -> dt.datetime | None:
        return self.expires_at - REVIEW_BEFORE_EXPIRY if self.expires_at else None


def entity_admitted(policy: Policy, entity: str) -> bool:
    """Whether the access list lets ``entity`` see the record (the owner always may)."""
    if entity == policy.owner:
        return True
    if policy.access is AccessMode.ALL:
        return True
    if policy.access is AccessMode.ALLOW:
        return entity in policy.entities
    return entity not in policy.entities


def is_expired(policy: Policy, now: dt.datetime) -> bool:
    return policy.expires_at is not None and policy.expires_at <= now
