"""Retention: five years by default, a review six months before, extension, expiry and purge."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from passerelle.api.app import create_app
from passerelle.model.principals import Role
from passerelle.services import accounts, governance
from passerelle.services.context import Platform
from passerelle.store import records as records_repo

from tests.conftest import Actor, Clock, MakeUser

API = "/api/v1"
PERSON = {"names": [{"full": "MaelisOrtigue"}], "date_of_birth": "1988-05", "nationalities": ["BE"]}


@pytest.fixture
def client(platform: Platform) -> Iterator[TestClient]:
    with TestClient(create_app(platform), raise_server_exceptions=False) as c:
        yield c


def long_lived(platform: Platform, actor: Actor) -> Actor:
    """The same user with a ten-year token: these tests travel years ahead."""
    secret, _ = accounts.create_token(platform, None, actor.call.principal.username, "long", 3650)
    return Actor(actor.call, secret)


@pytest.fixture
def be(platform: Platform, make_user: MakeUser) -> Actor:
    return long_lived(platform, make_user("BE", Role.NCB_OFFICER))


@pytest.fixture
def nl(platform: Platform, make_user: MakeUser) -> Actor:
    return long_lived(platform, make_user("NL", Role.NCB_OFFICER))


def _create(client: TestClient, actor: Actor, **policy: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"data": PERSON}
    if policy:
        body["policy"] = policy
    r = client.post(f"{API}/persons", json=body, headers=actor.headers)
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def _stored(platform: Platform) -> int:
    with platform.db.engine.connect() as conn:
        return records_repo.count(conn)


def _kinds(client: TestClient, actor: Actor, kind: str) -> list[dict[str, Any]]:
    return [
        n
        for n in client.get(f"{API}/notifications", headers=actor.headers).json()
        if n["kind"] == kind
    ]


def test_default_expiry_and_review_date(client: TestClient, be: Actor, clock: Clock) -> None:
    record = _create(client, be)
    expires = dt.datetime.fromisoformat(record["policy"]["expires_at"])
    review = dt.datetime.fromisoformat(record["policy"]["review_due"])
    assert expires.date() == dt.date(2031, 3, 1)  # created 2026-03-01: five years on
    assert (expires - review).days == 183  # six months before


def test_expired_records_vanish_from_every_read_path_then_are_purged(
    client: TestClient,
    platform: Platform,
    make_user: MakeUser,
    be: Actor,
    nl: Actor,
    clock: Clock,
) -> None:
    auditor = long_lived(platform, make_user("IPSG", Role.AUDITOR))
    rid = _create(client, be)["id"]
    keep = _create(client, be, expires_at="2031-02-01T00:00:00Z")["id"]
    clock.now = dt.datetime(2031, 1, 15, tzinfo=dt.UTC)  # before both expire
    for who in (be, nl):
        assert client.get(f"{API}/records/{rid}", headers=who.headers).status_code == 200
    clock.now = dt.datetime(2031, 3, 1, 12, 0, 1, tzinfo=dt.UTC)  # one second after rid expires
    for who in (be, nl):
        assert client.get(f"{API}/records/{rid}", headers=who.headers).status_code == 404
        listed = client.get(f"{API}/records", headers=who.headers).json()["items"]
        assert rid not in [i["id"] for i in listed]
        found = client.get(f"{API}/records", params={"q": "ortigue"}, headers=who.headers)
        assert rid not in [i["id"] for i in found.json()["items"]]
        exported = client.get(f"{API}/export", headers=who.headers).json()
        assert rid not in [i["id"] for i in exported]
    assert _stored(platform) == 2  # hidden, not yet deleted

    report = governance.run_retention(platform)
    assert report.purged == 2  # keep expired on 2031-02-01 too
    assert _stored(platform) == 0
    purges = client.get(f"{API}/audit", params={"action": "purge"}, headers=auditor.headers).json()
    assert sorted(row["object_id"] for row in purges) == sorted([rid, keep])
    assert all(row["detail"]["owner"] == "BE" for row in purges)
    told = _kinds(client, be, "record_purged")
    assert sorted(n["record_id"] for n in told) == sorted([rid, keep])
    assert _kinds(client, nl, "record_purged") == []
    assert governance.run_retention(platform).purged == 0
    verify = client.get(f"{API}/audit/verify", headers=auditor.headers).json()
    assert verify["ok"] is True


def test_review_reminders_are_sent_once(
    client: TestClient, platform: Platform, be: Actor, nl: Actor, clock: Clock
) -> None:
    soon = _create(client, be, expires_at="2026-07-01T00:00:00Z")["id"]  # within six months
    later = _create(client, be)["id"]  # five years away
    first = governance.run_retention(platform)
    assert first.review_notices == 1
    assert [n["record_id"] for n in _kinds(client, be, "review_due")] == [soon]
    assert _kinds(client, nl, "review_due") == []
    due = client.get(f"{API}/retention/due", headers=be.headers).json()
    assert [r["id"] for r in due] == [soon]
    assert client.get(f"{API}/retention/due", headers=nl.headers).json() == []
    clock.advance(days=1)
    assert governance.run_retention(platform).review_notices == 0
    assert len(_kinds(client, be, "review_due")) == 1
    # four and a half years on, the other one enters its window: one reminder for it
    clock.now = dt.datetime(2030, 9, 15, tzinfo=dt.UTC)
    assert governance.run_retention(platform).review_notices == 1
    assert [n["record_id"] for n in _kinds(client, be, "review_due")] == [soon, later]


def test_extension_by_the_owner_with_a_reason(
    client: TestClient,
    platform: Platform,
    make_user: MakeUser,
    be: Actor,
    nl: Actor,
    clock: Clock,
) -> None:
    auditor = long_lived(platform, make_user("IPSG", Role.AUDITOR))
    rid = _create(client, be, expires_at="2026-07-01T00:00:00Z")["id"]
    governance.run_retention(platform)
    url = f"{API}/records/{rid}/extend"
    until = "2029-01-01T00:00:00+00:00"
    short = client.post(url, json={"until": until, "reason": "still"}, headers=be.headers)
    assert short.status_code == 422
    blank = client.post(url, json={"until": until, "reason": " " * 12}, headers=be.headers)
    assert blank.status_code == 422
    assert blank.json()["where"] == "reason"
    too_far = client.post(
        url,
        json={"until": "2031-03-03T00:00:00Z", "reason": "investigation still open"},
        headers=be.headers,
    )
    assert too_far.status_code == 422
    assert too_far.json()["where"] == "until"
    past = client.post(
        url,
        json={"until": "2026-01-01T00:00:00Z", "reason": "investigation still open"},
        headers=be.headers,
    )
    assert past.status_code == 422
    # another NCB may see the record but not extend it; a hidden one is "not found"
    other = client.post(url, json={"until": until, "reason": "we want it kept"}, headers=nl.headers)
    assert other.status_code == 403
    hidden = _create(client, be, access="deny", entities=["NL"])["id"]
    assert (
        client.post(
            f"{API}/records/{hidden}/extend",
            json={"until": until, "reason": "we want it kept"},
            headers=nl.headers,
        ).status_code
        == 404
    )
    unchanged = client.get(f"{API}/records/{rid}", headers=be.headers).json()
    assert unchanged["policy"]["expires_at"].startswith("2026-07-01")

    ok = client.post(
        url, json={"until": until, "reason": "investigation still open"}, headers=be.headers
    )
    assert ok.status_code == 200, ok.text
    body = ok.json()
    assert body["policy"]["expires_at"] == until
    assert body["workflow"]["extensions"][-1]["reason"] == "investigation still open"
    rows = client.get(f"{API}/audit", params={"action": "extend"}, headers=auditor.headers).json()
    assert [(r["object_id"], r["detail"]["reason"]) for r in rows] == [
        (rid, "investigation still open")
    ]
    # the old expiry passes and the record lives on; the new window reminds again
    clock.now = dt.datetime(2026, 7, 2, tzinfo=dt.UTC)
    assert governance.run_retention(platform).purged == 0
    assert client.get(f"{API}/records/{rid}", headers=nl.headers).status_code == 200
    clock.now = dt.datetime(2028, 8, 1, tzinfo=dt.UTC)
    assert governance.run_retention(platform).review_notices == 1  # rid, in its new window
    assert len([n for n in _kinds(client, be, "review_due") if n["record_id"] == rid]) == 2


def test_supervisor_may_extend_but_not_a_colleague(
    client: TestClient, make_user: MakeUser, be: Actor
) -> None:
    rid = _create(client, be)["id"]
    colleague = make_user("BE", Role.NCB_OFFICER)
    supervisor = make_user("BE", Role.NCB_SUPERVISOR)
    body = {"until": "2030-01-01T00:00:00Z", "reason": "joint investigation team"}
    assert (
        client.post(f"{API}/records/{rid}/extend", json=body, headers=colleague.headers).status_code
        == 403
    )
    assert (
        client.post(
            f"{API}/records/{rid}/extend", json=body, headers=supervisor.headers
        ).status_code
        == 200
    )
