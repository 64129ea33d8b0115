"""Request size limits, authentication (401), roles (403), tokens, logins, pagination, OpenAPI."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from passerelle.api.app import create_app
from passerelle.model.principals import Role
from passerelle.services import accounts
from passerelle.services.context import Platform
from passerelle.settings import Settings

from tests.api.conftest import assert_problem, stored_records
from tests.conftest import Clock, MakeUser

PERSON = {"names": [{"full": "Dagny Velloru"}], "date_of_birth": "1990", "nationalities": ["NO"]}
LIMIT = 2048


@pytest.fixture
def small_client(platform: Platform) -> Iterator[TestClient]:
    """The same database behind an app that accepts at most ``LIMIT`` bytes per request."""
    settings = Settings(database_url=platform.settings.database_url, max_request_bytes=LIMIT)
    small = Platform(settings=settings, db=platform.db, clock=platform.clock)
    with TestClient(create_app(small), raise_server_exceptions=False) as c:
        yield c


def _big_person() -> dict[str, Any]:
    return {"data": {**PERSON, "remarks": "r" * 3000}}


@pytest.mark.parametrize(
    "path", ["/api/v1/persons", "/api/v1/notices", "/api/v1/imports", "/api/v1/auth/login"]
)
def test_oversize_body_is_413_and_nothing_stored(
    small_client: TestClient, platform: Platform, make_user: MakeUser, path: str
) -> None:
    fr = make_user("FR", Role.NCB_OFFICER)
    r = small_client.post(path, json=_big_person(), headers=fr.headers)
    body = assert_problem(r, 413)
    assert str(LIMIT) in body["detail"]
    assert stored_records(platform) == 0


def test_a_body_under_the_limit_is_accepted(small_client: TestClient, make_user: MakeUser) -> None:
    fr = make_user("FR", Role.NCB_OFFICER)
    r = small_client.post("/api/v1/persons", json={"data": PERSON}, headers=fr.headers)
    assert r.status_code == 201, r.text


def test_chunked_body_without_length_is_cut_off(
    small_client: TestClient, platform: Platform, make_user: MakeUser
) -> None:
    """Content-Length can be absent (chunked) or lie: the limit counts what streams in."""
    fr = make_user("FR", Role.NCB_OFFICER)

    def chunks() -> Iterator[bytes]:
        yield b'{"data": {"names": [{"full": "Dagny Velloru"}], "remarks": "'
        for _ in range(10):
            yield b"r" * 500
        yield b'"}}'

    r = small_client.post(
        "/api/v1/persons",
        content=chunks(),
        headers={**fr.headers, "content-type": "application/json"},
    )
    assert "content-length" not in r.request.headers
    assert_problem(r, 413)
    assert stored_records(platform) == 0


def test_lying_content_length_is_refused(small_client: TestClient, make_user: MakeUser) -> None:
    fr = make_user("FR", Role.NCB_OFFICER)
    r = small_client.post(
        "/api/v1/persons",
        content=b"{}",
        headers={
            **fr.headers,
            "content-type": "application/json",
            "content-length": "not-a-number",
        },
    )
    assert r.status_code in (400, 413), r.text


# --- authentication -----------------------------------------------------------------------

PROTECTED = [
    ("GET", "/api/v1/records"),
    ("GET", "/api/v1/records/per_0123456789abcdef"),
    ("POST", "/api/v1/persons"),
    ("GET", "/api/v1/export"),
    ("GET", "/api/v1/notices"),
    ("POST", "/api/v1/notices"),
    ("POST", "/api/v1/diffusions"),
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/tokens"),
    ("POST", "/api/v1/tokens"),
    ("GET", "/api/v1/users"),
    ("GET", "/api/v1/audit"),
    ("GET", "/api/v1/notifications"),
    ("POST", "/api/v1/imports"),
    ("GET", "/api/v1/retention/due"),
    ("DELETE", "/api/v1/tokens/1"),
]


def _bad_tokens(
    client: TestClient, platform: Platform, make_user: MakeUser, clock: Clock
) -> dict[str, dict[str, str]]:
    revoked = make_user("FR", Role.NCB_OFFICER)
    tokens = client.get("/api/v1/tokens", headers=revoked.headers).json()
    assert (
        client.delete(f"/api/v1/tokens/{tokens[0]['id']}", headers=revoked.headers).status_code
        == 204
    )
    return {
        "missing": {},
        "garbage": {"Authorization": "Bearer not-a-token"},
        "unknown": {"Authorization": "Bearer psr_" + "A" * 43},
        "basic": {"Authorization": "Basic dXNlcjpwYXNz"},
        "empty": {"Authorization": "Bearer "},
        "revoked": revoked.headers,
        "long": {"Authorization": "Bearer psr_" + "x" * 5000},
    }


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_every_protected_endpoint_wants_a_valid_token(
    client: TestClient,
    platform: Platform,
    make_user: MakeUser,
    clock: Clock,
    method: str,
    path: str,
) -> None:
    for kind, headers in _bad_tokens(client, platform, make_user, clock).items():
        r = client.request(method, path, headers=headers, json={"data": PERSON})
        assert_problem(r, 401)
        assert r.headers.get("www-authenticate", "").startswith("Bearer"), kind
    assert stored_records(platform) == 0


def test_expired_token_is_refused(client: TestClient, make_user: MakeUser, clock: Clock) -> None:
    fr = make_user("FR", Role.NCB_OFFICER)
    assert client.get("/api/v1/me", headers=fr.headers).status_code == 200
    clock.advance(days=91)  # default lifetime: 90 days
    r = client.get("/api/v1/me", headers=fr.headers)
    assert_problem(r, 401)
    assert r.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("role", "method", "path", "body"),
    [
        (Role.AUDITOR, "POST", "/api/v1/persons", {"data": PERSON}),
        (Role.BORDER_OFFICER, "GET", "/api/v1/records", None),
        (Role.BORDER_OFFICER, "GET", "/api/v1/export", None),
        (Role.ADMIN, "GET", "/api/v1/records", None),
        (Role.ANALYST, "POST", "/api/v1/notices", {"type": "blue"}),
        (Role.ANALYST, "POST", "/api/v1/diffusions", {"type": "blue"}),
        (Role.NCB_OFFICER, "GET", "/api/v1/audit", None),
        (Role.NCB_OFFICER, "GET", "/api/v1/audit/verify", None),
        (Role.NCB_OFFICER, "GET", "/api/v1/users", None),
        (
            Role.NCB_OFFICER,
            "POST",
            "/api/v1/users",
            {"username": "sneaky", "entity": "FR", "role": "admin"},
        ),
        (
            Role.NCB_SUPERVISOR,
            "POST",
            "/api/v1/users",
            {"username": "sneaky", "entity": "FR", "role": "admin"},
        ),
        (
            Role.NCB_SUPERVISOR,
            "POST",
            "/api/v1/users",
            {"username": "sneaky", "entity": "DE", "role": "ncb_officer"},
        ),
        (Role.AUDITOR, "POST", "/api/v1/imports", [{"x": 1}]),
    ],
)
def test_wrong_role_is_403(
    client: TestClient,
    platform: Platform,
    make_user: MakeUser,
    role: Role,
    method: str,
    path: str,
    body: Any,
) -> None:
    actor = make_user("FR", role)
    users_before = len(
        client.get("/api/v1/users", headers=make_user("IPSG", Role.ADMIN).headers).json()
    )
    r = client.request(method, path, json=body, headers=actor.headers)
    assert_problem(r, 403)
    assert stored_records(platform) == 0
    users_after = len(
        client.get("/api/v1/users", headers=make_user("IPSG", Role.ADMIN).headers).json()
    )
    assert users_after == users_before + 1  # only the admin made for the count itself


# --- tokens and logins ----------------------------------------------------------------------


def test_token_lifecycle(client: TestClient, make_user: MakeUser) -> None:
    fr = make_user("FR", Role.NCB_OFFICER)
    r = client.post("/api/v1/tokens", params={"name": "laptop", "days": 7}, headers=fr.headers)
    assert r.status_code == 201, r.text
    created = r.json()
    secret = created["token"]
    assert secret.startswith("psr_") and len(secret) > 40
    assert created["expires_at"].startswith("2026-03-08")
    new = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/me", headers=new).json()["username"] == fr.call.principal.username

    listing = client.get("/api/v1/tokens", headers=new)
    assert listing.status_code == 200
    assert secret not in listing.text
    assert fr.token not in listing.text
    names = {t["name"]: t for t in listing.json()}
    assert set(names) >= {"laptop"}
    assert all(
        set(t) == {"id", "name", "created_at", "expires_at", "revoked_at"} for t in listing.json()
    )

    assert client.delete(f"/api/v1/tokens/{created['id']}", headers=fr.headers).status_code == 204
    assert_problem(client.get("/api/v1/me", headers=new), 401)
    assert client.get("/api/v1/me", headers=fr.headers).status_code == 200  # others still work
    revoked = [
        t
        for t in client.get("/api/v1/tokens", headers=fr.headers).json()
        if t["id"] == created["id"]
    ]
    assert revoked[0]["revoked_at"] is not None
    assert_problem(client.delete(f"/api/v1/tokens/{created['id']}", headers=fr.headers), 404)


def test_a_user_cannot_revoke_someone_elses_token(client: TestClient, make_user: MakeUser) -> None:
    fr = make_user("FR", Role.NCB_OFFICER)
    de = make_user("DE", Role.NCB_OFFICER)
    de_token = client.get("/api/v1/tokens", headers=de.headers).json()[0]["id"]
    assert_problem(client.delete(f"/api/v1/tokens/{de_token}", headers=fr.headers), 404)
    assert client.get("/api/v1/me", headers=de.headers).status_code == 200


def test_login(client: TestClient, make_user: MakeUser) -> None:
    auditor = make_user("IPSG", Role.AUDITOR)
    fr = make_user("FR", Role.NCB_OFFICER)
    name = fr.call.principal.username
    r = client.post(
        "/api/v1/auth/login", json={"username": name, "password": "correct horse battery"}
    )
    assert r.status_code == 200, r.text
    token = r.json()["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me == {
        "username": name,
        "entity": "FR",
        "role": "ncb_officer",
        "clearance": "restricted",
        "scope": sorted(me["scope"]),
    }

    for username, password in ((name, "wrong horse battery"), ("nobody-at-all", "whatever12345")):
        bad = client.post("/api/v1/auth/login", json={"username": username, "password": password})
        body = assert_problem(bad, 401)
        assert body["detail"] == "wrong username or password"  # same answer: no user probing
        assert bad.headers["www-authenticate"].startswith("Bearer")
    rows = client.get(
        "/api/v1/audit", params={"action": "login-failed"}, headers=auditor.headers
    ).json()
    assert [row["username"] for row in rows] == [name, "nobody-at-all"]
    logins = client.get("/api/v1/audit", params={"action": "login"}, headers=auditor.headers).json()
    assert [row["username"] for row in logins] == [name]


# --- pagination and OpenAPI -------------------------------------------------------------------


def test_cursor_pagination_walks_every_page_once(client: TestClient, make_user: MakeUser) -> None:
    fr = make_user("FR", Role.NCB_OFFICER)
    de = make_user("DE", Role.NCB_OFFICER)
    made = []
    for i in range(11):
        body: dict[str, Any] = {"data": {**PERSON, "names": [{"full": f"Dagny Velloru {i}"}]}}
        if i % 4 == 0:  # some DE may not see: they must not appear, nor break the paging
            body["policy"] = {"access": "deny", "entities": ["DE"]}
        r = client.post("/api/v1/persons", json=body, headers=fr.headers)
        made.append((r.json()["id"], i % 4 != 0))
    visible = [rid for rid, shown in made if shown]

    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/api/v1/records", params=params, headers=de.headers).json()
        pages += 1
        seen += [item["id"] for item in page["items"]]
        assert len(page["items"]) <= 3
        cursor = page["next_cursor"]
        if cursor is None:
            break
        assert pages < 10, "pagination does not end"
    assert seen == visible
    assert pages == 3  # 8 visible records, 3 a page


def test_openapi_lists_every_route_with_a_description(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    app_routes = {
        (method.lower(), route.path)  # type: ignore[attr-defined]
        for route in client.app.routes  # type: ignore[attr-defined]
        if getattr(route, "include_in_schema", False)
        for method in route.methods  # type: ignore[attr-defined]
    }
    documented = {(m, p) for p, ops in spec["paths"].items() for m in ops}
    assert app_routes <= documented
    assert len(documented) >= 30
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            assert op.get("summary"), f"{method} {path} has no summary"
            assert op.get("description"), f"{method} {path} has no description"
    assert spec["info"]["license"]["name"] == "Apache-2.0"


def _app_remembering(platform: Platform, seconds: float) -> TestClient:
    settings = platform.settings.model_copy(update={"token_cache_seconds": seconds})
    return TestClient(create_app(Platform(settings=settings, db=platform.db, clock=platform.clock)))


@pytest.mark.parametrize("seconds", [0.0, 0.3])
def test_a_token_revoked_by_another_process_stops_within_the_cache_time(
    platform: Platform, make_user: MakeUser, seconds: float
) -> None:
    """An API process remembers tokens for `token_cache_seconds`, never longer."""
    fr = make_user("FR", Role.NCB_OFFICER)
    with _app_remembering(platform, seconds) as api:
        assert api.get("/api/v1/me", headers=fr.headers).status_code == 200
        # Revoked through another platform on the same database: the CLI, another worker.
        elsewhere = Platform(settings=platform.settings, db=platform.db, clock=platform.clock)
        token_id = accounts.list_tokens(elsewhere, fr.call)[0]["id"]
        accounts.revoke_token(elsewhere, fr.call, token_id)
        time.sleep(seconds + 0.05)
        assert_problem(api.get("/api/v1/me", headers=fr.headers), 401)


def test_a_token_revoked_through_the_same_process_stops_at_once(
    platform: Platform, make_user: MakeUser
) -> None:
    fr = make_user("FR", Role.NCB_OFFICER)
    with _app_remembering(platform, 300) as api:
        assert api.get("/api/v1/me", headers=fr.headers).status_code == 200
        token_id = api.get("/api/v1/tokens", headers=fr.headers).json()[0]["id"]
        assert api.delete(f"/api/v1/tokens/{token_id}", headers=fr.headers).status_code == 204
        assert_problem(api.get("/api/v1/me", headers=fr.headers), 401)
