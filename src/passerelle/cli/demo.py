"""Synthetic demo data: generate files, or load a demo into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from passerelle.cli.common import err, fail, friendly, out, platform

app = typer.Typer(help="Synthetic demo data (no real person).", no_args_is_help=True)


def _progress() -> Progress:
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )


@app.command("generate")
@friendly
def generate(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write into (created).")],
    persons: Annotated[
        int, typer.Option(min=1, max=50_000_000, help="How many watchlist persons.")
    ] = 10_000,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same files.")] = 1,
    manifest: Annotated[
        int,
        typer.Option(
            min=0, max=50_000_000, help="Also write a manifest of this many travellers (0: none)."
        ),
    ] = 0,
    hit_rate: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Share of travellers planted as watchlist variants."),
    ] = 0.01,
    manifest_format: Annotated[
        str, typer.Option(help="csv (manifest.csv), paxlst (manifest.edi) or both.")
    ] = "csv",
    keep_lookalikes: Annotated[
        bool,
        typer.Option(
            help="Keep decoys a matcher could not tell from a watchlist person (for training"
            " pairs, `match training-pairs`; a benchmark manifest draws them again)."
        ),
    ] = False,
    plant_undated: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Share of the planted travellers drawn among persons listed without a date of"
            " birth (for training pairs; 0: as they come, about 2 %).",
        ),
    ] = 0.0,
) -> None:
    """Write OUT/watchlist.jsonl: one synthetic person a line, with documents and policy.

    With --manifest M, also OUT/manifest.csv (or .edi) and OUT/truth.csv: M travellers, a
    share --hit-rate of them variants of watchlist persons (see docs/demo-data.md).
    """
    from passerelle.services import seeding
    from passerelle.services.demo import write_manifest

    formats = {"csv": ("csv",), "paxlst": ("paxlst",), "both": ("csv", "paxlst")}
    if manifest_format not in formats:
        fail("--manifest-format is csv, paxlst or both")
    with _progress() as bar:
        task = bar.add_task("persons", total=persons)
        path = seeding.write_watchlist(
            out_dir, persons=persons, seed=seed, progress=lambda n: bar.update(task, completed=n)
        )
        if manifest:
            rows = bar.add_task("travellers", total=manifest)
            try:
                written = write_manifest(
                    out_dir,
                    watchlist=path,
                    travellers=manifest,
                    hit_rate=hit_rate,
                    seed=seed,
                    formats=formats[manifest_format],
                    progress=lambda n: bar.update(rows, completed=n),
                    keep_lookalikes=keep_lookalikes,
                    plant_undated=plant_undated,
                )
            except ValueError as exc:
                fail(str(exc))
    out.print(f"wrote {persons} persons to {path}")
    if manifest:
        for file in (written.manifest, written.paxlst):
            if file is not None:
                out.print(f"wrote {written.travellers} travellers to {file}")
        out.print(f"wrote {written.planted} planted rows to {written.truth}")
        if written.redrawn:
            out.print(
                f"drew {written.redrawn} decoys again: a matcher could not have told them from"
                " a watchlist person (same names or one slip away, a date of birth a variant"
                " could show)"
            )


@app.command("seed")
@friendly
def seed(
    persons: Annotated[int, typer.Option(min=0, max=1_000_000, help="Demo persons.")] = 2000,
    seed_value: Annotated[int, typer.Option("--seed", help="Random seed.")] = 7,
) -> None:
    """Load the demo data set (users, records, notices) into the database."""
    from passerelle.services import operator, seeding

    p = platform()
    operator.ensure_ready(p)
    with _progress() as bar:
        task = bar.add_task("records", total=None)
        report = seeding.seed(
            p, persons=persons, seed=seed_value, progress=lambda n: bar.update(task, completed=n)
        )
    out.print(report.summary())
