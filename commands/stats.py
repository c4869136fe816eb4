"""`/stats`: community health for hosts, and the weekly digest to the hosts channel.

Each applies where it is typed: in a cohort's home channel (or a thread under it) to that
cohort, elsewhere to the whole community; a channel argument naming a cohort's home selects
that cohort's digest from anywhere (`/stats digest mon 09:00 #fall`, typed in the hosts channel).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import time
from functools import partial
from typing import Annotated

from bot.clock import Clock
from bot.cohorts import CohortService
from bot.cohorts.scope import Scope
from bot.errors import NotFoundError, UserFacingError
from bot.i18n import _
from bot.levels import Level
from bot.messages import Reply
from bot.participation.chart_files import participation_chart
from bot.participation.cohort_audience import cohort_audience
from bot.participation.stats import DIGEST_SCHEDULE, CohortAudience, StatsService
from bot.participation.stats_text import render
from bot.refs import ChannelRef
from bot.shared.activity import ActivityService
from bot.shared.breaks import BreakService
from bot.shared.communities import ChannelPurpose, CommunityService
from bot.shared.schedules import ScheduleService, describe
from commands.context import Context
from commands.registry import Registry
from commands.scoping import scope_of
from commands.spec import command
from commands.types import ChannelMention, Weekday


@dataclass(frozen=True, slots=True)
class StatsServices:
    """What the stats commands use."""

    stats: StatsService
    activity: ActivityService
    communities: CommunityService
    schedules: ScheduleService
    cohorts: CohortService
    breaks: BreakService
    clock: Clock


StatsContext = Context[StatsServices]
CohortHome = Annotated[ChannelMention | None, "a cohort's home channel (default: where typed)"]


@command("stats show", level=Level.HOST, group_default=True, read_only=True)
async def show_stats(context: StatsContext) -> Reply:
    """Show community health: activity, participation balance, unanswered posts, topics."""
    scope = await scope_of(context, context.services.cohorts, archived=True)
    await context.services.activity.flush()  # count what was posted a moment ago
    now = context.services.clock.now()
    stats = context.services.stats
    if scope.cohort is None:
        figures = await stats.figures(context.community_id, now)
        return _with_chart(context, Reply.text(render(figures, _("📊 Community health"))))
    audience = await cohort_audience(
        context.services.cohorts,
        context.services.breaks,
        scope.cohort,
        context.platform,
        context.community,
    )
    figures = await stats.figures(context.community_id, now, audience)
    reply = Reply.text(scope.says(render(figures, _("📊 Cohort health"))))
    return _with_chart(context, reply, audience)


def _with_chart(
    context: StatsContext, reply: Reply, audience: CohortAudience | None = None
) -> Reply:
    """Return `reply` followed by the chart, drawn once the text has gone."""
    now, stats = context.services.clock.now(), context.services.stats
    chart = partial(participation_chart, stats, context.community_id, now, audience)
    return replace(reply, files=(chart,))


@command("stats digest", level=Level.HOST)
async def schedule_digest(
    context: StatsContext,
    weekday: Annotated[Weekday, "day of the week"],
    at: Annotated[time, "local time, HH:MM"],
    channel: CohortHome = None,
) -> Reply:
    """Post these figures to the hosts channel every week at a local time."""
    scope = await _scope(context, channel)
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
    await _remove_digests(context, scope)  # one digest per scope, in the current hosts channel
    info = await context.services.schedules.set_weekly(
        context.community_id,
        DIGEST_SCHEDULE,
        hosts.id,
        int(weekday),
        at,
        1,
        cohort_id=scope.cohort_id,
    )
    now = context.services.clock.now()
    answer = _("The participation digest will be posted in {channel} {when} ({zone}).").format(
        channel=context.platform.mention(hosts), when=describe(info, now), zone=info.rule.zone
    )
    return Reply.text(scope.says(answer))


@command("stats undigest", level=Level.HOST)
async def stop_digest(context: StatsContext, channel: CohortHome = None) -> Reply:
    """Stop the weekly participation digest."""
    scope = await _scope(context, channel)
    if not await _remove_digests(context, scope):
        raise NotFoundError(
            scope.says(_("No digest is scheduled. Use /stats digest <weekday> <HH:MM>."))
        )
    return Reply.text(scope.says(_("The weekly participation digest is stopped.")))


async def _scope(context: StatsContext, channel: ChannelMention | None) -> Scope:
    """Return the scope typed: a named cohort home's cohort, else where the command was typed."""
    if channel is None:
        return await scope_of(context, context.services.cohorts)
    named = ChannelRef(context.platform.name, channel.id)
    scope = await scope_of(context, context.services.cohorts, named)
    if scope.cohort is None or scope.cohort.home_channel != channel.id:
        raise UserFacingError(
            _(
                "{channel} is not the home of a cohort. Name a cohort's home channel, or leave "
                "the channel out: then it applies where you type it."
            ).format(channel=context.platform.mention(named))
        )
    return scope


async def _remove_digests(context: StatsContext, scope: Scope) -> bool:
    schedules = context.services.schedules
    removed = False
    found = await schedules.for_scope(context.community_id, scope.cohort_id, DIGEST_SCHEDULE)
    for info in found:
        if await schedules.remove(
            context.community_id, DIGEST_SCHEDULE, info.channel_id, scope.cohort_id
        ):
            removed = True
    return removed


def setup(registry: Registry, services: StatsServices) -> None:
    """Register the stats commands, bound to `services`."""
    registry.add(show_stats, schedule_digest, stop_digest, services=services)
