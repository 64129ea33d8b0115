"""Errors as RFC 9457 ``application/problem+json``, mapped from domain errors in one place."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from passerelle.model.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthenticated,
)

PROBLEM = "application/problem+json"
_STATUS: dict[type[DomainError], int] = {
    NotFound: 404,
    Forbidden: 403,
    Unauthenticated: 401,
    InvalidInput: 422,
    Conflict: 409,
}


def problem(status: int, title: str, detail: str, request: Request, **extra: Any) -> JSONResponse:
    body = {
        "type": f"/problems/{title.lower().replace(' ', '-')}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        status = next((s for t, s in _STATUS.items() if isinstance(exc, t)), 400)
        extra: dict[str, Any] = {}
        if exc.where:
            extra["where"] = exc.where
        if isinstance(exc, InvalidInput) and exc.errors:
            extra["errors"] = exc.errors
        return problem(
            status, exc.code.replace("-", " ").capitalize(), exc.message, request, **extra
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err.get("loc", ()))
            errors.append(f"{loc}: {err.get('msg', 'invalid')}")
        return problem(
            422,
            "Invalid input",
            errors[0] if errors else "invalid request",
            request,
            errors=errors[:50],
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {
            404: "Not found",
            405: "Method not allowed",
            413: "Payload too large",
            401: "Unauthenticated",
            403: "Forbidden",
            415: "Unsupported media type",
        }
        return problem(
            exc.status_code, titles.get(exc.status_code, "Error"), str(exc.detail), request
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return problem(
            500,
            "Internal error",
            "the server failed; the error was logged, nothing was half-done",
            request,
        )
