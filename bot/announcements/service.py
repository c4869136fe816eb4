"""Announcements: a host posts one with a "Got it" button; members press it; hosts read counts.

An announcement typed in a cohort's home channel is that cohort's: it is posted there and its
audience is the cohort's members. Anywhere else it is the whole community's: posted in the
announcements channel (`/setup channel announcements`), else where it was typed, and its
audience is every member present who is not a bot. The author is never in the audience.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Row

from bot.announcements import store
from bot.announcements.card import announcement_card
from bot.clock import Clock
from bot.cohorts import CohortInfo, CohortService
from bot.errors import NotFoundError, UserFacingError
from bot.i18n import _, ngettext
from bot.platform import Platform
from bot.refs import ChannelRef, CommunityRef, MessageRef
from bot.shared.communities import ChannelPurpose, CommunityService
from bot.shared.languages import LanguageService
from bot.storage.database import Database
from bot.storage.models import Announcement

MAX_TEXT = 1800
"""Discord's messages hold 2,000 characters; the heading takes the rest."""
NOT_READ_SHOWN = 25
DIGEST_EXCERPT = 80
DIGEST_PERIOD = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Posted:
    """An announcement as it was posted."""

    id: int
    channel: ChannelRef
    message: MessageRef


@dataclass(frozen=True, slots=True)
class ReadStatus:
    """Who of an announcement's audience pressed "Got it"."""

    id: int
    cohort: CohortInfo | None
    pressed: int
    audience: int
    not_read: tuple[str, ...]
    """Platform user ids of some who have not pressed (up to `NOT_READ_SHOWN`), by name."""


@dataclass(frozen=True, slots=True)
class _Found:
    row: Row
    cohort: CohortInfo | None


class AnnouncementService:
    """Posts announcements, counts each member's "Got it" once, and reports who read what."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        communities: CommunityService,
        cohorts: CohortService,
        languages: LanguageService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._communities = communities
        self._cohorts = cohorts
        self._languages = languages

    async def post(
        self,
        platform: Platform,
        community_id: int,
        author_id: int,
        text: str,
        here: ChannelRef,
        cohort: CohortInfo | None,
    ) -> Posted:
        """Store the announcement and post it with its "Got it" button (in the community's
        language, whoever posts it); return where it went."""
        text = _checked(text)
        channel = await self._destination(platform, community_id, here, cohort)
        async with self._database.session() as session, session.begin():
            announcement_id = await store.insert(
                session,
                Announcement(
                    community_id=community_id,
                    cohort_id=None if cohort is None else cohort.id,
                    author_id=author_id,
                    text=text,
                    channel_external_id=channel.id,
                    posted_at=self._clock.now(),
                ),
            )
        try:
            async with self._languages.in_community(community_id):
                card = announcement_card(announcement_id, text, cohort)
            message = await platform.post(
                channel, card, key=f"cohort:announcement:{announcement_id}"
            )
        except BaseException:
            async with self._database.session() as session, session.begin():
                await store.delete(session, announcement_id)
            raise
        async with self._database.session() as session, session.begin():
            await store.set_message(session, announcement_id, message.id)
        return Posted(announcement_id, channel, message)

    async def _destination(
        self, platform: Platform, community_id: int, here: ChannelRef, cohort: CohortInfo | None
    ) -> ChannelRef:
        if cohort is not None:
            return ChannelRef(platform.name, cohort.home_channel)
        chosen = await self._communities.channel_for(
            community_id, platform.name, ChannelPurpose.ANNOUNCEMENTS
        )
        return chosen or here

    async def got_it(
        self,
        platform: Platform,
        community: CommunityRef,
        community_id: int,
        announcement_id: int,
        member_id: int,
    ) -> bool:
        """Count a member's press once; return whether it was their first. Refuse a member
        who is not in the announcement's audience (nothing is stored)."""
        async with self._database.reading() as connection:
            row = await store.get_for_press(connection, announcement_id, community_id, member_id)
        found = await self._found(row, community_id, announcement_id)
        if found.row.author_id == member_id:
            raise UserFacingError(
                _("You wrote this announcement; /announce status shows who has read it.")
            )
        audience = await self._audience(found, platform, community)
        if not (found.row.present and (audience is None or member_id in audience)):
            if found.cohort is not None:
                raise UserFacingError(
                    _(
                        "This announcement is for the {cohort} cohort, and you are not in it. "
                        "Nothing was recorded."
                    ).format(cohort=found.cohort.name)
                )
            raise UserFacingError(_("This announcement is not for you. Nothing was recorded."))
        async with self._database.writing() as connection:
            return await store.add_read(connection, announcement_id, member_id, self._clock.now())

    async def status(
        self,
        platform: Platform,
        community: CommunityRef,
        community_id: int,
        announcement_id: int | None,
        here: CohortInfo | None,
    ) -> ReadStatus:
        """Return who read an announcement: the one numbered, else the newest of `here`'s
        scope (a cohort, or the whole community)."""
        if announcement_id is None:
            async with self._database.reading() as connection:
                cohort_id = None if here is None else here.id
                latest = await store.latest(connection, community_id, cohort_id)
            if latest is None:
                raise NotFoundError(_("There is no announcement here yet."))
            announcement_id = latest.id
        found = await self._find(community_id, announcement_id)
        audience = await self._audience(found, platform, community)
        async with self._database.reading() as connection:
            pressed, total = await store.read_counts(
                connection, announcement_id, audience, community_id, found.row.author_id
            )
            missing = await store.not_read(
                connection,
                announcement_id,
                audience,
                community_id,
                found.row.author_id,
                NOT_READ_SHOWN,
            )
        return ReadStatus(announcement_id, found.cohort, pressed, total, tuple(missing))

    async def digest_lines(self, community_id: int, cohort_id: int | None) -> list[str]:
        """Return the digest's lines on the last seven days' announcements of a scope."""
        until = self._clock.now()
        async with self._database.reading() as connection:
            rows = await store.posted_between(
                connection, community_id, cohort_id, until - DIGEST_PERIOD, until
            )
        if not rows:
            return [_("📣 Announcements this week: none.")]
        lines = [
            ngettext(
                "📣 {count} announcement this week:",
                "📣 {count} announcements this week:",
                len(rows),
            ).format(count=len(rows))
        ]
        for row in rows:
            line = ngettext(
                "• {number}: {count} member pressed Got it · {excerpt}",
                "• {number}: {count} members pressed Got it · {excerpt}",
                row.reads,
            )
            lines.append(line.format(number=row.id, count=row.reads, excerpt=_excerpt(row.text)))
        return lines

    async def _find(self, community_id: int, announcement_id: int) -> _Found:
        async with self._database.reading() as connection:
            row = await store.get(connection, announcement_id)
        return await self._found(row, community_id, announcement_id)

    async def _found(self, row: Row | None, community_id: int, announcement_id: int) -> _Found:
        """Return a posted announcement of the community with its cohort; refuse any other."""
        if row is None or row.community_id != community_id:
            raise NotFoundError(
                _("There is no announcement {number}.").format(number=announcement_id)
            )
        cohort = None if row.cohort_id is None else await self._cohorts.get(row.cohort_id)
        return _Found(row, cohort)

    async def _audience(
        self, found: _Found, platform: Platform, community: CommunityRef
    ) -> frozenset[int] | None:
        if found.cohort is None:
            return None
        return await self._cohorts.member_ids(found.cohort, platform, community)


def _checked(text: str) -> str:
    text = text.strip()
    if not text:
        raise UserFacingError(_("Write the announcement after the command, like /announce Hello!"))
    if len(text) > MAX_TEXT:
        raise UserFacingError(
            _(
                "An announcement holds at most {limit} characters; yours has {length}. "
                "Nothing was posted."
            ).format(limit=MAX_TEXT, length=len(text))
        )
    return text


def _excerpt(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= DIGEST_EXCERPT else line[: DIGEST_EXCERPT - 1] + "…"
