"""The final report: HTML with the figures and SVG charts, a real PDF, JSON = the dashboard;
and the demo operation."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from passerelle.model.errors import InvalidInput
from passerelle.model.operations import OutcomeInput
from passerelle.model.principals import Role
from passerelle.services import bulk, operations
from passerelle.services.context import Platform

from tests.conftest import Actor, MakeUser
from tests.operations.conftest import Activity, at


@pytest.fixture
def busy(
    platform: Platform,
    make_user: MakeUser,
    operation: dict[str, Any],
    check: Activity,
    screening: Activity,
) -> str:
    op_id = operation["id"]
    for day in range(1, 6):
        for site in ("FRMRS", "ESALG", "TNTUN"):
            check(op_id, site, at(day), hits=int(day == 2 and site == "TNTUN"))
            screening(op_id, site, at(day), processed=day * 1000 + 17, hits=day % 2)
    (hit,) = check(op_id, "FRMRS", at(2), hits=1)
    fr = make_user("FR", Role.NCB_OFFICER)
    for kind, items in (("arrested", {}), ("items_seized", {"cash_eur": 12000})):
        given = OutcomeInput.model_validate({"hit_id": hit, "kind": kind, "items": items})
        operations.record_outcome(platform, fr.call, op_id, given)
    return op_id


def test_json_export_is_the_dashboard(platform: Platform, gs: Actor, busy: str) -> None:
    body, media = operations.report(platform, gs.call, busy, "json")
    assert media == "application/json"
    assert json.loads(body) == operations.dashboard(platform, gs.call, busy)


def test_html_report(platform: Platform, gs: Actor, busy: str) -> None:
    body, media = operations.report(platform, gs.call, busy, "html")
    html = body.decode("utf-8")
    assert media.startswith("text/html")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en" dir="ltr">' in html
    figures = operations.dashboard(platform, gs.call, busy)
    total = figures["totals"]["checks"]
    assert f"{total:,}" in html and total == 15 + 1 + 3 * (1017 + 2017 + 3017 + 4017 + 5017)
    assert f'id="total-hits">Hits<b>{figures["totals"]["hits"]}</b>' in html
    assert html.count("<svg") == 3
    # Self-contained: no prolog, no script, nothing fetched from elsewhere.
    assert "<?xml" not in html and "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "cash_eur" in html and "12,000" in html
    assert "Operation TESTGULL" in html and "Marseille" in html


def test_html_report_in_arabic_is_rtl(platform: Platform, gs: Actor, busy: str) -> None:
    html = operations.report(platform, gs.call, busy, "html", "ar")[0].decode("utf-8")
    assert '<html lang="ar" dir="rtl">' in html
    assert "تقرير العملية" in html
    assert '<bdi class="ltr">2026-02-20 – 2026-02-24</bdi>' in html


def test_pdf_report(platform: Platform, gs: Actor, busy: str, tmp_path: Path) -> None:
    body, media = operations.report(platform, gs.call, busy, "pdf", "fr")
    assert media == "application/pdf"
    assert body.startswith(b"%PDF-")
    assert body.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page\b", body)) == 4
    assert b"Operation TESTGULL" in body  # the document title (metadata)
    if shutil.which("pdftotext"):
        path = tmp_path / "r.pdf"
        path.write_bytes(body)
        text = subprocess.run(
            ["pdftotext", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "Contrôles par jour et par site" in text
        assert "TNTUN" in text


def test_report_bad_format_and_language(platform: Platform, gs: Actor, busy: str) -> None:
    with pytest.raises(InvalidInput, match="format"):
        operations.report(platform, gs.call, busy, "docx")
    with pytest.raises(InvalidInput, match="language"):
        operations.report(platform, gs.call, busy, "html", "de")


def test_empty_operation_reports(platform: Platform, gs: Actor, operation: dict[str, Any]) -> None:
    for fmt in ("html", "pdf", "json"):
        body, _ = operations.report(platform, gs.call, operation["id"], fmt)
        assert body


def test_seed_operation(platform: Platform, make_user: MakeUser) -> None:
    op_id = operations.seed_operation(platform, seed=3)
    assert operations.seed_operation(platform, seed=3) == op_id  # idempotent
    fr = make_user("FR", Role.BORDER_OFFICER)
    figures = operations.dashboard(platform, fr.call, op_id)
    assert figures["operation"]["name"] == "Operation SEAGULL-DEMO"
    assert [s["locode"] for s in figures["by_site"]] == [
        "FRMRS", "ESALG", "ITGOA", "TNTUN", "DZALG", "MAPTM"
    ]  # fmt: skip
    assert figures["totals"]["checks"] > 10_000
    assert 0 < figures["totals"]["outcomes"] <= figures["totals"]["hits"]
    assert operations.report(platform, fr.call, op_id, "pdf")[0].startswith(b"%PDF")
    # The demo's screenings read as the service's own do: a client polling one sees it
    # finished, and the list filters them by that status.
    listed = bulk.list_screenings(platform, fr.call, operation_id=op_id)
    assert listed["total"] > 0
    assert {s["status"] for s in listed["screenings"]} == {"finished"}
    first = listed["screenings"][0]["id"]
    assert bulk.status(platform, fr.call, first).status == "finished"
    finished = bulk.list_screenings(platform, fr.call, operation_id=op_id, status="finished")
    assert finished["total"] == listed["total"]
