"""Operation reports: self-contained HTML and PDF with charts, and the JSON export.

``render(figures, fmt, lang)`` takes the dict ``services.operations.dashboard`` returns. HTML and
PDF need the ``reports`` extra (matplotlib, Jinja2), imported only here and only when asked
for, so ``import passerelle`` and the JSON export work without it.
"""

from __future__ import annotations

import json
from typing import Any

from passerelle.model.errors import InvalidInput
from passerelle.services.reports.labels import LANGUAGES


def render(figures: dict[str, Any], fmt: str, lang: str = "en") -> bytes:
    """The report in ``fmt`` (json, html, pdf) and ``lang`` (ar, en, es, fr)."""
    if lang not in LANGUAGES:
        raise InvalidInput(f"report language is one of {', '.join(LANGUAGES)}", where="lang")
    if fmt == "json":
        return json.dumps(figures, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    try:
        if fmt == "html":
            from passerelle.services.reports.html import render_html

            return render_html(figures, lang).encode("utf-8")
        if fmt == "pdf":
            from passerelle.services.reports.pdf import render_pdf

            return render_pdf(figures, lang)
    except ImportError as exc:  # pragma: no cover - the dev install has the extra
        raise InvalidInput(
            f"HTML and PDF reports need the reports extra ({exc.name} is missing): "
            "pip install 'passerelle[reports]'"
        ) from None
    raise InvalidInput("report format is one of json, html, pdf", where="format")
