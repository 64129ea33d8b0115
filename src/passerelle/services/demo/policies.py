"""Suggested policies for demo records: who owns them and who may see them.

Owners are spread over many NCBs, weighted roughly by how much a bureau contributes, with a long
tail over every member so that small bureaus appear too. Most records are open to all members
(the default at INTERPOL); some carry an allow-list (often neighbours in the owner's region) or a
deny-list. Policies come out as dicts shaped like ``Policy.model_dump(mode="json")``.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import cache
from typing import Any

from passerelle.model.countries import registry
from passerelle.model.policy import AccessMode, Confidentiality, HandlingCode, Purpose
from passerelle.model.records import PersonStatus
from passerelle.services.demo.sampling import Weighted, chance

#: Demo data is dated from this instant, not from the clock: the same seed gives the same bytes.
DEMO_EPOCH = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)

_BIG_CONTRIBUTORS: dict[str, float] = {
    "FR": 60, "US": 60, "DE": 55, "GB": 45, "ES": 40, "IT": 40, "RU": 35, "TR": 35, "CN": 30,
    "MA": 25, "BR": 25, "MX": 25, "EG": 20, "AE": 20, "NL": 20, "UA": 20, "IN": 20, "DZ": 18,
    "TN": 15, "SA": 15, "CO": 15, "BE": 15, "PL": 15, "NG": 15, "AR": 12, "PK": 12, "ZA": 12,
    "AU": 12, "IQ": 10, "JP": 10, "KR": 10, "ID": 10, "CH": 10, "PT": 10, "KE": 8, "PH": 8,
    "TH": 8, "AT": 8, "SE": 8, "GR": 8, "RS": 8, "KZ": 8, "BG": 6, "IR": 6, "JO": 6, "LB": 6,
}  # fmt: skip

ACCESS = Weighted([(AccessMode.ALL, 76), (AccessMode.ALLOW, 12), (AccessMode.DENY, 12)])
CONFIDENTIALITY = Weighted(
    [
        (Confidentiality.OFFICIAL_USE, 25),
        (Confidentiality.RESTRICTED, 55),
        (Confidentiality.CONFIDENTIAL, 20),
    ]
)
HANDLING: Weighted[tuple[HandlingCode, ...]] = Weighted(
    [
        ((), 40),
        ((HandlingCode.H0,), 25),
        ((HandlingCode.H1,), 10),
        ((HandlingCode.H2,), 10),
        ((HandlingCode.H0, HandlingCode.H2), 8),
        ((HandlingCode.H3,), 4),
        ((HandlingCode.H1, HandlingCode.H2), 3),
    ]
)

PERSON_PURPOSE: dict[PersonStatus, Weighted[Purpose]] = {
    PersonStatus.WANTED: Weighted([(Purpose.LOCATE_WANTED, 90), (Purpose.INVESTIGATION, 10)]),
    PersonStatus.SUSPECT: Weighted([(Purpose.INVESTIGATION, 80), (Purpose.ANALYSIS, 20)]),
    PersonStatus.CONVICTED: Weighted([(Purpose.ALERT, 60), (Purpose.INVESTIGATION, 40)]),
    PersonStatus.MISSING: Weighted([(Purpose.IDENTIFY, 100)]),
    PersonStatus.WITNESS: Weighted([(Purpose.INVESTIGATION, 100)]),
    PersonStatus.UNIDENTIFIED: Weighted(
        [(Purpose.IDENTIFY, 60), (Purpose.IDENTIFY_BODY, 30), (Purpose.FORENSICS, 10)]
    ),
    PersonStatus.THREAT: Weighted([(Purpose.ALERT, 60), (Purpose.SECURITY_CHECK, 40)]),
    PersonStatus.SANCTIONED: Weighted([(Purpose.BORDER_CONTROL, 60), (Purpose.SECURITY_CHECK, 40)]),
}
OBJECT_PURPOSE = Weighted(
    [(Purpose.BORDER_CONTROL, 50), (Purpose.INVESTIGATION, 40), (Purpose.ANALYSIS, 10)]
)


@cache
def owners() -> Weighted[str]:
    """Every member NCB may own records; the big contributors own most."""
    return Weighted(
        (code, _BIG_CONTRIBUTORS.get(code, 1.0)) for code in sorted(registry().countries)
    )


@cache
def _regions() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    reg = registry()
    of = {code: c.region for code, c in reg.countries.items()}
    members: dict[str, list[str]] = {}
    for code in sorted(of):
        members.setdefault(of[code], []).append(code)
    return of, {region: tuple(codes) for region, codes in members.items()}


def _entities(rng: random.Random, owner: str, access: AccessMode) -> list[str]:
    region_of, members = _regions()
    if access is AccessMode.ALLOW:
        pool = members.get(region_of.get(owner, ""), ()) if chance(rng, 0.7) else ()
        picked = set(rng.sample(pool, min(len(pool), rng.randint(2, 8)))) if pool else set()
        picked.update(owners().pick(rng) for _ in range(rng.randint(0, 3)))
        if chance(rng, 0.3):
            picked.add("IPSG")
    else:
        picked = {owners().pick(rng) for _ in range(rng.randint(1, 3))}
    picked.discard(owner)
    return sorted(picked)


def policy(
    rng: random.Random,
    owner: str,
    purpose: Purpose,
    *,
    confidentiality: Confidentiality | None = None,
    retention_days: int | None = 5 * 365,
) -> dict[str, Any]:
    """A policy dict for a record owned by ``owner`` (an NCB or entity code)."""
    access = ACCESS.pick(rng)
    entities = _entities(rng, owner, access) if access is not AccessMode.ALL else []
    if not entities:
        access = AccessMode.ALL
    level = confidentiality or CONFIDENTIALITY.pick(rng)
    handling = sorted(h.value for h in HANDLING.pick(rng))
    expires = None
    if retention_days is not None:
        days = rng.randint(200, retention_days)
        expires = (DEMO_EPOCH + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "owner": owner,
        "access": access.value,
        "entities": entities,
        "confidentiality": level.value,
        "handling": handling,
        "purpose": purpose.value,
        "expires_at": expires,
    }
