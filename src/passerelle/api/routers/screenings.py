"""Bulk screenings of manifests: submit (asynchronous), poll, read or download the hits."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import JSONResponse

from passerelle.api.deps import CallDep, PlatformDep
from passerelle.services import bulk, bulk_jobs

router = APIRouter(tags=["screenings"])
_MANIFEST_TYPES = {
    "text/csv": {"schema": {"type": "string"}},
    "application/edifact": {"schema": {"type": "string"}},
    "text/plain": {"schema": {"type": "string"}},
}


@router.post(
    "/screenings",
    status_code=status.HTTP_202_ACCEPTED,
    openapi_extra={"requestBody": {"required": True, "content": _MANIFEST_TYPES}},
    responses={200: {"description": "This manifest was already screened: its result"}},
)
async def submit_screening(
    request: Request,
    platform: PlatformDep,
    call: CallDep,
    format: Annotated[
        str | None, Query(description="paxlst, csv or mrz (default: detected)")
    ] = None,
    operation_id: Annotated[str | None, Query(max_length=32)] = None,
    site: Annotated[str | None, Query(max_length=8, description="UN/LOCODE")] = None,
    filename: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """Screen a manifest (the request body: PAXLST, manifest CSV or MRZ lines) in the background.

    Answers 202 with the screening id and its `Location`; poll it until `status` is
    `finished`. The same manifest submitted again by your NCB for the same operation is the
    same screening: 200 with its result when finished, else it resumes. A body that is not a
    manifest is refused (422) and nothing is stored.
    """
    from starlette.concurrency import run_in_threadpool

    body = await request.body()
    report, running = await run_in_threadpool(
        bulk_jobs.submit,
        platform,
        call,
        body,
        filename or "manifest",
        fmt=format,
        operation_id=operation_id,
        site=site,
    )
    location = f"{request.url.path}/{report.id}"
    code = status.HTTP_202_ACCEPTED if running else status.HTTP_200_OK
    return JSONResponse(report.as_dict(), status_code=code, headers={"Location": location})


@router.get("/screenings")
def list_screenings(
    platform: PlatformDep,
    call: CallDep,
    operation_id: Annotated[str | None, Query(max_length=32)] = None,
    status: Annotated[
        str | None, Query(max_length=16, description="queued, running, finished or failed")
    ] = None,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    """Your NCB's screenings, newest first: status, progress, hits, and when each was
    submitted, started and finished (a screening's error lines: `GET /screenings/{id}`)."""
    return bulk.list_screenings(
        platform, call, operation_id=operation_id, status=status, offset=offset, limit=limit
    )


@router.get("/screenings/{screening_id}")
def get_screening(screening_id: str, platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """Status, progress (processed / total travellers), malformed travellers, hits, errors."""
    return bulk.status(platform, call, screening_id).as_dict()


@router.get("/screenings/{screening_id}/hits")
def list_screening_hits(
    screening_id: str,
    platform: PlatformDep,
    call: CallDep,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Hits in manifest order. A hit on a record your NCB may not see says only whom to
    contact."""
    return bulk.hits(platform, call, screening_id, offset=offset, limit=limit)


@router.get("/screenings/{screening_id}/hits.csv", response_class=Response)
def download_screening_hits(screening_id: str, platform: PlatformDep, call: CallDep) -> Response:
    """Every hit as CSV (columns in docs/bulk-screening.md)."""
    text = bulk.hits_as_csv(platform, call, screening_id)
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{screening_id}-hits.csv"'},
    )
