"""`/topic post|schedule|schedules|unschedule`: posting now, and the recurring posts.

A channel argument that is a cohort's home selects that cohort (`/topic schedule #fall mon
09:00` typed in #hosts schedules the fall cohort's topics); otherwise the command applies where
it is typed. A cohort's schedule and a community-wide one may share a channel; a second
schedule in the same scope and channel replaces the first.
"""

from __future__ import annotations

from datetime import time
from typing import Annotated
from zoneinfo import ZoneInfo

from bot.cohorts.scope import Scope
from bot.errors import NotFoundError
from bot.i18n import _
from bot.levels import Level
from bot.messages import Reply
from bot.refs import ChannelRef
from bot.shared.schedules import ScheduleInfo, describe, describe_timing
from bot.topics import TOPIC_SCHEDULE
from commands.arguments import read_every
from commands.spec import Shown, command
from commands.topic.common import TopicContext, saying, scope_here
from commands.types import ChannelMention, Text, Weekday


@command("topic post", level=Level.HOST)
async def post_topic(
    context: TopicContext, channel: Annotated[ChannelMention | None, "where (default: here)"] = None
) -> Reply:
    """Post the next topic now, with a thread for the discussion."""
    where = ChannelRef(context.platform.name, channel.id) if channel else context.channel
    scope = await scope_here(context, where if channel else None)
    with saying(scope):
        posted = await context.services.topics.post_next(
            context.community_id, context.platform, where, None, cohort_id=scope.cohort_id
        )
    template = (
        _("Posted in {channel} with a thread for replies: {text}")
        if posted.thread_opened
        else _("Posted in {channel}: {text}")
    )
    shown = template.format(channel=context.platform.mention(where), text=posted.text)
    return Reply.text(scope.says(shown))


@command("topic schedule", level=Level.HOST)
async def schedule_topics(
    context: TopicContext,
    channel: Annotated[ChannelMention, "where to post"],
    weekday: Annotated[Weekday, "day of the week"],
    at: Annotated[time, "local time, HH:MM"],
    every: Annotated[
        Text | None, "every <n> weeks (default: every week)", Shown("every <n> weeks")
    ] = None,
) -> Reply:
    """Post the next topic every week (or every n weeks) at a local time."""
    where = ChannelRef(context.platform.name, channel.id)
    scope = await scope_here(context, where)
    with saying(scope):
        weeks = read_every(every)
        info = await context.services.schedules.set_weekly(
            context.community_id,
            TOPIC_SCHEDULE,
            channel.id,
            int(weekday),
            at,
            weeks,
            cohort_id=scope.cohort_id,
        )
    now = context.services.clock.now()
    channel_shown = context.platform.mention(where)
    answer = _("Topics will be posted in {channel} {when} ({zone}).").format(
        channel=channel_shown, when=describe(info, now), zone=info.rule.zone
    )
    if info.replaced is not None:
        replaces = _("This replaces the earlier schedule in {channel}: {timing}.").format(
            channel=channel_shown, timing=describe_timing(info.replaced)
        )
        answer = " ".join([answer, replaces])
    return Reply.text(scope.says(answer))


@command("topic schedules", level=Level.HOST, read_only=True)
async def list_schedules(context: TopicContext) -> Reply:
    """List the topic schedules with when each posts next."""
    scope = await scope_here(context)
    infos = await _schedules_of(context, scope)
    if not infos:
        return Reply.text(
            scope.says(
                _("No topics are scheduled. Use /topic schedule <channel> <weekday> <HH:MM>.")
            )
        )
    now = context.services.clock.now()
    names = {}
    if scope.cohort is None:  # the whole community sees every scope's, cohorts' named
        cohorts = await context.services.cohorts.all(context.community_id)
        names = {cohort.id: cohort.name for cohort in cohorts}
    lines = [_("Topic schedules ({zone}):").format(zone=infos[0].rule.zone)]
    for info in infos:
        channel = context.platform.mention(ChannelRef(context.platform.name, info.channel_id))
        if scope.cohort is None and info.cohort_id is not None:
            channel = _("{channel} ({name} cohort)").format(
                channel=channel, name=names.get(info.cohort_id, "?")
            )
        lines.append(f"{channel}: {describe(info, now)}")
    breaks = await context.services.breaks.list(context.community_id)
    today = now.astimezone(ZoneInfo(infos[0].rule.zone)).date()
    lines += [_("Paused: {dates}").format(dates=b.describe()) for b in breaks if b.ends_on >= today]
    return Reply.text(scope.says("\n".join(lines)))


async def _schedules_of(context: TopicContext, scope: Scope) -> list[ScheduleInfo]:
    """Return a cohort's topic schedules, or every topic schedule of the community."""
    schedules = context.services.schedules
    if scope.cohort is None:
        return await schedules.for_community(context.community_id, TOPIC_SCHEDULE)
    return await schedules.for_scope(context.community_id, scope.cohort_id, TOPIC_SCHEDULE)


@command("topic unschedule", level=Level.HOST)
async def unschedule_topics(
    context: TopicContext, channel: Annotated[ChannelMention, "the scheduled channel"]
) -> Reply:
    """Stop the weekly topics in a channel."""
    where = ChannelRef(context.platform.name, channel.id)
    scope = await scope_here(context, where)
    shown = context.platform.mention(where)
    removed = await context.services.schedules.remove(
        context.community_id, TOPIC_SCHEDULE, channel.id, cohort_id=scope.cohort_id
    )
    if not removed:
        raise NotFoundError(
            scope.says(_("No topics are scheduled in {channel}.").format(channel=shown))
        )
    return Reply.text(
        scope.says(_("Topics are no longer posted in {channel}.").format(channel=shown))
    )
