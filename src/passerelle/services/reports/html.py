"""The HTML report: one self-contained file (inline CSS and SVG charts), ``lang`` and ``dir``
set for the language, CSS logical properties so that Arabic mirrors without a second sheet."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from passerelle.services.reports import charts
from passerelle.services.reports.labels import RTL, labels

_env = Environment(
    loader=PackageLoader("passerelle.services.reports", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(figures: dict[str, Any], lang: str) -> str:
    text = labels(lang)
    with charts.style():
        svgs = [Markup(charts.svg(make(figures, text))) for make in charts.CHARTS]  # noqa: S704
    return _env.get_template("operation_report.html").render(
        f=figures,
        t=text,
        lang=lang,
        dir="rtl" if lang in RTL else "ltr",
        charts=svgs,
    )
