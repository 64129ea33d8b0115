"""The report's charts, drawn with matplotlib's object API (no pyplot: no global state, safe
in a server thread) and written as SVG for the HTML report or as pages of the PDF.

Text is drawn as paths in SVG, so the HTML needs no font and stays self-contained.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

#: Colour-blind-safe palette (Okabe-Ito), one colour per site in a fixed order.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
           "#000000")  # fmt: skip
_STYLE: dict[str, Any] = {
    "svg.fonttype": "path",
    "svg.hashsalt": "passerelle-report",
    "pdf.fonttype": 42,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@contextmanager
def style() -> Iterator[None]:
    with mpl.rc_context(_STYLE):  # type: ignore[arg-type]
        yield


def _day_ticks(ax: Any, days: list[str]) -> None:
    step = max(1, len(days) // 12)
    ax.set_xticks(range(0, len(days), step))
    ax.set_xticklabels([d[5:] for d in days[::step]], rotation=45, ha="right")
    ax.set_xlim(-0.6, len(days) - 0.4)


def checks_per_day_site(figures: dict[str, Any], text: dict[str, str]) -> Figure:
    """Stacked bars: one colour per site, so both the daily volume and each site's share show."""
    days = [d["day"] for d in figures["by_day"]]
    sites = [s["locode"] for s in figures["by_site"]]
    fig = Figure(figsize=(8.0, 3.6), layout="constrained")
    ax = fig.add_subplot()
    base = [0] * len(days)
    index = {d: i for i, d in enumerate(days)}
    for n, site in enumerate(sites):
        values = [0] * len(days)
        for cell in figures["checks_by_day_site"]:
            if cell["site"] == site:
                values[index[cell["day"]]] += cell["count"]
        if not any(values):
            continue
        ax.bar(
            range(len(days)),
            values,
            bottom=base,
            color=PALETTE[n % len(PALETTE)],
            label=site or text["no_site"],
            width=0.8,
        )
        base = [b + v for b, v in zip(base, values, strict=True)]
    ax.set_title(text["chart_checks"], loc="left", fontweight="bold")
    ax.set_ylabel(text["checks"])
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    _day_ticks(ax, days)
    if any(base):
        ax.legend(title=text["site"], loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return fig


def hits_per_day(figures: dict[str, Any], text: dict[str, str]) -> Figure:
    days = [d["day"] for d in figures["by_day"]]
    values = [d["hits"] for d in figures["by_day"]]
    fig = Figure(figsize=(8.0, 2.8), layout="constrained")
    ax = fig.add_subplot()
    bars = ax.bar(range(len(days)), values, color="#D55E00", width=0.8)
    if len(days) <= 40:
        ax.bar_label(bars, labels=[str(v) if v else "" for v in values], fontsize=7)
    ax.set_title(text["chart_hits"], loc="left", fontweight="bold")
    ax.set_ylabel(text["hits"])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _day_ticks(ax, days)
    ax.grid(axis="y", alpha=0.3)
    return fig


def outcomes_by_type(figures: dict[str, Any], text: dict[str, str]) -> Figure:
    kinds = list(figures["outcomes_by_kind"])
    values = [figures["outcomes_by_kind"][k] for k in kinds]
    fig = Figure(figsize=(8.0, 2.8), layout="constrained")
    ax = fig.add_subplot()
    y = list(range(len(kinds)))[::-1]
    bars = ax.barh(y, values, color="#009E73")
    ax.bar_label(bars, padding=3)
    ax.set_yticks(y)
    ax.set_yticklabels([text[k] for k in kinds])
    ax.set_title(text["chart_outcomes"], loc="left", fontweight="bold")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max([*values, 1]) * 1.15)
    ax.grid(axis="x", alpha=0.3)
    return fig


CHARTS = (checks_per_day_site, hits_per_day, outcomes_by_type)


def svg(fig: Figure) -> str:
    """The figure as an inline ``<svg>`` element (no XML prolog, no DOCTYPE)."""
    buf = io.StringIO()
    with style():
        # No RDF metadata: it would carry the wall-clock date and make reports differ.
        fig.savefig(
            buf,
            format="svg",
            metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
        )
    text = buf.getvalue()
    return text[text.index("<svg") :]
