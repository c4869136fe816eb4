"""`/dashboard` (host and above): a private one-time link to the web dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from bot.dashboard import DashboardAccess, TooManyLinks
from bot.dashboard.links import LINK_LIFETIME, LINKS_PER_MEMBER
from bot.errors import UserFacingError
from bot.i18n import _, ngettext
from bot.levels import Level
from bot.messages import OutboundMessage, Reply
from commands.context import Context
from commands.registry import Registry
from commands.spec import command


@dataclass(frozen=True, slots=True)
class DashboardServices:
    """What the dashboard command uses."""

    dashboard: DashboardAccess


DashboardContext = Context[DashboardServices]


@command("dashboard", level=Level.HOST)
async def open_dashboard(context: DashboardContext) -> Reply:
    """Get a private one-time link to the web dashboard (valid 10 minutes)."""
    try:
        link = await context.services.dashboard.link_for(context.community_id, context.caller.id)
    except TooManyLinks:
        minutes = int(LINK_LIFETIME.total_seconds() // 60)
        raise UserFacingError(
            ngettext(
                "You asked for {count} link in the last {minutes} minutes, the most there can "
                "be. Use the newest one, or try again in a few minutes.",
                "You asked for {count} links in the last {minutes} minutes, the most there can "
                "be. Use the newest one, or try again in a few minutes.",
                LINKS_PER_MEMBER,
            ).format(count=LINKS_PER_MEMBER, minutes=minutes)
        ) from None
    if link is None:
        raise UserFacingError(
            _(
                "The web dashboard is not served by this bot. Its operator can turn it on by "
                "setting COHORT_WEB_URL."
            )
        )
    text = _(
        "Your sign-in link to the dashboard (it works once, for 10 minutes; do not share it; a "
        "newer one replaces it):\n{link}"
    ).format(link=link)
    return Reply(OutboundMessage(text, suppress_previews=True), private=True)


def setup(registry: Registry, services: DashboardServices) -> None:
    """Register `/dashboard`, bound to `services`."""
    registry.add(open_dashboard, services=services)
