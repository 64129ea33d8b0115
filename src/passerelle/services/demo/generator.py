"""The deterministic demo data generator: ``generate`` yields validated model records.

Each kind of record has its own random stream derived from the seed (``random.Random`` seeded
with a string is stable across runs and Python versions, unlike ``hash``), so asking for more
vehicles never changes the persons. Nothing reads the global ``random`` or the clock.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from passerelle.model.policy import Policy
from passerelle.model.records import Person, Record, TravelDocument, Vehicle, Vessel
from passerelle.services.demo import objects, persons

Progress = Callable[[int], None]

#: How often the progress callback is called (in records).
PROGRESS_EVERY = 1000

#: Kinds in the order ``generate`` yields them, with the id prefix and the draft maker.
KINDS: tuple[
    tuple[str, str, Callable[[random.Random, str], dict[str, Any]], type[BaseModel]], ...
] = (
    ("person", "P", persons.person, Person),
    ("travel_document", "D", objects.travel_document, TravelDocument),
    ("vehicle", "V", objects.vehicle, Vehicle),
    ("vessel", "S", objects.vessel, Vessel),
)


@dataclass(frozen=True, slots=True)
class DemoRecord:
    """One generated record, its stable id (``P000001``, ``D…``, ``V…``, ``S…``) and policy."""

    id: str
    record: Record
    policy: Policy


def stream(kind: str, seed: int) -> random.Random:
    """The random stream of one kind of record for a seed."""
    return random.Random(f"passerelle-demo:{seed}:{kind}")


def record_id(prefix: str, number: int) -> str:
    """``P000001``: at least six digits, wider past 999,999 (ids stay unique, not padded)."""
    return f"{prefix}{number:06d}"


def drafts(kind: str, count: int, seed: int) -> Iterator[dict[str, Any]]:
    """JSON-ready dicts for ``count`` records of one kind (with ``id`` and ``policy`` keys)."""
    prefix, make = next((p, m) for k, p, m, _ in KINDS if k == kind)
    rng = stream(kind, seed)
    for n in range(1, count + 1):
        yield make(rng, record_id(prefix, n))


def to_record(draft: dict[str, Any]) -> DemoRecord:
    """Validate one draft into model objects (raises pydantic's ValidationError if invalid)."""
    body = {k: v for k, v in draft.items() if k not in ("id", "policy")}
    model = next(m for k, _, _, m in KINDS if k == body["kind"])
    record = model.model_validate(body)
    assert isinstance(record, Person | TravelDocument | Vehicle | Vessel)
    return DemoRecord(draft["id"], record, Policy.model_validate(draft["policy"]))


def generate(
    persons: int,
    seed: int,
    *,
    travel_documents: int | None = None,
    vehicles: int | None = None,
    vessels: int | None = None,
    progress: Progress | None = None,
) -> Iterator[DemoRecord]:
    """Yield ``persons`` persons, then travel documents, vehicles and vessels, for a seed.

    Unset counts default to half, a fifth and a fiftieth of ``persons``. ``progress`` is called
    with the number of records yielded so far every ``PROGRESS_EVERY`` records and at the end.
    """
    counts = {
        "person": persons,
        "travel_document": persons // 2 if travel_documents is None else travel_documents,
        "vehicle": persons // 5 if vehicles is None else vehicles,
        "vessel": persons // 50 if vessels is None else vessels,
    }
    if any(n < 0 for n in counts.values()):
        raise ValueError("record counts must not be negative")
    done = 0
    for kind, _, _, _ in KINDS:
        for draft in drafts(kind, counts[kind], seed):
            yield to_record(draft)
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done)
    if progress is not None and done % PROGRESS_EVERY:
        progress(done)
