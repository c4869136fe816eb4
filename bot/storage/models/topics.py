"""Discussion topics, their posts and replies, schedules, the occurrence ledger and breaks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base
from bot.storage.types import UTCDateTime


class Topic(Base):
    """A discussion prompt in a community's bank: added by a host, or suggested by a member."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    """`approved` (in the bank), `pending` (a suggestion awaiting hosts) or `rejected`."""
    suggested_by: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    times_used: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), index=True
    )
    """The cohort whose bank it is in; None: the whole community's bank."""
    week: Mapped[int | None] = mapped_column(Integer)
    """The week of the cohort's term it is pinned to (`/topic add week 3: ...`), if any."""
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Schedule(Base):
    """A recurring job of a community: weekly (or every n weeks) at a local time."""

    __tablename__ = "schedules"
    # An id is never reused: ledger keys stay unambiguous.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    channel_external_id: Mapped[str] = mapped_column(String(64))
    weekday: Mapped[int] = mapped_column(Integer)
    hour: Mapped[int] = mapped_column(Integer)
    minute: Mapped[int] = mapped_column(Integer)
    every_weeks: Mapped[int] = mapped_column(Integer)
    anchor_date: Mapped[date] = mapped_column(Date)
    """The local date of the first occurrence; every-n-weeks counts from it."""
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), index=True
    )
    """The cohort it works for (paused outside the cohort's term); None: the whole community."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Counts the changes to its timing (and its community's time zone); other processes poll
    the sum to notice them."""


# One schedule of a kind per channel and scope: "no cohort" is one scope of its own, so a second
# community-wide schedule for a channel replaces the first, as a cohort's second one does.
Index(
    "uq_schedules_scope",
    Schedule.community_id,
    Schedule.kind,
    Schedule.channel_external_id,
    func.coalesce(Schedule.cohort_id, 0),
    unique=True,
)


class Occurrence(Base):
    """The ledger: one row per (schedule, due time), so each occurrence fires exactly once."""

    __tablename__ = "occurrences"
    __table_args__ = (UniqueConstraint("schedule_id", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("schedules.id", ondelete="CASCADE"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))
    """`claimed` (being done), `done`, `failed`, `missed` (too late) or `paused` (a break)."""
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """While claimed: until when the claimer owns it; after that another process may take over."""
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    detail: Mapped[str | None] = mapped_column(String(500))
    message_id: Mapped[str | None] = mapped_column(String(64))
    """The platform's id of the message the occurrence posted, kept as soon as it is known, so
    a retry or a takeover completes the occurrence instead of posting again."""


class TopicPost(Base):
    """A topic posted in a channel, with the thread its discussion happens in."""

    __tablename__ = "topic_posts"
    __table_args__ = (Index("ix_topic_posts_message", "community_id", "message_external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"))
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("schedules.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    channel_external_id: Mapped[str] = mapped_column(String(64))
    message_external_id: Mapped[str] = mapped_column(String(64))
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), index=True
    )
    """The cohort it was posted for; None: the whole community."""
    week: Mapped[int | None] = mapped_column(Integer)
    """The week of the cohort's term it was posted in ("Week N" above it), if any."""


class TopicResponse(Base):
    """A member's reply in a topic's thread: who and when, never what they wrote."""

    __tablename__ = "topic_responses"
    __table_args__ = (
        UniqueConstraint("topic_post_id", "message_external_id"),
        # A post's replies with who wrote them, read from the index alone (a cohort's figures
        # count its members' replies to each of its posts).
        Index("ix_topic_responses_post_member", "topic_post_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_post_id: Mapped[int] = mapped_column(ForeignKey("topic_posts.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    message_external_id: Mapped[str] = mapped_column(String(64))
    responded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Break(Base):
    """A term break: every scheduled job of the community pauses from one date to another."""

    __tablename__ = "breaks"
    __table_args__ = (UniqueConstraint("community_id", "starts_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    """Inclusive: the last local date of the break."""
