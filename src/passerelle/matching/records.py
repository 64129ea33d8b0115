"""What the screening engine takes in and gives back: records, queries, hits.

Plain frozen dataclasses (not pydantic) so that a million of them pickle quickly to a
process pool or a Spark executor; the API layer converts its wire schemas into these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from passerelle.model.dates import PartialDate
from passerelle.model.records import normalise_identifier

#: (number, issuing state alpha-2, document type letter as in ICAO 9303: P, I, V, O)
Document = tuple[str, str, str]


def normalise_document(doc: Document) -> Document:
    """Normalise number (A-Z0-9 only), state and type so equal documents compare equal."""
    number, state, kind = doc
    return normalise_identifier(number), state.strip().upper(), (kind or "P").strip().upper()[:1]


@dataclass(frozen=True, slots=True)
class MatchQuery:
    """Who we are looking for: one or more names (any script) and whatever else is known."""

    names: list[str]
    dob: PartialDate | None = None
    sex: str | None = None
    nationalities: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """A person known to the system, as the index needs it."""

    id: str
    names: list[str]
    dob: PartialDate | None = None
    sex: str | None = None
    nationalities: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)

    def as_query(self) -> MatchQuery:
        """The same person as a query (used to compare two records)."""
        return MatchQuery(self.names, self.dob, self.sex, self.nationalities, self.documents)


class Explanation(NamedTuple):
    """One reason for a score: feature, its value, its log-odds contribution, officer text."""

    feature: str
    value: float
    contribution: float
    text: str


@dataclass(frozen=True, slots=True)
class Hit:
    """A screened record with its calibrated probability and the reasons for it."""

    record_id: str
    probability: float
    explanation: list[Explanation]
    matched_name: str = ""
