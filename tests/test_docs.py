"""Docs that must not drift: every setting and every CLI command is documented."""

from __future__ import annotations

from pathlib import Path

import typer.main

from passerelle.cli.app import app
from passerelle.settings import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _commands(group: typer.Typer) -> list[str]:
    click_group = typer.main.get_command(group)
    found: list[str] = []

    def walk(cmd: object, prefix: str) -> None:
        sub = getattr(cmd, "commands", None)
        if sub:
            for name, child in sub.items():
                walk(child, f"{prefix} {name}".strip())
        else:
            found.append(prefix)

    walk(click_group, "")
    return found


def test_every_setting_is_documented() -> None:
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    missing = [
        f"PASSERELLE_{name.upper()}"
        for name in Settings.model_fields
        if f"PASSERELLE_{name.upper()}" not in text
    ]
    assert missing == []


def test_every_command_is_documented() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands = _commands(app)
    assert len(commands) >= 15
    missing = [c for c in commands if f"passerelle {c}" not in text]
    assert missing == []
