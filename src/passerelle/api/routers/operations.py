"""Coordinated operations: create, follow, record outcomes of hits, dashboard and report."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status

from passerelle.api.deps import CallDep, PlatformDep
from passerelle.model.operations import OperationChange, OperationInput, OutcomeInput
from passerelle.services import operations

router = APIRouter(tags=["operations"])


@router.post("/operations", status_code=status.HTTP_201_CREATED)
def create_operation(body: OperationInput, platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """Open an operation (the coordinator's NCB supervisor, or the General Secretariat)."""
    return operations.create(platform, call, body)


@router.get("/operations")
def list_operations(platform: PlatformDep, call: CallDep) -> list[dict[str, Any]]:
    """Operations your NCB coordinates or takes part in (all of them for the GS)."""
    return operations.list_operations(platform, call)


@router.get("/operations/{operation_id}")
def get_operation(operation_id: str, platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """One operation: window, coordinator, participants, sites."""
    return operations.get(platform, call, operation_id)


@router.patch("/operations/{operation_id}")
def change_operation(
    operation_id: str, body: OperationChange, platform: PlatformDep, call: CallDep
) -> dict[str, Any]:
    """Add participants and sites."""
    return operations.change(platform, call, operation_id, body)


@router.post("/operations/{operation_id}/outcomes", status_code=status.HTTP_201_CREATED)
def record_outcome(
    operation_id: str, body: OutcomeInput, platform: PlatformDep, call: CallDep
) -> dict[str, Any]:
    """Record what came of a hit (by the NCB that made it)."""
    return operations.record_outcome(platform, call, operation_id, body)


@router.get("/operations/{operation_id}/outcomes")
def list_outcomes(operation_id: str, platform: PlatformDep, call: CallDep) -> list[dict[str, Any]]:
    """Every outcome recorded under the operation, oldest first."""
    return operations.list_outcomes(platform, call, operation_id)


@router.get("/operations/{operation_id}/dashboard")
def dashboard(operation_id: str, platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """Live counters: checks, hits and outcomes, in total, by kind, by site and by day."""
    return operations.dashboard(platform, call, operation_id)


@router.get(
    "/operations/{operation_id}/report",
    response_class=Response,
    responses={
        200: {
            "content": {
                "text/html": {},
                "application/pdf": {},
                "application/json": {},
            },
            "description": "The final report",
        }
    },
)
def report(
    operation_id: str,
    platform: PlatformDep,
    call: CallDep,
    format: Annotated[Literal["html", "pdf", "json"], Query()] = "html",
    lang: Annotated[Literal["ar", "en", "es", "fr"], Query()] = "en",
) -> Response:
    """The final report: self-contained HTML with SVG charts, PDF, or the JSON figures."""
    body, media_type = operations.report(platform, call, operation_id, format, lang)
    name = f"{operation_id}.{format}"
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )
