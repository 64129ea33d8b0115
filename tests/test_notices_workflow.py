"""The notice workflow and diffusions, end to end through the API, as NCBs and the GS see them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from passerelle.api.app import create_app
from passerelle.model.principals import Role
from passerelle.services.context import Platform

from tests.conftest import Actor, MakeUser

API = "/api/v1"
SUBJECT = {
    "names": [{"full": "Ilvar Quennessy"}],
    "date_of_birth": "1971-11-02",
    "sex": "M",
    "nationalities": ["FR"],
}
RED_DETAILS = {
    "summary_of_facts": "armed robbery of a jeweller in Lyon",
    "warrant_reference": "W-2025-0042",
    "charges": ["armed robbery"],
    "penalty_max_years": 20,
}
ALL_PASS = {
    "article3_neutrality": True,
    "human_rights": True,
    "thresholds": True,
    "data_quality": True,
}


@pytest.fixture
def client(platform: Platform) -> Iterator[TestClient]:
    with TestClient(create_app(platform), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def people(make_user: MakeUser) -> dict[str, Actor]:
    return {
        "fr": make_user("FR", Role.NCB_OFFICER),
        "fr2": make_user("FR", Role.NCB_OFFICER),
        "de": make_user("DE", Role.NCB_OFFICER),
        "it": make_user("IT", Role.NCB_OFFICER),
        "es": make_user("ES", Role.NCB_OFFICER),
        "gs": make_user("IPSG", Role.GS_REVIEWER),
        "de_analyst": make_user("DE", Role.ANALYST),
    }


def ok(r: Any, status: int = 200) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    return body


def problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = r.json()
    return body


def visible(client: TestClient, actor: Actor, record_id: str) -> bool:
    got = client.get(f"{API}/records/{record_id}", headers=actor.headers).status_code
    assert got in (200, 404)
    listed = [
        i["id"] for i in client.get(f"{API}/notices", headers=actor.headers).json()["items"]
    ] + [
        i["id"]
        for i in client.get(
            f"{API}/records", params={"kind": "diffusion"}, headers=actor.headers
        ).json()["items"]
    ]
    exported = [i["id"] for i in client.get(f"{API}/export", headers=actor.headers).json()]
    assert (got == 200) == (record_id in listed) == (record_id in exported), "read paths disagree"
    return got == 200


def notifications(client: TestClient, actor: Actor, kind: str) -> list[dict[str, Any]]:
    return [
        n
        for n in client.get(f"{API}/notifications", headers=actor.headers).json()
        if n["kind"] == kind
    ]


def test_red_notice_lifecycle(client: TestClient, people: dict[str, Actor]) -> None:
    fr, de, gs = people["fr"], people["de"], people["gs"]
    # a draft with missing data shows its pre-checks
    draft = ok(
        client.post(
            f"{API}/notices",
            json={"type": "red", "subject": SUBJECT, "details": {"summary_of_facts": "robbery"}},
            headers=fr.headers,
        ),
        201,
    )
    nid = draft["id"]
    assert draft["state"] == "draft"
    pre = draft["workflow"]["prechecks"]
    assert {p.split(":")[0] for p in pre} == {
        "missing warrant_reference",
        "missing charges",
        "missing penalty_max_years",
    }
    # a draft is its NCB's alone; not even the GS sees it yet
    assert visible(client, people["fr2"], nid)
    assert not visible(client, de, nid)
    assert not visible(client, gs, nid)
    # submitting an incomplete request is refused and changes nothing
    refused = problem(client.post(f"{API}/notices/{nid}/submit", headers=fr.headers), 422)
    assert refused["where"] == "details"
    assert any("warrant_reference" in e for e in refused["errors"])
    assert client.get(f"{API}/records/{nid}", headers=fr.headers).json()["state"] == "draft"
    assert notifications(client, gs, "notice_submitted") == []
    # a penalty under the threshold is a pre-check failure too
    low = ok(
        client.put(
            f"{API}/notices/{nid}",
            json={
                "type": "red",
                "subject": SUBJECT,
                "details": {**RED_DETAILS, "penalty_max_years": 1},
            },
            headers=fr.headers,
        )
    )
    assert any(p.startswith("threshold") for p in low["workflow"]["prechecks"])
    problem(client.post(f"{API}/notices/{nid}/submit", headers=fr.headers), 422)
    # complete it, submit
    done = ok(
        client.put(
            f"{API}/notices/{nid}",
            json={"type": "red", "subject": SUBJECT, "details": RED_DETAILS},
            headers=fr.headers,
        )
    )
    assert done["workflow"]["prechecks"] == []
    assert (
        ok(client.post(f"{API}/notices/{nid}/submit", headers=fr.headers))["state"] == "submitted"
    )
    assert [n["record_id"] for n in notifications(client, gs, "notice_submitted")] == [nid]
    # submitted: the GS reviewer sees it, other NCBs still do not
    assert visible(client, gs, nid)
    assert not visible(client, de, nid)
    # only a GS reviewer takes it into review
    problem(client.post(f"{API}/notices/{nid}/review", headers=fr.headers), 403)
    problem(client.post(f"{API}/notices/{nid}/review", headers=de.headers), 403)
    assert (
        ok(client.post(f"{API}/notices/{nid}/review", headers=gs.headers))["state"]
        == "under_review"
    )
    # publishing needs all four criteria assessed and passed
    for checklist, where in (
        ({"passed": {k: v for k, v in ALL_PASS.items() if k != "human_rights"}}, "checklist"),
        (
            {
                "passed": {**ALL_PASS, "article3_neutrality": False},
                "reasons": {"article3_neutrality": "political"},
            },
            "checklist",
        ),
    ):
        r = problem(
            client.post(
                f"{API}/notices/{nid}/decision",
                json={"decision": "publish", "checklist": checklist},
                headers=gs.headers,
            ),
            422,
        )
        assert r["where"] == where
    assert client.get(f"{API}/records/{nid}", headers=fr.headers).json()["state"] == "under_review"
    assert not visible(client, de, nid)
    published = ok(
        client.post(
            f"{API}/notices/{nid}/decision",
            json={"decision": "publish", "checklist": {"passed": ALL_PASS, "comment": "complete"}},
            headers=gs.headers,
        )
    )
    assert published["state"] == "published"
    review = published["workflow"]["history"][-1]["review"]
    assert review["passed"] == ALL_PASS
    assert [n["record_id"] for n in notifications(client, fr, "notice_published")] == [nid]
    # published: every NCB sees it
    for name in ("de", "it", "es", "de_analyst"):
        assert visible(client, people[name], nid), name
    seen_by_de = client.get(f"{API}/records/{nid}", headers=de.headers).json()
    assert seen_by_de["workflow"] is None  # the review history stays with owner and GS
    # illegal transitions answer 409 and change nothing
    problem(client.post(f"{API}/notices/{nid}/submit", headers=fr.headers), 409)
    problem(client.post(f"{API}/notices/{nid}/review", headers=gs.headers), 409)
    problem(
        client.put(
            f"{API}/notices/{nid}",
            json={"type": "red", "subject": SUBJECT, "details": RED_DETAILS},
            headers=fr.headers,
        ),
        409,
    )
    # cancelled by its owner (not by another NCB)
    problem(
        client.post(f"{API}/notices/{nid}/cancel", json={"reason": "not mine"}, headers=de.headers),
        403,
    )
    cancelled = ok(
        client.post(
            f"{API}/notices/{nid}/cancel",
            json={"reason": "arrested in Marseille"},
            headers=fr.headers,
        )
    )
    assert cancelled["state"] == "cancelled"
    assert cancelled["workflow"]["history"][-1]["reason"] == "arrested in Marseille"
    assert not visible(client, de, nid)
    problem(
        client.post(f"{API}/notices/{nid}/cancel", json={"reason": "again"}, headers=fr.headers),
        409,
    )


def _submitted(client: TestClient, people: dict[str, Actor]) -> str:
    fr, gs = people["fr"], people["gs"]
    nid = ok(
        client.post(
            f"{API}/notices",
            json={"type": "red", "subject": SUBJECT, "details": RED_DETAILS},
            headers=fr.headers,
        ),
        201,
    )["id"]
    ok(client.post(f"{API}/notices/{nid}/submit", headers=fr.headers))
    ok(client.post(f"{API}/notices/{nid}/review", headers=gs.headers))
    return nid


def test_refusal_needs_failing_criteria_with_reasons(
    client: TestClient, people: dict[str, Actor]
) -> None:
    fr, gs, de = people["fr"], people["gs"], people["de"]
    nid = _submitted(client, people)
    url = f"{API}/notices/{nid}/decision"
    r = problem(
        client.post(
            url, json={"decision": "refuse", "checklist": {"passed": ALL_PASS}}, headers=gs.headers
        ),
        422,
    )
    assert r["where"] == "checklist"
    failing = {**ALL_PASS, "article3_neutrality": False}
    r = problem(
        client.post(
            url, json={"decision": "refuse", "checklist": {"passed": failing}}, headers=gs.headers
        ),
        422,
    )
    assert r["where"] == "checklist.reasons"
    assert "article3_neutrality" in r["detail"]
    problem(
        client.post(
            url,
            json={
                "decision": "refuse",
                "checklist": {
                    "passed": failing,
                    "reasons": {"article3_neutrality": "political offence"},
                },
            },
            headers=fr.headers,
        ),
        403,
    )
    refused = ok(
        client.post(
            url,
            json={
                "decision": "refuse",
                "checklist": {
                    "passed": failing,
                    "reasons": {"article3_neutrality": "political offence"},
                },
            },
            headers=gs.headers,
        )
    )
    assert refused["state"] == "refused"
    assert refused["workflow"]["history"][-1]["review"]["reasons"] == {
        "article3_neutrality": "political offence"
    }
    sent = notifications(client, fr, "notice_refused")
    assert [n["record_id"] for n in sent] == [nid]
    assert not visible(client, de, nid)
    assert not visible(client, gs, nid)  # a closed request is the requester's again
    problem(
        client.post(
            url, json={"decision": "publish", "checklist": {"passed": ALL_PASS}}, headers=gs.headers
        ),
        409,
    )
    problem(
        client.post(
            f"{API}/notices/{nid}/cancel", json={"reason": "withdrawn"}, headers=fr.headers
        ),
        409,
    )


def test_request_info_sends_back_to_draft(client: TestClient, people: dict[str, Actor]) -> None:
    fr, gs = people["fr"], people["gs"]
    nid = _submitted(client, people)
    back = ok(
        client.post(
            f"{API}/notices/{nid}/decision",
            json={
                "decision": "request_info",
                "checklist": {
                    "passed": {**ALL_PASS, "data_quality": False},
                    "reasons": {"data_quality": "add a photograph"},
                },
            },
            headers=gs.headers,
        )
    )
    assert back["state"] == "draft"
    assert not visible(client, gs, nid)
    assert [n["record_id"] for n in notifications(client, fr, "notice_draft")] == [nid]
    ok(
        client.put(
            f"{API}/notices/{nid}",
            json={"type": "red", "subject": SUBJECT, "details": {**RED_DETAILS, "photo": "yes"}},
            headers=fr.headers,
        )
    )
    assert (
        ok(client.post(f"{API}/notices/{nid}/submit", headers=fr.headers))["state"] == "submitted"
    )


def test_cancel_before_review(client: TestClient, people: dict[str, Actor]) -> None:
    fr, gs = people["fr"], people["gs"]
    nid = ok(
        client.post(
            f"{API}/notices",
            json={"type": "red", "subject": SUBJECT, "details": RED_DETAILS},
            headers=fr.headers,
        ),
        201,
    )["id"]
    ok(client.post(f"{API}/notices/{nid}/submit", headers=fr.headers))
    assert (
        ok(
            client.post(
                f"{API}/notices/{nid}/cancel",
                json={"reason": "warrant quashed"},
                headers=fr.headers,
            )
        )["state"]
        == "cancelled"
    )
    problem(client.post(f"{API}/notices/{nid}/review", headers=gs.headers), 409)
    # a decision on something never taken into review is illegal too
    other = ok(
        client.post(
            f"{API}/notices",
            json={"type": "red", "subject": SUBJECT, "details": RED_DETAILS},
            headers=fr.headers,
        ),
        201,
    )["id"]
    ok(client.post(f"{API}/notices/{other}/submit", headers=fr.headers))
    problem(
        client.post(
            f"{API}/notices/{other}/decision",
            json={"decision": "publish", "checklist": {"passed": ALL_PASS}},
            headers=gs.headers,
        ),
        409,
    )


@pytest.mark.parametrize(
    ("kind", "subject", "details", "missing"),
    [
        ("yellow", SUBJECT, {}, {"date_of_event", "place_of_event"}),
        ("yellow", None, {"date_of_event": "2025-06", "place_of_event": "Lille"}, {"subject"}),
        ("blue", SUBJECT, {}, {"summary_of_facts"}),
        ("black", None, {}, {"place_found", "date_found"}),
        ("green", SUBJECT, {}, {"summary_of_facts"}),
        ("orange", None, {}, {"threat_description"}),
        ("purple", None, {}, {"modus_operandi"}),
        ("silver", SUBJECT, {"summary_of_facts": "laundering"}, {"assets"}),
        ("un_special", SUBJECT, {}, {"un_reference", "sanctions"}),
        (
            "red",
            SUBJECT,
            {"penalty_max_years": "many"},
            {"summary_of_facts", "warrant_reference", "charges"},
        ),
    ],
)
def test_each_type_requires_its_data(
    client: TestClient,
    people: dict[str, Actor],
    kind: str,
    subject: Any,
    details: dict[str, Any],
    missing: set[str],
) -> None:
    fr = people["fr"]
    body: dict[str, Any] = {"type": kind, "details": details}
    if subject:
        body["subject"] = subject
    draft = ok(client.post(f"{API}/notices", json=body, headers=fr.headers), 201)
    pre = draft["workflow"]["prechecks"]
    named = {p.removeprefix("missing ").split(":")[0] for p in pre if p.startswith("missing")}
    assert missing <= named | ({"subject"} if any("subject" in p for p in pre) else set())
    problem(client.post(f"{API}/notices/{draft['id']}/submit", headers=fr.headers), 422)


def test_complete_types_submit(client: TestClient, people: dict[str, Actor]) -> None:
    fr = people["fr"]
    for body in (
        {
            "type": "yellow",
            "subject": SUBJECT,
            "details": {"date_of_event": "2025-06-01", "place_of_event": "Lille"},
        },
        {"type": "orange", "details": {"threat_description": "parcel bombs"}},
        {
            "type": "un_special",
            "subject": SUBJECT,
            "details": {"un_reference": "QDi.999", "sanctions": ["asset freeze", "travel ban"]},
        },
    ):
        draft = ok(client.post(f"{API}/notices", json=body, headers=fr.headers), 201)
        assert draft["workflow"]["prechecks"] == [], body
        ok(client.post(f"{API}/notices/{draft['id']}/submit", headers=fr.headers))
    un = ok(
        client.post(
            f"{API}/notices", json={"type": "un_special", "details": {}}, headers=fr.headers
        ),
        201,
    )
    assert un["data"]["public_extract"] is True  # always public
    r = problem(
        client.post(
            f"{API}/notices",
            json={"type": "purple", "public_extract": True, "details": {}},
            headers=fr.headers,
        ),
        422,
    )
    assert r["where"] == "public_extract"


def test_notice_types_are_listed(client: TestClient) -> None:
    types = {t["code"]: t for t in client.get(f"{API}/notice-types").json()}
    assert set(types) >= {
        "red",
        "yellow",
        "blue",
        "black",
        "green",
        "orange",
        "purple",
        "silver",
        "un_special",
    }
    assert {r["name"] for r in types["red"]["required"]} == {
        "summary_of_facts",
        "warrant_reference",
        "charges",
        "penalty_max_years",
    }


# --- diffusions ---------------------------------------------------------------------------


def _diffuse(client: TestClient, sender: Actor, to: list[str]) -> str:
    policy = {"access": "allow", "entities": to} if to else {"access": "all"}
    return ok(
        client.post(
            f"{API}/diffusions",
            json={
                "type": "blue",
                "subject": SUBJECT,
                "details": {"summary_of_facts": "seen in Turin"},
                "policy": policy,
            },
            headers=sender.headers,
        ),
        201,
    )["id"]


def test_diffusion_visible_at_once_to_chosen_ncbs_only(
    client: TestClient, people: dict[str, Actor]
) -> None:
    fr, de, it, es, gs = (people[k] for k in ("fr", "de", "it", "es", "gs"))
    did = _diffuse(client, fr, ["DE", "ITA"])
    assert visible(client, de, did)
    assert visible(client, it, did)
    assert visible(client, people["de_analyst"], did)
    assert not visible(client, es, did)
    assert [n["record_id"] for n in notifications(client, de, "diffusion")] == [did]
    assert [n["record_id"] for n in notifications(client, it, "diffusion")] == [did]
    assert notifications(client, es, "diffusion") == []
    # recipients see that it is restricted, not to whom
    assert (
        client.get(f"{API}/records/{did}", headers=de.headers).json()["policy"]["entities"] is None
    )
    # GS finds it compliant afterwards: nothing changes for the recipients
    reviewed = ok(
        client.post(f"{API}/diffusions/{did}/review", json={"compliant": True}, headers=gs.headers)
    )
    assert reviewed["state"] == "compliant"
    assert visible(client, de, did)
    assert notifications(client, de, "diffusion_withdrawn") == []
    problem(
        client.post(f"{API}/diffusions/{did}/review", json={"compliant": True}, headers=de.headers),
        403,
    )


@pytest.mark.parametrize("by", ["gs", "sender"])
def test_withdrawal_notifies_recipients_and_hides_the_diffusion(
    client: TestClient, people: dict[str, Actor], by: str
) -> None:
    fr, de, it, es, gs = (people[k] for k in ("fr", "de", "it", "es", "gs"))
    did = _diffuse(client, fr, ["DE", "IT"])
    if by == "gs":
        problem(
            client.post(
                f"{API}/diffusions/{did}/review", json={"compliant": False}, headers=gs.headers
            ),
            422,
        )  # a withdrawal says why
        r = client.post(
            f"{API}/diffusions/{did}/review",
            json={"compliant": False, "reason": "military matter (Art. 3)"},
            headers=gs.headers,
        )
    else:
        problem(
            client.post(
                f"{API}/diffusions/{did}/withdraw", json={"reason": "mine"}, headers=de.headers
            ),
            403,
        )
        r = client.post(
            f"{API}/diffusions/{did}/withdraw",
            json={"reason": "sent to the wrong NCBs"},
            headers=fr.headers,
        )
    assert ok(r)["state"] == "withdrawn"
    for recipient in (de, it):
        sent = notifications(client, recipient, "diffusion_withdrawn")
        assert [n["record_id"] for n in sent] == [did]
        assert sent[0]["message"]["reason"]
        assert not visible(client, recipient, did)
    assert notifications(client, es, "diffusion_withdrawn") == []
    owner_told = notifications(client, fr, "diffusion_withdrawn")
    assert len(owner_told) == (1 if by == "gs" else 0)
    assert visible(client, fr, did)  # the sender keeps its own record
    problem(
        client.post(
            f"{API}/diffusions/{did}/withdraw", json={"reason": "again please"}, headers=fr.headers
        ),
        409,
    )


def test_diffusion_to_all_and_deny_lists(client: TestClient, people: dict[str, Actor]) -> None:
    fr, es = people["fr"], people["es"]
    did = _diffuse(client, fr, [])
    assert visible(client, es, did)
    r = problem(
        client.post(
            f"{API}/diffusions",
            json={
                "type": "blue",
                "subject": SUBJECT,
                "details": {"summary_of_facts": "x"},
                "policy": {"access": "deny", "entities": ["ES"]},
            },
            headers=fr.headers,
        ),
        422,
    )
    assert r["where"] == "policy"
    ok(
        client.post(
            f"{API}/diffusions/{did}/withdraw",
            json={"reason": "resolved today"},
            headers=fr.headers,
        )
    )
    assert len(notifications(client, es, "diffusion_withdrawn")) == 1
    assert not visible(client, es, did)
