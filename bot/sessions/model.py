"""What a session is, as the rest of the package and the commands see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

MAX_TITLE = 100
DEFAULT_LENGTH = timedelta(hours=1)
MAX_LENGTH = timedelta(hours=12)
MAX_EVERY_WEEKS = 12


class Answer(StrEnum):
    """A member's answer on a session card."""

    GOING = "going"
    MAYBE = "maybe"
    NO = "no"


class NoticeKind(StrEnum):
    """The direct messages a session sends each member at most once."""

    DAY = "day"
    """A day before, to Going and Maybe."""
    SOON = "soon"
    """Fifteen minutes before, to Going and Maybe."""
    FOLLOW_UP = "followup"
    """"Did you make it?", to Going, after it ends."""


NOTICE_LEAD: dict[NoticeKind, timedelta] = {
    NoticeKind.DAY: timedelta(days=1),
    NoticeKind.SOON: timedelta(minutes=15),
}
FOLLOW_UP_AFTER_END = timedelta(minutes=10)
"""The follow-up goes this long after the end: well within the hour after it."""


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """One occurrence of a session."""

    id: int
    community_id: int
    cohort_id: int | None
    series_id: int | None
    every_weeks: int | None
    series_ended: bool
    title: str
    slot: datetime
    starts_at: datetime
    minutes: int
    channel_id: str
    card_channel_id: str | None
    card_message_id: str | None
    sequence: int
    cancelled_at: datetime | None
    event_id: str | None
    """The platform's own event kept in step (a Discord scheduled event), if one was made."""

    @property
    def ends_at(self) -> datetime:
        """Return when it ends."""
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def cancelled(self) -> bool:
        """Return whether a host cancelled it."""
        return self.cancelled_at is not None

    @property
    def moved(self) -> bool:
        """Return whether it was moved from where its series put it."""
        return self.starts_at != self.slot

    def notice_due(self, kind: NoticeKind) -> datetime:
        """Return when the notice of `kind` is due."""
        if kind is NoticeKind.FOLLOW_UP:
            return self.ends_at + FOLLOW_UP_AFTER_END
        return self.starts_at - NOTICE_LEAD[kind]


@dataclass(frozen=True, slots=True)
class Counts:
    """How many answered what."""

    going: int = 0
    maybe: int = 0
    no: int = 0


@dataclass(frozen=True, slots=True)
class Attendee:
    """One member's answer and what they said afterwards."""

    external_id: str
    answer: Answer
    attended: bool | None


@dataclass(frozen=True, slots=True)
class Upcoming:
    """A session in `/session list`, with the caller's own answer."""

    session: SessionInfo
    answer: Answer | None
