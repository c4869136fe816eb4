"""The chart as a file to send: a PNG named for the chat, with its summary as the text."""

from __future__ import annotations

import asyncio

from bot.charts.data import ChartData
from bot.charts.drawing import draw
from bot.messages import OutboundFile

CHART_NAME = "participation.png"


async def chart_file(data: ChartData, text: str, name: str = CHART_NAME) -> OutboundFile:
    """Return the chart of `data` as a PNG file with `text` beside it, drawn off the loop."""
    png = await asyncio.to_thread(draw, data, "png")
    return OutboundFile(name=name, content=png, media_type="image/png", text=text)
