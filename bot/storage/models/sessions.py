"""Study sessions and office hours: series, occurrences, answers, reminders sent, opt-outs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base
from bot.storage.types import UTCDateTime


class SessionSeries(Base):
    """A recurring session: every `every_weeks` weeks until a host ends it."""

    __tablename__ = "session_series"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    every_weeks: Mapped[int] = mapped_column(Integer)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class StudySession(Base):
    """One occurrence of a session: its own card, answers, reminders and attendance."""

    __tablename__ = "sessions"
    __table_args__ = (UniqueConstraint("series_id", "slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), index=True
    )
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("session_series.id", ondelete="CASCADE")
    )
    title: Mapped[str] = mapped_column(String(100))
    slot: Mapped[datetime] = mapped_column(UTCDateTime())
    """Where the series put it (its start before any move): the RECURRENCE-ID of a moved one."""
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    channel_external_id: Mapped[str] = mapped_column(String(64))
    card_message_id: Mapped[str | None] = mapped_column(String(64))
    card_channel_id: Mapped[str | None] = mapped_column(String(64))
    event_id: Mapped[str | None] = mapped_column(String(64))
    """The platform's own event kept in step with it (a Discord scheduled event), if any."""
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Counted up by each move or cancellation: the calendar's SEQUENCE."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SessionAnswer(Base):
    """A member's answer (going, maybe, no) and, afterwards, whether they made it."""

    __tablename__ = "session_answers"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    answer: Mapped[str] = mapped_column(String(8))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attended: Mapped[bool | None] = mapped_column(Boolean)


class SessionNotice(Base):
    """One reminder or follow-up DM to one member: claimed once (a unique row), then sent."""

    __tablename__ = "session_notices"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SessionOptOut(Base):
    """A member who turned their session reminders off."""

    __tablename__ = "session_opt_outs"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
