"""The HTTP flow: submit a manifest (202 + Location), poll until finished, read the hits page
and download hits.csv; an identical re-submission answers 200 with the same screening."""

from __future__ import annotations

import csv
import io
import time

import sqlalchemy as sa
from fastapi.testclient import TestClient

from passerelle.api.app import create_app
from passerelle.model.principals import Role
from passerelle.services.context import Platform
from passerelle.store.schema import screenings

from tests.bulk.helpers import manifest_paxlst, share_watchlist, travellers
from tests.conftest import Clock, MakeUser


def _poll(client: TestClient, url: str, headers: dict[str, str]) -> dict:  # type: ignore[type-arg]
    deadline = time.monotonic() + 120  # a safety net, not a timing assertion
    while True:
        body = client.get(url, headers=headers).json()
        if body["status"] in ("finished", "failed") or time.monotonic() > deadline:
            return body  # type: ignore[no-any-return]
        time.sleep(0.05)


def test_submit_poll_download(platform: Platform, make_user: MakeUser) -> None:
    ids = share_watchlist(platform, make_user)
    border = make_user("IT", Role.BORDER_OFFICER)
    content = manifest_paxlst(travellers(9))
    with TestClient(create_app(platform)) as client:
        sent = client.post(
            "/api/v1/screenings",
            content=content,
            params={"filename": "xy123.edi"},
            headers={**border.headers, "Content-Type": "application/edifact"},
        )
        assert sent.status_code == 202, sent.text
        location = sent.headers["Location"]
        assert location == f"/api/v1/screenings/{sent.json()['id']}"
        done = _poll(client, location, border.headers)
        assert done["status"] == "finished", done
        assert done["progress"] == {"processed": 9, "total": 9}
        assert (done["format"], done["malformed"], done["hits"]) == ("paxlst", 0, 3)

        page = client.get(f"{location}/hits", params={"limit": 2}, headers=border.headers).json()
        assert (page["total"], len(page["hits"])) == (3, 2)
        rest = client.get(f"{location}/hits", params={"offset": 2}, headers=border.headers)
        hidden = [h for h in page["hits"] + rest.json()["hits"] if not h["visible"]]
        assert [h["contact"]["ncb"] for h in hidden] == ["RS"]

        download = client.get(f"{location}/hits.csv", headers=border.headers)
        assert download.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(download.text)))
        assert [r["row"] for r in rows] == ["2", "3", "4"]
        assert rows[0]["record_id"] == ids["karim"]
        assert rows[1]["record_id"] == "" and rows[1]["contact"].startswith("contact NCB RS")

        again = client.post("/api/v1/screenings", content=content, headers=border.headers)
        assert again.status_code == 200
        assert again.json()["id"] == done["id"]
        # Another NCB cannot see it, and a body that is not a manifest is refused.
        other = make_user("FR", Role.BORDER_OFFICER)
        assert client.get(location, headers=other.headers).status_code == 404
        refused = client.post("/api/v1/screenings", content=b"%PDF\x00", headers=border.headers)
        assert refused.status_code == 422
    with platform.db.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(screenings)).scalar() == 1


def test_an_ncb_lists_its_own_screenings_newest_first(
    platform: Platform, make_user: MakeUser, clock: Clock
) -> None:
    share_watchlist(platform, make_user)
    border = make_user("IT", Role.BORDER_OFFICER)
    other = make_user("FR", Role.BORDER_OFFICER)
    with TestClient(create_app(platform)) as client:
        sent = []
        for n in (3, 4):
            r = client.post(
                "/api/v1/screenings",
                content=manifest_paxlst(travellers(n)),
                params={"filename": f"flight{n}.edi"},
                headers=border.headers,
            )
            assert r.status_code == 202, r.text
            sent.append(_poll(client, r.headers["Location"], border.headers))
            clock.advance(minutes=5)
        listed = client.get("/api/v1/screenings", headers=border.headers)
        assert listed.status_code == 200, listed.text
        body = listed.json()
        assert body["total"] == 2
        newest, oldest = body["screenings"]
        assert (newest["id"], oldest["id"]) == (sent[1]["id"], sent[0]["id"])
        assert newest["filename"] == "flight4.edi" and newest["status"] == "finished"
        assert newest["progress"] == {"processed": 4, "total": 4}
        assert newest["hits"] == sent[1]["hits"] and newest["finished_at"] is not None
        assert "errors" not in newest
        page = client.get("/api/v1/screenings", params={"limit": 1, "offset": 1},
                          headers=border.headers).json()  # fmt: skip
        assert [s["id"] for s in page["screenings"]] == [sent[0]["id"]]
        failed = client.get("/api/v1/screenings", params={"status": "failed"},
                            headers=border.headers).json()  # fmt: skip
        assert (failed["total"], failed["screenings"]) == (0, [])
        # Another NCB sees none of them; an unknown status is a clear 422.
        assert client.get("/api/v1/screenings", headers=other.headers).json()["total"] == 0
        bad = client.get("/api/v1/screenings", params={"status": "done"}, headers=border.headers)
        assert bad.status_code == 422 and "unknown status 'done'" in bad.text
