"""Import and export of records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from passerelle.cli.common import as_user, fail, friendly, out, platform, writable
from passerelle.services import imports, records

_FORMATS = ", ".join(imports.FORMATS)


@friendly
def import_command(
    path: Annotated[
        Path, typer.Argument(help="The file to import.", exists=True, dir_okay=False, readable=True)
    ],
    as_: Annotated[
        str, typer.Option("--as", help="Import as this user; its NCB owns the records.")
    ],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help=f"One of: {_FORMATS} (default: from the file)."),
    ] = None,
) -> None:
    """Import a file in one transaction: all of it, or nothing and the line that is wrong."""
    p = platform()
    call = as_user(p, as_)
    size = path.stat().st_size
    if size > p.settings.max_request_bytes * 10:
        fail(f"{path} is {size} bytes; the limit is {p.settings.max_request_bytes * 10}")
    report = imports.import_bytes(p, call, path.read_bytes(), fmt=fmt, filename=path.name)
    out.print(f"imported {report.imported} records from {path.name} ({report.format})")


@friendly
def export_command(
    as_: Annotated[str, typer.Option("--as", help="Export what this user may see.")],
    kind: Annotated[list[str] | None, typer.Option(help="Only these kinds (repeatable).")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here, not to stdout.")
    ] = None,
) -> None:
    """Export as JSON what a user may see (policy enforced, H2 data of others withheld)."""
    if output:
        writable(output)
    p = platform()
    call = as_user(p, as_)
    found = records.export(p, call, tuple(kind) if kind else None)
    text = json.dumps(found, ensure_ascii=False, indent=1)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        out.print(f"exported {len(found)} records to {output}")
    else:
        print(text)
