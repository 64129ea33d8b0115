"""Users, logins and API tokens."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

from passerelle.model.countries import entity
from passerelle.model.errors import Forbidden, InvalidInput, Unauthenticated
from passerelle.model.policy import Confidentiality
from passerelle.model.principals import DEFAULT_CLEARANCE, CheckScope, Principal, Role
from passerelle.model.records import clean_text
from passerelle.services.context import Call, Platform
from passerelle.store import audit
from passerelle.store import users as repo
from passerelle.store.audit import SYSTEM, Actor

MIN_PASSWORD = 12
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


def _actor(call: Call | None) -> Actor:
    return call.actor if call else SYSTEM


def create_user(
    platform: Platform,
    call: Call | None,
    *,
    username: str,
    entity_code: str,
    role: Role,
    password: str | None = None,
    clearance: Confidentiality | None = None,
    scope: frozenset[CheckScope] | None = None,
) -> repo.User:
    """Create a user. ``call`` None means the platform operator at the command line.

    Over the API only an admin creates users, and an NCB supervisor may create users of its
    own NCB (never admins, never for another NCB).
    """
    if call is not None:
        p = call.principal
        own_ncb_ok = p.role is Role.NCB_SUPERVISOR and entity_code.upper() == p.entity
        if p.role is not Role.ADMIN and not (own_ncb_ok and role is not Role.ADMIN):
            raise Forbidden("only an admin, or a supervisor for its own NCB, creates users")
    username = username.strip()
    if not username or len(username) > 64 or not all(c.isalnum() or c in "._-@" for c in username):
        raise InvalidInput("a username is 1-64 letters, digits or . _ - @", where="username")
    try:
        code = entity(entity_code).code
    except ValueError as exc:
        raise InvalidInput(str(exc), where="entity") from None
    if password is not None and len(password) < MIN_PASSWORD:
        raise InvalidInput(f"a password has at least {MIN_PASSWORD} characters", where="password")
    level = clearance or DEFAULT_CLEARANCE[role]
    now = platform.now()
    with platform.db.transaction() as conn:
        user = repo.create_user(
            conn,
            username=username,
            entity=code,
            role=role,
            clearance=level,
            scope=scope or frozenset(CheckScope),
            password=password,
            now=now,
        )
        audit.append(
            conn,
            _actor(call),
            "user-create",
            object_kind="user",
            object_id=str(user.id),
            detail={"username": username, "entity": code, "role": role.value},
        )
    return user


def create_token(
    platform: Platform,
    call: Call | None,
    username: str,
    name: str = "api",
    days: int | None = None,
) -> tuple[str, repo.TokenInfo]:
    """A new API token for ``username``: returned once, stored hashed."""
    now = platform.now()
    days = platform.settings.token_days if days is None else days
    if not 1 <= days <= 3650:
        raise InvalidInput("a token lives 1 to 3650 days", where="days")
    try:
        name = clean_text(name)
    except ValueError as exc:
        raise InvalidInput(f"a token name {exc}", where="name") from None
    with platform.db.transaction() as conn:
        user = repo.by_username(conn, username)
        if (
            call is not None
            and call.principal.user_id != user.id
            and call.principal.role is not Role.ADMIN
        ):
            raise Forbidden("you may create tokens only for yourself")
        secret, info = repo.create_token(
            conn, user.id, name[:100], now + dt.timedelta(days=days), now
        )
        audit.append(
            conn,
            _actor(call),
            "token-create",
            object_kind="token",
            object_id=str(info.id),
            detail={"user": username, "name": name},
        )
    return secret, info


def login(platform: Platform, username: str, password: str) -> tuple[str, repo.TokenInfo]:
    """Exchange a password for a short-lived token (one day)."""
    now = platform.now()
    # A name with control characters cannot exist (and PostgreSQL text cannot hold NUL): it
    # fails like any wrong name, and is audited with those characters replaced.
    printable = _UNPRINTABLE.sub("\ufffd", username)
    with platform.db.transaction() as conn:
        user = None if printable != username else repo.check_password(conn, username, password)
        if user is None:
            audit.append(conn, Actor(None, printable[:64], "-", "-"), "login-failed")
        else:
            secret, info = repo.create_token(
                conn, user.id, "login", now + dt.timedelta(days=1), now
            )
            audit.append(conn, Actor(user.id, user.username, user.entity, user.role.value), "login")
    if user is None:  # raised once the audit row is committed: raising inside rolls it back
        raise Unauthenticated("wrong username or password")
    return secret, info


def authenticate(platform: Platform, token: str) -> Principal:
    """The principal behind an API token, or Unauthenticated.

    A token seen in the last ``token_cache_seconds`` is answered from memory (if it has not
    expired meanwhile): at hundreds of checks a second, the same few officers' tokens would
    otherwise cost a query each. A revocation made in this process takes effect at once; one
    made elsewhere (another API process, the CLI) within that many seconds.
    """
    principal = cached_principal(platform, token)
    if principal is not None:
        return principal
    if not token.startswith(repo.TOKEN_PREFIX) or len(token) > 200:
        raise Unauthenticated("the token is not a Passerelle API token")
    with platform.db.engine.connect() as conn:
        found = repo.user_for_token(conn, token, platform.now())
    if found is None:
        raise Unauthenticated("the token is unknown, expired or revoked")
    user, expires_at = found
    principal = user.principal()
    ttl = platform.settings.token_cache_seconds
    if ttl > 0:
        cache = _token_cache(platform)
        if len(cache) >= _TOKEN_CACHE_SIZE:
            cache.clear()  # many distinct tokens at once: start again rather than grow
        cache[token] = (principal, expires_at, time.monotonic() + ttl)
    return principal


#: Distinct tokens remembered per process before the cache starts again.
_TOKEN_CACHE_SIZE = 10_000
_TOKENS = "api_tokens"


def _token_cache(platform: Platform) -> dict[str, tuple[Principal, dt.datetime, float]]:
    cache: dict[str, tuple[Principal, dt.datetime, float]] = platform.cache.setdefault(_TOKENS, {})
    return cache


def cached_principal(platform: Platform, token: str) -> Principal | None:
    """The principal of a recently authenticated token, without touching the database.

    None when the token is not remembered, its memory is older than ``token_cache_seconds``,
    or the token has expired since: the caller then asks the database (``authenticate``).
    """
    entry = _token_cache(platform).get(token)
    if entry is None:
        return None
    principal, expires_at, until = entry
    if time.monotonic() >= until or platform.now() >= expires_at:
        return None
    return principal


def forget_tokens(platform: Platform) -> None:
    """Drop every remembered token, so the next request of each is checked again."""
    _token_cache(platform).clear()


def revoke_token(platform: Platform, call: Call | None, token_id: int) -> None:
    now = platform.now()
    with platform.db.transaction() as conn:
        owner = (
            None if call is None or call.principal.role is Role.ADMIN else call.principal.user_id
        )
        repo.revoke_token(conn, token_id, owner, now)
        forget_tokens(platform)
        audit.append(
            conn, _actor(call), "token-revoke", object_kind="token", object_id=str(token_id)
        )


def list_tokens(platform: Platform, call: Call) -> list[dict[str, Any]]:
    with platform.db.engine.connect() as conn:
        tokens = repo.list_tokens(conn, call.principal.user_id)
    return [
        {
            "id": t.id,
            "name": t.name,
            "created_at": t.created_at.isoformat(),
            "expires_at": t.expires_at.isoformat(),
            "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
        }
        for t in tokens
    ]


def user_view(user: repo.User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "entity": user.entity,
        "role": user.role.value,
        "clearance": user.clearance.label,
        "scope": sorted(s.value for s in user.scope),
        "active": user.active,
    }


def list_users(platform: Platform, call: Call) -> list[dict[str, Any]]:
    p = call.principal
    if p.role not in (Role.ADMIN, Role.NCB_SUPERVISOR, Role.AUDITOR):
        raise Forbidden("only admins, supervisors and auditors list users")
    with platform.db.engine.connect() as conn:
        found = repo.list_users(conn, None if p.role is not Role.NCB_SUPERVISOR else p.entity)
    return [user_view(u) for u in found]


def list_all_users(platform: Platform) -> list[repo.User]:
    """Every user, for the operator at the command line."""
    with platform.db.engine.connect() as conn:
        return repo.list_users(conn)
