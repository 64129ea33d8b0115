"""Dependencies: the platform, and the authenticated caller with its declared purpose."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import Depends, Header, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import Field

from passerelle.model.errors import InvalidInput, Unauthenticated
from passerelle.model.policy import Purpose
from passerelle.services import accounts
from passerelle.services.context import Call, Platform

_bearer = HTTPBearer(auto_error=False, description="An API token: `Authorization: Bearer psr_…`")


async def get_platform(request: Request) -> Platform:
    # async: a plain attribute read needs no hop to the thread pool (a sync dependency takes one).
    platform: Platform = request.app.state.platform
    return platform


PlatformDep = Annotated[Platform, Depends(get_platform)]


async def get_call(
    platform: PlatformDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    x_purpose: Annotated[
        str | None,
        Header(
            description="Why you access the data (RPD Art. 10), e.g. border_control; "
            "recorded in the audit log"
        ),
    ] = None,
) -> Call:
    # async, so a token checked a moment ago costs no hop to the thread pool; a token that
    # needs the database is checked in a worker thread, never on the event loop.
    if credentials is None:
        raise Unauthenticated("send an API token as `Authorization: Bearer <token>`")
    token = credentials.credentials
    principal = accounts.cached_principal(platform, token)
    if principal is None:
        principal = await anyio.to_thread.run_sync(accounts.authenticate, platform, token)
    purpose = None
    if x_purpose:
        try:
            purpose = Purpose(x_purpose)
        except ValueError:
            known = ", ".join(p.value for p in Purpose)
            raise InvalidInput(
                f"unknown purpose {x_purpose!r}; use one of {known}", where="X-Purpose"
            ) from None
    return Call(principal, purpose)


CallDep = Annotated[Call, Depends(get_call)]

#: Ids and sequence numbers are 32-bit integer columns: larger numbers are refused up front
#: (422) instead of overflowing in the database driver.
MAX_DB_ID = 2**31 - 1
DbId = Annotated[int, Path(ge=1, le=MAX_DB_ID)]
DbIdItem = Annotated[int, Field(ge=1, le=MAX_DB_ID)]
