"""Passerelle's own engine (``passerelle.matching.Screener``), as the screening service uses it."""

from __future__ import annotations

import os
from typing import Any

from common import Query, read_lines, record_names

from passerelle.matching import MatchQuery, MatchRecord, Screener
from passerelle.model.dates import PartialDate

NAME = "passerelle"


def to_record(line: dict[str, Any]) -> MatchRecord:
    """A watchlist line as ``ScreeningIndex._put`` turns a stored person into a record."""
    dob = line.get("date_of_birth")
    sex = line.get("sex")
    return MatchRecord(
        id=line["id"],
        names=record_names(line),
        dob=PartialDate.parse(dob) if dob else None,
        sex=sex if sex and sex != "U" else None,
        nationalities=list(line.get("nationalities", [])),
        documents=[
            (d["number"], d["issuing_state"], d.get("type", "P")) for d in line.get("documents", [])
        ],
    )


class Engine:
    name = NAME
    threshold_note = "default threshold of the trained model"

    def __init__(self) -> None:
        self.screener = Screener()
        self.names = 0

    def build(self, size: int) -> int:
        def records() -> Any:
            for line in read_lines(size):
                rec = to_record(line)
                self.names += len(rec.names)
                yield rec

        # As the service builds its first index: names analysed on every core (set
        # PASSERELLE_BENCH_BUILD_WORKERS=1 for the one-core figure).
        workers = int(os.environ.get("PASSERELLE_BENCH_BUILD_WORKERS", os.cpu_count() or 1))
        self.screener.add_many(records(), workers=workers)
        return self.names

    def warm(self) -> None:
        # As the service does once its index is ready: the model, the transliteration
        # models and the analysis tables, not left to the first checks.
        self.screener.warm()

    def query(self, q: Query) -> list[tuple[str, float]]:
        mq = MatchQuery(
            names=q.names,
            dob=PartialDate.parse(q.dob) if q.dob else None,
            nationalities=[q.nationality] if q.nationality else [],
        )
        return [(h.record_id, h.probability) for h in self.screener.screen(mq, limit=10)]
