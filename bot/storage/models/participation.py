"""Participation: daily activity and reactions, first posts, questions and the nudge ledger."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base
from bot.storage.types import UTCDateTime


class DailyActivity(Base):
    """How many messages (and of them thread replies) a member posted on one UTC day."""

    __tablename__ = "daily_activity"
    __table_args__ = (
        PrimaryKeyConstraint("member_id", "day"),
        Index("ix_daily_activity_community_day", "community_id", "day"),
    )

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    messages: Mapped[int] = mapped_column(Integer)
    replies: Mapped[int] = mapped_column(Integer)


class DailyReactions(Base):
    """How many reactions a member added on one UTC day: a count, never which emoji nor where.

    Apart from `daily_activity`, whose rows each mean "posted that day": a member who only
    reacts is not a poster, and the figures that count posters read no reactions.
    """

    __tablename__ = "daily_reactions"
    __table_args__ = (
        PrimaryKeyConstraint("member_id", "day"),
        Index("ix_daily_reactions_community_day", "community_id", "day"),
    )

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    reactions: Mapped[int] = mapped_column(Integer)


class Participation(Base):
    """Per member: the first post, quiet-member nudge preferences and the last nudge."""

    __tablename__ = "participation"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    first_post_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_post_wait_us: Mapped[int | None] = mapped_column(BigInteger)
    """Microseconds from joining to the first post, when the member joined before it (else
    None): kept by every write of either time (`bot/storage/first_post_waits.py`), so the
    median wait sorts stored integers instead of parsing two datetimes a member."""
    is_bot: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    nudges_off: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_nudged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """Set by the claim before a nudge is sent: the conditional UPDATE only one process wins."""
    reading_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """When the member said they are just reading: no check-ins while they have not posted
    since (`/nudges on` clears it)."""


class Question(Base):
    """A question a member asked (a top-level post ending in `?`): ids and times, no text."""

    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("community_id", "message_external_id"),
        Index("ix_questions_community_asked", "community_id", "asked_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    message_external_id: Mapped[str] = mapped_column(String(64))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Nudge(Base):
    """One quiet-member nudge: claimed before sending, then sent (or not), then answered."""

    __tablename__ = "nudges"
    __table_args__ = (Index("ix_nudges_community_claimed", "community_id", "claimed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    """`claimed` (about to be sent), `sent`, `retry` (a transient fault: a later sweep tries
    again), `refused` (for good, such as closed DMs), `failed` (before refusals were told
    apart) or `unknown` (claimed, never confirmed sent)."""
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(String(16))
    """The member's answer: `fine`, `snooze`, `pair` or `host`."""
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
