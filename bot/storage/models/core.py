"""Communities, members, channels, roles, guidelines and command syncs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.storage.models.base import Base
from bot.storage.types import UTCDateTime


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
    welcome_text: Mapped[str | None] = mapped_column(Text)
    """The admins' welcome text (`/setup welcome`), with `{member}` and `{guidelines}`; None for
    the default."""
    member_forgotten_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """When a member of the community was last forgotten (who is not kept): activity another
    process buffered under a forgotten id is kept for the member's new row only when all of it
    came later (`bot/shared/activity_moves.py`)."""
    language: Mapped[str | None] = mapped_column(String(16))
    """The community's language (`/setup language`): its public posts, and what members are
    sent when nothing says otherwise. None for the deployment's default (English)."""


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
    last_reacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """The member's latest reaction: light participation (a member who reacts is not quiet)."""
    language: Mapped[str | None] = mapped_column(String(16))
    """The member's own language (`/profile language`): first for what is sent to them."""
    locale: Mapped[str | None] = mapped_column(String(16))
    """The locale of the member's last interaction, as their platform reported it (`es-ES`)."""

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
