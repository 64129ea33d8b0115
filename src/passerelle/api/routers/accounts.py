"""Logins, tokens and users."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from passerelle.api.deps import CallDep, DbId, PlatformDep
from passerelle.api.schemas import Login, TokenOut, UserCreate
from passerelle.model.errors import InvalidInput
from passerelle.model.policy import Confidentiality
from passerelle.model.principals import CheckScope, Role
from passerelle.services import accounts

router = APIRouter(tags=["accounts"])


@router.post("/auth/login", response_model=TokenOut)
def login(body: Login, platform: PlatformDep) -> dict[str, Any]:
    """Exchange a username and password for a one-day token."""
    secret, info = accounts.login(platform, body.username, body.password)
    return {"token": secret, "id": info.id, "expires_at": info.expires_at.isoformat()}


@router.get("/me")
def me(call: CallDep) -> dict[str, Any]:
    """Who you are, as the platform sees you."""
    p = call.principal
    return {
        "username": p.username,
        "entity": p.entity,
        "role": p.role.value,
        "clearance": p.clearance.label,
        "scope": sorted(s.value for s in p.scope),
    }


@router.get("/tokens")
def list_tokens(platform: PlatformDep, call: CallDep) -> list[dict[str, Any]]:
    """Your tokens (never their secrets)."""
    return accounts.list_tokens(platform, call)


@router.post("/tokens", response_model=TokenOut, status_code=status.HTTP_201_CREATED)
def create_token(
    platform: PlatformDep, call: CallDep, name: str = "api", days: int | None = None
) -> dict[str, Any]:
    """A new token for yourself; the secret is shown once."""
    secret, info = accounts.create_token(platform, call, call.principal.username, name, days)
    return {"token": secret, "id": info.id, "expires_at": info.expires_at.isoformat()}


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: DbId, platform: PlatformDep, call: CallDep) -> Response:
    """Revoke one of your tokens (admins: any token)."""
    accounts.revoke_token(platform, call, token_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/users")
def list_users(platform: PlatformDep, call: CallDep) -> list[dict[str, Any]]:
    """Users (admins, auditors: all; supervisors: their NCB's)."""
    return accounts.list_users(platform, call)


@router.post("/users", status_code=status.HTTP_201_CREATED)
def create_user(body: UserCreate, platform: PlatformDep, call: CallDep) -> dict[str, Any]:
    """Create a user (admins; supervisors for their own NCB)."""
    field = "role"
    try:
        role = Role(body.role)
        field = "clearance"
        clearance = Confidentiality.from_label(body.clearance) if body.clearance else None
        field = "scope"
        scope = frozenset(CheckScope(s) for s in body.scope) if body.scope is not None else None
    except ValueError as exc:
        raise InvalidInput(str(exc), where=field) from None
    user = accounts.create_user(
        platform,
        call,
        username=body.username,
        entity_code=body.entity,
        role=role,
        password=body.password,
        clearance=clearance,
        scope=scope,
    )
    return accounts.user_view(user)
