"""End-to-end through HTTP: create, read, list, policy, and the problem+json errors."""

from __future__ import annotations

from fastapi.testclient import TestClient

from passerelle.api.app import create_app
from passerelle.model.principals import Role
from passerelle.services.context import Platform

from tests.conftest import MakeUser

PERSON = {
    "names": [{"full": "Talia Verrano", "latin": "Talia Verrano"}],
    "date_of_birth": "1984-07",
    "sex": "F",
    "nationalities": ["ITA"],
}


def test_create_read_list(platform: Platform, make_user: MakeUser) -> None:
    client = TestClient(create_app(platform))
    fr = make_user("FR", Role.NCB_OFFICER)
    de = make_user("DE", Role.NCB_OFFICER)
    r = client.post("/api/v1/persons", json={"data": PERSON}, headers=fr.headers)
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    assert r.json()["data"]["nationalities"] == ["IT"]
    assert client.get(f"/api/v1/records/{rid}", headers=de.headers).status_code == 200
    listing = client.get("/api/v1/records", params={"q": "verrano"}, headers=de.headers).json()
    assert [i["id"] for i in listing["items"]] == [rid]
    r = client.put(
        f"/api/v1/records/{rid}/policy",
        json={"access": "deny", "entities": ["DEU"]},
        headers=fr.headers,
    )
    assert r.status_code == 200, r.text
    missing = client.get(f"/api/v1/records/{rid}", headers=de.headers)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
