"""Write a demo watchlist: one JSON person a line, streamed, for up to millions of persons.

Lines are written from the generator's JSON-ready drafts, without building pydantic models, so
memory stays flat and a million persons take well under a minute; the test suite checks that
every line validates into ``Person`` and ``Policy`` and round-trips unchanged. The line format
is documented in docs/demo-data.md.
"""

from __future__ import annotations

import json
from pathlib import Path

from passerelle.services.demo.generator import PROGRESS_EVERY, Progress, drafts

WATCHLIST_NAME = "watchlist.jsonl"


def write_watchlist(
    out_dir: Path, persons: int, seed: int, *, progress: Progress | None = None
) -> Path:
    """Write ``out_dir/watchlist.jsonl`` with ``persons`` persons for ``seed``; return its path.

    The same seed and count always give the same bytes. The file is written under a temporary
    name and renamed, so a reader never sees half a watchlist.
    """
    if persons < 0:
        raise ValueError("the number of persons must not be negative")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / WATCHLIST_NAME
    partial = out_dir / f".{WATCHLIST_NAME}.partial"
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    done = 0
    with partial.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        batch: list[str] = []
        for draft in drafts("person", persons, seed):
            batch.append(encode(draft))
            done += 1
            if done % PROGRESS_EVERY == 0:
                out.write("\n".join(batch) + "\n")
                batch.clear()
                if progress is not None:
                    progress(done)
        if batch:
            out.write("\n".join(batch) + "\n")
    partial.replace(target)
    if progress is not None and done % PROGRESS_EVERY:
        progress(done)
    return target
