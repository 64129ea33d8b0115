"""docs/formats.md documents every CSV column the readers accept, and says which are required."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from passerelle.formats.csv_io import Column
from passerelle.formats.csv_records import DOCUMENT_COLUMNS, MANIFEST_COLUMNS, PERSON_COLUMNS

DOC = (Path(__file__).parents[2] / "docs" / "formats.md").read_text("utf-8")
ROWS = re.findall(r"^\| `(\w+)` \| (yes)? *\|", DOC, flags=re.MULTILINE)


@pytest.mark.parametrize("columns", [PERSON_COLUMNS, DOCUMENT_COLUMNS, MANIFEST_COLUMNS])
def test_every_column_is_documented_with_its_requirement(columns: tuple[Column, ...]) -> None:
    documented: dict[str, set[bool]] = {}
    for name, required in ROWS:
        documented.setdefault(name, set()).add(bool(required))
    for column in columns:
        assert column.name in documented, f"{column.name} missing from docs/formats.md"
        assert column.required in documented[column.name], column.name
