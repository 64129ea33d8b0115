"""The platform: settings, database and clock, built once and passed to every use case.

A ``Call`` is who acts and why (principal + declared purpose): it becomes the 'who' of every
audit row the use case writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from passerelle.model.policy import Purpose
from passerelle.model.principals import Principal
from passerelle.settings import Settings
from passerelle.store.audit import Actor
from passerelle.store.db import Database


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Platform:
    """Everything a use case needs from the outside world, injected (tests swap the clock)."""

    settings: Settings
    db: Database
    clock: Callable[[], dt.datetime] = field(default=_utcnow)
    #: Per-process state that outlives one call, e.g. the screening index.
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Platform:
        return cls(settings=settings, db=Database(settings.database_url))

    def now(self) -> dt.datetime:
        return self.clock()


@dataclass(frozen=True, slots=True)
class Call:
    """One caller acting for one purpose."""

    principal: Principal
    purpose: Purpose | None = None

    @property
    def actor(self) -> Actor:
        p = self.principal
        return Actor(
            p.user_id,
            p.username,
            p.entity,
            p.role.value,
            self.purpose.value if self.purpose else None,
        )
