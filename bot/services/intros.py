"""Intros: members introduce themselves in the intros channel; hosts see who has not yet.

- A member's intro is stored once (the newest) and posted in the intros channel (or, when none
  is set, where they wrote `/intro`). Running `/intro` again edits the earlier post where the
  platform can, and posts anew otherwise.
- Each newcomer who has not introduced themselves gets one gentle reminder by DM after
  `COHORT_INTRO_REMINDER_DAYS` days (0: none). A sweep finds the due ones; each reminder is
  claimed with a conditional UPDATE (a lease), so it goes out once across processes, and a
  crash before sending lets the lease lapse so another run sends it. A community on a term
  break gets its reminders after the break.
- Pairing reads members' intros with `texts` (one query).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.expression import ColumnElement, Exists

from bot.clock import Clock
from bot.errors import PlatformError, UserFacingError
from bot.messages import OutboundMessage
from bot.platform import Capability, Platform
from bot.refs import ChannelRef, MessageRef, UserRef
from bot.services.communities import ChannelPurpose, CommunityService
from bot.storage.database import Database, insert_for
from bot.storage.models import Break, Community, Intro, Member, Newcomer

log = logging.getLogger(__name__)

MAX_INTRO_LENGTH = 1900
"""Discord's 2,000 characters a message, less the heading."""
REMINDER_LEASE = timedelta(minutes=10)
REMINDERS_PER_SWEEP = 500
TEXTS_PER_QUERY = 10_000
"""Ids per `IN (...)` list: well inside SQLite's and PostgreSQL's limits on bound parameters."""

REMINDER_TEXT = (
    "Hi {name}! 👋 You joined a few days ago, and we'd love to get to know you. Whenever you "
    "have a minute, introduce yourself with /intro: what you're learning, your goals, and what "
    "you enjoy. This is the only reminder I'll send."
)


@dataclass(frozen=True, slots=True)
class IntroInfo:
    """A member's stored intro, with the form's answers when it came from the form."""

    text: str
    about: str | None
    learning: str | None
    goals: str | None
    message: MessageRef | None


@dataclass(frozen=True, slots=True)
class PostedIntro:
    """Where an intro went: `edited` or `posted` in `channel`, or `not posted` (with why)."""

    outcome: str
    channel: ChannelRef | None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class PendingMember:
    """A present member who joined and has not introduced themselves."""

    member_id: int
    external_id: str
    display_name: str
    joined_at: datetime


def check_intro_text(text: str) -> str:
    """Return the intro trimmed, or raise a user-facing error."""
    cleaned = text.strip()
    if not cleaned:
        raise UserFacingError("Your intro cannot be empty.")
    if len(cleaned) > MAX_INTRO_LENGTH:
        raise UserFacingError(
            f"Keep your intro under {MAX_INTRO_LENGTH} characters (it has {len(cleaned)})."
        )
    return cleaned


def intro_message(mention: str, text: str) -> OutboundMessage:
    """Return the post that shows an intro in the channel."""
    return OutboundMessage(f"👋 Meet {mention}!\n{text}")


class IntroService:
    """Stores and posts intros, lists who has not introduced themselves, and reminds them."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        *,
        communities: CommunityService,
        reminder_days: int = 3,
    ) -> None:
        self._database = database
        self._clock = clock
        self._communities = communities
        self.reminder_days = reminder_days

    async def get(self, member_id: int) -> IntroInfo | None:
        """Return the member's intro, if they have one."""
        query = select(
            Intro.text,
            Intro.about,
            Intro.learning,
            Intro.goals,
            Intro.channel_external_id,
            Intro.message_external_id,
            Community.platform,
        )
        query = (
            query.join(Member, Member.id == Intro.member_id)
            .join(Community, Community.id == Member.community_id)
            .where(Intro.member_id == member_id)
        )
        async with self._database.reading() as connection:
            row = (await connection.execute(query)).one_or_none()
        if row is None:
            return None
        message = None
        if row.channel_external_id is not None and row.message_external_id is not None:
            message = MessageRef(row.platform, row.channel_external_id, row.message_external_id)
        return IntroInfo(row.text, row.about, row.learning, row.goals, message)

    async def texts(self, member_ids: list[int]) -> dict[int, str]:
        """Return the intro text of each of these members that has one.

        One query (one per 10,000 ids beyond that, inside the databases' parameter limits).
        """
        found: dict[int, str] = {}
        wanted = sorted(set(member_ids))
        async with self._database.reading() as connection:
            for start in range(0, len(wanted), TEXTS_PER_QUERY):
                chunk = wanted[start : start + TEXTS_PER_QUERY]
                query = select(Intro.member_id, Intro.text).where(Intro.member_id.in_(chunk))
                found.update((row.member_id, row.text) for row in await connection.execute(query))
        return found

    async def publish(
        self,
        community_id: int,
        member_id: int,
        platform: Platform,
        author: UserRef,
        here: ChannelRef,
        text: str,
        *,
        about: str | None = None,
        learning: str | None = None,
        goals: str | None = None,
    ) -> PostedIntro:
        """Post (or update) the member's intro and store it as their newest.

        It goes to the intros channel, or to `here` when none is set. The earlier post is
        edited where the platform can and it is in the same channel; otherwise a new one is
        posted. An intro the platform refuses to post is still stored, and the problem said.
        """
        text = check_intro_text(text)
        channel = (
            await self._communities.channel_for(community_id, platform.name, ChannelPurpose.INTROS)
            or here
        )
        earlier = await self.get(member_id)
        message = intro_message(platform.mention(author), text)
        previous = earlier.message if earlier is not None else None
        posted, outcome, problem = await _post_or_edit(platform, channel, previous, message)
        await self._store(member_id, text, about, learning, goals, posted)
        return PostedIntro(outcome, channel if posted is not None else None, problem)

    async def withdraw_post(self, member_id: int, platform: Platform) -> None:
        """Delete the member's intro post from the platform (before they are forgotten).

        Best effort: a post already gone, or one the platform will not delete, is left be.
        """
        earlier = await self.get(member_id)
        if earlier is None or earlier.message is None:
            return
        try:
            await platform.delete(earlier.message)
        except PlatformError as error:
            log.info("could not delete the intro post of %s: %s", member_id, error)

    async def _store(
        self,
        member_id: int,
        text: str,
        about: str | None,
        learning: str | None,
        goals: str | None,
        posted: MessageRef | None,
    ) -> None:
        now = self._clock.now()
        values = {
            "text": text,
            "about": about,
            "learning": learning,
            "goals": goals,
            "channel_external_id": posted.channel_id if posted is not None else None,
            "message_external_id": posted.id if posted is not None else None,
            "updated_at": now,
        }
        async with self._database.writing() as connection:
            insert = insert_for(connection)(Intro).values(
                member_id=member_id, created_at=now, **values
            )
            await connection.execute(
                insert.on_conflict_do_update(
                    index_elements=[Intro.member_id],
                    set_={name: insert.excluded[name] for name in values},
                )
            )

    async def pending(
        self, community_id: int, *, limit: int, offset: int = 0
    ) -> tuple[list[PendingMember], int]:
        """Return present members who joined and have no intro, oldest first, and how many."""
        conditions = _not_introduced(Member.community_id == community_id)
        count_query = select(func.count()).select_from(Member).where(*conditions)
        query = (
            select(Member.id, Member.external_id, Member.display_name, Member.joined_at)
            .where(*conditions)
            .order_by(Member.joined_at, Member.id)
            .limit(limit)
            .offset(offset)
        )
        async with self._database.reading() as connection:
            total = (await connection.execute(count_query)).scalar_one()
            rows = (await connection.execute(query)).all()
        members = [
            PendingMember(row.id, row.external_id, row.display_name, row.joined_at) for row in rows
        ]
        return members, total

    async def count_pending(self, community_id: int) -> int:
        """Return how many present members joined and have not introduced themselves."""
        _, total = await self.pending(community_id, limit=0)
        return total

    async def remind_due(self, platform: Platform, now: datetime) -> int:
        """Send the one reminder to each newcomer whose day has come; return how many went."""
        if self.reminder_days <= 0 or Capability.DIRECT_MESSAGES not in platform.capabilities:
            return 0
        joined_before = now - timedelta(days=self.reminder_days)
        async with self._database.writing() as connection:
            due = await self._due(connection, platform.name, joined_before, now)
            claimed = await self._claim(
                connection, [row.member_id for row in due], joined_before, now
            )
        sent: list[int] = []
        try:
            for row in due:
                if row.member_id in claimed and await _remind(platform, row):
                    sent.append(row.member_id)
        finally:  # what went out is recorded even if a later one fails unexpectedly
            if sent:
                async with self._database.writing() as connection:
                    await connection.execute(
                        update(Newcomer)
                        .where(Newcomer.member_id.in_(sent))
                        .values(reminded_at=now, reminder_lease_until=None)
                    )
        return len(sent)

    async def next_reminder(self, platform: Platform, _now: datetime) -> datetime | None:
        """Return when the earliest newcomer not yet reminded is due a reminder (None: none)."""
        if self.reminder_days <= 0 or Capability.DIRECT_MESSAGES not in platform.capabilities:
            return None
        # A reminder under another process's lease counts too: it is due again when that ends.
        not_reminded = (Newcomer.is_bot.is_(False), Newcomer.reminded_at.is_(None), ~_has_intro())
        present = (Member.joined_at.is_not(None), Member.left_at.is_(None))
        query = (
            select(func.min(Member.joined_at))
            .select_from(Member)
            .join(Newcomer, Newcomer.member_id == Member.id)
            .join(Community, Community.id == Member.community_id)
            .where(Community.platform == platform.name, *present, *not_reminded)
        )
        async with self._database.reading() as connection:
            joined: datetime | None = (await connection.execute(query)).scalar_one()
        return None if joined is None else joined + timedelta(days=self.reminder_days)

    async def _due(
        self, connection: AsyncConnection, platform: str, joined_before: datetime, now: datetime
    ) -> list[_Due]:
        """Return the due reminders, oldest joiners first, leaving out communities on a break.

        The communities come first (usually none: one query), so a long break in one community
        never fills the batch and holds back the others.
        """
        due_here = (
            select(Member.community_id)
            .join(Newcomer, Newcomer.member_id == Member.id)
            .join(Community, Community.id == Member.community_id)
            .where(
                Community.platform == platform,
                *_reminder_due(now),
                *_waited_long_enough(joined_before),
            )
        )
        communities_query = select(Community.id, Community.timezone).where(
            Community.id.in_(due_here.distinct().scalar_subquery())
        )
        zones = {row.id: row.timezone for row in await connection.execute(communities_query)}
        if not zones:
            return []
        reachable = sorted(set(zones) - await _on_break(connection, zones, now))
        if not reachable:
            return []
        query = (
            select(Newcomer.member_id, Member.external_id, Member.display_name)
            .join(Member, Member.id == Newcomer.member_id)
            .where(
                Member.community_id.in_(reachable),
                *_reminder_due(now),
                *_waited_long_enough(joined_before),
            )
            .order_by(Member.joined_at, Member.id)
            .limit(REMINDERS_PER_SWEEP)
        )
        rows = (await connection.execute(query)).all()
        return [_Due(row.member_id, row.external_id, row.display_name) for row in rows]

    async def _claim(
        self,
        connection: AsyncConnection,
        member_ids: list[int],
        joined_before: datetime,
        now: datetime,
    ) -> set[int]:
        """Take the lease on each reminder still due; another process's live lease wins."""
        if not member_ids:
            return set()
        still_due = (
            select(Member.id)
            .where(Member.id == Newcomer.member_id, *_waited_long_enough(joined_before))
            .correlate(Newcomer)
            .exists()
        )
        statement = (
            update(Newcomer)
            .where(Newcomer.member_id.in_(member_ids), *_reminder_due(now), still_due)
            .values(reminder_lease_until=now + REMINDER_LEASE)
            .returning(Newcomer.member_id)
        )
        return {int(row.member_id) for row in await connection.execute(statement)}


async def _post_or_edit(
    platform: Platform, channel: ChannelRef, previous: MessageRef | None, message: OutboundMessage
) -> tuple[MessageRef | None, str, str | None]:
    """Edit the previous post when it is in `channel` and the platform can; else post anew.

    Returns the post, `edited`, `posted` or `not posted`, and the platform's reason for the last.
    """
    if (
        previous is not None
        and previous.channel_id == channel.id
        and Capability.EDIT in platform.capabilities
    ):
        try:
            await platform.edit(previous, message)
            return previous, "edited", None
        except PlatformError as error:  # deleted meanwhile, say
            log.info("could not edit the intro post %s (%s); posting anew", previous.id, error)
    try:
        return await platform.post(channel, message), "posted", None
    except PlatformError as error:
        log.warning("could not post an intro in %s: %s", channel.id, error)
        return None, "not posted", str(error)


@dataclass(frozen=True, slots=True)
class _Due:
    member_id: int
    external_id: str
    display_name: str


async def _remind(platform: Platform, row: _Due) -> bool:
    """DM the reminder; return whether it is settled (sent, or refused for good)."""
    reminder = OutboundMessage(REMINDER_TEXT.format(name=row.display_name))
    try:
        await platform.direct_message(UserRef(platform.name, row.external_id), reminder)
    except PlatformError as error:
        if error.retryable:  # the lease lapses and a later sweep tries again
            log.warning("intro reminder to %s failed, will retry: %s", row.member_id, error)
            return False
        log.warning("intro reminder to %s refused, not retried: %s", row.member_id, error)
    return True


def _has_intro() -> Exists:
    return exists().where(Intro.member_id == Member.id)


def _not_introduced(*conditions: ColumnElement[bool]) -> list[ColumnElement[bool]]:
    """Present members who joined, are not known bots, and have no intro."""
    is_bot = exists().where(Newcomer.member_id == Member.id, Newcomer.is_bot.is_(True))
    return [
        *conditions,
        Member.joined_at.is_not(None),
        Member.left_at.is_(None),
        ~_has_intro(),
        ~is_bot,
    ]


def _reminder_due(now: datetime) -> list[ColumnElement[bool]]:
    """A newcomer (not a bot) not reminded, nor being reminded by another process right now."""
    return [
        Newcomer.is_bot.is_(False),
        Newcomer.reminded_at.is_(None),
        or_(Newcomer.reminder_lease_until.is_(None), Newcomer.reminder_lease_until < now),
    ]


def _waited_long_enough(joined_before: datetime) -> list[ColumnElement[bool]]:
    """The member has been present since `joined_before` and has not introduced themselves."""
    return [Member.joined_at <= joined_before, Member.left_at.is_(None), ~_has_intro()]


async def _on_break(connection: AsyncConnection, zones: dict[int, str], now: datetime) -> set[int]:
    """Return the communities (of `zones`, id to time zone) on a term break on their local
    date of `now`."""
    around = now.date()
    query = select(Break.community_id, Break.starts_on, Break.ends_on).where(
        Break.community_id.in_(sorted(zones)),
        Break.starts_on <= around + timedelta(days=1),
        Break.ends_on >= around - timedelta(days=1),
    )
    paused: set[int] = set()
    for row in (await connection.execute(query)).all():
        today = now.astimezone(ZoneInfo(zones[row.community_id])).date()
        if row.starts_on <= today <= row.ends_on:
            paused.add(row.community_id)
    return paused
