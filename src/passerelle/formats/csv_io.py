"""The CSV plumbing shared by every table format: decoding, limits, header, rows, safe writing.

Spreadsheets are the lingua franca of NCB desks, and also a vector: a cell such as
``=cmd|' /C calc'!A0`` is harmless text in our store but runs when an analyst opens an export in
Excel. Such text is stored as given; ``write_table`` neutralises it on the way out (OWASP advice:
prefix a quote) and the reader removes that quote again, so exports re-import unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from passerelle.formats.results import ParseError
from passerelle.formats.text import decode_bytes
from passerelle.model.errors import InvalidInput

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
DELIMITERS = (",", ";", "\t")
#: First characters that make a spreadsheet treat a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, slots=True)
class Column:
    """A documented column: its name, whether every row needs it, and what it holds."""

    name: str
    description: str
    required: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    """A data row: the file line it starts on, and its cells by column name (stripped)."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass(frozen=True, slots=True)
class Table:
    encoding: str
    delimiter: str
    columns: list[str]
    rows: list[Row]
    errors: list[ParseError]


def normalise_header(name: str) -> str:
    """``Date of birth`` and ``DATE-OF-BIRTH`` both mean ``date_of_birth``."""
    return re.sub(r"[\s\-]+", "_", name.strip().lstrip("\ufeff").strip()).lower()


def sniff_delimiter(header_line: str) -> str:
    """The header line holds only known names, so the most frequent candidate is the delimiter."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _unneutralise(value: str) -> str:
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_START):
        return value[1:]  # the quote ``neutralise_cell`` added
    return value


def _check_header(raw: list[str], columns: Sequence[Column]) -> list[str]:
    known = {c.name for c in columns}
    names = [normalise_header(h) for h in raw]
    problems = []
    seen: set[str] = set()
    for position, name in enumerate(names, 1):
        if not name:
            problems.append(f"column {position} has no name")
        elif name not in known:
            problems.append(
                f"unknown column {raw[position - 1].strip()!r}; known columns: "
                + ", ".join(c.name for c in columns)
            )
        elif name in seen:
            problems.append(f"column {name!r} appears twice")
        seen.add(name)
    problems += [
        f"missing required column {c.name!r}" for c in columns if c.required and c.name not in seen
    ]
    if problems:
        raise InvalidInput(
            "; ".join(problems),
            where="line 1",
            errors=[f"line 1: {p}" for p in problems],
        )
    return names


def read_table(
    data: bytes | str,
    columns: Sequence[Column],
    *,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    encoding: str | None = None,
) -> Table:
    """Decode, check limits and header, and split into rows; header problems raise."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8"))
    if size > max_bytes:
        raise InvalidInput(f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes")
    if isinstance(data, bytes):
        decoded = decode_bytes(data, encoding)
        text, used = decoded.text, decoded.encoding
    else:
        text, used = data.lstrip("\ufeff"), "str"
    first = text.lstrip("\r\n").split("\n", 1)[0]
    if not first.strip():
        raise InvalidInput("the file is empty: a header line with column names is required")
    delimiter = sniff_delimiter(first)
    skipped = len(text) - len(text.lstrip("\r\n"))
    reader = csv.reader(io.StringIO(text.lstrip("\r\n"), newline=""), delimiter=delimiter)
    offset = text[:skipped].count("\n")
    try:
        names = _check_header(next(reader), columns)
        rows, errors = _rows(reader, names, offset, max_rows)
    except csv.Error as exc:
        raise InvalidInput(f"line {reader.line_num + offset}: unreadable CSV: {exc}") from None
    return Table(used, delimiter, names, rows, errors)


def _rows(
    reader: Iterable[list[str]], names: list[str], offset: int, max_rows: int
) -> tuple[list[Row], list[ParseError]]:
    rows: list[Row] = []
    errors: list[ParseError] = []
    line = 1 + offset  # physical line where the next record starts
    assert hasattr(reader, "line_num")
    for record in reader:
        start, line = line + 1, reader.line_num + offset
        if not any(cell.strip() for cell in record):
            continue
        if len(rows) >= max_rows:
            raise InvalidInput(f"line {start}: more than {max_rows:,} rows; split the file")
        if len(record) > len(names):
            extra = len(record) - len(names)
            errors.append(
                ParseError(
                    f"line {start}",
                    None,
                    f"{len(record)} cells but the header has {len(names)} "
                    f"columns ({extra} too many); row skipped",
                )
            )
            continue
        cells = {
            name: _unneutralise(cell.strip()) for name, cell in zip(names, record, strict=False)
        }
        rows.append(Row(start, cells))
    return rows, errors


# --- lists inside a cell --------------------------------------------------------------------


def split_list(value: str) -> list[str]:
    """``a|b|c`` to items; ``\\|`` is a literal bar and ``\\\\`` a backslash; blanks dropped."""
    items, buf, escaped = [], [], False
    for ch in value:
        if escaped:
            buf.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "|":
            items.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    if escaped:
        buf.append("\\")
    items.append("".join(buf).strip())
    return [item for item in items if item]


def join_list(items: Iterable[str]) -> str:
    return "|".join(i.replace("\\", "\\\\").replace("|", "\\|") for i in items)


# --- writing --------------------------------------------------------------------------------


def neutralise_cell(value: str) -> str:
    """Make a cell safe to open in a spreadsheet: no control or bidi characters, no formulas."""
    value = _UNSAFE.sub("\ufffd", value)
    if value.lstrip("'").startswith(FORMULA_START):
        return "'" + value
    return value


def write_table(
    columns: Sequence[str], rows: Iterable[Mapping[str, str | None]], *, delimiter: str = ","
) -> str:
    """CSV text with a header; every cell neutralised; ``\\r\\n`` line ends as RFC 4180 says."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise_cell(row.get(c) or "") for c in columns])
    return out.getvalue()
