"""Synthetic objects: stolen or lost travel documents, stolen vehicles, wanted vessels.

Each comes out as a dict shaped like its model's ``model_dump(mode="json", exclude_none=True)``
plus its suggested ``policy``. Travel documents are reported by their issuing state's NCB, most
vehicles by the NCB of the plate's country.
"""

from __future__ import annotations

import random
from typing import Any

from passerelle.model.policy import Confidentiality
from passerelle.model.records import DocumentStatus, DocumentType, normalise_identifier
from passerelle.services.demo import identifiers, naming, policies
from passerelle.services.demo.namebook import book_for
from passerelle.services.demo.persons import nationalities
from passerelle.services.demo.sampling import Weighted, chance

DOCUMENT_STATUS = Weighted(
    [
        (DocumentStatus.STOLEN, 45),
        (DocumentStatus.LOST, 40),
        (DocumentStatus.REVOKED, 6),
        (DocumentStatus.INVALID, 4),
        (DocumentStatus.STOLEN_BLANK, 5),
    ]
)
DOCUMENT_TYPE = Weighted(
    [(DocumentType.PASSPORT, 65), (DocumentType.ID_CARD, 30), (DocumentType.VISA, 5)]
)
OBJECT_CONFIDENTIALITY = Weighted(
    [
        (Confidentiality.OFFICIAL_USE, 70),
        (Confidentiality.RESTRICTED, 28),
        (Confidentiality.CONFIDENTIAL, 2),
    ]
)
PLATE_COUNTRIES = Weighted(
    [(code, 10.0) for code in identifiers.PLATE_FORMATS] + [("CN", 3.0), ("JP", 2.0)]
)
COLOURS = ("black", "white", "silver", "grey", "blue", "red", "green", "beige", "brown")


def _reported_on(rng: random.Random) -> str:
    year = rng.randint(2015, 2025)
    month = rng.randint(1, 12 if year < 2025 else 6)
    if chance(rng, 0.1):
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{rng.randint(1, 28):02d}"


def _object_policy(rng: random.Random, owner: str) -> dict[str, Any]:
    retention = 10 * 365 if chance(rng, 0.5) else None
    return policies.policy(
        rng,
        owner,
        policies.OBJECT_PURPOSE.pick(rng),
        confidentiality=OBJECT_CONFIDENTIALITY.pick(rng),
        retention_days=retention,
    )


def travel_document(rng: random.Random, ident: str) -> dict[str, Any]:
    state = nationalities().pick(rng)
    status = DOCUMENT_STATUS.pick(rng)
    kind = DOCUMENT_TYPE.pick(rng)
    number, is_card = identifiers.document_number(rng, state, card=kind is DocumentType.ID_CARD)
    if kind is DocumentType.ID_CARD and not is_card:
        kind = DocumentType.PASSPORT
    record: dict[str, Any] = {
        "id": ident,
        "kind": "travel_document",
        "number": number,
        "type": kind.value,
        "issuing_state": state,
        "status": status.value,
        "reported_on": _reported_on(rng),
    }
    book = book_for(state)
    if status is not DocumentStatus.STOLEN_BLANK and book is not None:
        primary = naming.compose(rng, book, female=chance(rng, 0.4))[0]
        record["holder_name"] = primary["latin"]
    owner = state if chance(rng, 0.9) else policies.owners().pick(rng)
    record["policy"] = _object_policy(rng, owner)
    return record


def vehicle(rng: random.Random, ident: str) -> dict[str, Any]:
    wmi, make, models = rng.choice(identifiers.WMIS)
    record: dict[str, Any] = {"id": ident, "kind": "vehicle"}
    roll = rng.random()
    country = PLATE_COUNTRIES.pick(rng)
    if roll < 0.9 or country in ("CN", "JP"):
        record["vin"] = identifiers.vin(rng, wmi, rng.randint(2005, 2025))
    if roll >= 0.25 and country not in ("CN", "JP"):
        record["plate"] = normalise_identifier(identifiers.plate(rng, country))
        record["plate_country"] = country
    if "vin" not in record and "plate" not in record:
        record["vin"] = identifiers.vin(rng, wmi, rng.randint(2005, 2025))
    record["make"] = make
    record["model"] = rng.choice(models)
    record["colour"] = rng.choice(COLOURS)
    owner = country if chance(rng, 0.75) else policies.owners().pick(rng)
    record["policy"] = _object_policy(rng, owner)
    return record


def vessel(rng: random.Random, ident: str) -> dict[str, Any]:
    flag = identifiers.FLAGS.pick(rng)
    record: dict[str, Any] = {"id": ident, "kind": "vessel"}
    if chance(rng, 0.8):
        record["imo"] = identifiers.imo_number(rng)
    if chance(rng, 0.75):
        record["mmsi"] = identifiers.mmsi(rng, flag)
    if chance(rng, 0.95) or len(record) == 2:
        record["name"] = identifiers.vessel_name(rng)
    record["flag"] = flag
    record["policy"] = _object_policy(rng, policies.owners().pick(rng))
    return record
