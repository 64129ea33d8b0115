"""``passerelle screen-manifest``: screen a whole manifest, with a progress bar and a summary.

Thin: parsing, screening, resuming and the standalone watchlist mode live in
``services.bulk`` and ``services.bulk_standalone``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from passerelle.cli.common import as_user, err, fail, friendly, out, platform, writable
from passerelle.model.errors import InvalidInput

#: Where ``--watchlist`` screening writes its hits when ``--output`` is not given.
STANDALONE_HITS = Path("hits.csv")


def _bar() -> Progress:
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )


@contextmanager
def _named(file: Path) -> Iterator[None]:
    """Errors the services place in an upload's "body" are, here, in ``file``: say so."""
    try:
        yield
    except InvalidInput as exc:
        if exc.where == "body":
            exc.where = str(file)
        raise


@friendly
def screen_manifest_command(
    file: Annotated[Path, typer.Argument(help="The manifest: PAXLST, manifest CSV or MRZ lines.")],
    as_: Annotated[
        str | None,
        typer.Option("--as", help="Screen as this user (its NCB and scope); not with --watchlist."),
    ] = None,
    operation: Annotated[
        str | None, typer.Option("--operation", help="Operation id the screening belongs to.")
    ] = None,
    site: Annotated[
        str | None, typer.Option("--site", help="UN/LOCODE of the port or crossing.")
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="paxlst, csv or mrz (default: detected).")
    ] = None,
    engine: Annotated[str, typer.Option(help="local (processes) or spark.")] = "local",
    master: Annotated[
        str | None, typer.Option(help="Spark master, e.g. local[2] or spark://host:7077.")
    ] = None,
    spark_conf: Annotated[
        list[str] | None,
        typer.Option(
            "--spark-conf",
            metavar="KEY=VALUE",
            help="A Spark setting for --engine spark, e.g. spark.executor.memory=4g "
            "(repeat the option for more).",
        ),
    ] = None,
    processes: Annotated[
        int | None, typer.Option(min=0, help="Local worker processes (default: one per core).")
    ] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, max=100_000, help="Travellers per committed batch.")
    ] = 5000,
    output: Annotated[Path | None, typer.Option(help="Write the hits to this CSV file.")] = None,
    watchlist: Annotated[
        Path | None,
        typer.Option(help="Screen against this demo watchlist.jsonl: no server or database."),
    ] = None,
) -> None:
    """Screen every traveller of a manifest; re-run the same command to resume after a crash."""
    if not file.is_file():
        fail(f"no such file: {file}")
    if engine not in ("local", "spark"):
        fail(f"unknown engine {engine!r}: use local or spark")
    settings = _spark_settings(spark_conf or [])
    if settings and engine != "spark":
        fail("--spark-conf is for --engine spark")
    if watchlist is not None:
        output = output or STANDALONE_HITS
    if output is not None:
        writable(output)
    with _named(file), _bar() as bar:
        task = bar.add_task("travellers", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        if watchlist is not None:
            from passerelle.services.bulk_standalone import screen_file

            bar.update(task, description="index")
            report = screen_file(
                file,
                watchlist,
                engine=engine,
                output=output or STANDALONE_HITS,
                fmt=fmt,
                batch_size=batch_size,
                progress=progress,
                master=master,
                processes=processes,
                spark_conf=settings,
            )
            _summary_file(report)
            return
        if not as_:
            fail("--as USER is required (or --watchlist FILE to screen without a database)")
        from passerelle.services import bulk

        p = platform()
        call = as_user(p, as_ or "")
        result = bulk.screen_manifest(
            p,
            call,
            file.read_bytes(),
            file.name,
            fmt=fmt,
            engine=engine,
            operation_id=operation,
            site=site,
            batch_size=batch_size,
            progress=progress,
            master=master,
            processes=processes,
            spark_conf=settings,
        )
        if output is not None:
            output.write_text(bulk.hits_as_csv(p, call, result.id), encoding="utf-8", newline="")
    _summary(result, output)


def _spark_settings(given: list[str]) -> dict[str, str]:
    """``--spark-conf`` options as a dict; a malformed one stops the command, naming it."""
    settings: dict[str, str] = {}
    for item in given:
        key, sep, value = item.partition("=")
        if not sep or not key.strip().startswith("spark.") or not value.strip():
            fail(f"--spark-conf takes KEY=VALUE with a spark.* key, got {item!r}")
        settings[key.strip()] = value.strip()
    return settings


def _errors(errors: list[str]) -> None:
    for line in errors[:10]:
        err.print(f"  [yellow]·[/] {line}", highlight=False)
    if len(errors) > 10:
        err.print(f"  … and {len(errors) - 10} more", highlight=False)


def _summary(report: object, output: Path | None) -> None:
    from passerelle.services.bulk import ScreeningReport

    assert isinstance(report, ScreeningReport)
    _errors(report.errors)
    state = "already screened" if report.already_done else report.status
    if report.resumed:
        state += " (resumed)"
    out.print(f"screening {report.id}: {state}", highlight=False)
    out.print(
        f"travellers {report.total:,}  malformed {report.malformed:,}  hits {report.hits:,}",
        highlight=False,
    )
    if report.screened_now:
        out.print(
            f"screened {report.screened_now:,} in {report.seconds:.1f} s "
            f"({report.throughput:,.0f} travellers/s, engine {report.engine})",
            highlight=False,
        )
    if output is not None:
        out.print(f"hits written to {output}", highlight=False)


def _summary_file(report: object) -> None:
    from passerelle.services.bulk_standalone import FileReport

    assert isinstance(report, FileReport)
    _errors(report.errors)
    index = "built" if report.index_built else "reused"
    out.print(
        f"travellers {report.total:,}  malformed {report.malformed:,}  hits {report.hits:,}",
        highlight=False,
    )
    out.print(
        f"screened in {report.seconds:.1f} s ({report.throughput:,.0f} travellers/s, engine "
        f"{report.engine}); index {index} in {report.index_seconds:.1f} s",
        highlight=False,
    )
    if report.stale_indexes:
        out.print(
            f"note: {len(report.stale_indexes)} other saved index(es) of this watchlist "
            f"({report.stale_index_bytes / 1e6:,.0f} MB), made by another matcher or for an "
            "earlier file, were not used; delete them if no other installation needs them:",
            highlight=False,
        )
        for path in report.stale_indexes:
            out.print(f"  {path}", highlight=False)
    out.print(f"hits written to {report.output}", highlight=False)
