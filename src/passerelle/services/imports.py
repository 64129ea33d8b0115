"""Imports: a whole file in one transaction, or nothing and a message naming line and field.

Parsing happens first, entirely; only a file without a single error reaches the database, and
then every record is inserted (with its audit row) in one transaction, so a failure halfway
(a constraint, a lost connection) still leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from passerelle.model.errors import Forbidden, InvalidInput
from passerelle.model.notices import NoticeState
from passerelle.model.policy import AccessMode, Confidentiality, Purpose
from passerelle.model.principals import WRITER_ROLES
from passerelle.services.context import Call, Platform
from passerelle.services.policies import PolicyInput, build_policy
from passerelle.services.records import search_text
from passerelle.store import audit
from passerelle.store import records as repo

FORMATS = ("interpol-json", "persons-csv", "travel-documents-csv")


@dataclass(frozen=True, slots=True)
class ImportReport:
    format: str
    imported: int
    ids: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Pending:
    new: repo.NewRecord
    where: str


def guess_format(content: bytes, filename: str | None) -> str:
    """Pick the format from the file name and its first bytes."""
    name = (filename or "").lower()
    head = content[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if name.endswith((".json", ".jsonl")) or head[:1] in (b"{", b"["):
        return "interpol-json"
    if name.endswith((".csv", ".tsv", ".txt")) or b"," in head or b";" in head:
        # The header tells: a persons file has a `name` column, a documents file a `number`.
        header = head.split(b"\n", 1)[0].decode("utf-8", "replace").lower()
        columns = {c.strip().strip('"') for c in re.split(r"[,;\t]", header)}
        return (
            "travel-documents-csv"
            if "number" in columns and "name" not in columns
            else "persons-csv"
        )
    raise InvalidInput(
        f"cannot tell the file's format; pass --format ({', '.join(FORMATS)})",
        where=filename or "file",
    )


def _parse(platform: Platform, fmt: str, content: bytes, owner: str) -> list[_Pending]:
    now = platform.now()
    pending: list[_Pending] = []
    if fmt == "interpol-json":
        from passerelle.formats.interpol_json import read_interpol_notices

        parsed = read_interpol_notices(content)
        if parsed.errors:
            _refuse(parsed.errors)
        for i, item in enumerate(parsed.items):
            person = item.person
            data = {
                "notice_type": item.notice_type,
                "subject": person.model_dump(mode="json"),
                "details": item.details,
                "public_extract": True,
            }
            policy = build_policy(owner, PolicyInput(), now)
            pending.append(
                _Pending(
                    repo.NewRecord(
                        kind="notice",
                        subtype=item.notice_type,
                        state=NoticeState.PUBLISHED.value,
                        data=data,
                        policy=policy,
                        search_text=search_text(person),
                        source_reference=item.source_reference,
                        workflow={"imported_from": "interpol-public-json"},
                    ),
                    f"notice {i + 1}",
                )
            )
        return pending
    if fmt in ("persons-csv", "travel-documents-csv"):
        from passerelle.formats import csv_records

        reader = (
            csv_records.read_persons_csv if fmt == "persons-csv" else csv_records.read_documents_csv
        )
        parsed_rows = reader(
            content,
            max_rows=platform.settings.max_import_rows,
            max_bytes=platform.settings.max_request_bytes * 10,
        )
        if parsed_rows.errors:
            _refuse(parsed_rows.errors)
        for row in parsed_rows.items:
            where = f"line {row.line}"
            try:
                policy = build_policy(owner, _policy_input(row.policy), now)
            except InvalidInput as exc:
                raise InvalidInput(f"{where}: {exc}", where=where) from None
            record = row.record
            pending.append(
                _Pending(
                    repo.NewRecord(
                        kind=record.kind,
                        data=record.model_dump(mode="json"),
                        policy=policy,
                        search_text=search_text(record),
                        source_reference=getattr(record, "source_reference", None),
                    ),
                    where,
                )
            )
        return pending
    raise InvalidInput(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}", where="format")


def _policy_input(fields: Any) -> PolicyInput:
    """The policy columns of one CSV row, as the same input the API takes."""
    expires = fields.expires_on
    return PolicyInput(
        access=fields.access or AccessMode.ALL,
        entities=sorted(fields.access_entities or ()) if fields.access else [],
        confidentiality=fields.confidentiality or Confidentiality.RESTRICTED,
        handling=sorted(fields.handling or ()),
        purpose=fields.purpose or Purpose.INVESTIGATION,
        expires_at=dt.datetime.combine(expires, dt.time(), tzinfo=dt.UTC) if expires else None,
    )


def _refuse(errors: list[Any]) -> None:
    lines = [str(e) for e in errors]
    more = f" (and {len(lines) - 1} more problems)" if len(lines) > 1 else ""
    raise InvalidInput(f"nothing was imported: {lines[0]}{more}", errors=lines[:200])


def import_bytes(
    platform: Platform,
    call: Call,
    content: bytes,
    *,
    fmt: str | None = None,
    filename: str | None = None,
) -> ImportReport:
    """Import ``content``; the caller's NCB owns what is imported."""
    if call.principal.role not in WRITER_ROLES:
        raise Forbidden(f"the role {call.principal.role.value} may not import records")
    if not content.strip():
        raise InvalidInput("the file is empty", where=filename or "file")
    fmt = fmt or guess_format(content, filename)
    pending = _parse(platform, fmt, content, call.principal.entity)
    if not pending:
        raise InvalidInput("the file holds no records", where=filename or "file")
    now = platform.now()
    with platform.db.transaction() as conn:
        ids = repo.insert_many(conn, [item.new for item in pending], call.principal.user_id, now)
        audit.append(
            conn,
            call.actor,
            "import",
            detail={
                "format": fmt,
                "file": (filename or "")[:200],
                "count": len(ids),
                "ids": ids[:1000],
            },
        )
    return ImportReport(fmt, len(ids), ids)
