"""Shared records: persons, travel documents, vehicles and vessels."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from passerelle.api.deps import CallDep, PlatformDep
from passerelle.api.schemas import (
    Extension,
    Page,
    PersonCreate,
    RecordOut,
    RecordUpdate,
    TravelDocumentCreate,
    VehicleCreate,
    VesselCreate,
)
from passerelle.services import records
from passerelle.services.policies import PolicyInput

router = APIRouter(tags=["records"])


def _create(platform: PlatformDep, call: CallDep, kind: str, body: Any) -> dict[str, Any]:
    return records.create(platform, call, kind, body.data.model_dump(mode="json"), body.policy)


@router.post("/persons", status_code=status.HTTP_201_CREATED, response_model=RecordOut)
def create_person(body: PersonCreate, platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """Share a person (wanted, missing, ...); your NCB owns it and sets its policy."""
    return _create(platform, call, "person", body)


@router.post("/travel-documents", status_code=status.HTTP_201_CREATED, response_model=RecordOut)
def create_travel_document(
    body: TravelDocumentCreate, platform: PlatformDep, call: CallDep
) -> dict[str, Any]:
    """Report a stolen, lost, revoked or invalid travel document."""
    return _create(platform, call, "travel_document", body)


@router.post("/vehicles", status_code=status.HTTP_201_CREATED, response_model=RecordOut)
def create_vehicle(body: VehicleCreate, platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """Report a stolen vehicle (VIN and/or plate with its country)."""
    return _create(platform, call, "vehicle", body)


@router.post("/vessels", status_code=status.HTTP_201_CREATED, response_model=RecordOut)
def create_vessel(body: VesselCreate, platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """Report a stolen or wanted vessel (IMO number, MMSI, name, flag)."""
    return _create(platform, call, "vessel", body)


@router.get("/records", response_model=Page[RecordOut])
def list_records(
    platform: PlatformDep,
    call: CallDep,
    kind: Annotated[list[str] | None, Query(description="Filter by kind (repeatable)")] = None,
    owner: Annotated[str | None, Query(max_length=8)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Search names, numbers")] = None,
    state: Annotated[str | None, Query(max_length=24)] = None,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int | None, Query(ge=1, le=500)] = None,
) -> dict[str, Any]:
    """List or search the records you may see, oldest first; follow `next_cursor`."""
    items, nxt = records.search(
        platform,
        call,
        kinds=tuple(kind) if kind else None,
        owner=owner.upper() if owner else None,
        text=q,
        state=state,
        cursor=cursor,
        limit=limit,
    )
    return {"items": items, "next_cursor": nxt}


@router.get("/records/{record_id}", response_model=RecordOut)
def get_record(record_id: str, platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """Read one record; one you may not see answers 404, as if it did not exist."""
    return records.get(platform, call, record_id)


@router.put("/records/{record_id}", response_model=RecordOut)
def update_record(
    record_id: str, body: RecordUpdate, platform: PlatformDep, call: CallDep
) -> dict[str, Any]:
    """Replace a record's content (owner NCB only)."""
    return records.update(platform, call, record_id, body.data)


@router.put("/records/{record_id}/policy", response_model=RecordOut)
def change_policy(
    record_id: str, body: PolicyInput, platform: PlatformDep, call: CallDep
) -> dict[str, Any]:
    """Change who may see the record and how it is handled (owner's supervisor or author)."""
    return records.change_policy(platform, call, record_id, body)


@router.post("/records/{record_id}/extend", response_model=RecordOut)
def extend(record_id: str, body: Extension, platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """Keep a record longer (at most five years from now), with the reason recorded."""
    return records.extend_retention(platform, call, record_id, body.until, body.reason)


@router.delete("/records/{record_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_record(record_id: str, platform: PlatformDep, call: CallDep) -> Response:
    """Delete a record (owner NCB only)."""
    records.delete(platform, call, record_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/export", response_model=list[RecordOut])
def export(
    platform: PlatformDep,
    call: CallDep,
    kind: Annotated[list[str] | None, Query()] = None,
) -> list[dict[str, Any]]:
    """Everything you may see as JSON; other NCBs' H2 (no onward sharing) data is withheld."""
    return records.export(platform, call, tuple(kind) if kind else None)
