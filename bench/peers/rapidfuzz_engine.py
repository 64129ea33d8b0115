"""rapidfuzz exhaustive search: one query against every indexed name string (no blocking).

``process.extract`` with ``fuzz.token_sort_ratio`` (order-insensitive) over all name strings
of all persons (full and latin forms, as Passerelle indexes them), casefolded once at build
time; the top 10 records are returned with their best score; a hit is a score at or above
``CUTOFF``. ``workers`` is 1 (one core, like the in-process figure of ours).
"""

from __future__ import annotations

from common import Query, read_lines, record_names
from rapidfuzz import fuzz, process

NAME = "rapidfuzz"
CUTOFF = 85.0


class Engine:
    name = NAME
    threshold_note = f"token_sort_ratio >= {CUTOFF:g}, top 10"

    def __init__(self) -> None:
        self.choices: list[str] = []
        self.owner: list[int] = []
        self.ids: list[str] = []

    def build(self, size: int) -> int:
        for line in read_lines(size):
            slot = len(self.ids)
            self.ids.append(line["id"])
            for name in record_names(line):
                self.choices.append(name.casefold())
                self.owner.append(slot)
        return len(self.choices)

    def warm(self) -> None:
        process.extract("warm up", self.choices[:100], scorer=fuzz.token_sort_ratio, limit=1)

    def query(self, q: Query) -> list[tuple[str, float]]:
        best: dict[int, float] = {}
        for name in q.names:
            found = process.extract(
                name.casefold(),
                self.choices,
                scorer=fuzz.token_sort_ratio,
                processor=None,
                limit=30,
                score_cutoff=CUTOFF,
            )
            for _, score, i in found:
                slot = self.owner[i]
                if score > best.get(slot, -1.0):
                    best[slot] = score
        ranked = sorted(best.items(), key=lambda t: -t[1])[:10]
        return [(self.ids[s], sc / 100.0) for s, sc in ranked]
