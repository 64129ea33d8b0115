"""``passerelle``: run the platform and operate it from the command line."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from pathlib import Path
from typing import Annotated

import typer

from passerelle import __version__
from passerelle.cli import admin, bulk, data, demo, operations, screening
from passerelle.cli.common import fail, friendly, out, platform, state, writable

app = typer.Typer(
    name="passerelle",
    help="Passerelle: records under their owner's policy, notices, screening and operations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        out.print(f"passerelle {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            envvar="PASSERELLE_DATABASE_URL",
            help="Database URL (default sqlite:///var/passerelle.db).",
        ),
    ] = None,
) -> None:
    """Passerelle command line. Settings come from PASSERELLE_* environment variables."""
    state.database_url = database_url


@app.command()
@friendly
def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    demo_data: Annotated[
        bool, typer.Option("--demo/--no-demo", help="Load demo data into an empty database.")
    ] = True,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            help="API processes (default 1, or PASSERELLE_WORKERS). Each holds its own "
            "screening index (the first builds it, the others load its snapshot): more "
            "checks per second on more cores, for more memory.",
        ),
    ] = None,
) -> None:
    """Migrate the database, load the demo data on first start, and serve the API."""
    import uvicorn

    from passerelle.api.app import create_app
    from passerelle.services import operator, seeding

    p = platform()
    revision = operator.upgrade_database(p)
    out.print(f"database {p.db.dialect} at schema {revision}")
    if demo_data and p.settings.demo_on_first_start and operator.is_empty(p):
        out.print(f"first start: loading demo data ({p.settings.demo_persons} persons)…")
        report = seeding.seed(p, persons=p.settings.demo_persons, seed=7)
        out.print(report.summary())
    bind_host = host or p.settings.host
    bind_port = port or p.settings.port
    out.print(
        f"API on http://{bind_host}:{bind_port}/api/v1 — docs at "
        f"http://{bind_host}:{bind_port}/docs"
    )
    n = workers or p.settings.workers
    if n > 1:
        from passerelle.api import processes

        # Each worker process builds its own platform from the PASSERELLE_* environment.
        os.environ["PASSERELLE_DATABASE_URL"] = p.settings.database_url
        out.print(f"{n} API processes, each with its screening index ready before it answers")
        if processes.balances_connections():
            logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(message)s")
            try:
                code = processes.Supervisor(n, bind_host, bind_port).run()
            except processes.PortTaken as exc:
                fail(str(exc))
            raise typer.Exit(code)
        os.environ["PASSERELLE_WARM_INDEX"] = "true"
        uvicorn.run(
            "passerelle.api.app:create_app",
            factory=True,
            workers=n,
            host=bind_host,
            port=bind_port,
            log_level="info",
        )
        return
    # Build the screening index before answering, so no check waits for it.
    warmed = dataclasses.replace(p, settings=p.settings.model_copy(update={"warm_index": True}))
    uvicorn.run(create_app(warmed), host=bind_host, port=bind_port, log_level="info")


@app.command("openapi")
@friendly
def openapi(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
) -> None:
    """Print the OpenAPI description of the API."""
    from passerelle.api.app import create_app

    if output:
        writable(output)
    spec = json.dumps(create_app(platform()).openapi(), indent=2, ensure_ascii=False)
    if output:
        output.write_text(spec + "\n", encoding="utf-8")
    else:
        print(spec)


app.add_typer(admin.db_app, name="db")
app.add_typer(admin.user_app, name="user")
app.add_typer(admin.token_app, name="token")
app.add_typer(admin.audit_app, name="audit")
app.add_typer(admin.retention_app, name="retention")
app.add_typer(demo.app, name="demo")
app.add_typer(operations.app, name="operation")
app.command("import")(data.import_command)
app.command("export")(data.export_command)
app.command("check")(screening.check_command)
app.command("screen-manifest")(bulk.screen_manifest_command)

try:  # the screening engine's commands, when its package is present
    from passerelle.cli.match import app as match_app

    app.add_typer(match_app, name="match")
except ImportError:  # pragma: no cover
    pass


def main() -> None:
    app()
