"""Charts of a community's participation: one picture of four panels, and its facts in words.

Pure drawing, no database: `ChartData` is filled by the participation feature
(`bot/participation/chart_data.py`), `draw` turns it into PNG or SVG bytes (matplotlib, Agg,
imported only when a chart is drawn) and `summary` says the same facts in words. The digest,
`/stats` and the web dashboard show these.
"""

from bot.charts.data import ChartData, LorenzBalance, TopicReplies, lorenz_points
from bot.charts.drawing import PALETTE, draw
from bot.charts.files import CHART_NAME, chart_file
from bot.charts.summary import summary

__all__ = [
    "CHART_NAME",
    "PALETTE",
    "ChartData",
    "LorenzBalance",
    "TopicReplies",
    "chart_file",
    "draw",
    "lorenz_points",
    "summary",
]
