"""``passerelle operation``: coordinated operations from the command line (thin: services do
the work and the checks)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from passerelle.cli.common import as_user, fail, friendly, out, platform, writable
from passerelle.model.operations import OperationInput, OutcomeInput
from passerelle.services import operations

app = typer.Typer(help="Coordinated operations: sites, outcomes, dashboard, report.")

AsUser = Annotated[str, typer.Option("--as", help="Act as this user (its NCB and role).")]


def _site(text: str) -> dict[str, str]:
    """``FRMRS:Marseille:port`` -> a site (kind defaults to port)."""
    parts = text.split(":")
    if len(parts) not in (2, 3):
        fail(f"--site {text!r}: write LOCODE:Name or LOCODE:Name:kind")
    return {"locode": parts[0], "name": parts[1], **({"kind": parts[2]} if len(parts) == 3 else {})}


@app.command("create")
@friendly
def create(
    as_: AsUser,
    name: Annotated[str, typer.Option(help="Name, e.g. 'Operation SEAGULL'.")],
    coordinator: Annotated[str, typer.Option(help="Coordinating NCB, or IPSG.")],
    starts_on: Annotated[str, typer.Option(help="First day, YYYY-MM-DD.")],
    ends_on: Annotated[str, typer.Option(help="Last day, YYYY-MM-DD.")],
    participant: Annotated[
        list[str] | None, typer.Option(help="Participating NCB (repeatable).")
    ] = None,
    site: Annotated[
        list[str] | None,
        typer.Option(help="LOCODE:Name[:port|airport|land_crossing] (repeatable)."),
    ] = None,
    description: Annotated[str, typer.Option(help="What the operation is for.")] = "",
) -> None:
    """Open an operation."""
    p = platform()
    given = operations.parse(
        OperationInput,
        {
            "name": name,
            "description": description,
            "coordinator": coordinator,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "participants": participant or [],
            "sites": [_site(s) for s in site or []],
        },
    )
    created = operations.create(p, as_user(p, as_), given)
    out.print(f"operation {created['id']} created: {created['name']}")


@app.command("list")
@friendly
def list_command(as_: AsUser) -> None:
    """Operations your NCB coordinates or takes part in."""
    p = platform()
    table = Table("id", "name", "window", "coordinator", "sites")
    for op in operations.list_operations(p, as_user(p, as_)):
        table.add_row(
            op["id"],
            op["name"],
            f"{op['starts_on']} – {op['ends_on']}",
            op["coordinator"],
            " ".join(s["locode"] for s in op["sites"]),
        )
    out.print(table)


@app.command("show")
@friendly
def show(
    as_: AsUser,
    operation_id: Annotated[str, typer.Argument(help="Operation id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the dashboard JSON.")] = False,
) -> None:
    """An operation and its live counters."""
    p = platform()
    figures = operations.dashboard(p, as_user(p, as_), operation_id)
    if as_json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return
    op, totals = figures["operation"], figures["totals"]
    out.print(f"[bold]{op['name']}[/] ({op['id']}) {op['starts_on']} – {op['ends_on']}")
    out.print(
        f"checks {totals['checks']:,}  hits {totals['hits']:,}  outcomes {totals['outcomes']:,}"
    )
    table = Table("site", "name", "checks", "hits", "outcomes")
    for s in figures["by_site"]:
        table.add_row(
            s["locode"] or "-",
            s["name"],
            f"{s['checks']:,}",
            f"{s['hits']:,}",
            f"{sum(s['outcomes'].values()):,}",
        )
    out.print(table)
    out.print(
        "outcomes: "
        + ", ".join(f"{k} {v}" for k, v in figures["outcomes_by_kind"].items())
        + (f"; seized {figures['items_seized']}" if figures["items_seized"] else "")
    )


@app.command("outcome")
@friendly
def outcome(
    as_: AsUser,
    operation_id: Annotated[str, typer.Argument(help="Operation id.")],
    hit_id: Annotated[str, typer.Argument(help="Hit id (single check or bulk screening).")],
    kind: Annotated[
        str,
        typer.Argument(
            help="arrested, located, identified, refused_entry, items_seized, false_positive"
        ),
    ],
    item: Annotated[
        list[str] | None, typer.Option(help="NAME=QUANTITY seized, e.g. cash_eur=12000.")
    ] = None,
    site: Annotated[str | None, typer.Option(help="UN/LOCODE (default: the hit's).")] = None,
    note: Annotated[str | None, typer.Option(help="Free text.")] = None,
) -> None:
    """Record what came of a hit your NCB made."""
    items: dict[str, str] = {}
    for entry in item or []:
        key, sep, qty = entry.partition("=")
        if not sep:
            fail(f"--item {entry!r}: write NAME=QUANTITY")
        items[key] = qty
    p = platform()
    given = operations.parse(
        OutcomeInput,
        {"hit_id": hit_id, "kind": kind, "items": items, "site": site, "note": note},
    )
    saved = operations.record_outcome(p, as_user(p, as_), operation_id, given)
    out.print(f"outcome {saved['id']}: {saved['kind']} for hit {saved['hit_id']}")


@app.command("report")
@friendly
def report(
    as_: AsUser,
    operation_id: Annotated[str, typer.Argument(help="Operation id.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="html, pdf or json.")] = "html",
    lang: Annotated[str, typer.Option(help="ar, en, es or fr.")] = "en",
) -> None:
    """Write the final report: HTML (charts inline), PDF or JSON."""
    writable(output)
    p = platform()
    body, _ = operations.report(p, as_user(p, as_), operation_id, fmt, lang)
    output.write_bytes(body)
    out.print(f"wrote {output} ({len(body):,} bytes)")
