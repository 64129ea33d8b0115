"""Traveller checks (hit/no-hit) and officers' decisions on hits."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from passerelle.api.deps import CallDep, PlatformDep
from passerelle.services import screening
from passerelle.services.screening import CheckInput

router = APIRouter(tags=["screening"])


class HitDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: str = Field(description="confirmed or rejected")
    comment: str | None = Field(default=None, max_length=2000)


@router.post("/checks")
def check_traveller(body: CheckInput, platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """Check a traveller by names, date of birth, nationality, document or raw MRZ.

    Each hit carries a calibrated probability and its explanation. A hit on a record your NCB
    may not see says only that there is a hit and which NCB to contact; the owner is notified
    of every hit on its data. A wrong MRZ check digit is reported under `mrz.check_errors`.
    """
    return screening.check(platform, call, body)


@router.post("/hits/{hit_id}/decision")
def decide_hit(
    hit_id: str, body: HitDecision, platform: PlatformDep, call: CallDep
) -> dict[str, Any]:
    """Confirm or reject a hit (the checking NCB); decisions become training data."""
    return screening.decide(platform, call, hit_id, body.decision, body.comment)
