"""What every parser returns: the items it could read and precise errors for the rest.

Parsers in this package never raise on bad *content*: one bad passenger must not hide the other
299 on the flight, and an officer needs to know exactly which line to fix. They raise
``InvalidInput`` only when the input is not of the format at all (or breaks a hard limit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ParseError:
    """One problem, located: ``where`` is e.g. ``"line 12"`` or ``"segment 17 (NAD)"``.

    ``field`` names the column, element or JSON field when the problem is in one of them;
    ``field_label`` is the word used in front of it when printed (``column`` for CSV).
    """

    where: str
    field: str | None
    message: str
    field_label: str = "field"

    def __str__(self) -> str:
        if self.field:
            return f"{self.where}, {self.field_label} {self.field}: {self.message}"
        return f"{self.where}: {self.message}"


@dataclass(slots=True)
class ParseResult(Generic[T]):
    """The items read, in input order, and every error met on the way."""

    items: list[T] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the whole input was read without a single error."""
        return not self.errors

    def error_messages(self) -> list[str]:
        return [str(e) for e in self.errors]
