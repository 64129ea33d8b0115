"""What every command shares: the platform from settings, error printing, the acting user."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from passerelle.model.errors import DomainError
from passerelle.services import operator
from passerelle.services.context import Call, Platform
from passerelle.settings import Settings

err = Console(stderr=True)
out = Console()

P = ParamSpec("P")
R = TypeVar("R")


class State:
    """Options of the top-level command, shared by the sub-commands."""

    database_url: str | None = None


state = State()


def platform() -> Platform:
    settings = Settings()
    if state.database_url:
        settings = settings.model_copy(update={"database_url": state.database_url})
    return Platform.from_settings(settings)


def as_user(p: Platform, username: str) -> Call:
    return operator.call_as(p, username)


def friendly(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn domain and database errors into one clear line and exit code 2, no traceback."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except DomainError as exc:
            err.print(f"[bold red]error:[/] {exc}", highlight=False)
            errors = getattr(exc, "errors", None) or []
            for line in errors[1:20]:
                err.print(f"  {line}", highlight=False)
            raise typer.Exit(2) from None
        except operator.DatabaseUnavailable as exc:
            err.print(f"[bold red]error:[/] {exc}", highlight=False)
            raise typer.Exit(3) from None

    return wrapper


def fail(message: str, code: int = 2) -> Any:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def is_tty() -> bool:
    return sys.stderr.isatty()
