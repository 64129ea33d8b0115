"""Users and API tokens. Passwords are hashed with Argon2; tokens are random and stored hashed.

A token is shown once, at creation: ``psr_<random>``. We keep only its SHA-256 (tokens carry
256 bits of entropy, so a fast hash is safe for them, unlike passwords).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from passerelle.model.errors import Conflict, NotFound
from passerelle.model.policy import Confidentiality
from passerelle.model.principals import CheckScope, Principal, Role
from passerelle.store.schema import api_tokens, users

_hasher = PasswordHasher()
TOKEN_PREFIX = "psr_"  # noqa: S105 - a prefix, not a secret


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    entity: str
    role: Role
    clearance: Confidentiality
    scope: frozenset[CheckScope]
    active: bool

    def principal(self) -> Principal:
        return Principal(
            user_id=self.id,
            username=self.username,
            entity=self.entity,
            role=self.role,
            clearance=self.clearance,
            scope=self.scope,
        )


def _user(row: Any) -> User:
    return User(
        row.id,
        row.username,
        row.entity,
        Role(row.role),
        Confidentiality.from_rank(row.clearance),
        frozenset(CheckScope(s) for s in row.scope),
        row.active,
    )


def create_user(
    conn: Connection,
    *,
    username: str,
    entity: str,
    role: Role,
    clearance: Confidentiality,
    scope: frozenset[CheckScope],
    password: str | None,
    now: dt.datetime,
) -> User:
    try:
        uid = conn.execute(
            sa.insert(users)
            .values(
                username=username,
                entity=entity,
                role=role.value,
                clearance=clearance.rank,
                scope=sorted(s.value for s in scope),
                password_hash=_hasher.hash(password) if password else None,
                active=True,
                created_at=now,
            )
            .returning(users.c.id)
        ).scalar_one()
    except IntegrityError:
        raise Conflict(f"a user named {username!r} already exists") from None
    return User(uid, username, entity, role, clearance, scope, True)


def by_username(conn: Connection, username: str) -> User:
    row = conn.execute(sa.select(users).where(users.c.username == username)).first()
    if row is None:
        raise NotFound(f"no user named {username!r}")
    return _user(row)


def by_id(conn: Connection, user_id: int) -> User | None:
    row = conn.execute(sa.select(users).where(users.c.id == user_id)).first()
    return _user(row) if row else None


def list_users(conn: Connection, entity: str | None = None) -> list[User]:
    stmt = sa.select(users).order_by(users.c.id)
    if entity:
        stmt = stmt.where(users.c.entity == entity)
    return [_user(r) for r in conn.execute(stmt)]


def check_password(conn: Connection, username: str, password: str) -> User | None:
    """The user if the password is right and the account active; None otherwise."""
    row = conn.execute(sa.select(users).where(users.c.username == username)).first()
    if row is None or not row.active or not row.password_hash:
        _hasher.hash("timing-equaliser")  # same cost whether or not the user exists
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return _user(row)


def set_active(conn: Connection, user_id: int, active: bool) -> None:
    conn.execute(sa.update(users).where(users.c.id == user_id).values(active=active))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class TokenInfo:
    id: int
    user_id: int
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None


def create_token(
    conn: Connection, user_id: int, name: str, expires_at: dt.datetime, now: dt.datetime
) -> tuple[str, TokenInfo]:
    """Return the secret (to show once) and what is stored about it."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    tid = conn.execute(
        sa.insert(api_tokens)
        .values(
            user_id=user_id,
            token_hash=_token_hash(secret),
            name=name,
            created_at=now,
            expires_at=expires_at,
        )
        .returning(api_tokens.c.id)
    ).scalar_one()
    return secret, TokenInfo(tid, user_id, name, now, expires_at, None)


def user_for_token(
    conn: Connection, token: str, now: dt.datetime
) -> tuple[User, dt.datetime] | None:
    """The active user behind an unexpired, unrevoked token, with the token's expiry; else None."""
    row = conn.execute(
        sa.select(users, api_tokens.c.expires_at.label("token_expires_at"))
        .join(api_tokens, api_tokens.c.user_id == users.c.id)
        .where(
            api_tokens.c.token_hash == _token_hash(token),
            api_tokens.c.revoked_at.is_(None),
            api_tokens.c.expires_at > now,
            users.c.active.is_(True),
        )
    ).first()
    return (_user(row), row.token_expires_at) if row else None


def list_tokens(conn: Connection, user_id: int) -> list[TokenInfo]:
    rows = conn.execute(
        sa.select(api_tokens).where(api_tokens.c.user_id == user_id).order_by(api_tokens.c.id)
    )
    return [
        TokenInfo(r.id, r.user_id, r.name, r.created_at, r.expires_at, r.revoked_at) for r in rows
    ]


def revoke_token(conn: Connection, token_id: int, user_id: int | None, now: dt.datetime) -> None:
    stmt = sa.update(api_tokens).where(
        api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None)
    )
    if user_id is not None:
        stmt = stmt.where(api_tokens.c.user_id == user_id)
    if conn.execute(stmt.values(revoked_at=now)).rowcount != 1:
        raise NotFound(f"no active token {token_id}")
