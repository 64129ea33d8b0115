"""Splink 5 (DuckDB) real-time linkage: one new record against the whole watchlist.

The watchlist is a DuckDB-registered Arrow table (one row per person: primary Latin name split
into first name / surname, date of birth, nationality). The model (Jaro-Winkler name levels,
exact DOB, exact nationality) has m/u probabilities set by hand (see ``train``), with the
prior 1/size. A check is
``splink.internals.realtime.compare_records(new_record, watchlist, model, join_condition=…)``
with a blocking join (either name field equal to either name field of the query) and a cached
SQL pipeline; a hit is ``match_probability`` >= 0.5. Each person is filed by its primary Latin
name only (Splink compares columns, not name lists).
"""

from __future__ import annotations

import logging
import time
from typing import Any

import pyarrow as pa
import splink.comparison_library as cl
from common import Query, primary_latin, read_lines
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.internals.realtime import compare_records

NAME = "splink"
THRESHOLD = 0.5
JOIN = (
    "(l.surname = r.surname OR l.first_name = r.first_name "
    "OR l.surname = r.first_name OR l.first_name = r.surname)"
)


def split(name: str) -> tuple[str, str]:
    toks = name.casefold().replace("-", " ").split()
    if not toks:
        return "", ""
    return toks[0], toks[-1]


class Engine:
    name = NAME
    threshold_note = f"match_probability >= {THRESHOLD}; blocking join on name fields"

    def __init__(self) -> None:
        self.db = DuckDBAPI()
        self.table: Any = None
        self.model: dict[str, Any] = {}
        self.train_seconds = 0.0

    def build(self, size: int) -> int:
        cols: dict[str, list[Any]] = {
            "unique_id": [],
            "first_name": [],
            "surname": [],
            "dob": [],
            "nationality": [],
        }
        for line in read_lines(size):
            first, last = split(primary_latin(line))
            dob = line.get("date_of_birth")
            cols["unique_id"].append(line["id"])
            cols["first_name"].append(first)
            cols["surname"].append(last)
            cols["dob"].append(dob if dob and len(dob) == 10 else None)
            cols["nationality"].append((line.get("nationalities") or [None])[0])
        self.table = pa.table(cols)
        self.train(size)
        return size

    def train(self, size: int) -> None:
        """A simply-configured model: m and u set by hand (EM on a deduplicated synthetic
        watchlist has no duplicate pairs to learn m from; it gave m ~ 0 for every fuzzy level)."""
        started = time.perf_counter()
        jw = [0.92, 0.85]
        settings = SettingsCreator(
            link_type="dedupe_only",
            comparisons=[
                cl.JaroWinklerAtThresholds("first_name", jw).configure(
                    m_probabilities=[0.70, 0.15, 0.08, 0.07],
                    u_probabilities=[0.003, 0.005, 0.02, 0.972],
                ),
                cl.JaroWinklerAtThresholds("surname", jw).configure(
                    m_probabilities=[0.70, 0.15, 0.08, 0.07],
                    u_probabilities=[0.001, 0.003, 0.01, 0.986],
                ),
                cl.ExactMatch("dob").configure(
                    m_probabilities=[0.9, 0.1], u_probabilities=[0.00005, 0.99995]
                ),
                cl.ExactMatch("nationality").configure(
                    m_probabilities=[0.9, 0.1], u_probabilities=[0.05, 0.95]
                ),
            ],
            blocking_rules_to_generate_predictions=[block_on("surname"), block_on("dob")],
            probability_two_random_records_match=1.0 / max(size, 10),
        )
        linker = Linker(self.db.register(self.table), settings, log_level=logging.WARNING)
        self.model = linker.misc.save_model_to_json()
        self.train_seconds = time.perf_counter() - started

    def warm(self) -> None:
        self.query(Query("warm", ["warm up"], None, None))

    def query(self, q: Query) -> list[tuple[str, float]]:
        first, last = split(q.names[0])
        dob = q.dob if q.dob and len(q.dob) == 10 else None
        rec = {
            "unique_id": "query",
            "first_name": first,
            "surname": last,
            "dob": dob,
            "nationality": q.nationality,
        }
        df = compare_records(
            rec, self.table, self.model, self.db, sql_cache_key="bench", join_condition=JOIN
        )
        rows = df.as_record_list()
        df.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
        hits = [(r["unique_id_r"], float(r["match_probability"])) for r in rows]
        hits = [h for h in hits if h[1] >= THRESHOLD]
        hits.sort(key=lambda t: -t[1])
        return hits[:10]
