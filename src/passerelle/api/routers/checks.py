"""Traveller checks (hit/no-hit) and officers' decisions on hits."""

from __future__ import annotations

from typing import Any

import anyio
import anyio.to_thread
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from passerelle.api.deps import CallDep, PlatformDep
from passerelle.services import screening
from passerelle.services.context import Platform
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


@router.post("/checks")
async def check_traveller(
    body: CheckInput, platform: PlatformDep, call: CallDep, request: Request
) -> dict[str, Any]:
    """Check a traveller by names, date of birth, nationality, document or raw MRZ.

    Each hit carries a calibrated probability and its explanation. A hit on a record your NCB
    may not see says only that there is a hit and which NCB to contact; the owner is notified
    of every hit on its data. A wrong MRZ check digit is reported under `mrz.check_errors`.
    """
    answer: dict[str, Any] = await anyio.to_thread.run_sync(
        screening.check, platform, call, body, limiter=_limiter(request)
    )
    return answer


@router.post("/hits/{hit_id}/decision")
def decide_hit(
    hit_id: str, body: HitDecision, platform: PlatformDep, call: CallDep
) -> dict[str, Any]:
    """Confirm or reject a hit (the checking NCB); decisions become training data."""
    return screening.decide(platform, call, hit_id, body.decision, body.comment)
