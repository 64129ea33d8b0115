"""The PDF report: a summary page and the charts, written with matplotlib's PdfPages.

matplotlib is BSD-style licensed and installs from wheels; no GPL library and no system
package is needed. It does not shape Arabic script, so an Arabic PDF is labelled in English
(the HTML report is the Arabic one).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from passerelle.services.reports import charts
from passerelle.services.reports.labels import RTL, labels

A4 = (8.27, 11.69)


def _summary(figures: dict[str, Any], text: dict[str, str]) -> Figure:
    op = figures["operation"]
    fig = Figure(figsize=A4)
    y = 0.94

    def line(
        value: str, size: float = 10, weight: str = "normal", gap: float = 0.022, mono: bool = False
    ) -> None:
        nonlocal y
        family = "monospace" if mono else "sans-serif"
        fig.text(0.08, y, value, fontsize=size, fontweight=weight, va="top", family=family)
        y -= gap

    line(f"{text['title']}: {op['name']}", 16, "bold", 0.04)
    line(f"{text['window']}: {op['starts_on']} – {op['ends_on']}")
    line(f"{text['coordinator']}: {op['coordinator']}")
    line(f"{text['participants']}: {', '.join(op['participants'])}")
    line(f"{text['generated']}: {figures['generated_at'][:16].replace('T', ' ')} UTC", gap=0.04)
    totals = figures["totals"]
    for key in ("checks", "hits", "outcomes"):
        line(f"{text[key]}: {totals[key]:,}", 13, "bold", 0.03)
    y -= 0.01
    line(text["chart_outcomes"], 11, "bold", 0.026)
    for kind, count in figures["outcomes_by_kind"].items():
        line(f"    {text[kind]}: {count}")
    y -= 0.01
    line(text["items"], 11, "bold", 0.026)
    for item, qty in figures["items_seized"].items() or [(text["none"], "")]:
        line(f"    {item}: {qty:,}" if qty != "" else f"    {item}")
    y -= 0.01
    line(text["by_site"], 11, "bold", 0.026)
    widths = [max(9, len(text[k])) for k in ("checks", "hits", "outcomes")]
    cells = [f"{text[k]:>{w}}" for k, w in zip(("checks", "hits", "outcomes"), widths, strict=True)]
    line(f"{text['site']:<28} " + " ".join(cells), 8.5, "bold", mono=True)
    for site in figures["by_site"]:
        name = f"{site['locode'] or ''} {site['name'] or text['no_site']}".strip()[:28]
        values = (site["checks"], site["hits"], sum(site["outcomes"].values()))
        cells = [f"{v:>{w},}" for v, w in zip(values, widths, strict=True)]
        line(f"{name:<28} " + " ".join(cells), 8.5, mono=True)
        if y < 0.06:
            break
    fig.text(0.08, 0.03, text["synthetic"], fontsize=8, color="#555555")
    return fig


def render_pdf(figures: dict[str, Any], lang: str) -> bytes:
    """A4 portrait summary, then one landscape A4 page per chart."""
    text = labels("en" if lang in RTL else lang)
    buf = io.BytesIO()
    with charts.style(), PdfPages(buf, metadata=_metadata(figures)) as pdf:
        pdf.savefig(_summary(figures, text))
        for make in charts.CHARTS:
            fig = make(figures, text)
            fig.set_size_inches(A4[1], A4[0])
            pdf.savefig(fig)
    return buf.getvalue()


def _metadata(figures: dict[str, Any]) -> dict[str, Any]:
    generated = dt.datetime.fromisoformat(figures["generated_at"])
    return {
        "Title": f"Operation report: {figures['operation']['name']}",
        "Creator": "Passerelle",
        "CreationDate": generated,
    }
