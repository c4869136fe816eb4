"""Moderation: the case log, the flag queue and the automatic filters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base
from bot.storage.types import UTCDateTime


class ModCase(Base):
    """One moderation action (warn, timeout, kick, ban, note, ...): the case log.

    `member_id` is the member acted on and `moderator_id` who acted (None: the bot itself, an
    escalation or a filter). Forgetting a member keeps the cases about them as an anonymous
    record (member and excerpt gone; see `moderation/forget.py`).
    """

    __tablename__ = "mod_cases"
    __table_args__ = (
        Index("ix_mod_cases_member", "member_id", "kind", "expires_at"),
        {"sqlite_autoincrement": True},  # case numbers are never reused
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    moderator_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str | None] = mapped_column(Text)
    guideline: Mapped[str | None] = mapped_column(Text)
    """The guideline the action cites (its text when the case was made)."""
    excerpt: Mapped[str | None] = mapped_column(Text)
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """When a warning stops counting, or a timeout ends."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    automatic: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Made by the bot itself (escalation, a filter), not by a moderator since forgotten."""


class ModFlag(Base):
    """A message brought to the moderators (filter hit, report, AutoMod): a card in the queue."""

    __tablename__ = "mod_flags"
    __table_args__ = (
        Index("ix_mod_flags_unhandled", "handled_at", "reannounced_at", "created_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(16))
    """`filter`, `report` or `automod`."""
    rule: Mapped[str | None] = mapped_column(String(200))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str | None] = mapped_column(Text)
    channel_external_id: Mapped[str | None] = mapped_column(String(64))
    message_external_id: Mapped[str | None] = mapped_column(String(64))
    excerpt: Mapped[str | None] = mapped_column(Text)
    already_done: Mapped[str | None] = mapped_column(String(200))
    card_channel_external_id: Mapped[str | None] = mapped_column(String(64))
    card_message_external_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    handled_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(String(32))
    reannounced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AutomodFilter(Base):
    """One automatic filter's settings in a community; a filter without a row has its defaults."""

    __tablename__ = "automod_filters"
    __table_args__ = (UniqueConstraint("community_id", "filter"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    filter: Mapped[str] = mapped_column(String(16))
    """`terms`, `regex`, `invites`, `links`, `repeats`, `mentions` or `flood`."""
    enabled: Mapped[bool] = mapped_column(Boolean)
    action: Mapped[str] = mapped_column(String(16))
    """`flag`, `delete` or `timeout`."""
    threshold: Mapped[int | None] = mapped_column(Integer)
    window_seconds: Mapped[int | None] = mapped_column(Integer)
    timeout_seconds: Mapped[int] = mapped_column(Integer)
    """How long the `timeout` action times a member out."""


class AutomodTerm(Base):
    """A blocked term (folded and normalized: lower case, words separated by single spaces)."""

    __tablename__ = "automod_terms"
    __table_args__ = (UniqueConstraint("community_id", "term"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    term: Mapped[str] = mapped_column(String(60))


class AutomodPattern(Base):
    """A regex rule, accepted by RE2 when it was added; numbered by id order."""

    __tablename__ = "automod_patterns"
    __table_args__ = (
        UniqueConstraint("community_id", "pattern"),
        {"sqlite_autoincrement": True},  # rule numbers follow the order rules were added
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    pattern: Mapped[str] = mapped_column(String(200))


class AutomodDomain(Base):
    """A domain (and its subdomains) that the links filter allows."""

    __tablename__ = "automod_domains"
    __table_args__ = (UniqueConstraint("community_id", "domain"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    domain: Mapped[str] = mapped_column(String(253))


class AutomodExemption(Base):
    """A channel or role whose messages no automatic filter screens."""

    __tablename__ = "automod_exemptions"
    __table_args__ = (UniqueConstraint("community_id", "kind", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    """`channel` or `role`."""
    external_id: Mapped[str] = mapped_column(String(64))
