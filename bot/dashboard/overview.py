"""The Overview page (host and above): the figures `/stats` shows, and the places where the
chart and the "needs attention" list will go."""

from __future__ import annotations

from aiohttp import web

from bot.dashboard.pages import Page, PageRequest
from bot.i18n import N_, _
from bot.levels import Level
from bot.participation.stats_text import render

CHART_PATH = "/charts/overview.svg"


async def show_overview(page: PageRequest) -> web.StreamResponse:
    """Show the community's health as `/stats` words it, one figure a line."""
    services = page.services
    await services.activity.flush()  # count what was posted a moment ago
    figures = await services.stats.figures(page.community_id, services.clock.now())
    title, *lines = render(figures, _("Community health")).split("\n")
    shown = [line.removeprefix("• ") for line in lines if line.strip()]
    return page.render("overview.html", {"title": title, "figures": shown})


async def no_chart_yet(_page: PageRequest) -> web.StreamResponse:
    """Answer 404 until the charts package draws the overview's SVG."""
    raise web.HTTPNotFound(text=_("The chart is not drawn yet."))


OVERVIEW = Page("overview", "/", N_("Overview"), Level.HOST, show_overview)
OVERVIEW_CHART = Page(
    "overview-chart", CHART_PATH, N_("Chart"), Level.HOST, no_chart_yet, in_nav=False
)
