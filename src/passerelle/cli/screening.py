"""``passerelle check``: check one traveller from the command line, as a border officer would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from passerelle.cli.common import as_user, fail, friendly, out, platform
from passerelle.services import screening
from passerelle.services.records import validation_message


@friendly
def check_command(
    as_: Annotated[str, typer.Option("--as", help="Check as this user (its NCB and scope).")],
    name: Annotated[
        list[str] | None, typer.Option("--name", "-n", help="A name, any script (repeatable).")
    ] = None,
    dob: Annotated[
        str | None, typer.Option(help="Date of birth: YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    nationality: Annotated[str | None, typer.Option(help="Alpha-2 or alpha-3.")] = None,
    sex: Annotated[str | None, typer.Option(help="M, F or U.")] = None,
    document: Annotated[str | None, typer.Option(help="Document number.")] = None,
    issuing_state: Annotated[str | None, typer.Option(help="Document's issuing state.")] = None,
    mrz_file: Annotated[
        Path | None, typer.Option(help="A file with the MRZ lines.", exists=True, dir_okay=False)
    ] = None,
    operation: Annotated[
        str | None, typer.Option(help="The operation this check is part of.")
    ] = None,
    site: Annotated[
        str | None, typer.Option(help="UN/LOCODE of the site (with --operation).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the raw JSON answer.")] = False,
) -> None:
    """Check a traveller: hit/no-hit, with probabilities and explanations."""
    p = platform()
    call = as_user(p, as_)
    payload: dict[str, object] = {"names": name or []}
    if dob:
        payload["date_of_birth"] = dob
    if nationality:
        payload["nationality"] = nationality
    if sex:
        payload["sex"] = sex
    if document:
        if not issuing_state:
            fail("--document needs --issuing-state")
        payload["document"] = {"number": document, "issuing_state": issuing_state}
    if operation:
        payload["operation_id"] = operation
    if site:
        payload["site"] = site.upper()
    if mrz_file:
        payload["mrz"] = mrz_file.read_text(encoding="utf-8", errors="replace")[:300]
    try:
        given = screening.CheckInput.model_validate(payload)
    except ValidationError as exc:
        raise validation_message(exc) from None
    answer = screening.check(p, call, given)
    if as_json:
        print(json.dumps(answer, ensure_ascii=False, indent=1))
        return
    mrz = answer.get("mrz")
    if mrz and not mrz["valid"]:
        out.print(
            f"[yellow]MRZ problems:[/] {', '.join(mrz['check_errors'] + mrz['field_errors'])}"
        )
    if not answer["hit"]:
        out.print(f"[green]NO HIT[/] (check {answer['check_id']})")
        return
    out.print(f"[bold red]HIT[/] (check {answer['check_id']}): {len(answer['hits'])}")
    for hit in answer["hits"]:
        if hit["visible"]:
            data = hit["record"]["data"]
            subject = data.get("subject") or data
            label = hit.get("matched_name") or subject.get("number") or hit["record"]["id"]
            out.print(
                f"  {hit['probability']:.3f}  {hit['kind']:<15} {label}  "
                f"[{hit['match']}] owner {hit['record']['owner']}  ({hit['hit_id']})"
            )
            for reason in hit["explanation"][:3]:
                out.print(f"           · {reason['text']}", highlight=False)
        else:
            out.print(f"  {hit['probability']:.3f}  {hit['kind']:<15} {hit['message']}")
