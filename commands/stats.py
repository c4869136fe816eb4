"""`/stats`: community health for hosts, and the weekly digest to the hosts channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Annotated

from bot.clock import Clock
from bot.errors import NotFoundError, UserFacingError
from bot.i18n import _
from bot.levels import Level
from bot.messages import Reply
from bot.participation.stats import DIGEST_SCHEDULE, StatsService
from bot.participation.stats_text import render
from bot.shared.activity import ActivityService
from bot.shared.communities import ChannelPurpose, CommunityService
from bot.shared.schedules import ScheduleService, describe
from commands.context import Context
from commands.registry import Registry
from commands.spec import command
from commands.types import Weekday


@dataclass(frozen=True, slots=True)
class StatsServices:
    """What the stats commands use."""

    stats: StatsService
    activity: ActivityService
    communities: CommunityService
    schedules: ScheduleService
    clock: Clock


StatsContext = Context[StatsServices]


@command("stats show", level=Level.HOST, group_default=True, read_only=True)
async def show_stats(context: StatsContext) -> Reply:
    """Show community health: activity, participation balance, unanswered posts, topics."""
    await context.services.activity.flush()  # count what was posted a moment ago
    figures = await context.services.stats.figures(
        context.community_id, context.services.clock.now()
    )
    return Reply.text(render(figures, _("📊 Community health")))


@command("stats digest", level=Level.HOST)
async def schedule_digest(
    context: StatsContext,
    weekday: Annotated[Weekday, "day of the week"],
    at: Annotated[time, "local time, HH:MM"],
) -> Reply:
    """Post these figures to the hosts channel every week at a local time."""
    hosts = await context.services.communities.channel_for(
        context.community_id, context.platform.name, ChannelPurpose.HOSTS
    )
    if hosts is None:
        raise UserFacingError(
            _(
                "The digest goes to the hosts channel, and none is set yet. Ask an admin to run "
                "/setup channel hosts <channel>. Nothing was scheduled."
            )
        )
    await _remove_digests(context)  # one digest per community, in the current hosts channel
    info = await context.services.schedules.set_weekly(
        context.community_id, DIGEST_SCHEDULE, hosts.id, int(weekday), at, 1
    )
    now = context.services.clock.now()
    return Reply.text(
        _("The participation digest will be posted in {channel} {when} ({zone}).").format(
            channel=context.platform.mention(hosts), when=describe(info, now), zone=info.rule.zone
        )
    )


@command("stats undigest", level=Level.HOST)
async def stop_digest(context: StatsContext) -> Reply:
    """Stop the weekly participation digest."""
    if not await _remove_digests(context):
        raise NotFoundError(_("No digest is scheduled. Use /stats digest <weekday> <HH:MM>."))
    return Reply.text(_("The weekly participation digest is stopped."))


async def _remove_digests(context: StatsContext) -> bool:
    schedules = context.services.schedules
    removed = False
    for info in await schedules.for_community(context.community_id, DIGEST_SCHEDULE):
        if await schedules.remove(context.community_id, DIGEST_SCHEDULE, info.channel_id):
            removed = True
    return removed


def setup(registry: Registry, services: StatsServices) -> None:
    """Register the stats commands, bound to `services`."""
    registry.add(show_stats, schedule_digest, stop_digest, services=services)
