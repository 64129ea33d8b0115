"""The screening engine: multilingual name matching, candidate index, calibrated scorer.

Pure library (no database, HTTP or Spark): ``Screener`` indexes ``MatchRecord`` persons and
screens ``MatchQuery`` travellers into ``Hit`` objects with a calibrated probability and an
explanation; ``score_pair`` compares two names; ``IdentifierIndex`` looks up documents,
vehicles and vessels with an OCR-confusable fallback. See docs/matching.md.
"""

from __future__ import annotations

from typing import Any

from passerelle.matching.compare import score_pair
from passerelle.matching.identifiers import IdentifierHit, IdentifierIndex
from passerelle.matching.records import Explanation, Hit, MatchQuery, MatchRecord
from passerelle.matching.screener import Reach, Screener, default_threshold

__all__ = [
    "DEFAULT_THRESHOLD",
    "Explanation",
    "Hit",
    "IdentifierHit",
    "IdentifierIndex",
    "MatchQuery",
    "MatchRecord",
    "Reach",
    "Screener",
    "default_threshold",
    "score_pair",
]


def __getattr__(name: str) -> Any:
    # DEFAULT_THRESHOLD comes from the trained artefact, read on first use (lazy loading).
    if name == "DEFAULT_THRESHOLD":
        return default_threshold()
    raise AttributeError(name)
