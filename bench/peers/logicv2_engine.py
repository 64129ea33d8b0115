"""nomenklatura ``logic-v2`` over a candidate set from a simple token blocking.

logic-v2 is a pair scorer; yente feeds it ~50 candidates from Elasticsearch. Here a plain
in-memory inverted index stands in for Elasticsearch: casefolded name tokens (2+ letters) of
every name string → persons; a query's candidates are the ``TOP_N`` persons sharing the most
(rarity-weighted) tokens with it. Each candidate is turned into a followthemoney ``Person``
entity (name + birthDate) at query time and scored with ``LogicV2.compare``; a hit is a score
at or above 0.7 (the yente convention). The time measured includes blocking, entity
construction and scoring.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from common import Query, read_lines, record_names
from followthemoney import model
from nomenklatura.matching import LogicV2
from nomenklatura.matching.types import ScoringConfig

NAME = "logic-v2"
TOP_N = 50
THRESHOLD = 0.7


def _tokens(name: str) -> set[str]:
    return {t for t in name.casefold().replace("-", " ").split() if len(t) > 1}


def entity(ident: str, names: list[str], dob: str | None) -> Any:
    e = model.make_entity("Person")
    e.id = ident
    e.add("name", names)
    if dob:
        e.add("birthDate", dob)
    return e


class Engine:
    name = NAME
    threshold_note = f"score >= {THRESHOLD} over top {TOP_N} blocked candidates"

    def __init__(self) -> None:
        self.config = ScoringConfig.defaults()
        self.postings: dict[str, list[int]] = {}
        self.arrays: dict[str, Any] = {}
        self.buf: Any = None
        self.asked = 0
        self.ids: list[str] = []
        self.names: list[list[str]] = []
        self.dobs: list[str | None] = []

    def build(self, size: int) -> int:
        count = 0
        for line in read_lines(size):
            slot = len(self.ids)
            self.ids.append(line["id"])
            names = record_names(line)
            count += len(names)
            self.names.append(names)
            self.dobs.append(line.get("date_of_birth"))
            toks: set[str] = set()
            for n in names:
                toks |= _tokens(n)
            for t in toks:
                self.postings.setdefault(t, []).append(slot)
        self.arrays = {t: np.asarray(p, dtype=np.int32) for t, p in self.postings.items()}
        self.postings = {}
        self.buf = np.zeros(len(self.ids), dtype=np.float32)
        return count

    def warm(self) -> None:
        a = entity("a", ["Warm Up"], None)
        LogicV2.compare(a, entity("b", ["Warm Upp"], None), self.config)

    def candidates(self, q: Query) -> list[int]:
        total = len(self.ids)
        toks: set[str] = set()
        for n in q.names:
            toks |= _tokens(n)
        lists = [self.arrays[t] for t in toks if t in self.arrays]
        if not lists:
            return []
        for post in lists:
            self.buf[post] += math.log(1 + total / len(post))
        touched = np.unique(np.concatenate(lists))
        scores = self.buf[touched]
        self.buf[touched] = 0.0
        if len(touched) > TOP_N:
            top = np.argpartition(-scores, TOP_N)[:TOP_N]
            touched, scores = touched[top], scores[top]
        return [int(touched[i]) for i in np.argsort(-scores, kind="stable")]

    def query(self, q: Query) -> list[tuple[str, float]]:
        # logic-v2 memoises name analysis by entity id (Entity.__hash__): a fresh id per query.
        self.asked += 1
        qe = entity(f"query-{self.asked}", q.names, q.dob)
        out = []
        for slot in self.candidates(q):
            r = LogicV2.compare(
                qe, entity(self.ids[slot], self.names[slot], self.dobs[slot]), self.config
            )
            if r.score >= THRESHOLD:
                out.append((self.ids[slot], r.score))
        out.sort(key=lambda t: -t[1])
        return out[:10]
