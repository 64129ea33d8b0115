"""The access guard: the one place where a record's policy decides who may read it.

Every read path of the store (get, list, search, export, and the screening hit filter) goes
through ``visible_clause`` (in SQL) or ``may_read`` (on a loaded row). Both state the same rule:

1. an expired record is never returned;
2. the caller's role must be a reading role, and its clearance must reach the record's level;
3. the owner NCB sees its own records; the General Secretariat's reviewers see notices
   submitted to them; everyone else sees only *released* records (plain records, published
   notices, diffusions not withdrawn) whose access list admits the caller's NCB.

The authorisation-matrix test checks every role x policy shape x read path against this rule
and fails if either function stops enforcing it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from passerelle.model.notices import DiffusionState, NoticeState
from passerelle.model.policy import AccessMode
from passerelle.model.principals import READER_ROLES, WRITER_ROLES, Principal, Role
from passerelle.store.schema import record_access, records

#: Notice states a GS reviewer must see, whoever the requester restricted the notice to.
REVIEW_STATES = (NoticeState.SUBMITTED.value, NoticeState.UNDER_REVIEW.value)
_RELEASED_NOTICE = (NoticeState.PUBLISHED.value,)
_RELEASED_DIFFUSION = (DiffusionState.SENT.value, DiffusionState.COMPLIANT.value)


def _listed(entity: str) -> ColumnElement[bool]:
    return sa.exists().where(
        record_access.c.record_seq == records.c.seq, record_access.c.entity == entity
    )


def visible_clause(principal: Principal, now: dt.datetime) -> ColumnElement[bool]:
    """SQL condition: the rows of ``records`` that ``principal`` may read at ``now``."""
    if principal.role not in READER_ROLES:
        return sa.false()
    not_expired = sa.or_(records.c.expires_at.is_(None), records.c.expires_at > now)
    cleared = records.c.confidentiality <= principal.clearance.rank
    released = sa.or_(
        records.c.kind.not_in(("notice", "diffusion")),
        sa.and_(records.c.kind == "notice", records.c.state.in_(_RELEASED_NOTICE)),
        sa.and_(records.c.kind == "diffusion", records.c.state.in_(_RELEASED_DIFFUSION)),
    )
    admitted = sa.or_(
        records.c.access == AccessMode.ALL.value,
        sa.and_(records.c.access == AccessMode.ALLOW.value, _listed(principal.entity)),
        sa.and_(records.c.access == AccessMode.DENY.value, ~_listed(principal.entity)),
    )
    reviewable: ColumnElement[bool] = sa.false()
    if principal.role is Role.GS_REVIEWER:
        reviewable = sa.and_(records.c.kind == "notice", records.c.state.in_(REVIEW_STATES))
    return sa.and_(
        not_expired,
        cleared,
        sa.or_(records.c.owner == principal.entity, reviewable, sa.and_(released, admitted)),
    )


def may_read(
    principal: Principal, row: Mapping[str, Any], entities: frozenset[str], now: dt.datetime
) -> bool:
    """The same rule as ``visible_clause`` for one loaded row and its access-list entities."""
    if principal.role not in READER_ROLES:
        return False
    return _policy_admits(
        principal.entity, principal.role, principal.clearance.rank, row, entities, now
    )


def checker_may_see(
    principal: Principal, row: Mapping[str, Any], entities: frozenset[str], now: dt.datetime
) -> bool:
    """Whether a traveller check may show this hit's record to its caller.

    Checkers (border officers included) do not browse records, but a hit on a record their NCB
    is admitted to, at their clearance, is shown to them; otherwise they learn only whom to
    contact.
    """
    return _policy_admits(
        principal.entity, Role.NCB_OFFICER, principal.clearance.rank, row, entities, now
    )


def _policy_admits(
    entity: str,
    role: Role,
    clearance: int,
    row: Mapping[str, Any],
    entities: frozenset[str],
    now: dt.datetime,
) -> bool:
    expires = row["expires_at"]
    if expires is not None and expires <= now:
        return False
    if row["confidentiality"] > clearance:
        return False
    if row["owner"] == entity:
        return True
    kind, state = row["kind"], row["state"]
    if role is Role.GS_REVIEWER and kind == "notice" and state in REVIEW_STATES:
        return True
    if kind == "notice" and state not in _RELEASED_NOTICE:
        return False
    if kind == "diffusion" and state not in _RELEASED_DIFFUSION:
        return False
    access = row["access"]
    if access == AccessMode.ALL.value:
        return True
    if access == AccessMode.ALLOW.value:
        return entity in entities
    return entity not in entities


def is_released(row: Mapping[str, Any]) -> bool:
    """Shared beyond its owner at all: plain records, published notices, live diffusions.

    Only released records enter the screening index: a draft notice is nobody's hit.
    """
    kind, state = row["kind"], row["state"]
    if kind == "notice":
        return state in _RELEASED_NOTICE
    if kind == "diffusion":
        return state in _RELEASED_DIFFUSION
    return True


def may_manage(principal: Principal, row: Mapping[str, Any]) -> bool:
    """Only the owner NCB's officers (content) and supervisors (policy) change a record."""
    return principal.entity == row["owner"] and principal.role in WRITER_ROLES


def may_change_policy(principal: Principal, row: Mapping[str, Any]) -> bool:
    """The owner decides its data's policy: its supervisors, or the officer who created it."""
    if principal.entity != row["owner"]:
        return False
    if principal.role is Role.NCB_SUPERVISOR:
        return True
    return principal.role is Role.NCB_OFFICER and row.get("created_by") == principal.user_id
