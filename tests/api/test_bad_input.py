"""Bad input on every endpoint: a clear problem+json 4xx naming the field, and nothing stored.

Each case sends one wrong thing to one endpoint as a caller who would otherwise be allowed to
call it, so the refusal can only come from the input check under test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from passerelle.model.principals import Role
from passerelle.services.context import Platform

from tests.api.conftest import assert_problem, stored_notifications, stored_records
from tests.conftest import Actor, MakeUser

NAME = {"full": "Orsolya Pendrath", "latin": "Orsolya Pendrath"}
PERSON: dict[str, Any] = {
    "names": [NAME],
    "date_of_birth": "1979-04",
    "sex": "F",
    "nationalities": ["HU"],
}
DOCUMENT: dict[str, Any] = {"number": "XK4417702", "issuing_state": "HU", "status": "stolen"}
VEHICLE: dict[str, Any] = {"vin": "WVWZZZ1JZXW000001", "plate": "KQZ418", "plate_country": "HU"}
VESSEL: dict[str, Any] = {"imo": "9074729", "name": "Morning Lantern", "flag": "MT"}
CHECKLIST = {
    "passed": {
        "article3_neutrality": True,
        "human_rights": True,
        "thresholds": True,
        "data_quality": True,
    }
}
BLUE = {"type": "blue", "subject": PERSON, "details": {"summary_of_facts": "seen at a port"}}


@dataclass
class World:
    """Callers and objects the cases refer to as ``{person}``, ``{notice}``, ``{diffusion}``."""

    actors: dict[str, Actor]
    ids: dict[str, str]


@pytest.fixture
def world(client: TestClient, make_user: MakeUser) -> World:
    actors = {
        "fr": make_user("FR", Role.NCB_OFFICER),
        "sup": make_user("FR", Role.NCB_SUPERVISOR),
        "gs": make_user("IPSG", Role.GS_REVIEWER),
        "admin": make_user("IPSG", Role.ADMIN),
        "auditor": make_user("IPSG", Role.AUDITOR),
    }
    h = actors["fr"].headers
    person = client.post("/api/v1/persons", json={"data": PERSON}, headers=h)
    notice = client.post("/api/v1/notices", json=BLUE, headers=h)
    submitted = client.post("/api/v1/notices", json=BLUE, headers=h)
    diffusion = client.post("/api/v1/diffusions", json=BLUE, headers=h)
    for r in (person, notice, submitted, diffusion):
        assert r.status_code == 201, r.text
    sid = submitted.json()["id"]
    assert client.post(f"/api/v1/notices/{sid}/submit", headers=h).status_code == 200
    gs = actors["gs"].headers
    assert client.post(f"/api/v1/notices/{sid}/review", headers=gs).status_code == 200
    return World(
        actors,
        {
            "person": person.json()["id"],
            "notice": notice.json()["id"],
            "review": sid,
            "diffusion": diffusion.json()["id"],
        },
    )


def with_data(**changes: Any) -> dict[str, Any]:
    return {"data": {**PERSON, **changes}}


# (id, actor, method, path, body (json) or bytes, field named in the problem)
Case = tuple[str, str, str, str, Any, str]

MALFORMED = b'{"data": {"names": [{"full": "Orsolya"'
BODY_ENDPOINTS = [
    ("POST", "/api/v1/persons", "fr"),
    ("POST", "/api/v1/travel-documents", "fr"),
    ("POST", "/api/v1/vehicles", "fr"),
    ("POST", "/api/v1/vessels", "fr"),
    ("PUT", "/api/v1/records/{person}", "fr"),
    ("PUT", "/api/v1/records/{person}/policy", "fr"),
    ("POST", "/api/v1/records/{person}/extend", "fr"),
    ("POST", "/api/v1/notices", "fr"),
    ("PUT", "/api/v1/notices/{notice}", "fr"),
    ("POST", "/api/v1/notices/{review}/decision", "gs"),
    ("POST", "/api/v1/notices/{notice}/cancel", "fr"),
    ("POST", "/api/v1/diffusions", "fr"),
    ("POST", "/api/v1/diffusions/{diffusion}/review", "gs"),
    ("POST", "/api/v1/diffusions/{diffusion}/withdraw", "fr"),
    ("POST", "/api/v1/auth/login", ""),
    ("POST", "/api/v1/users", "admin"),
    ("POST", "/api/v1/notifications/read", "fr"),
]

CASES: list[Case] = [
    # wrong types
    ("names-not-list", "fr", "POST", "/api/v1/persons", with_data(names="Orsolya"), "names"),
    ("sex-int", "fr", "POST", "/api/v1/persons", with_data(sex=7), "sex"),
    ("data-list", "fr", "POST", "/api/v1/persons", {"data": [PERSON]}, "data"),
    (
        "doc-status",
        "fr",
        "POST",
        "/api/v1/travel-documents",
        {"data": {**DOCUMENT, "status": "misplaced"}},
        "status",
    ),
    ("vin-int", "fr", "POST", "/api/v1/vehicles", {"data": {**VEHICLE, "vin": 12345678901}}, "vin"),
    (
        "imo-check-digit",
        "fr",
        "POST",
        "/api/v1/vessels",
        {"data": {**VESSEL, "imo": "9074720"}},
        "imo",
    ),
    ("update-not-object", "fr", "PUT", "/api/v1/records/{person}", {"data": ["x"]}, "data"),
    ("policy-access", "fr", "PUT", "/api/v1/records/{person}/policy", {"access": "some"}, "access"),
    (
        "policy-confidentiality",
        "fr",
        "PUT",
        "/api/v1/records/{person}/policy",
        {"confidentiality": "secret"},
        "confidentiality",
    ),
    (
        "extend-until-text",
        "fr",
        "POST",
        "/api/v1/records/{person}/extend",
        {"until": "tomorrow", "reason": "investigation still open"},
        "until",
    ),
    ("notice-type-int", "fr", "POST", "/api/v1/notices", {"type": 5}, "type"),
    ("notice-type-unknown", "fr", "POST", "/api/v1/notices", {"type": "mauve"}, "type"),
    (
        "notice-details-list",
        "fr",
        "POST",
        "/api/v1/notices",
        {"type": "red", "details": []},
        "details",
    ),
    (
        "checklist-text",
        "gs",
        "POST",
        "/api/v1/notices/{review}/decision",
        {"decision": "publish", "checklist": "fine"},
        "checklist",
    ),
    (
        "checklist-passed-text",
        "gs",
        "POST",
        "/api/v1/notices/{review}/decision",
        {"decision": "publish", "checklist": {"passed": "yes"}},
        "checklist",
    ),
    (
        "decision-unknown",
        "gs",
        "POST",
        "/api/v1/notices/{review}/decision",
        {"decision": "approve", "checklist": CHECKLIST},
        "decision",
    ),
    (
        "compliant-text",
        "gs",
        "POST",
        "/api/v1/diffusions/{diffusion}/review",
        {"compliant": "perhaps"},
        "compliant",
    ),
    ("reason-int", "fr", "POST", "/api/v1/notices/{notice}/cancel", {"reason": 5}, "reason"),
    (
        "login-username-int",
        "",
        "POST",
        "/api/v1/auth/login",
        {"username": 5, "password": "x"},
        "username",
    ),
    (
        "user-role",
        "admin",
        "POST",
        "/api/v1/users",
        {"username": "new.officer", "entity": "FR", "role": "sheriff"},
        "role",
    ),
    (
        "user-clearance",
        "admin",
        "POST",
        "/api/v1/users",
        {
            "username": "new.officer",
            "entity": "FR",
            "role": "ncb_officer",
            "clearance": "top_secret",
        },
        "clearance",
    ),
    (
        "user-scope",
        "admin",
        "POST",
        "/api/v1/users",
        {
            "username": "new.officer",
            "entity": "FR",
            "role": "border_officer",
            "scope": ["everything"],
        },
        "scope",
    ),
    (
        "user-name-spaces",
        "admin",
        "POST",
        "/api/v1/users",
        {"username": "new officer", "entity": "FR", "role": "ncb_officer"},
        "username",
    ),
    (
        "user-short-password",
        "admin",
        "POST",
        "/api/v1/users",
        {"username": "new.officer", "entity": "FR", "role": "ncb_officer", "password": "short"},
        "password",
    ),
    ("read-ids-text", "fr", "POST", "/api/v1/notifications/read", ["one"], "0"),
    ("read-ids-object", "fr", "POST", "/api/v1/notifications/read", {"ids": [1]}, "body"),
    # missing required fields
    ("person-no-data", "fr", "POST", "/api/v1/persons", {}, "data"),
    ("person-no-names", "fr", "POST", "/api/v1/persons", {"data": {"sex": "M"}}, "names"),
    ("person-empty-names", "fr", "POST", "/api/v1/persons", with_data(names=[]), "names"),
    ("name-empty-full", "fr", "POST", "/api/v1/persons", with_data(names=[{"full": ""}]), "full"),
    (
        "doc-no-state",
        "fr",
        "POST",
        "/api/v1/travel-documents",
        {"data": {"number": "XK4417702", "status": "lost"}},
        "issuing_state",
    ),
    ("vehicle-nothing", "fr", "POST", "/api/v1/vehicles", {"data": {"make": "Lada"}}, "data"),
    (
        "vehicle-plate-no-country",
        "fr",
        "POST",
        "/api/v1/vehicles",
        {"data": {"plate": "KQZ418"}},
        "data",
    ),
    ("vessel-nothing", "fr", "POST", "/api/v1/vessels", {"data": {"flag": "MT"}}, "data"),
    ("notice-no-type", "fr", "POST", "/api/v1/notices", {"details": {}}, "type"),
    (
        "extend-no-until",
        "fr",
        "POST",
        "/api/v1/records/{person}/extend",
        {"reason": "investigation still open"},
        "until",
    ),
    (
        "extend-short-reason",
        "fr",
        "POST",
        "/api/v1/records/{person}/extend",
        {"until": "2027-01-01T00:00:00Z", "reason": "because"},
        "reason",
    ),
    (
        "decision-missing",
        "gs",
        "POST",
        "/api/v1/notices/{review}/decision",
        {"checklist": CHECKLIST},
        "decision",
    ),
    ("cancel-no-reason", "fr", "POST", "/api/v1/notices/{notice}/cancel", {}, "reason"),
    (
        "withdraw-empty-reason",
        "fr",
        "POST",
        "/api/v1/diffusions/{diffusion}/withdraw",
        {"reason": ""},
        "reason",
    ),
    ("login-no-password", "", "POST", "/api/v1/auth/login", {"username": "someone"}, "password"),
    (
        "user-no-entity",
        "admin",
        "POST",
        "/api/v1/users",
        {"username": "new.officer", "role": "ncb_officer"},
        "entity",
    ),
    # unknown fields (extra=forbid)
    ("extra-top", "fr", "POST", "/api/v1/persons", {"data": PERSON, "owner": "DE"}, "owner"),
    (
        "extra-policy-owner",
        "fr",
        "PUT",
        "/api/v1/records/{person}/policy",
        {"access": "all", "owner": "DE"},
        "owner",
    ),
    (
        "extra-create-policy",
        "fr",
        "POST",
        "/api/v1/persons",
        {"data": PERSON, "policy": {"owner": "DE"}},
        "owner",
    ),
    ("extra-notice", "fr", "POST", "/api/v1/notices", {**BLUE, "state": "published"}, "state"),
    (
        "extra-update",
        "fr",
        "PUT",
        "/api/v1/records/{person}",
        {"data": PERSON, "version": 9},
        "version",
    ),
    (
        "extra-extend",
        "fr",
        "POST",
        "/api/v1/records/{person}/extend",
        {"until": "2027-01-01T00:00:00Z", "reason": "investigation still open", "force": True},
        "force",
    ),
    (
        "extra-decision",
        "gs",
        "POST",
        "/api/v1/notices/{review}/decision",
        {"decision": "publish", "checklist": CHECKLIST, "skip_checks": True},
        "skip_checks",
    ),
    (
        "extra-checklist-criterion",
        "gs",
        "POST",
        "/api/v1/notices/{review}/decision",
        {"decision": "publish", "checklist": {"passed": {**CHECKLIST["passed"], "vibes": True}}},
        "vibes",
    ),
    (
        "extra-cancel",
        "fr",
        "POST",
        "/api/v1/notices/{notice}/cancel",
        {"reason": "arrested", "notify": False},
        "notify",
    ),
    (
        "extra-diffusion-review",
        "gs",
        "POST",
        "/api/v1/diffusions/{diffusion}/review",
        {"compliant": True, "silent": True},
        "silent",
    ),
    (
        "extra-login",
        "",
        "POST",
        "/api/v1/auth/login",
        {"username": "someone", "password": "x", "role": "admin"},
        "role",
    ),
    (
        "extra-user",
        "admin",
        "POST",
        "/api/v1/users",
        {"username": "new.officer", "entity": "FR", "role": "ncb_officer", "active": False},
        "active",
    ),
    # unknown country and entity codes
    (
        "nationality-QQ",
        "fr",
        "POST",
        "/api/v1/persons",
        with_data(nationalities=["QQ"]),
        "nationalities",
    ),
    (
        "nationality-XYZ",
        "fr",
        "POST",
        "/api/v1/persons",
        with_data(nationalities=["XYZ"]),
        "nationalities",
    ),
    (
        "id-doc-state",
        "fr",
        "POST",
        "/api/v1/persons",
        with_data(documents=[{"number": "AB123", "issuing_state": "QQ"}]),
        "issuing_state",
    ),
    (
        "doc-state-XYZ",
        "fr",
        "POST",
        "/api/v1/travel-documents",
        {"data": {**DOCUMENT, "issuing_state": "XYZ"}},
        "issuing_state",
    ),
    (
        "plate-country",
        "fr",
        "POST",
        "/api/v1/vehicles",
        {"data": {**VEHICLE, "plate_country": "QQ"}},
        "plate_country",
    ),
    ("vessel-flag", "fr", "POST", "/api/v1/vessels", {"data": {**VESSEL, "flag": "XYZ"}}, "flag"),
    (
        "policy-entity",
        "fr",
        "POST",
        "/api/v1/persons",
        {"data": PERSON, "policy": {"access": "allow", "entities": ["DE", "QQ"]}},
        "policy.entities[1]",
    ),
    (
        "policy-change-entity",
        "fr",
        "PUT",
        "/api/v1/records/{person}/policy",
        {"access": "deny", "entities": ["XYZ"]},
        "policy.entities",
    ),
    (
        "notice-subject-country",
        "fr",
        "POST",
        "/api/v1/notices",
        {**BLUE, "subject": {**PERSON, "nationalities": ["QQ"]}},
        "subject.nationalities",
    ),
    (
        "diffusion-entity",
        "fr",
        "POST",
        "/api/v1/diffusions",
        {**BLUE, "policy": {"access": "allow", "entities": ["QQ"]}},
        "policy.entities",
    ),
    (
        "user-entity",
        "admin",
        "POST",
        "/api/v1/users",
        {"username": "new.officer", "entity": "XYZ", "role": "ncb_officer"},
        "entity",
    ),
    # partial dates
    (
        "dob-month-13",
        "fr",
        "POST",
        "/api/v1/persons",
        with_data(date_of_birth="1980-13"),
        "date_of_birth",
    ),
    (
        "dob-slashes-31-feb",
        "fr",
        "POST",
        "/api/v1/persons",
        with_data(date_of_birth="31/02/1980"),
        "date_of_birth",
    ),
    (
        "dob-30-feb",
        "fr",
        "POST",
        "/api/v1/persons",
        with_data(date_of_birth="1980-02-30"),
        "date_of_birth",
    ),
    (
        "dob-words",
        "fr",
        "POST",
        "/api/v1/persons",
        with_data(date_of_birth="about 1980"),
        "date_of_birth",
    ),
    (
        "dob-year-range",
        "fr",
        "POST",
        "/api/v1/persons",
        with_data(date_of_birth="1066"),
        "date_of_birth",
    ),
    ("dob-bool", "fr", "POST", "/api/v1/persons", with_data(date_of_birth=True), "date_of_birth"),
    (
        "doc-reported-on",
        "fr",
        "POST",
        "/api/v1/travel-documents",
        {"data": {**DOCUMENT, "reported_on": "2024-13-01"}},
        "reported_on",
    ),
    (
        "policy-expiry-past",
        "fr",
        "POST",
        "/api/v1/persons",
        {"data": PERSON, "policy": {"expires_at": "2001-01-01T00:00:00Z"}},
        "policy.expires_at",
    ),
    (
        "policy-expiry-too-far",
        "fr",
        "POST",
        "/api/v1/persons",
        {"data": PERSON, "policy": {"expires_at": "2040-01-01T00:00:00Z"}},
        "policy.expires_at",
    ),
    # hostile strings
    (
        "name-nul",
        "fr",
        "POST",
        "/api/v1/persons",
        with_data(names=[{"full": "Or\x00solya"}]),
        "full",
    ),
    (
        "name-bell-escape",
        "fr",
        "POST",
        "/api/v1/persons",
        with_data(names=[{"full": "Or\x07solya\x1b[2J"}]),
        "full",
    ),
    (
        "name-bidi-override",
        "fr",
        "POST",
        "/api/v1/persons",
        with_data(names=[{"full": "Orsolya \u202ehtardneP"}]),
        "full",
    ),
    (
        "name-bidi-isolate",
        "fr",
        "POST",
        "/api/v1/persons",
        with_data(names=[{"full": "Orsolya", "latin": "Orsolya \u2067x\u2069"}]),
        "latin",
    ),
    (
        "name-10000",
        "fr",
        "POST",
        "/api/v1/persons",
        with_data(names=[{"full": "O" * 10_000}]),
        "full",
    ),
    ("remarks-too-long", "fr", "POST", "/api/v1/persons", with_data(remarks="r" * 4001), "remarks"),
    (
        "too-many-names",
        "fr",
        "POST",
        "/api/v1/persons",
        with_data(names=[{"full": f"Alias {i}"} for i in range(51)]),
        "names",
    ),
    (
        "doc-number-symbols",
        "fr",
        "POST",
        "/api/v1/travel-documents",
        {"data": {**DOCUMENT, "number": "'; DROP TABLE records;--"}},
        "number",
    ),
    (
        "subject-bidi",
        "fr",
        "POST",
        "/api/v1/notices",
        {**BLUE, "subject": with_data(names=[{"full": "\u202eevil"}])["data"]},
        "subject",
    ),
    (
        "user-name-sql",
        "admin",
        "POST",
        "/api/v1/users",
        {"username": "x'; DROP TABLE users;--", "entity": "FR", "role": "ncb_officer"},
        "username",
    ),
    (
        "login-username-long",
        "",
        "POST",
        "/api/v1/auth/login",
        {"username": "u" * 10_000, "password": "x"},
        "username",
    ),
]


def _fill(path: str, world: World) -> str:
    return path.format(**world.ids)


def _send(
    client: TestClient, world: World, actor: str, method: str, path: str, body: Any, **kwargs: Any
) -> Any:
    headers = dict(world.actors[actor].headers) if actor else {}
    if isinstance(body, bytes):
        headers["content-type"] = "application/json"
        return client.request(method, _fill(path, world), content=body, headers=headers, **kwargs)
    return client.request(method, _fill(path, world), json=body, headers=headers, **kwargs)


@pytest.mark.parametrize(
    ("method", "path", "actor"), BODY_ENDPOINTS, ids=[f"{m} {p}" for m, p, _ in BODY_ENDPOINTS]
)
def test_malformed_json_is_refused_and_nothing_stored(
    client: TestClient, platform: Platform, world: World, method: str, path: str, actor: str
) -> None:
    before = stored_records(platform), stored_notifications(platform)
    r = _send(client, world, actor, method, path, MALFORMED)
    body = assert_problem(r, 422, "body")
    assert "JSON" in body["detail"]
    assert (stored_records(platform), stored_notifications(platform)) == before


@pytest.mark.parametrize(
    ("method", "path", "actor"), BODY_ENDPOINTS, ids=[f"{m} {p}" for m, p, _ in BODY_ENDPOINTS]
)
def test_empty_body_is_refused(
    client: TestClient, platform: Platform, world: World, method: str, path: str, actor: str
) -> None:
    before = stored_records(platform)
    r = _send(client, world, actor, method, path, b"")
    assert_problem(r, 422, "body")
    assert stored_records(platform) == before


@pytest.mark.parametrize(
    ("actor", "method", "path", "body", "field"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_is_refused_naming_the_field(
    client: TestClient,
    platform: Platform,
    world: World,
    actor: str,
    method: str,
    path: str,
    body: Any,
    field: str,
) -> None:
    before_records = client.get(
        f"/api/v1/records/{world.ids['person']}", headers=world.actors["fr"].headers
    ).json()
    before = stored_records(platform), stored_notifications(platform)
    r = _send(client, world, actor, method, path, body)
    assert_problem(r, 422, field)
    assert (stored_records(platform), stored_notifications(platform)) == before
    after_records = client.get(
        f"/api/v1/records/{world.ids['person']}", headers=world.actors["fr"].headers
    ).json()
    assert after_records == before_records, "a refused request changed the record"


@pytest.mark.parametrize(
    ("method", "path", "params", "field"),
    [
        ("GET", "/api/v1/records", {"limit": 0}, "limit"),
        ("GET", "/api/v1/records", {"limit": 501}, "limit"),
        ("GET", "/api/v1/records", {"limit": "ten"}, "limit"),
        ("GET", "/api/v1/records", {"q": "x" * 201}, "q"),
        ("GET", "/api/v1/records", {"owner": "TOOLONGCODE"}, "owner"),
        ("GET", "/api/v1/notices", {"limit": -1}, "limit"),
        ("GET", "/api/v1/audit", {"after": -1}, "after"),
        ("GET", "/api/v1/audit", {"limit": 1001}, "limit"),
        ("GET", "/api/v1/notifications", {"after": "recent"}, "after"),
        ("GET", "/api/v1/registry/entities", {"lang": "de"}, "lang"),
        ("POST", "/api/v1/tokens", {"days": "forever"}, "days"),
        ("POST", "/api/v1/tokens", {"days": 0}, "days"),
        ("POST", "/api/v1/tokens", {"days": 3651}, "days"),
    ],
)
def test_bad_query_parameters(
    client: TestClient,
    world: World,
    method: str,
    path: str,
    params: dict[str, Any],
    field: str,
) -> None:
    actor = "auditor" if path.endswith("/audit") else "fr"
    r = client.request(method, path, params=params, headers=world.actors[actor].headers)
    assert_problem(r, 422, field)


@pytest.mark.parametrize(
    "cursor",
    ["garbage", "czE=", "!!!!", "cw", "s1", "eDEyMw", "c-1", "czk5OTk5OTk5OTk5OTk5OTk5OTk5OQ"],
)
def test_bad_cursor(client: TestClient, world: World, cursor: str) -> None:
    r = client.get("/api/v1/records", params={"cursor": cursor}, headers=world.actors["fr"].headers)
    if r.status_code == 200:  # a cursor that decodes to a valid position is fine
        assert r.json()["items"] is not None
        return
    assert_problem(r, 422, "cursor")


def test_huge_cursor_is_a_clear_error_not_a_crash(client: TestClient, world: World) -> None:
    import base64

    cursor = base64.urlsafe_b64encode(b"s" + b"9" * 30).decode().rstrip("=")
    r = client.get("/api/v1/records", params={"cursor": cursor}, headers=world.actors["fr"].headers)
    assert_problem(r, 422, "cursor")


def test_bad_purpose_header(client: TestClient, world: World) -> None:
    r = client.get(
        "/api/v1/records", headers={**world.actors["fr"].headers, "X-Purpose": "curiosity"}
    )
    body = assert_problem(r, 422, "X-Purpose")
    assert "border_control" in body["detail"]


def test_declared_purpose_is_audited(client: TestClient, world: World) -> None:
    r = client.get(
        f"/api/v1/records/{world.ids['person']}",
        headers={**world.actors["fr"].headers, "X-Purpose": "border_control"},
    )
    assert r.status_code == 200
    rows = client.get(
        "/api/v1/audit",
        params={"action": "read", "object_id": world.ids["person"]},
        headers=world.actors["auditor"].headers,
    ).json()
    assert [row["purpose"] for row in rows] == ["border_control"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/records/per_0%000", {}),
        ("/api/v1/records", {"q": "Or\x00solya"}),
        ("/api/v1/records", {"owner": "F\x00"}),
        ("/api/v1/notices", {"state": "dr\x00aft"}),
        ("/api/v1/audit", {"object_id": "per\x00"}),
    ],
    ids=["path", "q", "owner", "state", "audit-object"],
)
def test_nul_characters_in_url_are_refused(
    client: TestClient, world: World, path: str, params: dict[str, str]
) -> None:
    actor = "auditor" if path.endswith("/audit") else "fr"
    r = client.get(path, params=params, headers=world.actors[actor].headers)
    assert_problem(r, 422)


@pytest.mark.parametrize(
    ("path", "params", "body"),
    [
        ("/api/v1/tokens/99999999999999999999", None, None),
        ("/api/v1/notifications", {"after": 10**25}, None),
        ("/api/v1/audit", {"after": 10**25}, None),
        ("/api/v1/notifications/read", None, [10**25]),
    ],
    ids=["token-id", "notifications-after", "audit-after", "mark-read"],
)
def test_out_of_range_integers_are_refused(
    client: TestClient, world: World, path: str, params: dict[str, Any] | None, body: Any
) -> None:
    actor = "auditor" if path.endswith("/audit") else "fr"
    method = "DELETE" if "tokens" in path else ("POST" if body is not None else "GET")
    r = client.request(method, path, params=params, json=body, headers=world.actors[actor].headers)
    assert_problem(r, 422)


def test_nul_in_login_username_is_a_failed_login(client: TestClient, world: World) -> None:
    r = client.post("/api/v1/auth/login", json={"username": "ad\x00min", "password": "x" * 12})
    assert_problem(r, 401)
    rows = client.get(
        "/api/v1/audit", params={"action": "login-failed"}, headers=world.actors["auditor"].headers
    ).json()
    assert len(rows) == 1


@pytest.mark.parametrize("name", ["ci\u202ebot", "ci\x1bbot"])
def test_hostile_token_name_is_refused(client: TestClient, world: World, name: str) -> None:
    h = world.actors["fr"].headers
    before = client.get("/api/v1/tokens", headers=h).json()
    r = client.post("/api/v1/tokens", params={"name": name}, headers=h)
    assert_problem(r, 422, "name")
    assert client.get("/api/v1/tokens", headers=h).json() == before


def test_refused_read_is_audited(client: TestClient, world: World) -> None:
    """A read of a record one may not see answers 404 and still leaves its trace."""
    r = client.get("/api/v1/records/per_feedfacefeedface", headers=world.actors["fr"].headers)
    assert_problem(r, 404)
    rows = client.get(
        "/api/v1/audit", params={"action": "read-denied"}, headers=world.actors["auditor"].headers
    ).json()
    assert [(row["object_id"], row["username"]) for row in rows] == [
        ("per_feedfacefeedface", world.actors["fr"].call.principal.username)
    ]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/notices/{notice}/cancel", {"reason": "arrested \u202egnorw"}, "reason"),
        ("/api/v1/diffusions/{diffusion}/withdraw", {"reason": "sent\x00 in error"}, "reason"),
        (
            "/api/v1/records/{person}/extend",
            {"until": "2027-01-01T00:00:00Z", "reason": "still open\x1b[2J"},
            "reason",
        ),
    ],
    ids=["cancel", "withdraw", "extend"],
)
def test_hostile_reasons_are_refused(
    client: TestClient,
    platform: Platform,
    world: World,
    path: str,
    body: dict[str, Any],
    field: str,
) -> None:
    before = stored_notifications(platform)
    r = client.post(_fill(path, world), json=body, headers=world.actors["fr"].headers)
    assert_problem(r, 422, field)
    assert stored_notifications(platform) == before


def test_hostile_notice_details_are_refused(
    client: TestClient, platform: Platform, world: World
) -> None:
    before = stored_records(platform)
    body = {
        "type": "red",
        "subject": PERSON,
        "details": {"charges": ["fraud", "theft \u202e"], "warrant_reference": "W-1"},
    }
    r = client.post("/api/v1/notices", json=body, headers=world.actors["fr"].headers)
    assert_problem(r, 422, "details.charges")
    assert stored_records(platform) == before


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE records;--",
        "<script>alert('x')</script>",
        'Robert"); --',
        "%",
        "_",
        "\\",
        "50% off_sale",
    ],
)
def test_sql_and_markup_strings_are_plain_data(
    client: TestClient, platform: Platform, world: World, text: str
) -> None:
    """Text that looks like SQL, markup or LIKE wildcards is stored and searched literally."""
    h = world.actors["fr"].headers
    r = client.post("/api/v1/persons", json=with_data(names=[{"full": text}]), headers=h)
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    assert r.headers["content-type"] == "application/json"
    got = client.get(f"/api/v1/records/{rid}", headers=h).json()
    assert got["data"]["names"][0]["full"] == text
    assert stored_records(platform) == 5  # the world's four, plus this one: no table dropped
    found = client.get("/api/v1/records", params={"q": text}, headers=h).json()["items"]
    assert [i["id"] for i in found] == [rid], "a search term matched as a pattern"


def test_unknown_field_inside_record_data_is_refused(
    client: TestClient, platform: Platform, world: World
) -> None:
    before = stored_records(platform)
    r = client.post(
        "/api/v1/persons", json=with_data(nationality="HU"), headers=world.actors["fr"].headers
    )
    assert_problem(r, 422, "nationality")
    assert stored_records(platform) == before


def test_unknown_record_and_routes(client: TestClient, world: World) -> None:
    h = world.actors["fr"].headers
    assert_problem(client.get("/api/v1/records/per_0000000000000000", headers=h), 404)
    assert_problem(client.get("/api/v1/no-such-thing", headers=h), 404)
    assert_problem(client.patch("/api/v1/persons", json={}, headers=h), 405)
