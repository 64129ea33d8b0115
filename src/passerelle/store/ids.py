"""Identifiers of stored things: a readable prefix and 64 random bits.

Random rather than sequential, so an id reveals nothing about how many records, checks or hits
an NCB has; the prefix (``per_``, ``chk_``, ``hit_``…) tells a reader what it names.
"""

from __future__ import annotations

import secrets


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(8)}"
