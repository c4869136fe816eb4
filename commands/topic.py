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
from bot.ids import NOT_OURS, button_id
from bot.levels import Level
from bot.messages import Button, ButtonStyle, Field, OutboundMessage, Reply
from bot.refs import ChannelRef, UserRef
from bot.shared.breaks import BreakService
from bot.shared.communities import ChannelPurpose, CommunityService
from bot.shared.schedules import ScheduleService, describe, describe_timing
from bot.topics.service import TOPIC_SCHEDULE, TopicInfo, TopicService
from commands.arguments import action_words, page_count, past_the_last_page, read_every
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
    return Reply.text(f"Added topic {topic.id}: {topic.text}")


@command("topic list", level=Level.HOST, read_only=True)
async def list_topics(
    context: TopicContext, page: Annotated[int | None, "page number, from 1"] = None
) -> Reply:
    """List the topic bank in the order topics will be posted, ten per page."""
    bank = await context.services.topics.bank(context.community_id)
    pending = await context.services.topics.pending_count(context.community_id)
    waiting = f"\n{pending} suggestion(s) await a decision in the hosts channel." if pending else ""
    if not bank:
        upcoming = await context.services.topics.next_topic(context.community_id)
        starter = f"\nNext up, a starter prompt: {upcoming.text}" if upcoming else ""
        return Reply.text(
            f"The topic bank is empty. Add one with /topic add <text>.{starter}{waiting}"
        )
    pages = page_count(len(bank), PAGE_SIZE)
    number = page or 1
    if not 1 <= number <= pages:
        raise past_the_last_page(pages, " of topics")
    shown = bank[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    lines = [f"Topic bank, page {number} of {pages} ({len(bank)} topics, next first):"]
    lines += [_topic_line(topic) for topic in shown]
    return Reply.text("\n".join(lines) + waiting)


def _topic_line(topic: TopicInfo) -> str:
    used = "new" if topic.times_used == 0 else f"used {topic.times_used}×"
    return f"{topic.id}. {topic.text} ({used})"


@command("topic next", level=Level.HOST, read_only=True)
async def preview_topic(context: TopicContext) -> Reply:
    """Show the topic that will be posted next."""
    upcoming = await context.services.topics.next_topic(context.community_id)
    if upcoming is None:
        return Reply.text("Nothing is queued: the bank is empty. Add one with /topic add <text>.")
    origin = "from the bank" if upcoming.topic_id is not None else "a starter prompt"
    return Reply.text(f"Next topic ({origin}): {upcoming.text}")


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
    return Reply.text(f"Removed topic {topic}: {text}")


@command("topic skip", level=Level.HOST)
async def skip_topic(context: TopicContext) -> Reply:
    """Skip the next topic: it goes to the back of the queue."""
    skipped = await context.services.topics.skip(context.community_id)
    upcoming = await context.services.topics.next_topic(context.community_id)
    after = f"\nNext up: {upcoming.text}" if upcoming else ""
    return Reply.text(f"Skipped: {skipped.text}{after}")


@command("topic post", level=Level.HOST)
async def post_topic(
    context: TopicContext, channel: Annotated[ChannelMention | None, "where (default: here)"] = None
) -> Reply:
    """Post the next topic now, with a thread for the discussion."""
    where = ChannelRef(context.platform.name, channel.id) if channel else context.channel
    posted = await context.services.topics.post_next(
        context.community_id, context.platform, where, None
    )
    thread = " with a thread for replies" if posted.thread_opened else ""
    return Reply.text(f"Posted in {context.platform.mention(where)}{thread}: {posted.text}")


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
    answer = (
        f"Topics will be posted in {context.platform.mention(where)} {describe(info, now)} "
        f"({info.rule.zone})."
    )
    if info.replaced is not None:
        answer += (
            f" This replaces the earlier schedule in {context.platform.mention(where)}: "
            f"{describe_timing(info.replaced)}."
        )
    return Reply.text(answer)


@command("topic schedules", level=Level.HOST, read_only=True)
async def list_schedules(context: TopicContext) -> Reply:
    """List the topic schedules with when each posts next."""
    infos = await context.services.schedules.for_community(context.community_id, TOPIC_SCHEDULE)
    if not infos:
        return Reply.text(
            "No topics are scheduled. Use /topic schedule <channel> <weekday> <HH:MM>."
        )
    now = context.services.clock.now()
    lines = [f"Topic schedules ({infos[0].rule.zone}):"]
    for info in infos:
        channel = context.platform.mention(ChannelRef(context.platform.name, info.channel_id))
        lines.append(f"{channel}: {describe(info, now)}")
    breaks = await context.services.breaks.list(context.community_id)
    today = now.astimezone(ZoneInfo(infos[0].rule.zone)).date()
    lines += [f"Paused: {b.describe()}" for b in breaks if b.ends_on >= today]
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
        raise NotFoundError(f"No topics are scheduled in {context.platform.mention(where)}.")
    return Reply.text(f"Topics are no longer posted in {context.platform.mention(where)}.")


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
            "Suggestions go to the hosts channel, and none is set yet. Ask an admin to run "
            "/setup channel hosts <channel>. Nothing was saved."
        )
    topic = await context.services.topics.suggest(context.community_id, context.caller.id, text)
    card = OutboundMessage(
        f"New topic suggestion from {context.platform.mention(context.interaction.user)}:",
        fields=(Field("Suggested topic", topic.text),),
        buttons=(
            Button("Approve", f"{SUGGESTION_ACTION}:approve:{topic.id}", ButtonStyle.PRIMARY),
            Button("Reject", f"{SUGGESTION_ACTION}:reject:{topic.id}", ButtonStyle.DANGER),
        ),
    )
    await context.platform.post(hosts, card)
    return Reply.text("Thanks! Your suggestion went to the hosts; you'll hear what they decide.")


@button(SUGGESTION_ACTION, level=Level.HOST)
async def decide_suggestion(context: TopicContext) -> Reply:
    """Approve or reject a member's topic suggestion."""
    choice, topic_id = action_words(context.action_args, 2)
    if choice not in ("approve", "reject"):
        raise UserFacingError(NOT_OURS)
    decision = await context.services.topics.decide(
        context.community_id, button_id(topic_id), approve=choice == "approve"
    )
    outcome = "approved" if choice == "approve" else "rejected"
    by = context.platform.mention(context.interaction.user)
    if context.message is not None:
        closed = OutboundMessage(
            f"Topic suggestion {outcome} by {by}.",
            fields=(Field("Suggested topic", decision.topic.text),),
        )
        await _quietly(context.platform.edit(context.message, closed))
    if decision.suggested_by is not None:
        await _quietly(
            context.platform.direct_message(
                UserRef(context.platform.name, decision.suggested_by),
                OutboundMessage(_outcome_for_member(decision.topic.text, outcome)),
            )
        )
    return Reply.text(f"Suggestion {outcome}: {decision.topic.text}")


def _outcome_for_member(text: str, outcome: str) -> str:
    if outcome == "approved":
        return f"Your topic suggestion was approved and joins the topic bank: {text}"
    return f"Thanks for suggesting a topic. The hosts decided not to use this one: {text}"


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
