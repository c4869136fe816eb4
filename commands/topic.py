"""`/topic`: the discussion topic bank, members' suggestions, and the weekly schedule."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import time
from typing import Annotated
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.errors import NotFoundError, PlatformError, UserFacingError
from bot.i18n import _, ngettext
from bot.ids import NOT_OURS, button_id
from bot.levels import Level
from bot.messages import Button, ButtonStyle, Field, OutboundMessage, Reply
from bot.refs import ChannelRef, UserRef
from bot.shared.breaks import BreakService
from bot.shared.communities import ChannelPurpose, CommunityService
from bot.shared.schedules import ScheduleService, describe, describe_timing
from bot.topics.service import TOPIC_SCHEDULE, TopicInfo, TopicService
from commands.arguments import action_words, page_count, read_every
from commands.context import Context, SuggestContext
from commands.registry import Registry
from commands.spec import Shown, Suggest, Suggestion, button, command
from commands.suggest import containing
from commands.types import ChannelMention, Text, Weekday

PAGE_SIZE = 10
SUGGESTION_ACTION = "topic"


@dataclass(frozen=True, slots=True)
class TopicServices:
    """What the topic commands use."""

    topics: TopicService
    schedules: ScheduleService
    breaks: BreakService
    communities: CommunityService
    clock: Clock


TopicContext = Context[TopicServices]


@command("topic add", level=Level.HOST)
async def add_topic(context: TopicContext, text: Annotated[Text, "the discussion prompt"]) -> Reply:
    """Add a discussion topic to the bank."""
    topic = await context.services.topics.add(context.community_id, text)
    return Reply.text(_("Added topic {number}: {text}").format(number=topic.id, text=topic.text))


@command("topic list", level=Level.HOST, read_only=True)
async def list_topics(
    context: TopicContext, page: Annotated[int | None, "page number, from 1"] = None
) -> Reply:
    """List the topic bank in the order topics will be posted, ten per page."""
    bank = await context.services.topics.bank(context.community_id)
    pending = await context.services.topics.pending_count(context.community_id)
    waiting = [_awaiting_decision(pending)] if pending else []
    if not bank:
        upcoming = await context.services.topics.next_topic(context.community_id)
        lines = [_("The topic bank is empty. Add one with /topic add <text>.")]
        if upcoming:
            lines.append(_("Next up, a starter prompt: {text}").format(text=upcoming.text))
        return Reply.text("\n".join(lines + waiting))
    pages = page_count(len(bank), PAGE_SIZE)
    number = page or 1
    if not 1 <= number <= pages:
        raise UserFacingError(
            ngettext(
                "There is {count} page of topics.", "There are {count} pages of topics.", pages
            ).format(count=pages)
        )
    shown = bank[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    heading = ngettext(
        "Topic bank, page {number} of {pages} ({count} topic, next first):",
        "Topic bank, page {number} of {pages} ({count} topics, next first):",
        len(bank),
    ).format(number=number, pages=pages, count=len(bank))
    lines = [heading, *(_topic_line(topic) for topic in shown)]
    return Reply.text("\n".join(lines + waiting))


def _awaiting_decision(pending: int) -> str:
    return ngettext(
        "{count} suggestion awaits a decision in the hosts channel.",
        "{count} suggestions await a decision in the hosts channel.",
        pending,
    ).format(count=pending)


def _topic_line(topic: TopicInfo) -> str:
    if topic.times_used == 0:
        return _("{number}. {text} (new)").format(number=topic.id, text=topic.text)
    return _("{number}. {text} (used {times}×)").format(
        number=topic.id, text=topic.text, times=topic.times_used
    )


@command("topic next", level=Level.HOST, read_only=True)
async def preview_topic(context: TopicContext) -> Reply:
    """Show the topic that will be posted next."""
    upcoming = await context.services.topics.next_topic(context.community_id)
    if upcoming is None:
        return Reply.text(
            _("Nothing is queued: the bank is empty. Add one with /topic add <text>.")
        )
    if upcoming.topic_id is not None:
        return Reply.text(_("Next topic (from the bank): {text}").format(text=upcoming.text))
    return Reply.text(_("Next topic (a starter prompt): {text}").format(text=upcoming.text))


async def topic_numbers(context: SuggestContext[TopicServices], typed: str) -> list[Suggestion]:
    """Suggest the bank's topics by number, keeping those whose line contains what was typed."""
    bank = await context.services.topics.bank(context.community_id)
    lines = [Suggestion(f"{topic.id}. {topic.text}", str(topic.id)) for topic in bank]
    return containing(typed, lines)


@command("topic remove", level=Level.HOST)
async def remove_topic(
    context: TopicContext, topic: Annotated[int, "the topic's number", Suggest(topic_numbers)]
) -> Reply:
    """Remove a topic from the bank by its number (see /topic list)."""
    text = await context.services.topics.remove(context.community_id, topic)
    return Reply.text(_("Removed topic {number}: {text}").format(number=topic, text=text))


@command("topic skip", level=Level.HOST)
async def skip_topic(context: TopicContext) -> Reply:
    """Skip the next topic: it goes to the back of the queue."""
    skipped = await context.services.topics.skip(context.community_id)
    upcoming = await context.services.topics.next_topic(context.community_id)
    lines = [_("Skipped: {text}").format(text=skipped.text)]
    if upcoming:
        lines.append(_("Next up: {text}").format(text=upcoming.text))
    return Reply.text("\n".join(lines))


@command("topic post", level=Level.HOST)
async def post_topic(
    context: TopicContext, channel: Annotated[ChannelMention | None, "where (default: here)"] = None
) -> Reply:
    """Post the next topic now, with a thread for the discussion."""
    where = ChannelRef(context.platform.name, channel.id) if channel else context.channel
    posted = await context.services.topics.post_next(
        context.community_id, context.platform, where, None
    )
    template = (
        _("Posted in {channel} with a thread for replies: {text}")
        if posted.thread_opened
        else _("Posted in {channel}: {text}")
    )
    return Reply.text(template.format(channel=context.platform.mention(where), text=posted.text))


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
    weeks = read_every(every)
    where = ChannelRef(context.platform.name, channel.id)
    info = await context.services.schedules.set_weekly(
        context.community_id, TOPIC_SCHEDULE, channel.id, int(weekday), at, weeks
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
    return Reply.text(answer)


@command("topic schedules", level=Level.HOST, read_only=True)
async def list_schedules(context: TopicContext) -> Reply:
    """List the topic schedules with when each posts next."""
    infos = await context.services.schedules.for_community(context.community_id, TOPIC_SCHEDULE)
    if not infos:
        return Reply.text(
            _("No topics are scheduled. Use /topic schedule <channel> <weekday> <HH:MM>.")
        )
    now = context.services.clock.now()
    lines = [_("Topic schedules ({zone}):").format(zone=infos[0].rule.zone)]
    for info in infos:
        channel = context.platform.mention(ChannelRef(context.platform.name, info.channel_id))
        lines.append(f"{channel}: {describe(info, now)}")
    breaks = await context.services.breaks.list(context.community_id)
    today = now.astimezone(ZoneInfo(infos[0].rule.zone)).date()
    lines += [_("Paused: {dates}").format(dates=b.describe()) for b in breaks if b.ends_on >= today]
    return Reply.text("\n".join(lines))


@command("topic unschedule", level=Level.HOST)
async def unschedule_topics(
    context: TopicContext, channel: Annotated[ChannelMention, "the scheduled channel"]
) -> Reply:
    """Stop the weekly topics in a channel."""
    where = ChannelRef(context.platform.name, channel.id)
    if not await context.services.schedules.remove(
        context.community_id, TOPIC_SCHEDULE, channel.id
    ):
        raise NotFoundError(
            _("No topics are scheduled in {channel}.").format(
                channel=context.platform.mention(where)
            )
        )
    return Reply.text(
        _("Topics are no longer posted in {channel}.").format(
            channel=context.platform.mention(where)
        )
    )


@command("topic suggest", level=Level.MEMBER)
async def suggest_topic(
    context: TopicContext, text: Annotated[Text, "your discussion question"]
) -> Reply:
    """Suggest a discussion topic; the hosts approve or reject it."""
    hosts = await context.services.communities.channel_for(
        context.community_id, context.platform.name, ChannelPurpose.HOSTS
    )
    if hosts is None:
        raise UserFacingError(
            _(
                "Suggestions go to the hosts channel, and none is set yet. Ask an admin to run "
                "/setup channel hosts <channel>. Nothing was saved."
            )
        )
    topic = await context.services.topics.suggest(context.community_id, context.caller.id, text)
    card = OutboundMessage(
        _("New topic suggestion from {member}:").format(
            member=context.platform.mention(context.interaction.user)
        ),
        fields=(Field(_("Suggested topic"), topic.text),),
        buttons=(
            Button(_("Approve"), f"{SUGGESTION_ACTION}:approve:{topic.id}", ButtonStyle.PRIMARY),
            Button(_("Reject"), f"{SUGGESTION_ACTION}:reject:{topic.id}", ButtonStyle.DANGER),
        ),
    )
    await context.platform.post(hosts, card)
    return Reply.text(_("Thanks! Your suggestion went to the hosts; you'll hear what they decide."))


@button(SUGGESTION_ACTION, level=Level.HOST)
async def decide_suggestion(context: TopicContext) -> Reply:
    """Approve or reject a member's topic suggestion."""
    choice, topic_id = action_words(context.action_args, 2)
    if choice not in ("approve", "reject"):
        raise UserFacingError(NOT_OURS)
    decision = await context.services.topics.decide(
        context.community_id, button_id(topic_id), approve=choice == "approve"
    )
    approved = choice == "approve"
    by = context.platform.mention(context.interaction.user)
    if context.message is not None:
        closed_text = (
            _("Topic suggestion approved by {host}.")
            if approved
            else _("Topic suggestion rejected by {host}.")
        )
        closed = OutboundMessage(
            closed_text.format(host=by),
            fields=(Field(_("Suggested topic"), decision.topic.text),),
        )
        await _quietly(context.platform.edit(context.message, closed))
    if decision.suggested_by is not None:
        await _quietly(
            context.platform.direct_message(
                UserRef(context.platform.name, decision.suggested_by),
                OutboundMessage(_outcome_for_member(decision.topic.text, approved)),
            )
        )
    answer = _("Suggestion approved: {text}") if approved else _("Suggestion rejected: {text}")
    return Reply.text(answer.format(text=decision.topic.text))


def _outcome_for_member(text: str, approved: bool) -> str:
    if approved:
        return _("Your topic suggestion was approved and joins the topic bank: {text}").format(
            text=text
        )
    return _("Thanks for suggesting a topic. The hosts decided not to use this one: {text}").format(
        text=text
    )


async def _quietly(call: Awaitable[object]) -> None:
    """Best effort: the decision is saved; a card that cannot be edited or a closed DM is fine."""
    with contextlib.suppress(PlatformError):
        await call


def setup(registry: Registry, services: TopicServices) -> None:
    """Register the topic commands and the suggestion buttons, bound to `services`."""
    registry.add(
        add_topic,
        list_topics,
        preview_topic,
        remove_topic,
        skip_topic,
        post_topic,
        schedule_topics,
        list_schedules,
        unschedule_topics,
        suggest_topic,
        decide_suggestion,
        services=services,
    )
