"""Reading a manifest for bulk screening: PAXLST, manifest CSV or a file of MRZ lines.

The parsers live in ``passerelle.formats``; this module picks one (or checks the one asked
for), turns MRZ blocks of a whole file into travellers, and counts *malformed* travellers: those
reported and skipped. Lesser faults (a field left empty, a wrong MRZ check digit) are reported
too but the traveller is still screened — an unscreened traveller is the worse outcome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from passerelle.formats import Traveller, mrz_to_traveller, parse_mrz, parse_paxlst
from passerelle.formats.csv_records import read_manifest_csv
from passerelle.model.errors import InvalidInput

FORMATS = ("paxlst", "csv", "mrz")
#: Bulk manifests are large by nature: limits well above the interactive import's.
MAX_BYTES = 1 << 30
MAX_ROWS = 20_000_000
_MRZ_LINE = re.compile(r"[A-Z0-9<]{30}|[A-Z0-9<]{36}|[A-Z0-9<]{44}")
_SKIPPED = ("skipped",)


@dataclass(slots=True)
class ManifestRead:
    """The travellers of a manifest in input order, and what was wrong with the rest."""

    format: str
    travellers: list[Traveller]
    malformed: int
    errors: list[str] = field(default_factory=list)


def detect_format(content: bytes) -> str:
    """``paxlst`` when the file opens an EDIFACT interchange, ``mrz`` when every line is an MRZ
    line, else ``csv`` (whose reader refuses a file without a usable header)."""
    head = content[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:3] in (b"UNA", b"UNB"):
        return "paxlst"
    lines = [ln.strip() for ln in head.decode("ascii", "replace").splitlines() if ln.strip()]
    complete = lines[:-1] if len(head) < len(content) else lines  # the last may be cut
    # Mostly MRZ-shaped lines: a damaged block must not turn the file into a "CSV".
    shaped = sum(1 for ln in complete if len(ln) in (30, 36, 44) and "<" in ln)
    if complete and shaped >= 0.8 * len(complete):
        return "mrz"
    return "csv"


def read_manifest(content: bytes, fmt: str | None = None) -> ManifestRead:
    """Parse ``content``; raise ``InvalidInput`` when it is not a manifest of ``fmt`` at all."""
    if not content.strip():
        raise InvalidInput("the manifest is empty", where="body")
    fmt = (fmt or detect_format(content)).lower()
    if fmt == "paxlst":
        return _paxlst(content)
    if fmt == "csv":
        return _csv(content)
    if fmt == "mrz":
        return _mrz(content)
    raise InvalidInput(f"unknown manifest format {fmt!r}; use one of {', '.join(FORMATS)}")


def _paxlst(content: bytes) -> ManifestRead:
    result = parse_paxlst(content)
    if not result.messages and not result.items:
        raise InvalidInput(
            "not a passenger list: the interchange holds no PAXLST message",
            errors=result.error_messages()[:50],
        )
    skipped = sum(1 for e in result.errors if "skipped" in e.message)
    return ManifestRead("paxlst", result.items, skipped, result.error_messages())


def _csv(content: bytes) -> ManifestRead:
    result = read_manifest_csv(content, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    # A skipped row has an error that does not end in "field left empty"; count rows, not errors.
    skipped = {e.where for e in result.errors if not e.message.endswith("field left empty")}
    return ManifestRead("csv", result.items, len(skipped), result.error_messages())


def _mrz(content: bytes) -> ManifestRead:
    """A file of MRZs: TD3/TD2 as two lines, TD1 as three, optionally separated by blank lines.

    A block that cannot be read (wrong length, bad character, wrong line count) is reported at
    its first line and skipped; the next block starts at the next line that could open one.
    """
    text = content.decode("utf-8-sig", "replace")
    lines = [(n, ln.strip().upper()) for n, ln in enumerate(text.splitlines(), 1)]
    lines = [(n, ln) for n, ln in lines if ln]
    if not lines or not any(_MRZ_LINE.fullmatch(ln) for _, ln in lines[:20]):
        raise InvalidInput("not a file of MRZ lines (TD1: 3 × 30, TD2: 2 × 36, TD3: 2 × 44)")
    out = ManifestRead("mrz", [], 0)
    i = 0
    while i < len(lines):
        first, line = lines[i]
        size = 3 if len(line) == 30 else 2
        block = [ln for _, ln in lines[i : i + size]]
        lengths = {len(ln) for ln in block}
        if len(block) < size or len(lengths) != 1:
            out.malformed += 1
            out.errors.append(
                f"line {first}: not an MRZ block (lines of {sorted(lengths)} characters); "
                "traveller skipped"
            )
            i += 1
            continue
        try:
            parsed = parse_mrz("\n".join(block))
        except InvalidInput as exc:
            out.malformed += 1
            out.errors.append(f"line {first}: {exc}; traveller skipped")
            i += size
            continue
        for problem in parsed.check_errors:
            out.errors.append(f"line {first}: wrong check digit: {problem}; traveller screened")
        for problem in parsed.field_errors:
            out.errors.append(f"line {first}: {problem}; field left empty")
        if not parsed.surname:
            out.malformed += 1
            out.errors.append(f"line {first}: no surname in the MRZ; traveller skipped")
        else:
            out.travellers.append(mrz_to_traveller(parsed, source=f"line {first}"))
        i += size
    return out
