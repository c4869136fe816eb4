"""The topic bank: hosts' topics, members' suggestions, the starter prompts, posts and replies.

Which topic comes next: the hosts' bank, least used first and then oldest first, so no topic
repeats until every topic has had its turn, and a newly added one goes to the front of the
queue. When the bank is empty the starter prompts take their turns in order (unless they are
switched off).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.batching import Coalescer
from bot.clock import Clock
from bot.errors import NotFoundError, PlatformError, UserFacingError
from bot.i18n import N_, _, ngettext
from bot.messages import OutboundMessage
from bot.occurrences import OccurrenceWork
from bot.platform import Capability, Platform
from bot.refs import ChannelRef, MessageRef
from bot.storage.database import Database
from bot.topics import store
from bot.topics.starters import STARTER_TOPICS, starter_topic
from bot.topics.store import APPROVED as APPROVED
from bot.topics.store import PENDING as PENDING
from bot.topics.store import REJECTED as REJECTED
from bot.topics.uses import Post, Use, UseRecorder

log = logging.getLogger(__name__)


MAX_TOPIC_LENGTH = 1000
MAX_TOPICS = 500
THREAD_TITLE_LENGTH = 80

TOPIC_SCHEDULE = "topic"
"""The schedule kind whose occurrences post the next topic."""
ALREADY_DECIDED = {
    APPROVED: N_("That suggestion was already approved."),
    REJECTED: N_("That suggestion was already rejected."),
    PENDING: N_("That suggestion was already pending."),
}
"""What a host is told who decides a suggestion that was decided meanwhile, by its status."""


@dataclass(frozen=True, slots=True)
class TopicInfo:
    """A topic in the bank (or a suggestion), with how often it was used."""

    id: int
    text: str
    status: str
    times_used: int


@dataclass(frozen=True, slots=True)
class NextTopic:
    """The topic that would be posted next: from the bank (`topic_id`) or a starter prompt."""

    text: str
    topic_id: int | None
    starter_index: int | None


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of a suggestion: the topic, and who suggested it (their platform id)."""

    topic: TopicInfo
    suggested_by: str | None


@dataclass(frozen=True, slots=True)
class PostedTopic:
    """A topic that was posted: where, and the message its thread grows from."""

    text: str
    message: MessageRef
    thread_opened: bool


class TopicService:
    """Keeps the bank, picks the next topic, posts it and records the replies to it."""

    def __init__(self, database: Database, clock: Clock, *, starters: bool = True) -> None:
        self._database = database
        self._clock = clock
        self._starters = starters
        self._uses = UseRecorder(database, clock)
        self._next_topics = Coalescer(self._next_topics_of)

    async def add(self, community_id: int, text: str) -> TopicInfo:
        """Add a topic to the bank."""
        return await self._insert(community_id, _checked(text), APPROVED, None)

    async def suggest(self, community_id: int, member_id: int, text: str) -> TopicInfo:
        """Record a member's suggestion, pending the hosts' decision."""
        return await self._insert(community_id, _checked(text), PENDING, member_id)

    async def _insert(
        self, community_id: int, text: str, status: str, member_id: int | None
    ) -> TopicInfo:
        async with self._database.session() as session, session.begin():
            # Write to the community's row first: its lock makes two processes adding the same
            # topic take turns, so the second one sees the first one's topic.
            await store.lock_community(session, community_id)
            rows = await store.live_topics(session, community_id)
            if len(rows) >= MAX_TOPICS:
                raise UserFacingError(
                    ngettext(
                        "The topic bank is full ({count} topic).",
                        "The topic bank is full ({count} topics).",
                        MAX_TOPICS,
                    ).format(count=MAX_TOPICS)
                )
            _refuse_duplicate(text, rows)
            topic = store.add_topic(
                session, community_id, text, status, member_id, self._clock.now()
            )
        return TopicInfo(topic.id, topic.text, topic.status, 0)

    async def bank(self, community_id: int) -> list[TopicInfo]:
        """Return the approved topics in the order they will be posted."""
        async with self._database.reading() as connection:
            rows = await store.bank(connection, community_id)
        return [TopicInfo(*row) for row in rows]

    async def pending_count(self, community_id: int) -> int:
        """Return how many suggestions await a decision."""
        async with self._database.reading() as connection:
            return await store.count_pending(connection, community_id)

    async def remove(self, community_id: int, topic_id: int) -> str:
        """Remove a topic from the bank and return its text."""
        async with self._database.session() as session, session.begin():
            topic = await store.get_topic(session, topic_id)
            if topic is None or topic.community_id != community_id or topic.status != APPROVED:
                raise NotFoundError(
                    _("There is no topic {number} in the bank. See /topic list.").format(
                        number=topic_id
                    )
                )
            await store.delete_topic(session, topic)
            return topic.text

    async def decide(self, community_id: int, topic_id: int, *, approve: bool) -> Decision:
        """Approve (into the bank) or reject a pending suggestion; only the first decision wins.

        One conditional UPDATE decides, so two hosts pressing at once (in one process or two)
        cannot both decide: the other is told what was decided.
        """
        decided = APPROVED if approve else REJECTED
        async with self._database.writing() as connection:
            row = await store.decide_pending(connection, community_id, topic_id, decided)
            if row is None:
                raise await _undecidable(connection, community_id, topic_id)
            author = None
            if row.suggested_by is not None:
                author = await store.member_external_id(connection, row.suggested_by)
        return Decision(TopicInfo(topic_id, row.text, decided, row.times_used), author)

    async def next_topic(self, community_id: int) -> NextTopic | None:
        """Return what would be posted next, or None when there is nothing to post.

        Look-ups made in the same moment (a burst of scheduled posts) share one query. A
        starter prompt is translated here, in the caller's language, not in the shared batch.
        """
        upcoming = await self._next_topics.submit(community_id)
        if upcoming is None or upcoming.starter_index is None:
            return upcoming
        return replace(upcoming, text=_(upcoming.text))

    async def _next_topics_of(self, community_ids: list[int]) -> list[NextTopic | None]:
        # Posts of one community due in the same moment (two channels' schedules) take
        # successive turns, so they do not all post the same topic.
        wanted = Counter(community_ids)
        async with self._database.reading() as connection:
            rows = await store.next_topics(connection, wanted, max(wanted.values()))
        turns = {
            community_id: self._turns(list(group), wanted[community_id])
            for community_id, group in groupby(rows, key=lambda row: row.id)
        }
        return [turns[community_id].pop(0) for community_id in community_ids]

    def _turns(self, rows: list[Any], count: int) -> list[NextTopic | None]:
        """Return the next `count` topics of one community, from its bank or the starters."""
        bank = [NextTopic(row.text, row.topic_id, None) for row in rows if row.topic_id]
        if bank:
            return [bank[turn % len(bank)] for turn in range(count)]
        if not self._starters:
            return [None] * count
        first = rows[0].starter_topic_index
        return [
            NextTopic(starter_topic(index), None, index % len(STARTER_TOPICS))
            for index in range(first, first + count)
        ]

    async def skip(self, community_id: int) -> NextTopic:
        """Pass over the next topic (it goes to the back of the queue); return it."""
        upcoming = await self._upcoming(community_id)
        await self._mark_used(community_id, upcoming, None)
        return upcoming

    async def post_next(
        self,
        community_id: int,
        platform: Platform,
        channel: ChannelRef,
        schedule_id: int | None,
        occurrence: OccurrenceWork | None = None,
    ) -> PostedTopic:
        """Post the next topic in `channel`, record it, and open its discussion thread.

        A scheduled post goes through its `occurrence`, which posts it once (a retry finds the
        earlier post) and is closed inside the transaction that records the post, so the post
        and "done" commit together.
        """
        upcoming = await self._upcoming(community_id)
        content = OutboundMessage(_("💬 Discussion topic: {text}").format(text=upcoming.text))
        if occurrence is None:
            message = await platform.post(channel, content)
        else:
            message = await occurrence.post(platform, channel, content)
        post = Post(schedule_id, channel, message, occurrence)
        await self._mark_used(community_id, upcoming, post)
        return PostedTopic(upcoming.text, message, await _open_thread(platform, message, upcoming))

    async def _upcoming(self, community_id: int) -> NextTopic:
        upcoming = await self.next_topic(community_id)
        if upcoming is None:
            raise UserFacingError(
                _(
                    "The topic bank is empty and the starter prompts are off. Add one with "
                    "/topic add <text>."
                )
            )
        return upcoming

    async def _mark_used(self, community_id: int, upcoming: NextTopic, post: Post | None) -> None:
        use = Use(
            community_id,
            upcoming.text,
            upcoming.topic_id,
            upcoming.starter_index is not None,
            post,
        )
        await self._uses.record(use)

    async def post_for_thread(self, community_id: int, root: MessageRef) -> int | None:
        """Return the topic post whose thread grows from `root`, if it is one."""
        async with self._database.reading() as connection:
            return await store.post_for_message(connection, community_id, root.id)

    async def record_response(
        self, post_id: int, member_id: int, message: MessageRef, at: datetime
    ) -> None:
        """Record a reply in a topic's thread: who and when, not what (once per message)."""
        try:
            async with self._database.session() as session, session.begin():
                store.add_response(session, post_id, member_id, message.id, at)
        except IntegrityError:
            pass  # the platform delivered the same message twice

    async def responses(self, community_id: int, message_id: str) -> list[int]:
        """Return the member ids of the replies to the topic posted as `message_id`."""
        async with self._database.reading() as connection:
            return await store.responders(connection, community_id, message_id)


async def _undecidable(
    connection: AsyncConnection, community_id: int, topic_id: int
) -> UserFacingError:
    # The UPDATE matched nothing: say whether the suggestion is gone or was decided already.
    status = await store.topic_status(connection, community_id, topic_id)
    if status is None:
        return NotFoundError(_("That suggestion no longer exists."))
    return UserFacingError(_(ALREADY_DECIDED[status]))


async def _open_thread(platform: Platform, message: MessageRef, upcoming: NextTopic) -> bool:
    if Capability.THREADS not in platform.capabilities:
        return False
    title = upcoming.text.splitlines()[0][:THREAD_TITLE_LENGTH]
    try:
        await platform.open_thread(message, title)
    except PlatformError as error:
        # The topic is posted and recorded; posting it again would be a duplicate.
        log.warning("posted a topic but could not open its thread: %s", error)
        return False
    return True


def _refuse_duplicate(text: str, rows: Sequence[Row[str, str]]) -> None:
    """Refuse a topic the bank has, or a suggestion pending, ignoring case and spacing."""
    wanted = _comparable(text)
    for existing, status in rows:
        if _comparable(existing) != wanted:
            continue
        if status == PENDING:
            raise UserFacingError(
                _(
                    "“{text}” has already been suggested and is waiting for the hosts, so I "
                    "didn't add it again."
                ).format(text=existing)
            )
        raise UserFacingError(
            _("“{text}” is already in the topic bank, so I didn't add it again.").format(
                text=existing
            )
        )


def _comparable(text: str) -> str:
    return " ".join(text.split()).casefold()


def _checked(text: str) -> str:
    cleaned = " ".join(text.split()) if "\n" not in text else text.strip()
    if not cleaned:
        raise UserFacingError(
            _("Write the topic after the command: /topic add What surprised you?")
        )
    if len(cleaned) > MAX_TOPIC_LENGTH:
        raise UserFacingError(
            ngettext(
                "A topic can be at most {count} character.",
                "A topic can be at most {count} characters.",
                MAX_TOPIC_LENGTH,
            ).format(count=MAX_TOPIC_LENGTH)
        )
    return cleaned


async def forget_suggestions(session: AsyncSession, member_id: int) -> None:
    """Delete a member's suggestions that never reached the bank (forget hook).

    Approved ones are the community's topics now and stay, without the link to the member.
    """
    await store.delete_suggestions(session, member_id)
