"""A real traveller check made under an operation counts in that operation's dashboard."""

from __future__ import annotations

from typing import Any

import pytest

from passerelle.model.errors import InvalidInput
from passerelle.model.principals import Role
from passerelle.services import operations, records, screening
from passerelle.services.context import Platform
from passerelle.services.screening import CheckInput

from tests.conftest import MakeUser

WANTED = {"names": [{"full": "Orsolya Fenyvesi-Kardos"}], "date_of_birth": "1977-03-08"}


def test_check_under_an_operation_is_counted(
    platform: Platform, make_user: MakeUser, operation: dict[str, Any]
) -> None:
    owner = make_user("HU", Role.NCB_OFFICER)
    records.create(platform, owner.call, "person", WANTED)
    border = make_user("FR", Role.BORDER_OFFICER)
    site = operation["sites"][0]["locode"]
    answer = screening.check(
        platform,
        border.call,
        CheckInput(names=["Orsolya Fenyvesi Kardos"], operation_id=operation["id"], site=site),
    )
    assert answer["hit"] is True
    screening.check(
        platform,
        border.call,
        CheckInput(names=["Benedek Zalai"], operation_id=operation["id"], site=site),
    )
    figures = operations.dashboard(platform, border.call, operation["id"])
    assert figures["totals"]["checks"] == 2
    assert figures["totals"]["hits"] == 1


def test_check_names_an_operation_and_site_it_may_use(
    platform: Platform, make_user: MakeUser, operation: dict[str, Any]
) -> None:
    outsider = make_user("BR", Role.BORDER_OFFICER)
    with pytest.raises(InvalidInput, match="no operation"):
        screening.check(
            platform,
            outsider.call,
            CheckInput(names=["Benedek Zalai"], operation_id=operation["id"]),
        )
    border = make_user("ES", Role.BORDER_OFFICER)
    with pytest.raises(InvalidInput, match="not one of the operation's"):
        screening.check(
            platform,
            border.call,
            CheckInput(names=["Benedek Zalai"], operation_id=operation["id"], site="DEHAM"),
        )
    with pytest.raises(InvalidInput, match="with its operation_id"):
        screening.check(platform, border.call, CheckInput(names=["Benedek Zalai"], site="ESALG"))
