"""A session's card: its text and buttons, and edits kept to one every few seconds.

The card shows the time as each reader's own zone where the platform can (`show_time`) and the
counts of Going, Maybe and Can't go. A burst of presses edits it at once for the first and then
at most once per `EDIT_GAP`: every press is answered privately at once, the card catches up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.durations import shown_duration
from bot.i18n import _, ngettext
from bot.jobs import JobBoard
from bot.messages import Button, ButtonStyle, OutboundMessage
from bot.platform import Platform
from bot.sessions.model import Answer, Counts, SessionInfo

EDIT_GAP = timedelta(seconds=2)
ANSWER_PREFIX = "session:answer"
CALENDAR_PREFIX = "session:ics"
MADE_IT_PREFIX = "session:made"


def when_text(session: SessionInfo, platform: Platform, zone: str) -> str:
    """Return the start and length: `<t:...:F>, for 1h`."""
    length = shown_duration(timedelta(minutes=session.minutes))
    return _("{when}, for {length}").format(
        when=platform.show_time(session.starts_at, zone), length=length
    )


def card(session: SessionInfo, counts: Counts, platform: Platform, zone: str) -> OutboundMessage:
    """Return the card of an occurrence: a cancelled one keeps its text but loses its buttons."""
    when = when_text(session, platform, zone)
    if session.cancelled:
        return OutboundMessage(
            _("{title} on {when} is cancelled (session {id}).").format(
                title=session.title, when=when, id=session.id
            )
        )
    repeat = ""
    if session.every_weeks and not session.series_ended:
        repeat = ngettext("Every week.", "Every {count} weeks.", session.every_weeks).format(
            count=session.every_weeks
        )
    lines = [
        _("{title}: {when} (session {id}).").format(title=session.title, when=when, id=session.id),
        repeat,
        _("Going: {going} · Maybe: {maybe} · Can't go: {no}").format(
            going=counts.going, maybe=counts.maybe, no=counts.no
        ),
    ]
    return OutboundMessage("\n".join(line for line in lines if line), buttons=_buttons(session.id))


def _buttons(session_id: int) -> tuple[Button, ...]:
    return (
        Button(_("Going"), f"{ANSWER_PREFIX}:{session_id}:{Answer.GOING}", ButtonStyle.PRIMARY),
        Button(_("Maybe"), f"{ANSWER_PREFIX}:{session_id}:{Answer.MAYBE}"),
        Button(_("Can't go"), f"{ANSWER_PREFIX}:{session_id}:{Answer.NO}"),
        Button(_("Add to calendar"), f"{CALENDAR_PREFIX}:{session_id}"),
    )


def made_it_buttons(session_id: int) -> tuple[Button, ...]:
    """Return the Yes and No of "Did you make it?"."""
    return (
        Button(_("Yes"), f"{MADE_IT_PREFIX}:{session_id}:yes", ButtonStyle.PRIMARY),
        Button(_("No"), f"{MADE_IT_PREFIX}:{session_id}:no"),
    )


Refresh = Callable[[int, Platform], Awaitable[None]]


class CardEditor:
    """Edits a card after presses: at once if it was not edited lately, else once the gap ends.

    Per process: with several processes on one database each keeps its own gap, and every
    edit reads the counts afresh, so the card is right after the last one.
    """

    def __init__(self, clock: Clock, jobs: JobBoard, refresh: Refresh) -> None:
        self._clock = clock
        self._jobs = jobs
        self._refresh = refresh
        self._last: dict[int, datetime] = {}
        self._waiting: set[int] = set()
        self._editing: set[int] = set()
        self.edits = 0
        """How many edits this process made (the benchmark reads it)."""

    async def changed(self, session_id: int, platform: Platform) -> None:
        """Note that the counts changed: edit now, or have one edit made after the gap."""
        if session_id in self._waiting:
            return
        last = self._last.get(session_id)
        idle = session_id not in self._editing
        if idle and (last is None or self._clock.now() - last >= EDIT_GAP):
            await self._edit(session_id, platform)
            return
        self._waiting.add(session_id)
        if idle:
            assert last is not None
            self._arm(session_id, platform, last + EDIT_GAP)
        # else the edit under way arms it when it ends

    def _arm(self, session_id: int, platform: Platform, due: datetime) -> None:
        async def edit_later() -> None:
            self._waiting.discard(session_id)
            await self._edit(session_id, platform)

        # A new job id each time: the timer may be armed from inside the one running.
        self._jobs.once(f"session-card:{session_id}:{self.edits}", due, edit_later)

    async def _edit(self, session_id: int, platform: Platform) -> None:
        """Edit the card; the gap counts from when the edit ended, so the platform sees at
        most one edit per gap even when one is slow; presses during it are caught up after."""
        self._editing.add(session_id)
        self.edits += 1
        try:
            await self._refresh(session_id, platform)
        finally:
            self._editing.discard(session_id)
            self._last[session_id] = ended = self._clock.now()
            if session_id in self._waiting:
                self._arm(session_id, platform, ended + EDIT_GAP)
