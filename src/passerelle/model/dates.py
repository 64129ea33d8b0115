"""Partial dates of birth: police data often knows only the year, or the year and month.

A ``PartialDate`` keeps exactly what the source knew. It is written ``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD`` (ISO 8601 reduced precision) and also reads Interpol's ``YYYY/MM/DD`` and the
zero-padded ``1975/00/00`` form some consumers have seen in UN data.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

_PATTERN = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?\s*$")


@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    """A date whose month and day may be unknown."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1800 <= self.year <= 2200:
            raise ValueError(f"year {self.year} is out of range 1800-2200")
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not between 1 and 12")
        if self.day is not None:
            assert self.month is not None
            dt.date(self.year, self.month, self.day)  # raises ValueError on 31 February

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` (or with ``/``); ``00`` means unknown."""
        match = _PATTERN.match(text)
        if not match:
            raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year = int(match.group(1))
        month = int(match.group(2)) if match.group(2) else None
        day = int(match.group(3)) if match.group(3) else None
        if month == 0:
            month, day = None, None
        if day == 0:
            day = None
        try:
            return cls(year, month, day)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a valid date: {exc}") from None

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> str:
        """``year``, ``month`` or ``day``: how much the source knew."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        def validate(value: Any) -> PartialDate:
            if isinstance(value, PartialDate):
                return value
            if isinstance(value, dt.date):
                return cls.from_date(value)
            if isinstance(value, int) and not isinstance(value, bool):
                return cls(value)
            if isinstance(value, str):
                return cls.parse(value)
            raise ValueError("a date must be a string YYYY, YYYY-MM or YYYY-MM-DD")

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
            json_schema_input_schema=core_schema.str_schema(),
        )
