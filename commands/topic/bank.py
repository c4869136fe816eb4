"""`/topic add|list|next|edit|remove|skip|pin|unpin`: a bank, the community's or a cohort's.

Each applies where it is typed: in a cohort's home channel (or a thread under it) to that
cohort's bank, and says so; elsewhere to the community's, as in a community with no cohorts.
"""

from __future__ import annotations

from typing import Annotated

from bot.errors import UserFacingError
from bot.i18n import _, ngettext
from bot.levels import Level
from bot.messages import Reply
from bot.topics import NextTopic, Source, TopicInfo
from commands.arguments import page_count
from commands.spec import Suggest, command
from commands.topic.common import (
    TopicContext,
    read_week,
    saying,
    scope_here,
    topic_numbers,
    week_pin,
)
from commands.types import Text

PAGE_SIZE = 10
TopicNumber = Annotated[int, "the topic's number", Suggest(topic_numbers)]
Week = Annotated[int, "the week of the term, from 1 (at most 52)"]


@command("topic add", level=Level.HOST)
async def add_topic(
    context: TopicContext,
    text: Annotated[Text, "the discussion prompt; start with week <n>: to pin it to a week"],
) -> Reply:
    """Add a discussion topic to the bank."""
    scope = await scope_here(context)
    with saying(scope):
        week, topic_text = read_week(text)
        pin = None if week is None else week_pin(scope, week)
        topic = await context.services.topics.add(
            context.community_id, topic_text, cohort_id=scope.cohort_id, pin=pin
        )
    if topic.week is not None:
        added = _("Added topic {number}, pinned to week {week}: {text}").format(
            number=topic.id, week=topic.week, text=topic.text
        )
    else:
        added = _("Added topic {number}: {text}").format(number=topic.id, text=topic.text)
    return Reply.text(scope.says(added))


@command("topic list", level=Level.HOST, read_only=True)
async def list_topics(
    context: TopicContext, page: Annotated[int | None, "page number, from 1"] = None
) -> Reply:
    """List the topic bank in the order topics will be posted, ten per page."""
    scope = await scope_here(context)
    topics, community_id = context.services.topics, context.community_id
    with saying(scope):
        bank = await topics.bank(community_id, cohort_id=scope.cohort_id)
        pending = await topics.pending_count(community_id, cohort_id=scope.cohort_id)
        waiting = [_awaiting_decision(pending)] if pending else []
        if not bank:
            upcoming = await topics.next_topic(community_id, cohort_id=scope.cohort_id)
            lines = [_("The topic bank is empty. Add one with /topic add <text>.")]
            if upcoming:
                lines.append(_next_up_of_an_empty_bank(upcoming))
            return Reply.text(scope.says("\n".join(lines + waiting)))
        shown = _page(bank, page)
    heading = ngettext(
        "Topic bank, page {number} of {pages} ({count} topic, next first):",
        "Topic bank, page {number} of {pages} ({count} topics, next first):",
        len(bank),
    ).format(number=page or 1, pages=page_count(len(bank), PAGE_SIZE), count=len(bank))
    lines = [heading, *(_topic_line(topic) for topic in shown)]
    return Reply.text(scope.says("\n".join(lines + waiting)))


def _page(bank: list[TopicInfo], page: int | None) -> list[TopicInfo]:
    pages = page_count(len(bank), PAGE_SIZE)
    number = page or 1
    if not 1 <= number <= pages:
        raise UserFacingError(
            ngettext(
                "There is {count} page of topics.", "There are {count} pages of topics.", pages
            ).format(count=pages)
        )
    return bank[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]


def _next_up_of_an_empty_bank(upcoming: NextTopic) -> str:
    if upcoming.source is Source.COMMUNITY:
        return _("Next up, from the community's bank: {text}").format(text=upcoming.text)
    return _("Next up, a starter prompt: {text}").format(text=upcoming.text)


def _awaiting_decision(pending: int) -> str:
    return ngettext(
        "{count} suggestion awaits a decision in the hosts channel.",
        "{count} suggestions await a decision in the hosts channel.",
        pending,
    ).format(count=pending)


def _topic_line(topic: TopicInfo) -> str:
    if topic.week is not None:
        return _("{number}. {text} (week {week})").format(
            number=topic.id, text=topic.text, week=topic.week
        )
    if topic.times_used == 0:
        return _("{number}. {text} (new)").format(number=topic.id, text=topic.text)
    return _("{number}. {text} (used {times}×)").format(
        number=topic.id, text=topic.text, times=topic.times_used
    )


@command("topic next", level=Level.HOST, read_only=True)
async def preview_topic(context: TopicContext) -> Reply:
    """Show the topic that will be posted next."""
    scope = await scope_here(context)
    upcoming = await context.services.topics.next_topic(
        context.community_id, cohort_id=scope.cohort_id
    )
    return Reply.text(scope.says(_preview(upcoming)))


def _preview(upcoming: NextTopic | None) -> str:
    if upcoming is None:
        return _("Nothing is queued: the bank is empty. Add one with /topic add <text>.")
    if upcoming.source is Source.PIN:
        return _("Next topic (pinned to week {week}): {text}").format(
            week=upcoming.week, text=upcoming.text
        )
    if upcoming.source is Source.COMMUNITY:
        return _("Next topic (from the community's bank): {text}").format(text=upcoming.text)
    if upcoming.source is Source.STARTER:
        return _("Next topic (a starter prompt): {text}").format(text=upcoming.text)
    return _("Next topic (from the bank): {text}").format(text=upcoming.text)


@command("topic remove", level=Level.HOST)
async def remove_topic(context: TopicContext, topic: TopicNumber) -> Reply:
    """Remove a topic from the bank by its number (see /topic list)."""
    scope = await scope_here(context)
    with saying(scope):
        text = await context.services.topics.remove(
            context.community_id, topic, cohort_id=scope.cohort_id
        )
    return Reply.text(
        scope.says(_("Removed topic {number}: {text}").format(number=topic, text=text))
    )


@command("topic edit", level=Level.HOST)
async def edit_topic(
    context: TopicContext,
    topic: TopicNumber,
    text: Annotated[Text, "the topic's new text"],
) -> Reply:
    """Rewrite a topic of the bank by its number (see /topic list); its pin and uses stay."""
    scope = await scope_here(context)
    with saying(scope):
        edited = await context.services.topics.edit(
            context.community_id, topic, text, cohort_id=scope.cohort_id
        )
    return Reply.text(
        scope.says(
            _("Topic {number} now reads: {text} (it read: {before})").format(
                number=topic, text=edited.topic.text, before=edited.before
            )
        )
    )


@command("topic skip", level=Level.HOST)
async def skip_topic(context: TopicContext) -> Reply:
    """Skip the next topic: it goes to the back of the queue."""
    scope = await scope_here(context)
    topics = context.services.topics
    with saying(scope):
        skipped = await topics.skip(context.community_id, cohort_id=scope.cohort_id)
    upcoming = await topics.next_topic(context.community_id, cohort_id=scope.cohort_id)
    lines = [_("Skipped: {text}").format(text=skipped.text)]
    if upcoming:
        lines.append(_("Next up: {text}").format(text=upcoming.text))
    return Reply.text(scope.says("\n".join(lines)))


@command("topic pin", level=Level.HOST)
async def pin_topic(context: TopicContext, topic: TopicNumber, week: Week) -> Reply:
    """Pin a cohort's topic to a week of its term: the week's first post posts it."""
    scope = await scope_here(context)
    with saying(scope):
        pin = week_pin(scope, week)
        assert scope.cohort_id is not None  # week_pin refuses the whole community
        before = await context.services.topics.pin(
            context.community_id, scope.cohort_id, topic, pin
        )
    if before.week is None:
        pinned = _("Pinned topic {number} to week {week}: {text}")
    else:
        pinned = _("Moved topic {number}'s pin from week {before} to week {week}: {text}")
    return Reply.text(
        scope.says(pinned.format(number=topic, week=week, before=before.week, text=before.text))
    )


@command("topic unpin", level=Level.HOST)
async def unpin_topic(context: TopicContext, topic: TopicNumber) -> Reply:
    """Unpin a topic from its week: it takes its turn with the others again."""
    scope = await scope_here(context)
    with saying(scope):
        if scope.cohort_id is None:
            raise _not_pinned_here(topic)
        before = await context.services.topics.unpin(context.community_id, scope.cohort_id, topic)
    return Reply.text(
        scope.says(
            _(
                "Topic {number} is no longer pinned to week {week}; it takes its turn with the "
                "others: {text}"
            ).format(number=topic, week=before.week, text=before.text)
        )
    )


def _not_pinned_here(topic: int) -> UserFacingError:
    """The community's bank has no pins: there is nothing to unpin."""
    return UserFacingError(
        _(
            "Topic {number} is not pinned here: pins belong to a cohort's bank, so type this "
            "in the cohort's home channel."
        ).format(number=topic)
    )
