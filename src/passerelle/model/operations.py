"""Coordinated operations (NEPTUNE-like): a time window, participating NCBs, sites, outcomes.

An operation is time-boxed and run by a coordinator (an NCB or the General Secretariat) with
participating NCBs at named sites: seaports, airports and land crossings, each identified by
its UN/LOCODE. Every hit made under the operation gets follow-up *outcomes* from the NCB that
made it; the dashboard and the final report count them. These types validate what users send;
the store keeps them as JSON.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from passerelle.model.countries import EntityKind, entity, registry
from passerelle.model.records import LongText, Text

#: A UN/LOCODE: the ISO 3166 alpha-2 code of the country and three letters or digits 2-9
#: (UNECE Recommendation 16). We accept 0 and 1 too: they are not issued, but refusing a code
#: over them helps nobody.
_LOCODE = re.compile(r"^[A-Z]{2}[A-Z0-9]{3}$")
#: Longest operation we accept: NEPTUNE editions last a few weeks; a year is a typo guard.
MAX_DAYS = 366
MAX_SITES = 200
MAX_ITEMS = 20


class SiteKind(StrEnum):
    PORT = "port"
    AIRPORT = "airport"
    LAND_CROSSING = "land_crossing"


class OutcomeKind(StrEnum):
    """What came of a hit, in the words of the NEPTUNE reports."""

    ARRESTED = "arrested"
    LOCATED = "located"
    IDENTIFIED = "identified"
    REFUSED_ENTRY = "refused_entry"
    ITEMS_SEIZED = "items_seized"
    FALSE_POSITIVE = "false_positive"


def locode(value: str) -> str:
    """Normalise and check a UN/LOCODE: ``FR MRS`` / ``frmrs`` -> ``FRMRS``.

    The country part must be an INTERPOL member: a site is where a participating NCB works.
    """
    code = value.replace(" ", "").upper()
    if not _LOCODE.match(code):
        raise ValueError(
            f"{value!r} is not a UN/LOCODE: 2-letter country code and 3 letters or digits, "
            "e.g. FRMRS"
        )
    if code[:2] not in registry().countries:
        raise ValueError(f"{value!r}: {code[:2]} is not a member country")
    return code


def ncb_code(value: str) -> str:
    """An NCB (alpha-2 or alpha-3) as its alpha-2 code; other entities are refused."""
    try:
        found = entity(value)
    except ValueError:
        raise ValueError(f"unknown NCB {value!r}") from None
    if found.kind is not EntityKind.NCB:
        raise ValueError(f"{value!r} is not an NCB")
    return found.code


def coordinator_code(value: str) -> str:
    """The coordinator: an NCB or the General Secretariat."""
    try:
        found = entity(value)
    except ValueError:
        raise ValueError(f"unknown NCB or entity {value!r}") from None
    if found.kind not in (EntityKind.NCB, EntityKind.GENERAL_SECRETARIAT):
        raise ValueError(f"{value!r} cannot coordinate an operation: use an NCB or the GS")
    return found.code


Locode = Annotated[str, AfterValidator(locode)]
NcbCode = Annotated[str, AfterValidator(ncb_code)]


class Site(BaseModel):
    """Where the checks happen: a port, airport or land crossing, by UN/LOCODE."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    locode: Locode = Field(description="UN/LOCODE, e.g. FRMRS (Marseille)")
    name: Text = Field(min_length=1)
    kind: SiteKind = SiteKind.PORT


class OperationInput(BaseModel):
    """A new operation as its coordinator describes it."""

    model_config = ConfigDict(extra="forbid")

    name: Text = Field(min_length=1)
    description: LongText = ""
    coordinator: Annotated[str, AfterValidator(coordinator_code)] = Field(
        description="NCB (alpha-2) or GS code that runs the operation"
    )
    starts_on: dt.date
    ends_on: dt.date
    participants: list[NcbCode] = Field(default_factory=list, max_length=200)
    sites: list[Site] = Field(default_factory=list, max_length=MAX_SITES)

    @model_validator(mode="after")
    def _window_and_lists(self) -> OperationInput:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        if (self.ends_on - self.starts_on).days >= MAX_DAYS:
            raise ValueError(f"an operation lasts at most {MAX_DAYS} days")
        self.participants = sorted(set(self.participants))
        codes = [s.locode for s in self.sites]
        if len(codes) != len(set(codes)):
            raise ValueError("each site (UN/LOCODE) may be listed once")
        return self


class OperationChange(BaseModel):
    """Participants and sites to add to an operation (nothing is removed: the report keeps
    what happened at every site)."""

    model_config = ConfigDict(extra="forbid")

    participants: list[NcbCode] = Field(default_factory=list, max_length=200)
    sites: list[Site] = Field(default_factory=list, max_length=MAX_SITES)


_ITEM = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def _items(value: dict[str, float]) -> dict[str, float]:
    if len(value) > MAX_ITEMS:
        raise ValueError(f"at most {MAX_ITEMS} kinds of item")
    for key, qty in value.items():
        if not _ITEM.match(key):
            raise ValueError(
                f"item {key!r}: use lower-case words joined by _ with the unit, e.g. cash_eur, "
                "cannabis_kg, firearms"
            )
        if not math.isfinite(qty) or qty <= 0 or qty > 1e12:
            raise ValueError(f"item {key!r}: the quantity must be a positive number")
    return dict(sorted(value.items()))


class OutcomeInput(BaseModel):
    """What came of one hit. Seizures say what and how much: ``{"cash_eur": 12000}``."""

    model_config = ConfigDict(extra="forbid")

    hit_id: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_\-]+$")
    kind: OutcomeKind
    items: Annotated[dict[str, float], AfterValidator(_items)] = Field(default_factory=dict)
    site: Locode | None = None
    note: LongText | None = None

    @model_validator(mode="after")
    def _items_only_for_seizures(self) -> OutcomeInput:
        if self.kind is OutcomeKind.ITEMS_SEIZED and not self.items:
            raise ValueError('items_seized needs items, e.g. {"cash_eur": 12000}')
        if self.kind is not OutcomeKind.ITEMS_SEIZED and self.items:
            raise ValueError("only items_seized outcomes list items")
        return self
