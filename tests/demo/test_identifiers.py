"""Identifiers look real and pass the checks real systems run on them."""

from __future__ import annotations

import random

import pytest

from passerelle.model.records import Vehicle, Vessel
from passerelle.services.demo import identifiers


def test_imo_numbers_have_valid_check_digits() -> None:
    rng = random.Random(1)
    for _ in range(2000):
        imo = identifiers.imo_number(rng)
        assert len(imo) == 7
        check = sum(int(d) * w for d, w in zip(imo[:6], range(7, 1, -1), strict=True)) % 10
        assert check == int(imo[6])
        assert Vessel(imo=f"IMO{imo}").imo == imo


def test_known_imo_check_digit() -> None:
    # The worked example of the IMO scheme: 9074729 (9*7+0*6+7*5+4*4+7*3+2*2 = 139 -> 9).
    assert Vessel(imo="9074729").imo == "9074729"


def test_vin_check_digit_on_a_worked_example() -> None:
    # The usual textbook VIN, whose check digit is X.
    assert identifiers.vin_check_digit("1M8GDM9AXKP042788") == "X"


@pytest.mark.parametrize("wmi", ["1FA", "2T1", "3VW", "5YJ", "LSV"])
def test_north_american_and_chinese_vins_carry_a_valid_check_digit(wmi: str) -> None:
    rng = random.Random(wmi)
    for _ in range(200):
        vin = identifiers.vin(rng, wmi, rng.randint(2005, 2025))
        assert len(vin) == 17
        assert not set(vin) & set("IOQ")
        assert vin[8] == identifiers.vin_check_digit(vin)
        Vehicle(vin=vin)


def test_mmsi_starts_with_the_flag_mid() -> None:
    rng = random.Random(3)
    for flag, mids in identifiers.FLAG_MIDS.items():
        mmsi = identifiers.mmsi(rng, flag)
        assert len(mmsi) == 9 and mmsi.isdigit()
        assert int(mmsi[:3]) in mids
        Vessel(mmsi=mmsi, flag=flag)


def test_spanish_dni_letter_is_its_checksum() -> None:
    rng = random.Random(4)
    for _ in range(200):
        number, is_card = identifiers.document_number(rng, "ES", card=True)
        assert is_card
        assert number[8] == "TRWAGMYFPDXBNJZSQVHLCKE"[int(number[:8]) % 23]


def test_patterns() -> None:
    rng = random.Random(5)
    number = identifiers.from_pattern(rng, "LR#######")
    assert number.startswith("LR") and number[2:].isdigit() and len(number) == 9
    assert identifiers.from_pattern(rng, "@@-###").count("-") == 1
    # A country without an identity card falls back to its passport format.
    number, is_card = identifiers.document_number(rng, "GB", card=True)
    assert not is_card and number.isdigit()


@pytest.mark.parametrize("country", sorted(identifiers.PLATE_FORMATS))
def test_plates_validate(country: str) -> None:
    rng = random.Random(country)
    plate = identifiers.plate(rng, country)
    vehicle = Vehicle(plate=plate, plate_country=country)
    assert vehicle.plate is not None and vehicle.plate.isalnum()
