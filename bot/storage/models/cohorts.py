"""Cohorts: named groups of members with a home channel and, optionally, a term."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base
from bot.storage.types import UTCDateTime


class Cohort(Base):
    """A named group of a community's members, at home in one channel."""

    __tablename__ = "cohorts"
    __table_args__ = (UniqueConstraint("community_id", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(32))
    """As the host wrote it (letters, digits and dashes)."""
    name_key: Mapped[str] = mapped_column(String(32))
    """The name in lower case: names are unique per community regardless of case."""
    home_channel_external_id: Mapped[str] = mapped_column(String(64))
    term_start: Mapped[date | None] = mapped_column(Date)
    term_weeks: Mapped[int | None] = mapped_column(Integer)
    followed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Slack: the home channel's members are members, kept in step by channel joins and leaves."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CohortMember(Base):
    """A member of a cohort: listed by a host, in its followed home channel, or both."""

    __tablename__ = "cohort_members"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    listed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Added with `/cohort add`."""
    in_channel: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Joined the followed home channel (and has not left it) since the cohort was followed."""


class CohortRole(Base):
    """A role (Discord role, Slack user group) whose holders are members of a cohort."""

    __tablename__ = "cohort_roles"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    role_external_id: Mapped[str] = mapped_column(String(64), primary_key=True)
