"""The demo data set loads through the normal store paths and behaves like real data."""

from __future__ import annotations

from passerelle.model.principals import Role
from passerelle.services import accounts, governance, records, seeding
from passerelle.services.context import Call, Platform


def _call(platform: Platform, username: str) -> Call:
    user = next(u for u in accounts.list_all_users(platform) if u.username == username)
    return Call(user.principal())


def test_seed_loads_users_records_and_notices(platform: Platform) -> None:
    report = seeding.seed(platform, persons=60, seed=3)
    assert report.records > 60
    assert report.notices > 0
    assert report.token is not None
    assert accounts.authenticate(platform, report.token).username == "fr.officer"
    roles = {u.role for u in accounts.list_all_users(platform)}
    assert roles == set(Role)
    officer = _call(platform, "fr.officer")
    items, _ = records.search(platform, officer, limit=500)
    kinds = {i["kind"] for i in items}
    assert {"person", "travel_document", "vehicle"} <= kinds
    # other NCBs' drafts stay with their owners
    assert all(i["state"] in (None, "published", "sent") or i["owner"] == "FR" for i in items)
    assert governance.verify_audit(platform).ok


def test_seed_twice_keeps_one_set_of_users(platform: Platform) -> None:
    seeding.seed(platform, persons=5, seed=1)
    again = seeding.seed(platform, persons=5, seed=1)
    assert again.token is None
    names = [u.username for u in accounts.list_all_users(platform)]
    assert len(names) == len(set(names)) == len(seeding.DEMO_USERS)
