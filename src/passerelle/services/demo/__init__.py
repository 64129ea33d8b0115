"""Deterministic synthetic demo data: persons, documents, vehicles, vessels; no real people.

Public API (what the CLI calls):

- ``generate(persons, seed, *, travel_documents=None, vehicles=None, vessels=None,
  progress=None) -> Iterator[DemoRecord]``
- ``write_watchlist(out_dir, persons, seed, *, progress=None) -> Path``
- ``write_manifest(out_dir, *, watchlist, travellers, hit_rate, seed, formats=("csv",),
  progress=None, keep_lookalikes=False) -> ManifestFiles``

See docs/demo-data.md.
"""

from passerelle.services.demo.generator import DemoRecord, generate
from passerelle.services.demo.manifest import ManifestFiles, write_manifest
from passerelle.services.demo.watchlist import WATCHLIST_NAME, write_watchlist

__all__ = [
    "WATCHLIST_NAME",
    "DemoRecord",
    "ManifestFiles",
    "generate",
    "write_manifest",
    "write_watchlist",
]
