"""Announcements: a host's post with a "Got it" button, and who pressed it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base
from bot.storage.types import UTCDateTime


class Announcement(Base):
    """One announcement, for the whole community or (with `cohort_id`) for one cohort."""

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    channel_external_id: Mapped[str] = mapped_column(String(64))
    message_external_id: Mapped[str | None] = mapped_column(String(64))
    """Set once the post is made; an announcement without one was never posted."""
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class AnnouncementRead(Base):
    """A member pressed "Got it" under an announcement (once, however often they press)."""

    __tablename__ = "announcement_reads"

    announcement_id: Mapped[int] = mapped_column(
        ForeignKey("announcements.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    read_at: Mapped[datetime] = mapped_column(UTCDateTime())
