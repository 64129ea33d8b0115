"""A small UN/EDIFACT tokenizer and serialiser (ISO 9735 syntax levels A and above).

Written here rather than taken from ``pydifact`` because that library fails on interchanges with
UNG/UNE groups, which the PAXLST guide uses, and because we need every segment's number and line
to point officers at the exact place a manifest is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from passerelle.formats.results import ParseError
from passerelle.model.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Delimiters:
    """The service characters, as a UNA segment declares them (defaults of ISO 9735)."""

    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str = "?"
    reserved: str = " "
    segment: str = "'"

    @classmethod
    def from_una(cls, chars: str) -> Delimiters:
        """The six characters after ``UNA``; they must be distinct (the reserved one aside)."""
        if len(chars) != 6:
            raise InvalidInput(
                "UNA service string advice is cut short: 6 characters expected", where="UNA"
            )
        delims = cls(*chars)
        special = (delims.component, delims.element, delims.release, delims.segment)
        if len(set(special)) != 4:
            raise InvalidInput(
                f"UNA declares the same character twice in {''.join(chars)!r}: component, "
                "element, release and segment separators must differ",
                where="UNA",
            )
        return delims

    def una(self) -> str:
        return (
            "UNA"
            + self.component
            + self.element
            + self.decimal
            + self.release
            + self.reserved
            + self.segment
        )


DEFAULT_DELIMITERS = Delimiters()


@dataclass(frozen=True, slots=True)
class Segment:
    """One segment: its tag, its elements (each a tuple of components), and where it was read.

    ``number`` counts segments from 1 at UNB (the UNA advice is not a segment); ``line`` is the
    line the segment starts on.
    """

    tag: str
    elements: tuple[tuple[str, ...], ...]
    number: int = 0
    line: int = 1

    def element(self, index: int) -> tuple[str, ...]:
        """Element ``index`` (0-based, after the tag); empty when absent."""
        return self.elements[index] if index < len(self.elements) else ()

    def value(self, index: int, component: int = 0) -> str:
        """One component of one element, ``""`` when absent."""
        parts = self.element(index)
        return parts[component] if component < len(parts) else ""

    def where(self, with_line: bool = False) -> str:
        base = f"segment {self.number} ({self.tag})"
        return f"{base}, line {self.line}" if with_line else base


@dataclass(frozen=True, slots=True)
class Tokens:
    delimiters: Delimiters
    segments: list[Segment]
    errors: list[ParseError]
    multiline: bool


def tokenize(text: str) -> Tokens:
    """Split an interchange into segments; raise ``InvalidInput`` if it is not EDIFACT at all."""
    start = text.lstrip("\ufeff \t\r\n")
    offset_line = text[: len(text) - len(start)].count("\n") + 1
    if start.startswith("UNA"):
        delims = Delimiters.from_una(start[3:9])
        body = start[9:]
    else:
        delims = DEFAULT_DELIMITERS
        body = start
    if not body.lstrip("\r\n ").startswith("UNB"):
        found = start[:20].splitlines()[0] if start.strip() else "an empty file"
        raise InvalidInput(
            f"not a UN/EDIFACT interchange: it must start with UNA or UNB, found {found!r}"
        )
    return _split(body, delims, offset_line)


def _split(body: str, d: Delimiters, line: int) -> Tokens:
    segments: list[Segment] = []
    errors: list[ParseError] = []
    ignorable = {c for c in "\r\n" if c != d.segment}
    elements: list[tuple[str, ...]] = []
    components: list[str] = []
    buf: list[str] = []
    seg_line = line
    started = False
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch == "\n":
            line += 1
        if not started:
            if ch in ignorable or ch.isspace():
                i += 1
                continue
            started, seg_line = True, line
        if ch == d.release:
            if i + 1 >= n:
                errors.append(
                    ParseError(
                        f"line {line}", None, "release character at the very end of the file"
                    )
                )
                i += 1
                continue
            buf.append(body[i + 1])
            line += body[i + 1] == "\n"
            i += 2
            continue
        if ch == d.component:
            components.append("".join(buf))
            buf = []
        elif ch == d.element:
            components.append("".join(buf))
            elements.append(tuple(components))
            buf, components = [], []
        elif ch == d.segment:
            components.append("".join(buf))
            elements.append(tuple(components))
            _close(elements, segments, errors, seg_line)
            buf, components, elements, started = [], [], [], False
        elif ch not in ignorable:
            buf.append(ch)
        i += 1
    if started:
        components.append("".join(buf))
        elements.append(tuple(components))
        _close(elements, segments, errors, seg_line)
        last = segments[-1] if segments else None
        errors.append(
            ParseError(
                last.where() if last else f"line {seg_line}",
                None,
                f"segment not terminated by {d.segment!r}: the file looks truncated",
            )
        )
    multiline = "\n" in body.strip()
    return Tokens(d, segments, errors, multiline)


def _close(
    elements: list[tuple[str, ...]], segments: list[Segment], errors: list[ParseError], line: int
) -> None:
    tag = elements[0][0] if elements and elements[0] else ""
    number = len(segments) + 1
    if len(tag) != 3 or not tag.isalnum() or not tag.isupper():
        errors.append(
            ParseError(
                f"segment {number}, line {line}",
                None,
                f"{tag[:10]!r} is not a segment tag (3 upper-case letters)",
            )
        )
    segments.append(Segment(tag, tuple(elements[1:]), number, line))


# --- writing --------------------------------------------------------------------------------


def escape(value: str, d: Delimiters = DEFAULT_DELIMITERS) -> str:
    """Put the release character before every service character in ``value``."""
    special = {d.component, d.element, d.release, d.segment}
    return "".join(d.release + ch if ch in special else ch for ch in value)


def serialise_segment(
    tag: str, elements: Sequence[Sequence[str] | str], d: Delimiters = DEFAULT_DELIMITERS
) -> str:
    """``TAG+a:b+c'`` with trailing empty components and elements dropped, as the syntax asks."""
    parts = [tag]
    for element in elements:
        comps = [element] if isinstance(element, str) else list(element)
        while comps and comps[-1] == "":
            comps.pop()
        parts.append(d.component.join(escape(c, d) for c in comps))
    while len(parts) > 1 and parts[-1] == "":
        parts.pop()
    return d.element.join(parts) + d.segment


def serialise(
    segments: Iterable[tuple[str, Sequence[Sequence[str] | str]]],
    d: Delimiters = DEFAULT_DELIMITERS,
    *,
    una: bool = True,
    newlines: bool = True,
) -> str:
    sep = "\n" if newlines else ""
    out = [d.una()] if una else []
    out.extend(serialise_segment(tag, elements, d) for tag, elements in segments)
    return sep.join(out) + sep
