"""Drawing a chart: four panels in one picture, PNG for chat and SVG for the web dashboard.

matplotlib is imported here, inside `draw`, so starting the bot (and each test's app) does not
pay for it; only the Agg canvas is used (no pyplot, no display). Its settings are global, so
one drawing at a time holds `_LOCK`; callers on the event loop run `draw` in a thread.
"""

from __future__ import annotations

import io
import os
import tempfile
import threading
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from bot.charts.data import ChartData, cut_title
from bot.i18n import _, formats

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.typing import RcKeyType

Format = Literal["png", "svg"]

PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "grey": "#999999",
}
"""Okabe and Ito's colour-blind-safe colours, the only ones the chart uses."""

WIDTH_INCHES, HEIGHT_INCHES, DPI = 12.0, 9.0, 100
"""1200 × 900 pixels: readable in a chat client without opening the image."""
WEEK_TICKS = 8
"""At most this many week labels on an axis (a year's weeks would overlap)."""
_STYLE: dict[RcKeyType, Any] = {
    "text.parse_math": False,  # a `$` in a topic title is a dollar, not maths
    "font.size": 14,
    "axes.titlesize": 16,
    "axes.titleweight": "bold",
    "axes.labelsize": 14,
    "legend.fontsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "svg.fonttype": "none",  # text stays text in the SVG: searchable, and read by screen readers
    "svg.hashsalt": "cohort",  # the same chart gives the same SVG
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_MARGINS = {"left": 0.07, "right": 0.97, "top": 0.95, "bottom": 0.08, "hspace": 0.32,
            "wspace": 0.7}  # fmt: skip
"""The room around and between the panels: the topics' titles (`TOPIC_TITLE_CHARS`) left
of the last panel."""
_LOCK = threading.Lock()


def draw(data: ChartData, format: Format = "png") -> bytes:
    """Return the chart of `data` as PNG or SVG bytes (the same drawing either way)."""
    os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "cohort-mpl"))
    import matplotlib  # lazily: only drawing pays for it

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with _LOCK, matplotlib.rc_context(_STYLE), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a glyph missing from the font (an emoji in a title)
        figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
        FigureCanvasAgg(figure)
        # Fixed margins, not a layout engine: measuring every label to place the panels cost
        # as much as drawing them, and the space the longest labels need is known.
        panels = figure.subplots(2, 2, gridspec_kw=_MARGINS)
        _active(panels[0][0], data)
        _messages(panels[0][1], data)
        _lorenz(panels[1][0], data)
        _topics(panels[1][1], data)
        out = io.BytesIO()
        figure.savefig(out, format=format, dpi=DPI, metadata=_metadata(format))
        return out.getvalue()


def _metadata(format: Format) -> dict[str, str | None]:
    """Return the file's metadata: no creation date, so the same chart gives the same bytes."""
    return {"Date": None} if format == "svg" else {"Software": "Cohort"}


def _active(axes: Axes, data: ChartData) -> None:
    axes.set_title(_("Active members per week"))
    if not data.weeks:
        _nothing(axes, _("No weeks to show yet"))
        return
    positions = range(len(data.weeks))
    axes.plot(positions, data.active, color=PALETTE["blue"], marker="o", linewidth=2.5)
    axes.fill_between(positions, data.active, color=PALETTE["blue"], alpha=0.15)
    axes.set_ylim(bottom=0, top=max(1, *data.active) * 1.15)
    _week_axis(axes, data.weeks)
    axes.set_ylabel(_("members"))


def _messages(axes: Axes, data: ChartData) -> None:
    axes.set_title(_("Posts and thread replies per week"))
    if not data.weeks:
        _nothing(axes, _("No weeks to show yet"))
        return
    positions = list(range(len(data.weeks)))
    axes.bar(positions, data.posts, color=PALETTE["orange"], label=_("posts"))
    axes.bar(positions, data.replies, bottom=data.posts, color=PALETTE["green"], label=_("replies"))
    tallest = max((p + r for p, r in zip(data.posts, data.replies, strict=True)), default=0)
    axes.set_ylim(0, max(1, tallest) * 1.3)  # room for the legend above the tallest bar
    axes.legend(loc="upper left", ncols=2, frameon=False)
    _week_axis(axes, data.weeks)
    axes.set_ylabel(_("messages"))


def _lorenz(axes: Axes, data: ChartData) -> None:
    balance = data.balance
    axes.set_title(_("Participation balance ({days} days)").format(days=balance.days))
    axes.plot([0, 1], [0, 1], color=PALETTE["grey"], linestyle="--", label=_("perfectly even"))
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    axes.set_xlabel(_("share of posters, fewest messages first"))
    axes.set_ylabel(_("share of messages"))
    if not balance.points:
        _nothing(axes, _("No messages yet"))
        return
    xs = [x for x, _y in balance.points]
    ys = [y for _x, y in balance.points]
    axes.plot(xs, ys, color=PALETTE["vermillion"], linewidth=2.5, label=_("posters"))
    axes.fill_between(xs, xs, ys, color=PALETTE["vermillion"], alpha=0.12)
    named = _("Gini {gini}\nTop 10 % wrote {share}").format(
        gini=formats.number(balance.gini, places=2), share=formats.percent(balance.top_share)
    )
    axes.text(
        0.04, 0.95, named, transform=axes.transAxes, va="top", fontsize=15,
        bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": PALETTE["grey"]},
    )  # fmt: skip
    axes.legend(loc="lower right", frameon=False)


def _topics(axes: Axes, data: ChartData) -> None:
    axes.set_title(_("Replies per topic"))
    if not data.topics:
        _nothing(axes, _("No topics posted yet"))
        return
    positions = list(range(len(data.topics)))
    counts = [topic.replies for topic in data.topics]
    axes.barh(positions, counts, color=PALETTE["sky"])
    axes.set_yticks(positions, labels=[cut_title(topic.title) for topic in data.topics])
    axes.tick_params(axis="y", labelsize=11)
    axes.invert_yaxis()  # the oldest topic on top, as read
    axes.set_xlim(0, max(1, *counts) * 1.15)
    for position, count in zip(positions, counts, strict=True):
        axes.text(count, position, f" {count}", va="center", fontsize=12)
    axes.set_xlabel(_("replies"))


def _week_axis(axes: Axes, weeks: Sequence[str]) -> None:
    """Label the week axis with at most `WEEK_TICKS` of the weeks, the last one always."""
    step = max(1, -(-len(weeks) // WEEK_TICKS))
    shown = list(range(len(weeks) - 1, -1, -step))[::-1]
    axes.set_xticks(shown, labels=[weeks[index] for index in shown])
    axes.set_xlim(-0.6, len(weeks) - 0.4)


def _nothing(axes: Axes, text: str) -> None:
    """Say in the panel's middle that there is nothing to draw, with no empty axes."""
    axes.text(0.5, 0.5, text, transform=axes.transAxes, ha="center", va="center",
              fontsize=15, color="#555555")  # fmt: skip
    axes.set_xticks([])
    axes.set_yticks([])
