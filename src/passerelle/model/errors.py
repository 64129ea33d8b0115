"""Domain errors, raised by services and the store and mapped to HTTP or CLI errors in one place."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a user may see; ``message`` is written for that user."""

    code = "error"

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class NotFound(DomainError):
    """The object does not exist, or the caller may not know that it exists."""

    code = "not-found"


class Forbidden(DomainError):
    """The caller is known but its role or NCB does not allow the action."""

    code = "forbidden"


class Unauthenticated(DomainError):
    """No valid credentials were given."""

    code = "unauthenticated"


class InvalidInput(DomainError):
    """The input is malformed or breaks a rule; ``where`` names the line or field."""

    code = "invalid-input"

    def __init__(
        self, message: str, *, where: str | None = None, errors: list[str] | None = None
    ) -> None:
        super().__init__(message, where=where)
        self.errors = errors or []


class Conflict(DomainError):
    """The action does not fit the object's current state (e.g. publishing a draft)."""

    code = "conflict"
