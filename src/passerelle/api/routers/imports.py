"""Imports of whole files (Interpol notice JSON, persons CSV, travel documents CSV)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status

from passerelle.api.deps import CallDep, PlatformDep
from passerelle.api.schemas import ImportReport
from passerelle.services import imports

router = APIRouter(tags=["imports"])


@router.post(
    "/imports",
    status_code=status.HTTP_201_CREATED,
    response_model=ImportReport,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/csv": {"schema": {"type": "string"}},
            },
        }
    },
)
async def import_file(
    request: Request,
    platform: PlatformDep,
    call: CallDep,
    format: Annotated[
        str | None, Query(description="interpol-json, persons-csv or travel-documents-csv")
    ] = None,
    filename: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    """Import a file as the request body: all of it in one transaction, or nothing (422 with
    the line and field that is wrong)."""
    body = await request.body()
    from starlette.concurrency import run_in_threadpool

    report = await run_in_threadpool(
        imports.import_bytes, platform, call, body, fmt=format, filename=filename
    )
    return {"imported": report.imported, "ids": report.ids}
