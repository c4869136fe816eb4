"""The topic bank: hosts' topics, members' suggestions, the starter prompts, posts and replies.

A community has one bank, and each cohort one of its own (`cohort_id`); every method takes the
community and, for a cohort's bank, its id. Which topic comes next is `choice.py`'s rule: the
bank's rotation, least used first and then oldest first, so no topic repeats until every topic
has had its turn and a newly added one goes to the front of the queue; a cohort's week pins; a
cohort's empty bank falls back to the community's, and an empty bank to the starter prompts
(unless they are switched off).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from bot.batching import Coalescer
from bot.clock import Clock
from bot.errors import UserFacingError
from bot.i18n import _, publicly
from bot.occurrences import OccurrenceWork
from bot.platform import Platform
from bot.refs import ChannelRef, MessageRef
from bot.storage.database import Database
from bot.storage.models import Topic
from bot.topics import store
from bot.topics.choice import NextTopic, Source, Wanted, choose
from bot.topics.choice_store import read_snapshot
from bot.topics.paste import Pasted, paste
from bot.topics.pins import in_bank, pin_topic, refuse_a_taken_week, unpin_topic
from bot.topics.plan import BankState
from bot.topics.posting import PostedTopic, open_thread, topic_message
from bot.topics.rules import (
    WeekPin,
    checked_text,
    comparable,
    refuse_a_full_bank,
    refuse_duplicate,
)
from bot.topics.store import APPROVED as APPROVED
from bot.topics.store import PENDING as PENDING
from bot.topics.store import REJECTED as REJECTED
from bot.topics.suggestions import forget_suggestions, undecidable
from bot.topics.uses import Post, Use, UseRecorder

log = logging.getLogger(__name__)

__all__ = [
    "Edited",
    "NextTopic",
    "Pasted",
    "PostedTopic",
    "TopicInfo",
    "TopicService",
    "WeekPin",
    "forget_suggestions",
]

TOPIC_SCHEDULE = "topic"
"""The schedule kind whose occurrences post the next topic."""


@dataclass(frozen=True, slots=True)
class TopicInfo:
    """A topic in a bank (or a suggestion), with how often it was used and its week pin."""

    id: int
    text: str
    status: str
    times_used: int
    week: int | None = None


@dataclass(frozen=True, slots=True)
class Edited:
    """A topic rewritten: its text before, and the topic as it is now."""

    before: str
    topic: TopicInfo


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of a suggestion: the topic, and who suggested it (their platform id)."""

    topic: TopicInfo
    suggested_by: str | None


class TopicService:
    """Keeps the banks, picks the next topic, posts it and records the replies to it."""

    def __init__(self, database: Database, clock: Clock, *, starters: bool = True) -> None:
        self._database = database
        self._clock = clock
        self._starters = starters
        self._uses = UseRecorder(database, clock)
        self._next_topics = Coalescer(self._next_topics_of)

    async def add(
        self,
        community_id: int,
        text: str,
        *,
        cohort_id: int | None = None,
        pin: WeekPin | None = None,
    ) -> TopicInfo:
        """Add a topic to a bank, pinned to a week of the cohort's term when `pin` says so."""
        week = None if pin is None else pin.checked()
        if week is not None and cohort_id is None:
            raise ValueError("only a cohort's topics are pinned to weeks")
        return await self._insert(community_id, cohort_id, checked_text(text), None, week)

    async def suggest(
        self, community_id: int, member_id: int, text: str, *, cohort_id: int | None = None
    ) -> TopicInfo:
        """Record a member's suggestion for a bank, pending the hosts' decision."""
        return await self._insert(community_id, cohort_id, checked_text(text), member_id, None)

    async def _insert(
        self,
        community_id: int,
        cohort_id: int | None,
        text: str,
        member_id: int | None,
        week: int | None,
    ) -> TopicInfo:
        status = PENDING if member_id is not None else APPROVED
        async with self._database.session() as session, session.begin():
            # Write to the community's row first: its lock makes two processes adding the same
            # topic (or pinning to the same week) take turns, so the second sees the first's.
            await store.lock_community(session, community_id)
            rows = await store.live_topics(session, community_id, cohort_id)
            refuse_a_full_bank(len(rows))
            refuse_duplicate(text, rows)
            if cohort_id is not None and week is not None:
                await refuse_a_taken_week(session, cohort_id, week)
            topic = store.add_topic(
                session,
                community_id,
                text,
                status,
                member_id,
                self._clock.now(),
                cohort_id=cohort_id,
                week=week,
            )
        return TopicInfo(topic.id, topic.text, topic.status, 0, week)

    async def add_many(
        self, community_id: int, text: str, *, cohort_id: int | None = None
    ) -> Pasted:
        """Add one topic per line of `text` in one transaction (the dashboard's paste box).

        Each line by the rules of `add`: duplicates (of the bank or an earlier line) skipped,
        overlong lines and lines past a full bank refused, all of them reported in `Pasted`.
        """
        async with self._database.session() as session, session.begin():
            await store.lock_community(session, community_id)  # as _insert: adds take turns
            return await paste(session, community_id, cohort_id, text, self._clock.now())

    async def bank(self, community_id: int, *, cohort_id: int | None = None) -> list[TopicInfo]:
        """Return a bank's approved topics: the rotation in posting order, then the pins."""
        async with self._database.reading() as connection:
            rows = await store.bank(connection, community_id, cohort_id)
        return [TopicInfo(*row) for row in rows]

    async def every_bank(self, community_id: int) -> list[tuple[int | None, TopicInfo]]:
        """Return the approved topics of every bank (cohort id, None for the community's)."""
        async with self._database.reading() as connection:
            rows = await store.every_bank(connection, community_id)
        return [(row.cohort_id, TopicInfo(*row[1:])) for row in rows]

    async def pending_count(self, community_id: int, *, cohort_id: int | None = None) -> int:
        """Return how many suggestions for a bank await a decision."""
        async with self._database.reading() as connection:
            return await store.count_pending(connection, community_id, cohort_id)

    async def remove(
        self, community_id: int, topic_id: int, *, cohort_id: int | None = None
    ) -> str:
        """Remove a topic from a bank and return its text."""
        async with self._database.session() as session, session.begin():
            topic = await in_bank(session, community_id, cohort_id, topic_id)
            await store.delete_topic(session, topic)
            return topic.text

    async def edit(
        self, community_id: int, topic_id: int, text: str, *, cohort_id: int | None = None
    ) -> Edited:
        """Rewrite a bank's topic (for `/topic edit` and the dashboard alike); return both texts.

        The same rules as adding one: the length, and no other topic or pending suggestion of
        the bank with the same text (ignoring case and spacing). Its uses and pin stay.
        """
        cleaned = checked_text(text)
        async with self._database.session() as session, session.begin():
            await store.lock_community(session, community_id)  # as _insert: duplicates take turns
            topic = await in_bank(session, community_id, cohort_id, topic_id)
            before = topic.text
            if cleaned == before:
                raise UserFacingError(
                    _("Topic {number} already reads: {text}").format(number=topic_id, text=before)
                )
            others = await store.live_topics(session, community_id, cohort_id)
            if comparable(cleaned) != comparable(before):
                refuse_duplicate(cleaned, others)
            topic.text = cleaned
            return Edited(before, _info(topic))

    async def pin(
        self, community_id: int, cohort_id: int, topic_id: int, pin: WeekPin
    ) -> TopicInfo:
        """Pin a cohort's topic to a week of its term (or move its pin); return it as it was."""
        week = pin.checked()
        async with self._database.session() as session, session.begin():
            await store.lock_community(session, community_id)  # two pins to one week take turns
            topic = await in_bank(session, community_id, cohort_id, topic_id)
            before = _info(topic)
            await pin_topic(session, topic, week)
        return before

    async def unpin(self, community_id: int, cohort_id: int, topic_id: int) -> TopicInfo:
        """Return a pinned topic to the rotation; return it as it was before."""
        async with self._database.session() as session, session.begin():
            topic = await in_bank(session, community_id, cohort_id, topic_id)
            before = _info(topic)
            unpin_topic(topic)
        return before

    async def decide(self, community_id: int, topic_id: int, *, approve: bool) -> Decision:
        """Approve (into the bank it was suggested for) or reject a pending suggestion; only
        the first decision wins.

        One conditional UPDATE decides, so two hosts pressing at once (in one process or two)
        cannot both decide: the other is told what was decided.
        """
        decided = APPROVED if approve else REJECTED
        async with self._database.writing() as connection:
            row = await store.decide_pending(connection, community_id, topic_id, decided)
            if row is None:
                raise await undecidable(connection, community_id, topic_id)
            author = None
            if row.suggested_by is not None:
                author = await store.member_external_id(connection, row.suggested_by)
        return Decision(TopicInfo(topic_id, row.text, decided, row.times_used), author)

    async def next_topic(
        self, community_id: int, *, cohort_id: int | None = None, at: datetime | None = None
    ) -> NextTopic | None:
        """Return what a bank would post next (at `at`, default now), or None when nothing.

        Look-ups made in the same moment (a burst of scheduled posts) share one snapshot. A
        starter prompt is translated here, in the caller's language, not in the shared batch.
        """
        upcoming = await self._untranslated_next(community_id, cohort_id, at)
        return None if upcoming is None else _translated(upcoming)

    async def _untranslated_next(
        self, community_id: int, cohort_id: int | None, at: datetime | None
    ) -> NextTopic | None:
        """Return what a bank would post next, a starter prompt still in English."""
        wanted = Wanted(community_id, cohort_id, at or self._clock.now())
        return await self._next_topics.submit(wanted)

    async def _next_topics_of(self, wanted: list[Wanted]) -> list[NextTopic | None]:
        async with self._database.reading() as connection:
            snapshot = await read_snapshot(connection, wanted)
        return choose(snapshot, wanted, self._starters)

    async def skip(self, community_id: int, *, cohort_id: int | None = None) -> NextTopic:
        """Pass over a bank's next topic (it goes to the back of the queue); return it.

        A week's pinned topic is not skipped: it is unpinned instead, which the host is told.
        """
        upcoming = await self._upcoming(community_id, cohort_id, None)
        if upcoming.source is Source.PIN:
            raise UserFacingError(
                _(
                    "The next topic is topic {number}, pinned to week {week}: {text}. To post "
                    "another one this week, unpin it with /topic unpin {number}."
                ).format(number=upcoming.topic_id, week=upcoming.week, text=upcoming.text)
            )
        await self._mark_used(community_id, upcoming, None)
        return upcoming

    async def post_next(
        self,
        community_id: int,
        platform: Platform,
        channel: ChannelRef,
        schedule_id: int | None,
        occurrence: OccurrenceWork | None = None,
        *,
        cohort_id: int | None = None,
        at: datetime | None = None,
    ) -> PostedTopic:
        """Post a bank's next topic in `channel`, record it, and open its discussion thread.

        A cohort's post in a numbered week of its term says "Week N" above the topic and is
        recorded with that week. A scheduled post goes through its `occurrence`, which posts it
        once (a retry finds the earlier post) and is closed inside the transaction that records
        the post, so the post and "done" commit together.

        The post (a starter prompt too) is in the community's language, whoever asked for it;
        the `PostedTopic` returned quotes the topic in the current language, for the answer.
        """
        chosen = await self._untranslated_next(community_id, cohort_id, at)
        if chosen is None:
            raise _empty_bank()
        with publicly():
            upcoming = _translated(chosen)
            content = topic_message(upcoming)
        if occurrence is None:
            message = await platform.post(channel, content)
        else:
            message = await occurrence.post(platform, channel, content)
        post = Post(schedule_id, channel, message, occurrence, cohort_id, upcoming.week)
        await self._mark_used(community_id, upcoming, post)
        opened = await open_thread(platform, message, upcoming.text)
        return PostedTopic(_translated(chosen).text, message, opened, upcoming.week)

    async def _upcoming(
        self, community_id: int, cohort_id: int | None, at: datetime | None
    ) -> NextTopic:
        upcoming = await self.next_topic(community_id, cohort_id=cohort_id, at=at)
        if upcoming is None:
            raise _empty_bank()
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

    async def bank_state(self, community_id: int, cohort_id: int) -> BankState:
        """Return a cohort's bank as its term's plan needs it: rotation, pins, fallbacks and
        what each week has posted."""
        async with self._database.reading() as connection:
            own = await store.bank(connection, community_id, cohort_id)
            community = await store.bank(connection, community_id, None)
            starter = await store.starter_index(connection, community_id)
            posted = await store.posts_by_week(connection, cohort_id)
        return BankState(
            rotation=[row.text for row in own if row.week is None],
            pins={row.week: (row.id, row.text) for row in own if row.week is not None},
            community=[row.text for row in community if row.week is None],
            starter_index=starter if self._starters else None,
            posted=posted,
        )

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


def _translated(upcoming: NextTopic) -> NextTopic:
    """Return the topic with a starter prompt in the current language (a bank's topic is the
    hosts' own words, shown as written)."""
    if upcoming.starter_index is None:
        return upcoming
    return replace(upcoming, text=_(upcoming.text))


def _empty_bank() -> UserFacingError:
    """Return the refusal when a bank has nothing to post, in the current language."""
    return UserFacingError(
        _(
            "The topic bank is empty and the starter prompts are off. Add one with "
            "/topic add <text>."
        )
    )


def _info(topic: Topic) -> TopicInfo:
    return TopicInfo(topic.id, topic.text, topic.status, topic.times_used, topic.week)
