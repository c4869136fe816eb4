"""Welcomes and intros."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base
from bot.storage.types import UTCDateTime


class Newcomer(Base):
    """A member the bot saw join: when it last welcomed them, and their one intro reminder.

    A row exists from the member's first join after intros shipped (members known before have
    none, so they are never reminded). Bots get a row marked `is_bot`, so they are never
    welcomed, reminded or listed as not introduced.
    """

    __tablename__ = "newcomers"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    is_bot: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    welcomed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminder_lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """While a process is sending the reminder: until when it owns it (a crash lets it lapse)."""
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """When the one reminder went out (or was given up on); never sent again after that."""


class Intro(Base):
    """A member's introduction: the newest one, with where it was posted."""

    __tablename__ = "intros"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), unique=True
    )
    text: Mapped[str] = mapped_column(Text)
    """The intro as posted (without the bot's heading): what pairing shows a member's buddies."""
    about: Mapped[str | None] = mapped_column(Text)
    learning: Mapped[str | None] = mapped_column(Text)
    goals: Mapped[str | None] = mapped_column(Text)
    """The form's answers, to fill the form in again next time (None for a typed intro)."""
    channel_external_id: Mapped[str | None] = mapped_column(String(64))
    message_external_id: Mapped[str | None] = mapped_column(String(64))
    """The post, to edit it when the member updates their intro (None if it was not posted)."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
