"""Operation input validation: UN/LOCODEs, the window, NCB codes, outcome items."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from passerelle.model.operations import OperationInput, OutcomeInput, Site, locode

BASE: dict[str, Any] = {
    "name": "Operation X",
    "coordinator": "FR",
    "starts_on": "2026-07-01",
    "ends_on": "2026-07-14",
}


@pytest.mark.parametrize(
    ("value", "expected"), [("FRMRS", "FRMRS"), ("fr mrs", "FRMRS"), ("ESALG", "ESALG"),
                            ("MAPTM", "MAPTM"), ("IT9GO", "IT9GO")]
)  # fmt: skip
def test_locode_accepted(value: str, expected: str) -> None:
    assert locode(value) == expected


@pytest.mark.parametrize(
    ("value", "why"),
    [("FRMR", "not a UN/LOCODE"), ("FRMRSX", "not a UN/LOCODE"), ("F1MRS", "not a UN/LOCODE"),
     ("QQMRS", "not a member"), ("FR-MR", "not a UN/LOCODE"), ("", "not a UN/LOCODE")],
)  # fmt: skip
def test_bad_locode(value: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        locode(value)
    with pytest.raises(ValidationError, match=why):
        Site.model_validate({"locode": value, "name": "X"})


def test_window_end_before_start() -> None:
    with pytest.raises(ValidationError, match="ends_on is before starts_on"):
        OperationInput.model_validate({**BASE, "ends_on": "2026-06-30"})
    one_day = OperationInput.model_validate({**BASE, "ends_on": "2026-07-01"})
    assert one_day.ends_on == dt.date(2026, 7, 1)
    with pytest.raises(ValidationError, match="at most 366 days"):
        OperationInput.model_validate({**BASE, "ends_on": "2027-07-14"})


def test_unknown_ncb() -> None:
    with pytest.raises(ValidationError, match="unknown NCB 'QQ'"):
        OperationInput.model_validate({**BASE, "participants": ["ES", "QQ"]})
    with pytest.raises(ValidationError, match="not an NCB"):
        OperationInput.model_validate({**BASE, "participants": ["UN"]})
    with pytest.raises(ValidationError, match="unknown NCB or entity"):
        OperationInput.model_validate({**BASE, "coordinator": "ZZ"})
    with pytest.raises(ValidationError, match="cannot coordinate"):
        OperationInput.model_validate({**BASE, "coordinator": "ICC"})


def test_participants_normalised_and_sites_unique() -> None:
    given = OperationInput.model_validate({**BASE, "participants": ["ESP", "ES", "MA"]})
    assert given.participants == ["ES", "MA"]
    site = {"locode": "FRMRS", "name": "Marseille"}
    with pytest.raises(ValidationError, match="listed once"):
        OperationInput.model_validate({**BASE, "sites": [site, {**site, "locode": "fr mrs"}]})
    with pytest.raises(ValidationError, match="kind"):
        OperationInput.model_validate({**BASE, "sites": [{**site, "kind": "harbour"}]})
    with pytest.raises(ValidationError, match="control"):
        OperationInput.model_validate({**BASE, "name": "Op\u202eX"})


def test_outcome_items() -> None:
    seized = OutcomeInput.model_validate(
        {"hit_id": "h1", "kind": "items_seized", "items": {"firearms": 2, "cash_eur": 12000}}
    )
    assert list(seized.items) == ["cash_eur", "firearms"]
    for items, why in (
        ({}, "needs items"),
        ({"Cash EUR": 1}, "lower-case"),
        ({"cash_eur": -5}, "positive"),
        ({"cash_eur": float("inf")}, "positive"),
    ):
        with pytest.raises(ValidationError, match=why):
            OutcomeInput.model_validate({"hit_id": "h1", "kind": "items_seized", "items": items})
    with pytest.raises(ValidationError, match="only items_seized"):
        OutcomeInput.model_validate({"hit_id": "h1", "kind": "arrested", "items": {"x": 1}})
    with pytest.raises(ValidationError, match="kind"):
        OutcomeInput.model_validate({"hit_id": "h1", "kind": "shot"})
