"""Operator commands: database, users, tokens, audit and retention."""

from __future__ import annotations

from typing import Annotated

import typer

from passerelle.cli.common import err, fail, friendly, out, platform
from passerelle.model.policy import Confidentiality
from passerelle.model.principals import CheckScope, Role
from passerelle.services import accounts, governance, operator

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
user_app = typer.Typer(help="Users of NCBs and entities.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens.", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)
retention_app = typer.Typer(
    help="Retention: purge expired data, remind owners.", no_args_is_help=True
)


@db_app.command("upgrade")
@friendly
def db_upgrade() -> None:
    """Apply pending migrations (safe to run again)."""
    p = platform()
    out.print(f"database {p.db.dialect} at schema {operator.upgrade_database(p)}")


@db_app.command("current")
@friendly
def db_current() -> None:
    """Show the schema revision and whether it is the newest."""
    current, newest = operator.revision(platform())
    out.print(f"current: {current or 'empty'}; newest: {newest}")
    if current != newest:
        raise typer.Exit(1)


@user_app.command("create")
@friendly
def user_create(
    username: Annotated[str, typer.Argument(help="Login name.")],
    entity: Annotated[
        str, typer.Option("--entity", "-e", help="NCB (alpha-2/alpha-3) or entity: IPSG, UN, ICC.")
    ],
    role: Annotated[Role, typer.Option("--role", "-r", help="The user's role.")],
    password: Annotated[
        str | None,
        typer.Option(
            "--password",
            envvar="PASSERELLE_NEW_PASSWORD",
            help="Password (12+ characters); omit for a token-only user.",
        ),
    ] = None,
    clearance: Annotated[
        str | None,
        typer.Option(help="official_use, restricted or confidential (default per role)."),
    ] = None,
    scope: Annotated[
        list[CheckScope] | None,
        typer.Option(help="What a border officer may check (repeatable; default all)."),
    ] = None,
) -> None:
    """Create a user of an NCB or entity."""
    level = None
    if clearance:
        try:
            level = Confidentiality.from_label(clearance)
        except ValueError as exc:
            fail(str(exc))
    p = platform()
    operator.ensure_ready(p)
    user = accounts.create_user(
        p,
        None,
        username=username,
        entity_code=entity,
        role=role,
        password=password,
        clearance=level,
        scope=frozenset(scope) if scope else None,
    )
    out.print(f"created user {user.username} (id {user.id}), {user.role.value} of {user.entity}")


@user_app.command("list")
@friendly
def user_list() -> None:
    """List users."""
    from passerelle.services.accounts import user_view

    p = platform()
    operator.ensure_ready(p)
    for user in accounts.list_all_users(p):
        v = user_view(user)
        out.print(
            f"{v['id']:>4}  {v['username']:<24} {v['entity']:<5} {v['role']:<15} "
            f"{v['clearance']}{'' if v['active'] else '  (inactive)'}"
        )


@token_app.command("create")
@friendly
def token_create(
    username: Annotated[str, typer.Argument(help="Whose token.")],
    name: Annotated[str, typer.Option(help="A label, e.g. the client's name.")] = "cli",
    days: Annotated[int | None, typer.Option(help="Lifetime in days (default 90).")] = None,
) -> None:
    """Create an API token; it is printed once and stored only hashed."""
    p = platform()
    operator.ensure_ready(p)
    secret, info = accounts.create_token(p, None, username, name, days)
    err.print(f"token {info.id} for {username}, expires {info.expires_at:%Y-%m-%d}. Shown once:")
    print(secret)


@token_app.command("revoke")
@friendly
def token_revoke(token_id: Annotated[int, typer.Argument(help="Token id.")]) -> None:
    """Revoke a token at once."""
    p = platform()
    operator.ensure_ready(p)
    accounts.revoke_token(p, None, token_id)
    out.print(f"token {token_id} revoked")


@audit_app.command("verify")
@friendly
def audit_verify() -> None:
    """Walk the hash chain; exit 1 and name the first broken row if anything was altered."""
    p = platform()
    operator.ensure_ready(p)
    report = governance.verify_audit(p)
    if report.ok:
        out.print(f"audit log intact: {report.rows} rows verified")
        return
    err.print(
        f"[bold red]audit log BROKEN[/] at row {report.broken_at}: {report.reason} "
        f"({report.rows} rows verified before it)"
    )
    raise typer.Exit(1)


@retention_app.command("run")
@friendly
def retention_run() -> None:
    """Purge expired records and notify owners of records due for review."""
    p = platform()
    operator.ensure_ready(p)
    report = governance.run_retention(p)
    out.print(
        f"purged {report.purged} expired records; {report.review_notices} review reminders sent"
    )
