"""Traveller checks: hit/no-hit under the owner's policy, notification, MRZ, audit, decisions."""

from __future__ import annotations

import json
import threading
import time

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from passerelle.api.app import create_app
from passerelle.formats.mrz import MrzData, make_td3
from passerelle.model.dates import PartialDate
from passerelle.model.errors import Forbidden
from passerelle.model.principals import CheckScope, Role
from passerelle.services import governance, records, screening
from passerelle.services.context import Platform
from passerelle.services.policies import PolicyInput
from passerelle.services.screening import CheckInput
from passerelle.store.schema import audit_log

from tests.conftest import Clock, MakeUser

WANTED = {
    "names": [{"full": "كريم بن سالم العطار", "latin": "Karim Ben Salem El Attar"}],
    "date_of_birth": "1983-06-14",
    "sex": "M",
    "nationalities": ["TN"],
    "documents": [{"number": "TN4471902", "issuing_state": "TN", "type": "P"}],
}


def _share(platform: Platform, make_user: MakeUser, policy: dict | None = None) -> str:  # type: ignore[type-arg]
    owner = make_user("TN", Role.NCB_OFFICER)
    given = PolicyInput.model_validate(policy) if policy else None
    return str(records.create(platform, owner.call, "person", WANTED, given)["id"])


def _check(platform: Platform, actor: object, **kwargs: object) -> dict:  # type: ignore[type-arg]
    return screening.check(platform, actor.call, CheckInput.model_validate(kwargs))  # type: ignore[attr-defined]


def test_latin_variant_hits_arabic_record(platform: Platform, make_user: MakeUser) -> None:
    rid = _share(platform, make_user)
    border = make_user("IT", Role.BORDER_OFFICER)
    answer = _check(
        platform, border, names=["Kareem Bin Salim Al-Attar"], date_of_birth="1983-06-14"
    )
    assert answer["hit"] is True
    hit = answer["hits"][0]
    assert hit["record"]["id"] == rid
    assert hit["visible"] is True
    assert hit["probability"] > 0.5
    assert all(r["text"] for r in hit["explanation"])
    none = _check(platform, border, names=["Ottilie Brandmeyer"], date_of_birth="1950")
    assert none == {**none, "hit": False, "hits": []}


def test_hidden_record_answers_only_whom_to_contact(
    platform: Platform, make_user: MakeUser
) -> None:
    rid = _share(platform, make_user, {"access": "allow", "entities": ["FR"]})
    border = make_user("ES", Role.BORDER_OFFICER)
    answer = _check(platform, border, names=["Karim Ben Salem El Attar"])
    assert answer["hit"] is True
    hit = answer["hits"][0]
    assert hit["visible"] is False
    assert hit["contact"]["ncb"] == "TN"
    # the random check and hit ids are hex and may contain any four digits, such as "1983"
    text = json.dumps(answer, ensure_ascii=False)
    for random_id in (answer["check_id"], hit["hit_id"]):
        text = text.replace(random_id, "<id>")
    for secret in ("1983", "العطار", rid, "TN4471902", "explanation"):
        assert secret not in text
    # the owner is told, whoever checked
    owner = make_user("TN", Role.NCB_SUPERVISOR)
    notes = governance.my_notifications(platform, owner.call)
    assert [n["kind"] for n in notes] == ["hit"]
    assert notes[0]["message"]["by"] == "ES"
    assert notes[0]["message"]["visible_to_checker"] is False


def test_every_check_and_hit_is_audited(platform: Platform, make_user: MakeUser) -> None:
    rid = _share(platform, make_user)
    border = make_user("IT", Role.BORDER_OFFICER)
    answer = _check(platform, border, names=["Karim El Attar"], date_of_birth="1983")
    with platform.db.engine.connect() as conn:
        rows = conn.execute(
            sa.select(audit_log.c.action, audit_log.c.object_id, audit_log.c.username)
        ).all()
    assert ("check", answer["check_id"], border.call.principal.username) in rows
    assert ("hit", rid, border.call.principal.username) in rows
    assert governance.verify_audit(platform).ok


def test_mrz_check_digits_are_reported_and_document_found(
    platform: Platform, make_user: MakeUser
) -> None:
    _share(platform, make_user)
    border = make_user("FR", Role.BORDER_OFFICER)
    line1, line2 = make_td3(
        MrzData(
            document_code="P",
            issuing_state="TUN",
            surname="EL ATTAR",
            given_names="KARIM",
            document_number="TN4471902",
            nationality="TUN",
            date_of_birth=PartialDate.parse("1983-06-14"),
            sex="M",
            expiry_date=PartialDate.parse("2031-01-01").earliest(),
        )
    )
    good = _check(platform, border, mrz=f"{line1}\n{line2}")
    assert good["mrz"]["valid"] is True
    assert {h["match"] for h in good["hits"]} >= {"document"}
    broken = line2[:9] + str((int(line2[9]) + 1) % 10) + line2[10:]
    bad = _check(platform, border, mrz=f"{line1}\n{broken}")
    assert bad["mrz"]["valid"] is False
    assert any("document number" in e for e in bad["mrz"]["check_errors"])


def test_ocr_confusable_document_is_a_weaker_hit(platform: Platform, make_user: MakeUser) -> None:
    owner = make_user("DE", Role.NCB_OFFICER)
    records.create(
        platform,
        owner.call,
        "travel_document",
        {"number": "C01X5B8LM", "issuing_state": "DE", "status": "stolen"},
    )
    border = make_user("AT", Role.BORDER_OFFICER)
    exact = _check(platform, border, document={"number": "C01X5B8LM", "issuing_state": "DEU"})
    fuzzy = _check(platform, border, document={"number": "CO1X58BLM", "issuing_state": "DE"})
    assert exact["hits"][0]["match"] == "document"
    assert fuzzy["hits"][0]["match"] == "document-ocr"
    assert fuzzy["hits"][0]["probability"] < exact["hits"][0]["probability"]


def test_index_follows_changes_and_expiry(
    platform: Platform, make_user: MakeUser, clock: Clock
) -> None:
    border = make_user("IT", Role.BORDER_OFFICER)
    assert _check(platform, border, names=["Karim El Attar"])["hit"] is False
    owner = make_user("TN", Role.NCB_OFFICER)
    rid = str(records.create(platform, owner.call, "person", WANTED)["id"])
    assert _check(platform, border, names=["Karim El Attar"])["hit"] is True
    records.delete(platform, owner.call, rid)
    assert _check(platform, border, names=["Karim El Attar"])["hit"] is False
    records.create(
        platform,
        owner.call,
        "person",
        WANTED,
        PolicyInput.model_validate({"expires_at": "2026-03-05T00:00:00Z"}),
    )
    assert _check(platform, border, names=["Karim El Attar"])["hit"] is True
    clock.advance(days=10)
    assert _check(platform, border, names=["Karim El Attar"])["hit"] is False


def test_border_officer_scope_limits_what_is_checked(
    platform: Platform, make_user: MakeUser
) -> None:
    _share(platform, make_user)
    docs_only = make_user("IT", Role.BORDER_OFFICER, scope=frozenset({CheckScope.DOCUMENTS}))
    assert _check(platform, docs_only, names=["Karim El Attar"])["hit"] is False
    analyst = make_user("IT", Role.ANALYST)
    with pytest.raises(Forbidden):
        _check(platform, analyst, names=["Karim El Attar"])


def test_decisions_become_labelled_pairs(platform: Platform, make_user: MakeUser) -> None:
    _share(platform, make_user)
    border = make_user("IT", Role.BORDER_OFFICER)
    hit = _check(platform, border, names=["Karim El Attar"])["hits"][0]
    other = make_user("FR", Role.BORDER_OFFICER)
    with pytest.raises(Forbidden):
        screening.decide(platform, other.call, hit["hit_id"], "confirmed")
    screening.decide(platform, border.call, hit["hit_id"], "confirmed", "passport seen")
    pairs = screening.labelled_pairs(platform)
    assert pairs == [
        {
            "id": hit["hit_id"],
            "a": "Karim El Attar",
            "b": hit["matched_name"],
            "a_dob": None,
            "match": True,
            "kind": "officer",
        }
    ]


def test_checks_over_http(platform: Platform, make_user: MakeUser) -> None:
    _share(platform, make_user)
    client = TestClient(create_app(platform))
    border = make_user("MA", Role.BORDER_OFFICER)
    ok = client.post("/api/v1/checks", json={"names": ["Karim El Attar"]}, headers=border.headers)
    assert ok.status_code == 200, ok.text
    assert ok.json()["hit"] is True
    for bad in (
        {},
        {"names": ["x" * 201]},
        {"names": ["A"], "nationality": "QQ"},
        {"names": ["A"], "date_of_birth": "1980-13"},
        {"mrz": "NOT AN MRZ"},
        {"names": ["A"], "unknown": 1},
    ):
        r = client.post("/api/v1/checks", json=bad, headers=border.headers)
        assert r.status_code == 422, (bad, r.text)
        assert r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("inline", [True, False])
def test_checks_on_the_event_loop_or_in_threads_answer_alike(
    platform: Platform, make_user: MakeUser, inline: bool
) -> None:
    rid = _share(platform, make_user)
    settings = platform.settings.model_copy(update={"check_inline": inline})
    api = Platform(settings=settings, db=platform.db, clock=platform.clock)
    border = make_user("MA", Role.BORDER_OFFICER)
    body = {"names": ["Kareem Bin Salim Al-Attar"], "date_of_birth": "1983-06-14"}
    with TestClient(create_app(api)) as client:
        first = client.post("/api/v1/checks", json=body, headers=border.headers).json()
        again = client.post("/api/v1/checks", json=body, headers=border.headers).json()
    for answer in (first, again):
        assert [h["record"]["id"] for h in answer["hits"]] == [rid]
    assert again["hits"][0]["probability"] == first["hits"][0]["probability"]


def test_a_check_waiting_for_another_write_does_not_stall_the_api(
    platform: Platform, make_user: MakeUser
) -> None:
    """A check that must wait for a long write (an import) waits in a thread, not the loop."""
    if platform.db.dialect != "sqlite":
        pytest.skip("PostgreSQL writers do not wait for one another's transactions here")
    _share(platform, make_user)
    border = make_user("MA", Role.BORDER_OFFICER)
    held = threading.Event()

    def long_write() -> None:
        with platform.db.transaction():
            held.set()
            time.sleep(2.0)

    with TestClient(create_app(platform)) as client:
        body = {"names": ["Karim El Attar"]}
        assert client.post("/api/v1/checks", json=body, headers=border.headers).json()["hit"]
        answers: list[int] = []
        writer = threading.Thread(target=long_write)
        writer.start()
        assert held.wait(10)
        checker = threading.Thread(
            target=lambda: answers.append(
                client.post("/api/v1/checks", json=body, headers=border.headers).status_code
            )
        )
        checker.start()
        time.sleep(0.2)  # the check is now waiting for the write lock
        started = time.monotonic()
        assert client.get("/healthz").status_code == 200
        assert time.monotonic() - started < 1.0, "the API stalled behind the waiting check"
        writer.join()
        checker.join()
    assert answers == [200]


def test_index_refresh_interval_bounds_staleness(platform: Platform, make_user: MakeUser) -> None:
    """With a refresh interval, new records are screened once the interval has passed."""
    lazy = Platform(
        settings=platform.settings.model_copy(update={"index_refresh_seconds": 3600}),
        db=platform.db,
        clock=platform.clock,
    )
    border = make_user("IT", Role.BORDER_OFFICER)
    assert _check(lazy, border, names=["Karim El Attar"])["hit"] is False
    _share(lazy, make_user)
    assert _check(lazy, border, names=["Karim El Attar"])["hit"] is False  # not yet read
    screening.index_for(lazy).synced_at -= 3600  # the interval has passed
    assert _check(lazy, border, names=["Karim El Attar"])["hit"] is True


def test_warm_start_builds_the_index_before_serving(
    platform: Platform, make_user: MakeUser
) -> None:
    _share(platform, make_user)
    warm = Platform(
        settings=platform.settings.model_copy(update={"warm_index": True}),
        db=platform.db,
        clock=platform.clock,
    )
    with TestClient(create_app(warm)):
        index = screening.index_for(warm)
        assert index.built
        assert len(index.meta) == 1


def test_large_first_build_analyses_on_every_core_with_the_same_answers(
    platform: Platform, make_user: MakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ``PARALLEL_BUILD`` persons the first build spawns worker processes; the index it
    makes must answer exactly as one built in this process."""
    rid = _share(platform, make_user)
    owner = make_user("MA", Role.NCB_OFFICER)
    for given, family in (("Nadia", "Ouazzani"), ("Hamza", "Berrada"), ("Salma", "Kettani")):
        person = {"names": [{"full": f"{given} {family}"}], "date_of_birth": "1990-01-02"}
        records.create(platform, owner.call, "person", person)
    border = make_user("IT", Role.BORDER_OFFICER)
    query = {"names": ["Kareem Bin Salim Al-Attar"], "date_of_birth": "1983-06-14"}
    serial = _check(platform, border, **query)
    platform.cache.pop("screening")
    monkeypatch.setattr(screening, "PARALLEL_BUILD", 2)
    built = screening.warm(platform)
    assert built.records == 4
    parallel = _check(platform, border, **query)
    assert [h["record"]["id"] for h in parallel["hits"]] == [rid]
    assert [h["probability"] for h in parallel["hits"]] == [
        h["probability"] for h in serial["hits"]
    ]
