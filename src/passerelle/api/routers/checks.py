"""Traveller checks (hit/no-hit) and officers' decisions on hits."""

from __future__ import annotations

from typing import Any

import anyio
import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from passerelle.api.deps import CallDep, PlatformDep
from passerelle.services import screening
from passerelle.services.context import Call, Platform
from passerelle.services.screening import CheckInput

router = APIRouter(tags=["screening"])


class HitDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: str = Field(description="confirmed or rejected")
    comment: str | None = Field(default=None, max_length=2000)


def _limiter(request: Request) -> anyio.CapacityLimiter:
    """Checks run a few at a time: past that, threads only fight over the GIL and the writer."""
    state = request.app.state
    if getattr(state, "check_limiter", None) is None:
        platform: Platform = state.platform
        state.check_limiter = anyio.CapacityLimiter(platform.settings.check_concurrency)
    limiter: anyio.CapacityLimiter = state.check_limiter
    return limiter


@router.post("/checks", response_class=JSONResponse)
async def check_traveller(
    body: CheckInput, platform: PlatformDep, call: CallDep, request: Request
) -> JSONResponse:
    """Check a traveller by names, date of birth, nationality, document or raw MRZ.

    Each hit carries a calibrated probability and its explanation. A hit on a record your NCB
    may not see says only that there is a hit and which NCB to contact; the owner is notified
    of every hit on its data. A wrong MRZ check digit is reported under `mrz.check_errors`.
    """
    if platform.settings.check_inline and screening.ready(platform) and not platform.db.writing():
        # On the event loop: a check is a few milliseconds of Python, and handing it to a
        # thread costs more CPU (thread hand-off, the GIL passed back and forth) than it
        # saves. Run the API in as many processes as cores instead (`serve --workers`).
        return _check(platform, call, body)
    # A first check that builds the index, or one that would wait for another request's
    # write (a large import), goes to a worker thread so the API keeps answering meanwhile.
    answer: JSONResponse = await anyio.to_thread.run_sync(
        _check, platform, call, body, limiter=_limiter(request)
    )
    return answer


def _check(platform: Platform, call: Call, body: CheckInput) -> JSONResponse:
    # The answer is rendered here and handed back as a response, so FastAPI does not walk it
    # again (it holds plain JSON types already).
    return JSONResponse(screening.check(platform, call, body))


@router.post("/hits/{hit_id}/decision")
def decide_hit(
    hit_id: str, body: HitDecision, platform: PlatformDep, call: CallDep
) -> dict[str, Any]:
    """Confirm or reject a hit (the checking NCB); decisions become training data."""
    return screening.decide(platform, call, hit_id, body.decision, body.comment)
