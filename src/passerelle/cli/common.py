"""What every command shares: the platform from settings, error printing, the acting user."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
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
    """Turn domain and database errors into one clear line and exit code 2, no traceback;
    so too a file that cannot be read or written (a folder given for a file, no permission,
    a full disk): the line names the file and the reason."""

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
        except OSError as exc:
            err.print(f"[bold red]error:[/] {file_problem(exc)}", highlight=False)
            raise typer.Exit(2) from None

    return wrapper


def file_problem(exc: OSError) -> str:
    """One line for a failed file operation: which file, and why in the system's words."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    where = exc.filename if exc.filename is not None else ""
    return f"{where}: {reason.lower()}" if where else reason.lower()


def writable(path: Path) -> Path:
    """``path``, once a file can be written there (its missing folders created); else stop
    with one line.

    Called before the work whose result goes to the file: a screening or an export of an
    hour must not end in a traceback because its output was given as a folder."""
    if path.is_dir():
        fail(f"{path}: is a folder; give the name of a file to write")
    if path.exists():
        if not os.access(path, os.W_OK):
            fail(f"{path}: no permission to write this file")
        return path
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        fail(f"{path}: {parent} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        fail(f"{path}: no permission to create files in {parent}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"{path}: cannot create its folder: {file_problem(exc)}")
    return path


def fail(message: str, code: int = 2) -> Any:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def is_tty() -> bool:
    return sys.stderr.isatty()
