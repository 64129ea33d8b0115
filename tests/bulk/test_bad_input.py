"""Each format's bad input, end to end: malformed travellers are counted, reported and skipped,
the rest is screened; a file that is not a manifest is refused and nothing is stored."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from passerelle.model.errors import InvalidInput
from passerelle.model.principals import Role
from passerelle.services import bulk
from passerelle.services.context import Platform
from passerelle.store.schema import audit_log, screenings

from tests.bulk.helpers import (
    manifest_csv,
    manifest_mrz,
    manifest_paxlst,
    share_watchlist,
    travellers,
)
from tests.conftest import MakeUser


def _screen(platform: Platform, make_user: MakeUser, content: bytes) -> bulk.ScreeningReport:
    share_watchlist(platform, make_user)
    border = make_user("FR", Role.BORDER_OFFICER)
    report = bulk.screen_manifest(platform, border.call, content, "m", processes=0)
    assert report.status == "finished"
    return report


def test_csv_bad_rows(platform: Platform, make_user: MakeUser) -> None:
    good = manifest_csv(travellers(5)).decode()
    bad = good + (
        ",NOSURNAME,,1980-01-01\r\n"  # no surname
        "BADDATE,X,,1980-13-45\r\n"  # impossible date of birth
        "TOOMANY,X,,1980,M,NL,,,,,,,,,,,,,extra,extra\r\n"  # more cells than columns
        "KEPT,Y,,1981-02-02,Q\r\n"  # bad sex: reported, traveller kept
    )
    report = _screen(platform, make_user, bad.encode())
    assert (report.format, report.total, report.malformed) == ("csv", 6, 3)
    assert report.hits == 3
    text = "\n".join(report.errors)
    assert "line 7" in text and "line 8" in text and "line 9" in text
    assert "line 10, column sex" in text and "field left empty" in text


def test_paxlst_bad_travellers(platform: Platform, make_user: MakeUser) -> None:
    text = manifest_paxlst(travellers(5)).decode()
    # blank the first surname and break the second date of birth
    text = text.replace("NAD+FL+++", "NAD+FL+++:", 1)
    first_dob = text.index("DTM+329:")
    second_dob = text.index("DTM+329:", first_dob + 1)
    text = text[:second_dob] + "DTM+329:991399" + text[second_dob + 14 :]
    report = _screen(platform, make_user, text.encode())
    assert (report.format, report.total, report.malformed) == ("paxlst", 3, 2)
    assert any("(NAD)" in e and "skipped" in e for e in report.errors)
    assert any("(DTM)" in e and "skipped" in e for e in report.errors)
    assert report.hits == 2  # rows 2 and 3 (Karim, Dragana) were the broken ones' neighbours


def test_mrz_bad_blocks(platform: Platform, make_user: MakeUser) -> None:
    blocks = manifest_mrz(travellers(5)).decode().strip().split("\n\n")
    blocks[1] = blocks[1].replace("<", "$", 1)  # invalid character: block skipped
    lines = blocks[2].split("\n")  # Dragana, TD3: a wrong check digit is reported, not fatal
    digit = lines[1][9]
    lines[1] = lines[1][:9] + str((int(digit) + 1) % 10) + lines[1][10:]
    blocks[2] = "\n".join(lines)
    blocks[4] = blocks[4].split("\n")[0]  # a lone line
    report = _screen(platform, make_user, ("\n\n".join(blocks) + "\n").encode())
    assert (report.format, report.total, report.malformed) == ("mrz", 3, 2)
    assert any("invalid character" in e for e in report.errors)
    assert any("wrong check digit: document number" in e for e in report.errors)
    assert report.hits >= 1


@pytest.mark.parametrize(
    ("content", "fmt", "message"),
    [
        (b"%PDF-1.7\n\x00\x01binary", None, "binary"),
        (b'{"notices": []}', None, "missing required column"),
        (b"UNB+UNOA:4+X+Y+250715:0930+1'UNZ+0+1'", None, "no PAXLST message"),
        (b"surname,given_names\nA,B\n", "mrz", "not a file of MRZ lines"),
        (b"   \n", None, "empty"),
        (b"surname\nX\n", "xml", "unknown manifest format"),
    ],
)
def test_not_a_manifest_is_refused_and_nothing_stored(
    platform: Platform, make_user: MakeUser, content: bytes, fmt: str | None, message: str
) -> None:
    border = make_user("FR", Role.BORDER_OFFICER)
    with pytest.raises(InvalidInput, match=message):
        bulk.screen_manifest(platform, border.call, content, "m", fmt=fmt, processes=0)
    with platform.db.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(screenings)).scalar() == 0
        actions = set(conn.execute(sa.select(audit_log.c.action)).scalars())
    assert not {a for a in actions if a.startswith("screening")}
