"""Synthetic demo data: generate files, or load a demo into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from passerelle.cli.common import err, friendly, out, platform

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
) -> None:
    """Write OUT/watchlist.jsonl: one synthetic person a line, with documents and policy."""
    from passerelle.services import seeding

    with _progress() as bar:
        task = bar.add_task("persons", total=persons)
        path = seeding.write_watchlist(
            out_dir, persons=persons, seed=seed, progress=lambda n: bar.update(task, completed=n)
        )
    out.print(f"wrote {persons} persons to {path}")


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
