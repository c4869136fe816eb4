"""The Overview page (host and above): the figures `/stats` shows, the participation chart
(an SVG from the same chart code as the digest's PNG) with its facts in words, and what needs
attention, each kind linked to the page where it is handled."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.charts import draw, summary
from bot.dashboard.attention import attention_sections
from bot.dashboard.pages import Page, PageRequest
from bot.i18n import N_, _
from bot.levels import Level
from bot.participation import needs_attention
from bot.participation.stats_text import render

CHART_PATH = "/charts/overview.svg"


async def show_overview(page: PageRequest) -> web.StreamResponse:
    """Show the community's health as `/stats` words it, the chart and what needs attention."""
    services = page.services
    await services.activity.flush()  # count what was posted a moment ago
    now = services.clock.now()
    figures = await services.stats.figures(page.community_id, now)
    chart = await services.stats.chart_data(page.community_id, now)
    waiting = await needs_attention(
        page.dashboard.database, page.community_id, now, services.quiet.default_days
    )
    title, *lines = render(figures, _("Community health")).split("\n")
    shown = [line.removeprefix("• ") for line in lines if line.strip()]
    chart_words = [line.removeprefix("• ") for line in summary(chart).split("\n")]
    return page.render(
        "overview.html",
        {
            "title": title,
            "figures": shown,
            "chart_words": chart_words,
            "attention": attention_sections(waiting, page.signed_in.level),
        },
    )


async def overview_chart(page: PageRequest) -> web.StreamResponse:
    """Answer the community's participation chart as an SVG image, drawn off the event loop."""
    services = page.services
    await services.activity.flush()
    data = await services.stats.chart_data(page.community_id, services.clock.now())
    svg = await asyncio.to_thread(draw, data, "svg")
    return web.Response(body=svg, content_type="image/svg+xml")


OVERVIEW = Page("overview", "/", N_("Overview"), Level.HOST, show_overview)
OVERVIEW_CHART = Page(
    "overview-chart", CHART_PATH, N_("Chart"), Level.HOST, overview_chart, in_nav=False
)
