"""A session's timers: reminders a day and 15 minutes before, "Did you make it?" after, and
the series' next occurrence when this one starts.

Each is a one-shot timer (`JobBoard.once`), armed when the session is created or moved and
re-armed from the rows whenever a platform attaches (after a restart): never a sweep each
minute. Every process that read the rows arms them, so the work claims each member's notice
first (`notices.claim_notices`: a unique row, or a takeover once its lease ran out), a batch of
`BATCH_SIZE` members per claim until none is left, so each claim's lease covers only the DMs of
its batch (5,000 DMs at a platform's rate take longer than one lease). A claim whose sender died
is looked at again when its lease ends.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.errors import PlatformError
from bot.i18n import _
from bot.jobs import JobBoard
from bot.messages import OutboundMessage
from bot.platform import Platform
from bot.refs import UserRef
from bot.serving import Served
from bot.sessions import notices, store
from bot.sessions.cards import made_it_buttons, when_text
from bot.sessions.languages import written_for_each
from bot.sessions.model import NoticeKind, SessionInfo
from bot.shared.communities import CommunityService
from bot.shared.languages import LanguageService
from bot.storage.database import Database

log = logging.getLogger(__name__)

GRACE = timedelta(minutes=45)
"""A notice whose moment passed while no process ran is still sent this long after it."""

BATCH_SIZE = 100
"""Members per claim: 100 DMs take well under the lease even at a platform's slowest rate."""

NextOccurrence = Callable[[SessionInfo, Platform], Awaitable[None]]


class SessionTimers:
    """Arms and does a session's notices and its series' next occurrence."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        jobs: JobBoard,
        communities: CommunityService,
        languages: LanguageService,
        lease: timedelta,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self._database = database
        self._clock = clock
        self._jobs = jobs
        self._communities = communities
        self._languages = languages
        self._lease = lease
        self.batch_size = batch_size
        """Members claimed at once: a batch is sent well within the lease at any rate limit."""
        self.next_occurrence: NextOccurrence | None = None
        self.sent = 0
        """How many notices this process sent (the benchmark reads it)."""

    def arm(self, session: SessionInfo, platform: Platform) -> None:
        """Arm the session's notices still to come, and its series' next occurrence."""
        now = self._clock.now()
        for kind in NoticeKind:
            due = session.notice_due(kind)
            if session.cancelled or due + GRACE < now:
                self._jobs.forget(_job(session.id, kind))
                continue
            self._jobs.once(_job(session.id, kind), due, self._doer(session.id, kind, platform))
        if session.series_id is not None and not session.series_ended:

            async def follow() -> None:
                if self.next_occurrence is not None:
                    await self.next_occurrence(session, platform)

            self._jobs.once(f"session:{session.id}:next", session.slot, follow)

    def disarm(self, session: SessionInfo) -> None:
        """Forget the session's notices (it was cancelled)."""
        for kind in NoticeKind:
            self._jobs.forget(_job(session.id, kind))

    async def rearm(self, served: Served, now: datetime) -> None:
        """Arm the timers of every session still to come in the communities served here."""
        if not served.ids:
            return
        async with self._database.reading() as connection:
            sessions = await store.to_arm(connection, sorted(served.ids), now - timedelta(days=1))
        for session in sessions:
            platform = served.platform_for(session.community_id)
            if platform is not None:
                self.arm(session, platform)

    def _doer(
        self, session_id: int, kind: NoticeKind, platform: Platform
    ) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await self.send(session_id, kind, platform)

        return run

    async def send(self, session_id: int, kind: NoticeKind, platform: Platform) -> None:
        """Send the notices of `kind` this process claims (each member's once), a batch of
        `batch_size` members per claim until none is left unclaimed."""
        now = self._clock.now()
        async with self._database.reading() as connection:
            session = await store.get(connection, session_id)
        if session is None or session.cancelled:
            return
        due = session.notice_due(kind)
        if due > now:  # moved later since this timer was armed
            self._jobs.once(_job(session_id, kind), due, self._doer(session_id, kind, platform))
            return
        if due + GRACE < now:
            return
        zone = await self._communities.timezone(session.community_id)
        while await self._send_batch(session, kind, platform, zone):
            pass
        self._jobs.once(
            f"session:{session_id}:{kind}:again",
            self._clock.now() + self._lease + timedelta(seconds=1),
            self._doer(session_id, kind, platform),
        )

    async def _send_batch(
        self, session: SessionInfo, kind: NoticeKind, platform: Platform, zone: str
    ) -> bool:
        """Claim and send one batch, each member's notice in their own language; return
        whether there may be more to claim.

        Each claim holds its members for one lease from the moment it is made, so a batch
        (not the whole list) must be sent within the lease.
        """
        now = self._clock.now()
        async with self._database.writing() as connection:
            current = await store.get(connection, session.id)
            if current is None or current.cancelled:  # cancelled while a batch was sent
                return False
            claimed = await notices.claim_notices(
                connection, session.id, kind, now, (self._lease, self.batch_size)
            )
            if not claimed:  # another process may have won this batch: any left after it?
                return await notices.unclaimed_notices(
                    connection, session.id, kind, now, self._lease
                )
        notices_for = await written_for_each(
            self._languages,
            session.community_id,
            [user_id for _member_id, user_id in claimed],
            lambda: _notice(session, kind, platform, zone),
        )
        for member in claimed:
            await self._send_one(session, kind, platform, member, notices_for[member[1]])
        return True

    async def _send_one(
        self,
        session: SessionInfo,
        kind: NoticeKind,
        platform: Platform,
        member: tuple[int, str],
        message: OutboundMessage,
    ) -> None:
        member_id, user_id = member
        user = UserRef(platform.name, user_id)
        key = f"cohort:session:{session.id}:{kind}:{member_id}"
        try:
            await platform.direct_message(user, message, key=key)
        except PlatformError as error:  # DMs closed, a left member: not tried again
            log.warning(
                "session %s: %s notice to %s not sent: %s", session.id, kind, user_id, error
            )
        async with self._database.writing() as connection:
            await notices.mark_sent(connection, session.id, kind, member_id, self._clock.now())
        self.sent += 1


def _job(session_id: int, kind: NoticeKind) -> str:
    return f"session:{session_id}:{kind}"


def _notice(
    session: SessionInfo, kind: NoticeKind, platform: Platform, zone: str
) -> OutboundMessage:
    when = when_text(session, platform, zone)
    if kind is NoticeKind.DAY:
        return OutboundMessage(
            _("Reminder: {title} is tomorrow, {when}.").format(title=session.title, when=when)
        )
    if kind is NoticeKind.SOON:
        return OutboundMessage(
            _("{title} starts in 15 minutes, {when}.").format(title=session.title, when=when)
        )
    return OutboundMessage(
        _("Did you make it to {title}?").format(title=session.title),
        buttons=made_it_buttons(session.id),
    )
