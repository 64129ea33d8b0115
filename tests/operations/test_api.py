"""The operations API: endpoints, and bad input as problem+json."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from passerelle.model.principals import Role

from tests.api.conftest import assert_problem
from tests.conftest import Actor, MakeUser
from tests.operations.conftest import SITES, Activity, at

BODY: dict[str, Any] = {
    "name": "Operation API",
    "coordinator": "FR",
    "starts_on": "2026-02-20",
    "ends_on": "2026-02-24",
    "participants": ["ES"],
    "sites": SITES,
}


def test_operation_endpoints(client: TestClient, make_user: MakeUser, check: Activity) -> None:
    sup = make_user("FR", Role.NCB_SUPERVISOR)
    r = client.post("/api/v1/operations", json=BODY, headers=sup.headers)
    assert r.status_code == 201, r.text
    op = r.json()
    op_id = op["id"]
    es = make_user("ES", Role.BORDER_OFFICER)
    assert [o["id"] for o in client.get("/api/v1/operations", headers=es.headers).json()] == [op_id]
    assert client.get(f"/api/v1/operations/{op_id}", headers=es.headers).json()["name"] == (
        "Operation API"
    )
    r = client.patch(
        f"/api/v1/operations/{op_id}",
        json={"sites": [{"locode": "ITGOA", "name": "Genova"}]},
        headers=sup.headers,
    )
    assert [s["locode"] for s in r.json()["sites"]][-1] == "ITGOA"
    (hit,) = check(op_id, "ESALG", at(1), hits=1)
    r = client.post(
        f"/api/v1/operations/{op_id}/outcomes",
        json={"hit_id": hit, "kind": "items_seized", "items": {"cash_eur": 12000}},
        headers=es.headers,
    )
    assert r.status_code == 201, r.text
    listed = client.get(f"/api/v1/operations/{op_id}/outcomes", headers=sup.headers).json()
    assert [o["kind"] for o in listed] == ["items_seized"]
    board = client.get(f"/api/v1/operations/{op_id}/dashboard", headers=sup.headers).json()
    assert board["totals"] == {"checks": 1, "hits": 1, "outcomes": 1}
    r = client.get(f"/api/v1/operations/{op_id}/report?format=json", headers=sup.headers)
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["totals"] == board["totals"]
    r = client.get(f"/api/v1/operations/{op_id}/report", headers=sup.headers)
    assert r.headers["content-type"].startswith("text/html") and "<svg" in r.text
    r = client.get(f"/api/v1/operations/{op_id}/report?format=pdf&lang=es", headers=sup.headers)
    assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF")


def test_bad_input_is_problem_json(
    client: TestClient, make_user: MakeUser, gs: Actor, operation: dict[str, Any], check: Activity
) -> None:
    op_id = operation["id"]
    bad_site = {**BODY, "coordinator": "IPSG", "sites": [{"locode": "XXMRS", "name": "M"}]}
    assert (
        "not a member"
        in assert_problem(
            client.post("/api/v1/operations", json=bad_site, headers=gs.headers), 422
        )["detail"]
    )
    backwards = {**BODY, "coordinator": "IPSG", "ends_on": "2026-02-01"}
    assert_problem(client.post("/api/v1/operations", json=backwards, headers=gs.headers), 422)
    unknown = {**BODY, "coordinator": "IPSG", "participants": ["QQ"]}
    assert_problem(client.post("/api/v1/operations", json=unknown, headers=gs.headers), 422)
    extra = {**BODY, "coordinator": "IPSG", "budget": 1}
    assert_problem(client.post("/api/v1/operations", json=extra, headers=gs.headers), 422)
    officer = make_user("FR", Role.NCB_OFFICER)
    assert_problem(client.post("/api/v1/operations", json=BODY, headers=officer.headers), 403)
    stranger = make_user("DE", Role.NCB_SUPERVISOR)
    assert_problem(client.get(f"/api/v1/operations/{op_id}", headers=stranger.headers), 404)
    assert_problem(
        client.get(f"/api/v1/operations/{op_id}/dashboard", headers=stranger.headers), 404
    )
    assert_problem(client.get("/api/v1/operations/op_nope", headers=gs.headers), 404)
    assert_problem(
        client.get(f"/api/v1/operations/{op_id}/report?format=docx", headers=gs.headers), 422
    )
    (hit,) = check(op_id, "FRMRS", at(1), hits=1)
    es = make_user("ES", Role.NCB_OFFICER)
    url = f"/api/v1/operations/{op_id}/outcomes"
    assert_problem(
        client.post(url, json={"hit_id": hit, "kind": "arrested"}, headers=es.headers), 403
    )
    fr = make_user("FR", Role.BORDER_OFFICER)
    for body in (
        {"hit_id": hit, "kind": "jailed"},
        {"hit_id": hit, "kind": "items_seized"},
        {"hit_id": hit, "kind": "items_seized", "items": {"cash_eur": "lots"}},
    ):
        assert_problem(client.post(url, json=body, headers=fr.headers), 422)
    assert client.post(url, json={"hit_id": hit, "kind": "arrested"}, headers=fr.headers).is_success
    assert_problem(
        client.post(url, json={"hit_id": hit, "kind": "arrested"}, headers=fr.headers), 409
    )
    assert_problem(client.get("/api/v1/operations"), 401)
