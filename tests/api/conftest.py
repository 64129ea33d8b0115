"""Helpers for the HTTP tests: a client per platform and the problem+json checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from passerelle.api.app import create_app
from passerelle.services.context import Platform
from passerelle.store import records as records_repo
from passerelle.store.schema import notifications


@pytest.fixture
def client(platform: Platform) -> Iterator[TestClient]:
    with TestClient(create_app(platform), raise_server_exceptions=False) as c:
        yield c


def stored_records(platform: Platform) -> int:
    """How many records the database holds, whoever may see them."""
    with platform.db.engine.connect() as conn:
        return records_repo.count(conn)


def stored_notifications(platform: Platform) -> int:
    import sqlalchemy as sa

    with platform.db.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(notifications)).scalar_one())


def assert_problem(
    response: httpx.Response, status: int, field: str | None = None
) -> dict[str, Any]:
    """The response is an RFC 9457 problem with ``status``, naming ``field`` if given."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    if field is not None:
        named = [body.get("where") or "", *body.get("errors", [])]
        assert any(field in text for text in named), f"{field!r} not named in {body}"
    return body
