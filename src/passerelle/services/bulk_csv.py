"""hits.csv: the columns a bulk screening's hits are downloaded in (docs/bulk-screening.md).

One writer for both modes — a screening stored in the database and the standalone screening of
a demo watchlist — so the file an officer opens looks the same whichever produced it. Cells are
neutralised against spreadsheet formulas by the formats package's writer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from passerelle.formats.csv_io import write_table

COLUMNS = (
    "row",
    "source",
    "traveller_name",
    "date_of_birth",
    "document",
    "hit_id",
    "record_id",
    "record_kind",
    "owner",
    "probability",
    "match_kind",
    "matched_name",
    "reasons",
    "visible",
    "contact",
)
#: Reasons shown per hit: the strongest few, as the officer reads them.
TOP_REASONS = 3


def traveller_fields(
    *,
    name: str,
    date_of_birth: str | None,
    nationality: str | None,
    document: str | None,
    document_issuing_state: str | None,
    source: str,
    matched_name: str,
) -> dict[str, Any]:
    """What a hit keeps about the traveller (the submitting NCB's own manifest data), and the
    record name that matched (shown only when the record is visible to that NCB)."""
    return {
        "name": name,
        "date_of_birth": date_of_birth,
        "nationality": nationality,
        "document": document,
        "document_issuing_state": document_issuing_state,
        "source": source,
        "matched_name": matched_name,
    }


def reasons(explanation: Iterable[Mapping[str, Any]]) -> str:
    texts = [str(r.get("text", "")) for r in explanation if r.get("text")]
    return " | ".join(texts[:TOP_REASONS])


def csv_row(hit: Mapping[str, Any]) -> dict[str, str | None]:
    """One hit (a ``screening_hits`` row, or the same keys from a standalone run) as cells.

    A hit on a record the submitting NCB may not see keeps only the row, the traveller, the
    probability, the owner to contact and the hit id to quote: no record id, name or reasons.
    """
    t = hit["traveller"]
    doc = " ".join(p for p in (t.get("document"), t.get("document_issuing_state")) if p)
    visible = bool(hit["visible"])
    owner = hit.get("owner") or ""
    cells: dict[str, str | None] = {
        "row": str(hit["row"]),
        "source": t.get("source"),
        "traveller_name": t.get("name"),
        "date_of_birth": t.get("date_of_birth"),
        "document": doc,
        "hit_id": hit.get("id"),
        "record_kind": hit.get("record_kind"),
        "owner": owner,
        "probability": f"{float(hit['probability']):.4f}",
        "match_kind": hit["match_kind"],
        "visible": "yes" if visible else "no",
    }
    if visible:
        cells["record_id"] = hit["record_id"]
        cells["matched_name"] = t.get("matched_name")
        cells["reasons"] = reasons(hit["explanation"])
    else:
        cells["contact"] = f"contact NCB {owner} quoting {hit.get('id')}"
    return cells


def hits_csv(hits: Iterable[Mapping[str, Any]], *, header: bool = True) -> str:
    text = write_table(COLUMNS, (csv_row(h) for h in hits))
    return text if header else text.split("\r\n", 1)[1]
