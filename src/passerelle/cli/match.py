"""``passerelle match``: train the matcher, score a file of name pairs, evaluate the scorer."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from passerelle.cli.common import friendly, writable
from passerelle.services import match_jobs

app = typer.Typer(
    help="Name matching: train the model, score pairs of names, evaluate the scorer.",
    no_args_is_help=True,
)
out = Console()
err = Console(stderr=True)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    with Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@app.command("score-pairs")
@friendly
def score_pairs(
    in_path: Annotated[Path, typer.Argument(metavar="IN.jsonl", help="Lines with id, a, b.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write id, score, match.")
    ],
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Skip bad lines (listed) instead of stopping.")
    ] = False,
) -> None:
    """Score each pair of names: calibrated probability and match at the default threshold."""
    writable(output)
    with _progress("scoring") as progress:
        stats = match_jobs.score_pairs(in_path, output, skip_bad=skip_bad, progress=progress)
    for line in stats.errors[:20]:
        err.print(f"[yellow]skipped[/] {line}", highlight=False)
    out.print(
        f"{stats.scored} pairs scored, {stats.matches} matches at threshold "
        f"{stats.threshold:.2f} → {output}"
    )


@app.command()
@friendly
def evaluate(
    in_path: Annotated[
        Path, typer.Argument(metavar="IN.jsonl", help="Labelled lines: id, a, b, match[, kind].")
    ],
    plot: Annotated[
        Path | None, typer.Option("--plot", metavar="PNG", help="Draw PR and reliability curves.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Skip bad lines.")] = False,
) -> None:
    """Precision, recall, F1, average precision and calibration, overall and per kind."""
    if plot is not None:
        writable(plot)
    with _progress("scoring") as progress:
        report = match_jobs.evaluate(in_path, plot, skip_bad=skip_bad, progress=progress)
    if as_json:
        out.print_json(json.dumps(report.to_dict()))
        return
    table = Table(title=f"{report.n} pairs, threshold {report.threshold:.2f}")
    for col in ("subset", "n", "match rate", "precision", "recall", "F1", "AP", "ECE"):
        table.add_column(col, justify="right" if col != "subset" else "left")
    rows = [("all", report.overall), *report.per_kind.items()]
    for name, m in rows:
        table.add_row(
            name,
            str(int(m["n"])),
            f"{m['predicted_match_rate']:.3f}" if "predicted_match_rate" in m else "-",
            *(f"{m[k]:.3f}" if k in m else "-" for k in ("precision", "recall", "f1")),
            *(f"{m[k]:.3f}" if k in m else "-" for k in ("average_precision", "ece")),
        )
    out.print(table)
    cal = Table(title="Calibration (10 bins)")
    for col in ("bin", "count", "mean predicted", "observed"):
        cal.add_column(col, justify="right")
    for b in report.calibration:
        cal.add_row(
            f"{b.low:.1f}-{b.high:.1f}",
            str(b.count),
            f"{b.mean_predicted:.3f}",
            f"{b.observed:.3f}",
        )
    out.print(cal)
    if plot is not None:
        out.print(f"plot written to {plot}")


@app.command()
@friendly
def train(
    data_dir: Annotated[
        Path, typer.Option("--data", help="Folder with names-dev.jsonl and translit-dev/.")
    ] = match_jobs.DEFAULT_DATA_DIR,
    extra_pairs: Annotated[
        list[Path] | None,
        typer.Option(
            "--extra-pairs",
            metavar="PAIRS.jsonl",
            help="Screening pairs from `passerelle match training-pairs` (repeatable).",
        ),
    ] = None,
    keep_cross_script: Annotated[
        bool,
        typer.Option(
            "--keep-cross-script",
            help="Refit the same-script scorer only; keep the shipped cross-script trees and "
            "transliteration models (for changes of same-script evidence).",
        ),
    ] = False,
) -> None:
    """Retrain the transliteration models, rarity sketch and calibrated scorer (a few minutes)."""
    with err.status("training") as status:
        report = match_jobs.train(
            data_dir,
            log=lambda msg: status.update(msg),
            keep_cross_script=keep_cross_script,
            extra_pairs=extra_pairs or (),
        )
    out.print_json(json.dumps({k: v for k, v in report.items() if k != "weights"}))


@app.command("training-pairs")
@friendly
def training_pairs_command(
    demo_dir: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", help="A `demo generate --manifest` folder (watchlist, manifest, truth)."
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the pairs.")],
    limit: Annotated[
        int | None, typer.Option("--limit", help="Only the first N travellers.")
    ] = None,
) -> None:
    """Export (traveller, scored candidate) pairs labelled by truth.csv, to train on."""
    from passerelle.services.demo import training_pairs

    writable(output)
    with _progress("screening") as progress:
        stats = training_pairs.export_training_pairs(
            demo_dir / "watchlist.jsonl",
            demo_dir / "manifest.csv",
            demo_dir / "truth.csv",
            output,
            limit=limit,
            progress=progress,
        )
    out.print(
        f"{stats.travellers} travellers: {stats.positives} true and {stats.negatives} false "
        f"pairs ({stats.missed} planted persons not among the scored candidates) → {output}"
    )


@app.command("hits-quality")
@friendly
def hits_quality_command(
    hits: Annotated[Path, typer.Argument(metavar="HITS.csv", help="From `screen-manifest`.")],
    truth: Annotated[Path, typer.Argument(metavar="TRUTH.csv", help="From `demo generate`.")],
    threshold: Annotated[
        float, typer.Option("--threshold", help="Count hits at or above this probability.")
    ] = 0.0,
) -> None:
    """Precision and recall of bulk screening hits against a demo truth file."""
    from passerelle.services.demo import training_pairs

    q = training_pairs.hits_quality(hits, truth, threshold)
    out.print(
        f"hits {q.hits}, true {q.true_hits}: precision {q.precision:.4f}; "
        f"planted found {q.found}/{q.planted}: recall {q.recall:.4f}"
    )
    if q.namesake_hits:
        out.print(
            f"hits on planted rows' namesakes (listed persons a row cannot be told from) "
            f"{q.namesake_hits}: precision {q.precision_namesakes_right:.4f} counting them right; "
            f"recall {q.recall_namesakes_right:.4f} counting a row found through one"
        )
