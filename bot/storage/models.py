"""The relational schema. Every change to it goes through a migration in `migrations/versions`."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.storage.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with stable constraint names, so migrations can refer to them."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Community(Base):
    """A Discord guild, a Slack workspace or the console community, with its settings."""

    __tablename__ = "communities"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(64))
    timezone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    starter_topic_index: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """How many starter prompts the community has used (posted or skipped): the next one's index."""


class Member(Base):
    """A person in one community; the row exists from the first event that names them."""

    __tablename__ = "members"
    # AUTOINCREMENT: SQLite would otherwise reuse a forgotten member's id, and another process
    # still holding that id (pending activity, say) would write onto the next new member.
    __table_args__ = (
        UniqueConstraint("community_id", "external_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    external_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(200))
    level_override: Mapped[int | None] = mapped_column(Integer)
    timezone: Mapped[str | None] = mapped_column(String(64))
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_active_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    interests: Mapped[list[MemberInterest]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="MemberInterest.position"
    )


class MemberInterest(Base):
    """One interest a member listed, in the order they gave."""

    __tablename__ = "member_interests"
    __table_args__ = (UniqueConstraint("member_id", "interest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    interest: Mapped[str] = mapped_column(String(80))


class ChannelAssignment(Base):
    """Which channel the bot uses for a purpose (intros, topics, modlog, ...)."""

    __tablename__ = "channel_assignments"
    __table_args__ = (UniqueConstraint("community_id", "purpose"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(32))
    channel_external_id: Mapped[str] = mapped_column(String(64))


class RoleLevel(Base):
    """A platform role (Discord role, Slack user group) that grants a level."""

    __tablename__ = "role_levels"
    __table_args__ = (UniqueConstraint("community_id", "role_external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    role_external_id: Mapped[str] = mapped_column(String(64))
    level: Mapped[int] = mapped_column(Integer)


class Guideline(Base):
    """One numbered rule of a community's guidelines."""

    __tablename__ = "guidelines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class CommandSync(Base):
    """The digest of the command set last registered with a platform, per scope.

    A scope is `discord:global` or `discord:guild:<id>`; commands are registered again only
    when the digest of the current set differs, since platforms rate-limit registration.
    """

    __tablename__ = "command_syncs"

    scope: Mapped[str] = mapped_column(String(100), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime())


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
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Schedule(Base):
    """A recurring job of a community: weekly (or every n weeks) at a local time."""

    __tablename__ = "schedules"
    __table_args__ = (
        UniqueConstraint("community_id", "kind", "channel_external_id"),
        {"sqlite_autoincrement": True},  # an id is never reused: ledger keys stay unambiguous
    )

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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


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


class TopicResponse(Base):
    """A member's reply in a topic's thread: who and when, never what they wrote."""

    __tablename__ = "topic_responses"
    __table_args__ = (UniqueConstraint("topic_post_id", "message_external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_post_id: Mapped[int] = mapped_column(
        ForeignKey("topic_posts.id", ondelete="CASCADE"), index=True
    )
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
    is_bot: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    nudges_off: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_nudged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """Set by the claim before a nudge is sent: the conditional UPDATE only one process wins."""


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
    """`claimed` (about to be sent), `sent`, `failed` (the platform refused) or `unknown`."""
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(String(16))
    """The member's answer: `fine`, `snooze`, `pair` or `host`."""
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
