"""The sessions' rules: create, answer, list, attendance, reminders on or off, did you make it.

Each is one unit of work. Refusals are `UserFacingError`s: a private answer, nothing changed.
Cancelling and moving are in `changes.py`, the series' next occurrence in `series.py`, the
reminders' timers in `reminders.py`.
"""

from __future__ import annotations

from datetime import date, datetime, time

from bot.clock import Clock
from bot.errors import NotFoundError, UserFacingError
from bot.i18n import _
from bot.jobs import JobBoard
from bot.messages import OutboundFile
from bot.platform import Platform
from bot.refs import ChannelRef, MessageRef
from bot.sessions import store
from bot.sessions.answers import AnswerWriter
from bot.sessions.calendar import MEDIA_TYPE, calendar_file, file_name
from bot.sessions.cards import CardEditor, card
from bot.sessions.events import EventMirror
from bot.sessions.model import MAX_TITLE, Answer, Attendee, Counts, SessionInfo, Upcoming
from bot.sessions.reminders import SessionTimers
from bot.sessions.when import length_and_cadence, local_start
from bot.shared.communities import CommunityService
from bot.shared.languages import LanguageService
from bot.storage.database import Database


class SessionService:
    """Study sessions and office hours: cards with answers, reminders and attendance.

    A card is public: it is written in the community's language whoever or whatever posts or
    edits it (a host's command, a member's press, the series' timer, a late edit's timer).
    """

    def __init__(
        self,
        database: Database,
        clock: Clock,
        communities: CommunityService,
        timers: SessionTimers,
        jobs: JobBoard,
        languages: LanguageService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._communities = communities
        self._languages = languages
        self.timers = timers
        self._answers = AnswerWriter(database)
        self.editor = CardEditor(clock, jobs, self.refresh_card)
        self.events = EventMirror(database, languages)

    async def create(
        self,
        platform: Platform,
        community_id: int,
        where: tuple[str, int | None],
        title: str,
        when: tuple[date, time],
        rest: str | None,
    ) -> SessionInfo:
        """Post a session's card in channel `where[0]` (for cohort `where[1]`) and arm its
        reminders; refuse a bad title, a past or skipped time, a bad length or cadence."""
        channel_id, cohort_id = where
        title = checked_title(title)
        zone = await self._communities.timezone(community_id)
        starts_at = local_start(*when, zone, self._clock.now())
        length, every = length_and_cadence(rest)
        async with self._database.writing() as connection:
            series_id = None
            if every is not None:
                series_id = await store.add_series(connection, community_id, every)
            session_id = await store.add_session(
                connection,
                community_id=community_id,
                cohort_id=cohort_id,
                series_id=series_id,
                title=title,
                slot=starts_at,
                starts_at=starts_at,
                minutes=int(length.total_seconds() // 60),
                channel_external_id=channel_id,
                created_at=self._clock.now(),
            )
        assert session_id is not None  # a new series (or none) has no slot taken
        session = await self.get(community_id, session_id)
        try:
            await self.post_card(platform, session)
        except BaseException:
            await self._remove(session)  # no card: as if it had never been created
            raise
        self.timers.arm(session, platform)
        return await self.get(community_id, session_id)

    async def post_card(self, platform: Platform, session: SessionInfo) -> None:
        """Post the occurrence's card (once: its key finds a post whose answer was lost), and
        mirror it as the platform's own event where it can (`events.py`)."""
        zone = await self._communities.timezone(session.community_id)
        channel = ChannelRef(platform.name, session.channel_id)
        async with self._languages.in_community(session.community_id):
            message = card(session, Counts(), platform, zone)
        key = f"cohort:session-card:{session.id}"
        posted = await platform.find_sent(channel, key) or await platform.post(
            channel, message, key=key
        )
        async with self._database.writing() as connection:
            await store.keep_card(connection, session.id, posted.channel_id, posted.id)
        await self.events.created(platform, await self.get(session.community_id, session.id))

    async def _remove(self, session: SessionInfo) -> None:
        async with self._database.writing() as connection:
            await store.remove(connection, session.id)

    async def get(self, community_id: int, session_id: int) -> SessionInfo:
        """Return the community's session with this id; refuse an unknown one."""
        async with self._database.reading() as connection:
            session = await store.get(connection, session_id)
        if session is None or session.community_id != community_id:
            raise NotFoundError(
                _("There is no session {id} here. /session list shows them.").format(id=session_id)
            )
        return session

    async def upcoming(
        self, community_id: int, member_id: int, cohort_ids: list[int]
    ) -> list[Upcoming]:
        """Return the sessions a member can join, with their own answers."""
        async with self._database.reading() as connection:
            found = await store.upcoming(connection, community_id, self._clock.now(), cohort_ids)
            mine = await store.answers_of(connection, [one.id for one in found], member_id)
        return [Upcoming(one, mine.get(one.id)) for one in found]

    async def answer(
        self, platform: Platform, session: SessionInfo, member_id: int, answer: Answer
    ) -> None:
        """Record a member's answer to `session` (as `get` returned it) and bring the card up
        to date (now, or after the gap)."""
        if session.cancelled:
            raise UserFacingError(_("This session was cancelled. Nothing was changed."))
        if session.ends_at <= self._clock.now():
            raise UserFacingError(_("This session is over. Nothing was changed."))
        await self._answers.record(session.id, member_id, answer, self._clock.now())
        await self.editor.changed(session.id, platform)

    async def refresh_card(self, session_id: int, platform: Platform) -> None:
        """Edit the card to show the session as it stands (counts, time, cancelled)."""
        async with self._database.reading() as connection:
            session = await store.get(connection, session_id)
            if session is None or session.card_message_id is None:
                return
            counts = await store.counts(connection, session_id)
        zone = await self._communities.timezone(session.community_id)
        assert session.card_channel_id is not None
        where = MessageRef(platform.name, session.card_channel_id, session.card_message_id)
        async with self._languages.in_community(session.community_id):
            message = card(session, counts, platform, zone)
        await platform.edit(where, message)

    async def attendance(
        self, community_id: int, session_id: int
    ) -> tuple[SessionInfo, list[Attendee]]:
        """Return the session and who answered what (and whether they made it)."""
        session = await self.get(community_id, session_id)
        async with self._database.reading() as connection:
            return session, await store.attendees(connection, session_id)

    async def set_reminders(self, member_id: int, on: bool) -> None:
        """Turn a member's own session reminders on or off."""
        async with self._database.writing() as connection:
            await store.set_opted_out(connection, member_id, not on)

    async def made_it(self, community_id: int, session_id: int, member_id: int, yes: bool) -> bool:
        """Record a Going member's "Did you make it?"; False if they had not said Going."""
        session = await self.get(community_id, session_id)
        if session.starts_at > self._clock.now():
            raise UserFacingError(_("This session has not started yet. Nothing was changed."))
        async with self._database.writing() as connection:
            return await store.set_attended(connection, session_id, member_id, yes)

    async def calendar(self, community_id: int, session_id: int) -> OutboundFile:
        """Return the session's `.ics` file (its series, cancellations and moves included)."""
        session = await self.get(community_id, session_id)
        zone = await self._communities.timezone(community_id)
        series: list[SessionInfo] = []
        if session.series_id is not None:
            async with self._database.reading() as connection:
                series = await store.of_series(connection, session.series_id)
        content = calendar_file(session, series, zone, self._clock.now())
        text = _("{title}: add it to your calendar with this file.").format(title=session.title)
        return OutboundFile(file_name(session), content, MEDIA_TYPE, text)

    async def turnout(
        self, community_id: int, since: datetime, until: datetime, cohort_id: int | None = None
    ) -> tuple[int, int]:
        """Return (said Going, said they made it) for the sessions that started in the window
        (a cohort's, or None: all of the community's)."""
        async with self._database.reading() as connection:
            return await store.turnout(connection, community_id, (since, until), cohort_id)


def checked_title(title: str) -> str:
    """Return the title without surrounding blanks; refuse an empty or overlong one."""
    title = " ".join(title.split())
    if not title:
        raise UserFacingError(_('Give the session a title in quotes, like "Office hour".'))
    if len(title) > MAX_TITLE:
        raise UserFacingError(
            _("A session's title is at most {limit} characters. Nothing was changed.").format(
                limit=MAX_TITLE
            )
        )
    return title
