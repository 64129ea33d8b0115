"""Time and profile bulk screening in one process, on the batch function the engines run.

    python bench/profile_bulk.py bench/out/p1m-m20k [--travellers 20000] [--profile]

Uses the folder written by ``passerelle demo generate`` (``watchlist.jsonl``,
``manifest.csv``, ``truth.csv``): builds or reuses the cached index snapshot exactly as
``screen-manifest --watchlist`` does, then runs ``ScreenBatch`` (the function the local and
Spark engines map over Arrow batches) on the first ``--travellers`` rows in this process, so
the figure is CPU per traveller with no pool, pickling or file writing around it. Prints
microseconds per traveller, the candidate hits, and their recall and precision against the
truth file (``bulk_screen.score``, as the end-to-end benchmark scores them); ``--profile``
adds a pyinstrument call tree (bench/out/profile-bulk.txt); ``--save HITS.jsonl`` keeps the
hits, so two models can be compared along their precision-recall curves
(``bench/compare_hits.py``).
Pin it to one core (``taskset -c 1``) to compare two revisions.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path

from bulk_screen import read_namesakes, read_truth, score

from passerelle.services.bulk_formats import read_manifest
from passerelle.services.bulk_standalone import watchlist_index
from passerelle.services.bulk_worker import BULK_REACH, ManifestRows, ScreenBatch

#: The settings of ``BULK_REACH`` a run may change: the ``Reach`` field (its flag is the
#: field's name with dashes), its type and its help; each defaults to what bulk screening uses.
REACH_FLAGS: tuple[tuple[str, type, str], ...] = (
    ("scored", int, "candidates scored in full per traveller"),
    ("scored_undated", int, "the same, for a traveller without a complete date of birth"),
    ("alike", int, "how far down the re-ranked candidates those spelt alike are scored too"),
    ("alike_undated", int, "the same, for a traveller without a complete date of birth"),
    ("candidates", int, "candidates the index returns for re-ranking per traveller"),
    ("candidates_undated", int, "the same, for a traveller without a complete date of birth"),
    ("rivals", float, "a hit is set aside below this share of the best candidate's odds (0: none)"),
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="a `passerelle demo generate` output folder")
    ap.add_argument("--travellers", type=int, default=20_000)
    ap.add_argument("--profile", action="store_true", help="write a pyinstrument call tree")
    ap.add_argument("--batch", type=int, default=5000)
    for field, kind, text in REACH_FLAGS:
        ap.add_argument(
            f"--{field.replace('_', '-')}", type=kind, default=getattr(BULK_REACH, field), help=text
        )
    ap.add_argument(
        "--save", type=Path, help="write the hits as JSON lines (row, record_id, probability)"
    )
    args = ap.parse_args()
    manifest = read_manifest((args.folder / "manifest.csv").read_bytes(), "csv")
    travellers = manifest.travellers[: args.travellers]
    rows = ManifestRows.of(travellers, args.batch)
    t0 = time.perf_counter()
    snapshot, built = watchlist_index(args.folder / "watchlist.jsonl")
    fn = ScreenBatch(
        str(snapshot),
        reach=replace(BULK_REACH, **{field: getattr(args, field) for field, _, _ in REACH_FLAGS}),
        map_snapshot=False,  # as `screen-manifest --watchlist` with forked workers
    )
    fn.prepare()  # the snapshot and the models, loaded as a worker loads them
    print(f"index {'built' if built else 'loaded'} in {time.perf_counter() - t0:.1f} s")
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    found: list[tuple[int, str, float]] = []
    t0 = time.process_time()
    for batch in rows.batches:
        out = fn(batch).to_pydict()
        found += zip(out["row"], out["record_id"], out["probability"], strict=True)
    cpu = time.process_time() - t0
    if profiler is not None:
        profiler.stop()
        text = profiler.output_text(unicode=True, color=False, show_all=False)
        (Path(__file__).parent / "out" / "profile-bulk.txt").write_text(text)
        print(text[:15000])
    if args.save:
        with args.save.open("w", encoding="utf-8") as fh:
            for hit in found:
                fh.write(json.dumps(hit) + "\n")
    truth = {
        row: person
        for row, person in read_truth(args.folder / "truth.csv").items()
        if row <= len(travellers)
    }
    namesakes = read_namesakes(args.folder / "truth.csv")
    got = score(found, truth, len(travellers), namesakes=namesakes)
    print(
        f"{len(travellers):,} travellers  {cpu / len(travellers) * 1e6:.0f} us CPU each  "
        f"hits {len(found):,}  recall {got['recall'] or 0:.4f}  "
        f"precision {got['precision'] or 0:.4f}  "
        f"(hits on namesakes {got['namesake_pairs']}: "
        f"{got['precision_namesakes_right'] or 0:.4f} counting them right; recall "
        f"{got['recall_namesakes_right'] or 0:.4f} counting a row found through one)"
    )


if __name__ == "__main__":
    main()
