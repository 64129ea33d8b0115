"""Checking a traveller (FIND-like): hit/no-hit against every shared record, in milliseconds.

The in-memory index knows every released record, whoever may see it, because a border check
must find a hit even on data the checking NCB may not read. What leaves this module about such
a hit is only that it exists and which NCB to contact; the owner is notified of every hit on
its data, and every check and hit is audited.

The index is built once per process and then follows the store's change feed
(``record_changes``), so API replicas stay in step without re-reading the table.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy.engine import Connection

from passerelle.model.countries import entity as lookup_entity
from passerelle.model.countries import normalise_country, normalise_document_state
from passerelle.model.dates import PartialDate
from passerelle.model.errors import Forbidden, InvalidInput, NotFound
from passerelle.model.principals import CHECKER_ROLES, CheckScope, Principal
from passerelle.model.records import DocumentType, Sex
from passerelle.services import index_snapshots
from passerelle.services.context import Call, Platform
from passerelle.services.views import record_view
from passerelle.store import access, audit, notifications
from passerelle.store import checks as checks_repo
from passerelle.store import operations as operations_repo
from passerelle.store import records as repo

if TYPE_CHECKING:
    from passerelle.matching import (
        Hit,
        IdentifierIndex,
        MatchQuery,
        MatchRecord,
        Reach,
        Screener,
    )

PERSON_KINDS = ("person", "notice", "diffusion")
#: Persons from which the first index build analyses names on every core.
PARALLEL_BUILD = 20_000
INDEXED_KINDS = ("person", "notice", "diffusion", "travel_document", "vehicle", "vessel")
_SCOPE_OF_KIND = {
    "person": CheckScope.PERSONS,
    "notice": CheckScope.PERSONS,
    "diffusion": CheckScope.PERSONS,
    "travel_document": CheckScope.DOCUMENTS,
    "vehicle": CheckScope.VEHICLES,
    "vessel": CheckScope.VESSELS,
}


class DocumentQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: str = Field(min_length=1, max_length=40)
    issuing_state: str = Field(min_length=2, max_length=3)
    type: DocumentType | None = None

    @field_validator("issuing_state")
    @classmethod
    def _state(cls, value: str) -> str:
        return normalise_document_state(value)


class VehicleQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    vin: str | None = Field(default=None, max_length=17)
    plate: str | None = Field(default=None, max_length=15)
    plate_country: str | None = Field(default=None, max_length=3)


class VesselQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    imo: str | None = Field(default=None, max_length=10)


class CheckInput(BaseModel):
    """A traveller as seen at the border: any of names, DOB, nationality, document, MRZ."""

    model_config = ConfigDict(extra="forbid")

    names: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="Names in any script, e.g. as on the passport",
    )
    date_of_birth: PartialDate | None = None
    nationality: str | None = Field(default=None, max_length=3)
    sex: Sex | None = None
    document: DocumentQuery | None = None
    mrz: str | None = Field(
        default=None, max_length=300, description="Raw MRZ lines (TD1 or TD3), newline-separated"
    )
    vehicle: VehicleQuery | None = None
    vessel: VesselQuery | None = None
    limit: int = Field(default=10, ge=1, le=50)
    operation_id: str | None = Field(
        default=None, max_length=32, description="The coordinated operation this check is part of"
    )
    site: str | None = Field(
        default=None,
        pattern=r"^[A-Z]{2}[A-Z0-9]{3}$",
        description="UN/LOCODE of the port, airport or crossing (with operation_id)",
    )

    @field_validator("names")
    @classmethod
    def _names(cls, value: list[str]) -> list[str]:
        for name in value:
            if len(name) > 200:
                raise ValueError("a name has at most 200 characters")
        return [n.strip() for n in value if n.strip()]

    @field_validator("nationality")
    @classmethod
    def _nationality(cls, value: str | None) -> str | None:
        return normalise_country(value) if value else None

    @model_validator(mode="after")
    def _something(self) -> CheckInput:
        if not (self.names or self.document or self.mrz or self.vehicle or self.vessel):
            raise ValueError("give at least a name, a document, an MRZ, a vehicle or a vessel")
        return self


@dataclass(frozen=True, slots=True)
class Meta:
    """What the index keeps about a record to decide, at check time, what may be shown.

    One per indexed record, so a million of them live in every API process: fields rather
    than the access guard's row dict, and the strings and access lists shared between records
    (``Meta.of``) — 768 bytes a record became about a quarter of that.
    """

    kind: str
    owner: str
    state: str | None
    access: str
    expires_at: dt.datetime | None
    confidentiality: int
    created_by: int | None
    entities: frozenset[str]

    @classmethod
    def of(cls, stored: repo.StoredRecord, row: dict[str, Any]) -> Meta:
        """From a stored record and its ``as_row()``."""
        entities = stored.policy.entities
        return cls(
            kind=_shared(row["kind"]),
            owner=_shared(row["owner"]),
            state=None if row["state"] is None else _shared(row["state"]),
            access=_shared(row["access"]),
            expires_at=row["expires_at"],
            confidentiality=row["confidentiality"],
            created_by=row["created_by"],
            entities=_SHARED_SETS.setdefault(entities, entities),
        )

    @property
    def row(self) -> dict[str, Any]:
        """The columns the access guard reads, as ``StoredRecord.as_row`` gives them."""
        return {
            "owner": self.owner,
            "kind": self.kind,
            "state": self.state,
            "access": self.access,
            "expires_at": self.expires_at,
            "confidentiality": self.confidentiality,
            "created_by": self.created_by,
        }


_shared = sys.intern
#: Access lists are few and repeated across records: one frozenset each.
_SHARED_SETS: dict[frozenset[str], frozenset[str]] = {}


class ScreeningIndex:
    """Names and identifiers of every released record, kept in step with the store."""

    def __init__(self) -> None:
        from passerelle.matching import IdentifierIndex, Screener

        self.screener = Screener()
        self.identifiers = IdentifierIndex()
        self.meta: dict[str, Meta] = {}
        self.last_change = 0
        self.built = False
        self.synced_at = float("-inf")  # time.monotonic() of the last look at the change feed
        self.lock = threading.Lock()

    def due(self, interval: float) -> bool:
        """Whether the change feed should be read again (never built, or ``interval`` passed)."""
        return not self.built or time.monotonic() - self.synced_at >= interval

    def sync(self, conn: Connection, now: Any) -> None:
        """Build on first use; afterwards apply only the changes since the last sync."""
        with self.lock:
            if not self.built:
                mark = repo.last_change(conn)
                rows = repo.unrestricted_rows_for_screening(conn, now, INDEXED_KINDS)
                self._build(p for p in (self._put(r, defer=True) for r in rows) if p is not None)
                self.identifiers.compact()
                self.last_change = mark
                self.built = True
                return
            while True:
                changes = repo.changes_since(conn, self.last_change)
                if not changes:
                    return
                for seq, record_id, op in changes:
                    self._drop(record_id)
                    fresh = repo.load(conn, record_id) if op != "delete" else None
                    if fresh is not None:
                        self._put(fresh)
                    self.last_change = seq

    def state(self) -> tuple[Any, ...]:
        """What a snapshot on disk keeps: both indexes, the policy facts, the feed position."""
        with self.lock:
            return (self.screener, self.identifiers, self.meta, self.last_change)

    def adopt(self, state: tuple[Any, ...]) -> None:
        """Take over a snapshot's ``state()``; the change feed then brings it up to date."""
        with self.lock:
            self.screener, self.identifiers, self.meta, self.last_change = state
            self.built = True

    def _build(self, persons: Iterator[MatchRecord]) -> None:
        """The first build: persons filed in batches, their names analysed on every core once
        there are enough of them to repay starting the processes (a million persons build in
        about half the time on two cores)."""
        head = list(itertools.islice(persons, PARALLEL_BUILD))
        if len(head) < PARALLEL_BUILD:
            self.screener.add_many(head)
            return
        workers = os.cpu_count() or 1
        # Spawned, not forked: the API builds its index from a thread.
        self.screener.add_many(
            itertools.chain(head, persons), workers=workers, start_method="spawn"
        )

    def _drop(self, record_id: str) -> None:
        if self.meta.pop(record_id, None) is not None:
            self.screener.remove(record_id)
            self.identifiers.remove(record_id)

    def _put(self, stored: repo.StoredRecord, defer: bool = False) -> MatchRecord | None:
        row = stored.as_row()
        if stored.kind not in INDEXED_KINDS or not access.is_released(row):
            return None
        data = stored.data
        subject = data.get("subject") if stored.kind in ("notice", "diffusion") else data
        deferred = None
        if stored.kind in PERSON_KINDS and subject:
            record = person_match_record(stored.id, subject)
            if defer:
                deferred = record
            else:
                self.screener.add(record)
            for number, state, dtype in record.documents:
                self.identifiers.add_document(stored.id, number, state, dtype)
        elif stored.kind == "travel_document":
            self.identifiers.add_document(
                stored.id, data["number"], data["issuing_state"], data.get("type", "P")
            )
        elif stored.kind == "vehicle":
            if data.get("vin"):
                self.identifiers.add_vin(stored.id, data["vin"])
            if data.get("plate") and data.get("plate_country"):
                self.identifiers.add_plate(stored.id, data["plate"], data["plate_country"])
        elif stored.kind == "vessel" and data.get("imo"):
            self.identifiers.add_imo(stored.id, data["imo"])
        else:
            return None
        self.meta[stored.id] = Meta.of(stored, row)
        return deferred


def person_match_record(record_id: str, subject: dict[str, Any]) -> MatchRecord:
    """A person (or a notice's subject) as the screener indexes it: every name in its original
    script and in Latin, DOB, sex, nationalities, documents. Shared by the store-backed index and
    the standalone bulk screening of a demo watchlist, so both index the same way."""
    from passerelle.matching import MatchRecord

    names: list[str] = []
    for name in subject.get("names", []):
        names.extend(n for n in (name.get("full"), name.get("latin")) if n)
    docs = [
        (d["number"], d["issuing_state"], d.get("type", "P")) for d in subject.get("documents", [])
    ]
    dob = subject.get("date_of_birth")
    return MatchRecord(
        id=record_id,
        names=list(dict.fromkeys(names)),
        dob=PartialDate.parse(dob) if dob else None,
        sex=subject.get("sex") if subject.get("sex") != "U" else None,
        nationalities=list(subject.get("nationalities", [])),
        documents=docs,
    )


def warm(platform: Platform) -> index_snapshots.Outcome:
    """Make the screening index ready now (at start-up) rather than on the first check: loaded
    from the deployment's snapshot when it is still good, else built and the snapshot
    written (``index_snapshots``)."""
    index = index_for(platform)
    with platform.db.read() as conn:
        outcome = index_snapshots.start(index, platform.settings, conn, platform.now())
    index.synced_at = time.monotonic()
    index.screener.warm()
    return outcome


def ready(platform: Platform) -> bool:
    """Whether the screening index is built, so a check costs milliseconds, not a build."""
    found = platform.cache.get("screening")
    return isinstance(found, ScreeningIndex) and found.built


def index_for(platform: Platform) -> ScreeningIndex:
    found = platform.cache.get("screening")
    if found is None:
        found = platform.cache.setdefault("screening", ScreeningIndex())
    assert isinstance(found, ScreeningIndex)
    return found


class Indexes(Protocol):
    """What screening reads: the name screener and the identifier index (a ``ScreeningIndex``,
    or the snapshot of both that a bulk screening ships to its workers)."""

    @property
    def screener(self) -> Screener: ...

    @property
    def identifiers(self) -> IdentifierIndex: ...


@dataclass(frozen=True, slots=True)
class Candidate:
    """A record found for a traveller, before the caller's policy decides what is shown."""

    record_id: str
    match: str
    probability: float
    explanation: list[dict[str, Any]]
    matched_name: str


def _from_mrz(given: CheckInput, out: dict[str, Any]) -> CheckInput:
    """Fill names, DOB, nationality, sex and document from the MRZ; report its check digits."""
    from passerelle.formats.mrz import parse_mrz

    assert given.mrz is not None
    parsed = parse_mrz(given.mrz)
    out["mrz"] = {
        "format": parsed.format,
        "check_errors": list(parsed.check_errors),
        "field_errors": list(parsed.field_errors),
        "valid": not parsed.check_errors and not parsed.field_errors,
    }
    name = " ".join(p for p in (parsed.given_names, parsed.surname) if p)
    update: dict[str, Any] = {"names": [*given.names, name] if name else given.names}
    if given.date_of_birth is None and parsed.date_of_birth is not None:
        update["date_of_birth"] = parsed.date_of_birth
    if given.nationality is None and parsed.nationality:
        update["nationality"] = parsed.nationality
    if given.sex is None and parsed.sex is not Sex.UNKNOWN:
        update["sex"] = parsed.sex
    if given.document is None and parsed.document_number and parsed.issuing_state:
        update["document"] = DocumentQuery(
            number=parsed.document_number,
            issuing_state=parsed.issuing_state,
            type=_doc_type(parsed.document_code),
        )
    return given.model_copy(update=update)


def _doc_type(code: str) -> DocumentType | None:
    letter = code[:1]
    return DocumentType(letter) if letter in {t.value for t in DocumentType} else None


def person_query(given: CheckInput) -> MatchQuery:
    """The matcher's query for the person a check describes: names, date of birth, sex when
    known, nationality and the document (a passport when its type is not given)."""
    from passerelle.matching import MatchQuery

    docs = (
        [
            (
                given.document.number,
                given.document.issuing_state,
                (given.document.type or DocumentType.PASSPORT).value,
            )
        ]
        if given.document
        else []
    )
    return MatchQuery(
        names=given.names,
        dob=given.date_of_birth,
        sex=given.sex.value if given.sex and given.sex != Sex.UNKNOWN else None,
        nationalities=[given.nationality] if given.nationality else [],
        documents=docs,
    )


def screen_candidates(
    index: Indexes,
    given: CheckInput,
    scope: frozenset[CheckScope],
    reach: Reach | None = None,
) -> list[Candidate]:
    """Every record matching ``given`` within ``scope``, most probable first (no policy yet:
    the in-memory index knows records whatever their access list). ``reach``: how far the
    screener looks (``matching.Reach``; None for a single check's; bulk screening sets it)."""
    return screen_candidates_many(index, [given], scope, reach)[0]


def screen_candidates_many(
    index: Indexes,
    givens: Sequence[CheckInput],
    scope: frozenset[CheckScope],
    reach: Reach | None = None,
) -> list[list[Candidate]]:
    """``screen_candidates`` of each check, in order: the same candidates, for less CPU on
    a batch (``Screener.screen_many`` runs the candidate steps back to back)."""
    from passerelle.matching.screener import SINGLE_CHECK

    by_name = [k for k, given in enumerate(givens) if CheckScope.PERSONS in scope and given.names]
    person_hits = index.screener.screen_many(
        [person_query(givens[k]) for k in by_name],
        [givens[k].limit for k in by_name],
        reach=reach or SINGLE_CHECK,
    )
    hits_of = dict(zip(by_name, person_hits, strict=True))
    return [_candidates(index, given, scope, hits_of.get(k, [])) for k, given in enumerate(givens)]


def _candidates(
    index: Indexes, given: CheckInput, scope: frozenset[CheckScope], hits: list[Hit]
) -> list[Candidate]:
    """A check's candidates: its name hits, and the records that share an identifier."""
    found: dict[str, Candidate] = {}

    def keep(c: Candidate) -> None:
        if c.record_id not in found or found[c.record_id].probability < c.probability:
            found[c.record_id] = c

    for hit in hits:
        keep(
            Candidate(
                hit.record_id,
                "name",
                hit.probability,
                [e._asdict() for e in hit.explanation],
                hit.matched_name,
            )
        )
    ident = index.identifiers
    id_hits: list[tuple[str, Any]] = []
    if given.document and scope & {CheckScope.DOCUMENTS, CheckScope.PERSONS}:
        dtype = given.document.type.value if given.document.type else None
        id_hits += [
            ("document", h)
            for h in ident.find_document(given.document.number, given.document.issuing_state, dtype)
        ]
    if given.vehicle and CheckScope.VEHICLES in scope:
        if given.vehicle.vin:
            id_hits += [("vin", h) for h in ident.find_vin(given.vehicle.vin)]
        if given.vehicle.plate and given.vehicle.plate_country:
            id_hits += [
                ("plate", h)
                for h in ident.find_plate(
                    given.vehicle.plate, normalise_country(given.vehicle.plate_country)
                )
            ]
    if given.vessel and given.vessel.imo and CheckScope.VESSELS in scope:
        id_hits += [("imo", h) for h in ident.find_imo(given.vessel.imo)]
    for what, h in id_hits:
        label = what if h.kind == "exact" else f"{what}-ocr"
        text = (
            f"The {what} number is identical to the stored one ({h.stored})."
            if h.kind == "exact"
            else f"The {what} number matches the stored {h.stored} only if characters that "
            "scanners confuse (0/O, 1/I/L, 5/S, 8/B, 2/Z) are taken as equal: check it."
        )
        keep(
            Candidate(
                h.record_id,
                label,
                h.confidence,
                [{"feature": label, "value": 1.0, "contribution": 0.0, "text": text}],
                "",
            )
        )
    return sorted(found.values(), key=lambda c: -c.probability)


def admit(principal: Principal, meta: Meta | None, match: str, now: Any) -> bool | None:
    """Whether a candidate is a hit for ``principal`` and, if so, whether they may see it.

    ``None``: not a hit (record gone, expired, or a name match outside the caller's scope).
    ``True``/``False``: a hit, shown in full or only as "contact the owner NCB". Single checks
    and bulk screenings decide with this one function, so they cannot drift apart.
    """
    if meta is None:
        return None
    expires = meta.expires_at
    if expires is not None and expires <= now:
        return None  # expired data is never a hit
    if _SCOPE_OF_KIND[meta.kind] not in principal.scope and match == "name":
        return None
    return access.checker_may_see(principal, meta.row, meta.entities, now)


def _operation_site(conn: Connection, entity: str, given: CheckInput) -> None:
    """A check made under an operation must name one the NCB takes part in, and its site."""
    if given.operation_id is None:
        if given.site is not None:
            raise InvalidInput("a site is given with its operation_id", where="site")
        return
    try:
        found = operations_repo.visible(conn, given.operation_id, entity)
    except NotFound as exc:
        raise InvalidInput(str(exc), where="operation_id") from None
    sites = {str(site.get("locode")) for site in found["sites"]}
    if given.site is not None and given.site not in sites:
        raise InvalidInput(
            f"site {given.site} is not one of the operation's: {', '.join(sorted(sites))}",
            where="site",
        )


def check(platform: Platform, call: Call, given: CheckInput) -> dict[str, Any]:
    """Screen one traveller; answer hit/no-hit with what the caller's NCB may see."""
    p = call.principal
    if p.role not in CHECKER_ROLES:
        raise Forbidden(f"the role {p.role.value} may not check travellers")
    started = time.perf_counter()
    now = platform.now()
    out: dict[str, Any] = {}
    if given.mrz:
        try:
            given = _from_mrz(given, out)
        except InvalidInput as exc:
            raise InvalidInput(str(exc), where="mrz") from None
    index = index_for(platform)
    with platform.db.read() as conn:  # screening needs no write lock: writers go on meanwhile
        _operation_site(conn, p.entity, given)
        if index.due(platform.settings.index_refresh_seconds):
            index.sync(conn, now)
            index.synced_at = time.monotonic()
    # Under the index's lock: a bulk screening's thread may be syncing the index, or pickling
    # it for its workers, which compacts it in place; a check must not read half of that.
    with index.lock:
        candidates = screen_candidates(index, given, p.scope)
    # Everything that only reads (the records shown) is done before the write transaction,
    # so the database's write turn, which every API process shares, is as short as possible.
    with platform.db.read() if candidates else contextlib.nullcontext() as conn:
        check_id = checks_repo.new_id("chk")
        shown: list[dict[str, Any]] = []
        hit_rows: list[dict[str, Any]] = []
        notes: list[dict[str, Any]] = []
        trail: list[audit.Entry] = []
        for cand in candidates:
            meta = index.meta.get(cand.record_id)
            visible = admit(p, meta, cand.match, now)
            if meta is None or visible is None:
                continue
            hit_id = checks_repo.new_id("hit")
            owner = meta.owner
            hit_rows.append(
                {
                    "id": hit_id,
                    "record_id": cand.record_id,
                    "record_kind": meta.kind,
                    "owner": owner,
                    "probability": cand.probability,
                    "visible": visible,
                    "match_kind": cand.match,
                    "explanation": cand.explanation,
                    "pair": {
                        "a": " | ".join(given.names),
                        "b": cand.matched_name,
                        "a_dob": str(given.date_of_birth) if given.date_of_birth else None,
                        "a_nationality": given.nationality,
                    },
                }
            )
            assert conn is not None  # opened whenever there are candidates
            shown.append(_hit_view(conn, call, hit_id, cand, meta, visible, now))
            notes.append(
                {
                    "entity": owner,
                    "kind": "hit",
                    "record_id": cand.record_id,
                    "message": {
                        "check_id": check_id,
                        "hit_id": hit_id,
                        "by": p.entity,
                        "probability": cand.probability,
                        "match": cand.match,
                        "visible_to_checker": visible,
                    },
                }
            )
            trail.append(
                audit.Entry(
                    "hit",
                    meta.kind,
                    cand.record_id,
                    {
                        "check_id": check_id,
                        "hit_id": hit_id,
                        "owner": owner,
                        "visible": visible,
                        "probability": cand.probability,
                    },
                )
            )
    query = given.model_dump(mode="json", exclude_none=True, exclude={"limit"})
    trail.append(audit.Entry("check", "check", check_id, {"query": query, "hits": len(hit_rows)}))
    with platform.db.transaction() as conn:
        notifications.notify_many(conn, notes, now)
        elapsed = (time.perf_counter() - started) * 1000
        checks_repo.record_check(
            conn,
            check_id=check_id,
            at=now,
            user_id=p.user_id,
            entity=p.entity,
            query=query,
            hit_rows=hit_rows,
            duration_ms=elapsed,
            operation_id=given.operation_id,
            site=given.site,
        )
        audit.append_many(conn, call.actor, trail)
    return {"check_id": check_id, "at": now.isoformat(), "hit": bool(shown), "hits": shown, **out}


def _hit_view(
    conn: Connection,
    call: Call,
    hit_id: str,
    cand: Candidate,
    meta: Meta,
    visible: bool,
    now: Any,
) -> dict[str, Any]:
    base: dict[str, Any] = {
        "hit_id": hit_id,
        "kind": meta.kind,
        "match": cand.match,
        "probability": cand.probability,
        "visible": visible,
    }
    owner = meta.owner
    if not visible:
        name = lookup_entity(owner).name("en")
        return {
            **base,
            "contact": {"ncb": owner, "name": name},
            "message": f"Hit on a record you may not see: contact NCB {owner} ({name}) "
            f"quoting {hit_id}.",
        }
    stored = repo.load(conn, cand.record_id)
    assert stored is not None
    return {
        **base,
        "matched_name": cand.matched_name,
        "explanation": cand.explanation,
        "record": record_view(stored, call.principal),
    }


def decide(
    platform: Platform, call: Call, hit_id: str, decision: str, comment: str | None = None
) -> dict[str, Any]:
    """The checking NCB confirms or rejects a hit; the pair becomes training data."""
    if decision not in ("confirmed", "rejected"):
        raise InvalidInput("decision is confirmed or rejected", where="decision")
    now = platform.now()
    with platform.db.transaction() as conn:
        hit = checks_repo.load_hit(conn, hit_id)
        if hit["checked_by"] != call.principal.entity or call.principal.role not in CHECKER_ROLES:
            raise Forbidden("only the NCB that made the check decides on its hits")
        checks_repo.decide(conn, hit_id, decision, call.principal.user_id, now)
        audit.append(
            conn,
            call.actor,
            "hit-decision",
            object_kind=hit["record_kind"],
            object_id=hit["record_id"],
            detail={"hit_id": hit_id, "decision": decision, "comment": comment},
        )
        notifications.notify(
            conn,
            hit["owner"],
            f"hit_{decision}",
            {"hit_id": hit_id, "by": call.principal.entity},
            now,
            hit["record_id"],
        )
    return {"hit_id": hit_id, "decision": decision}


def labelled_pairs(platform: Platform) -> list[dict[str, Any]]:
    """Officers' decisions as name pairs (JSONL rows of the matcher's training format)."""
    with platform.db.engine.connect() as conn:
        rows = checks_repo.decided_pairs(conn)
    out = []
    for r in rows:
        pair = r["pair"]
        for a in str(pair.get("a", "")).split(" | "):
            if a and pair.get("b"):
                out.append(
                    {
                        "id": r["id"],
                        "a": a,
                        "b": pair["b"],
                        "a_dob": pair.get("a_dob"),
                        "match": r["decision"] == "confirmed",
                        "kind": "officer",
                    }
                )
    return out
