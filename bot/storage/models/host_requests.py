"""Host requests: a member asked for a host (a check-in's "Talk to a host", a topic suggestion);
a card in the hosts channel that the first host to claim it answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base
from bot.storage.types import UTCDateTime


class HostRequest(Base):
    """A card in the hosts channel waiting for a host to claim it."""

    __tablename__ = "host_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    """`talk` (a check-in's "Talk to a host") or `suggestion` (a topic suggestion)."""
    topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), unique=True
    )
    """The suggested topic, for a `suggestion`: one card per suggestion."""
    card_channel_external_id: Mapped[str | None] = mapped_column(String(64))
    card_message_external_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """A suggestion decided (approved or rejected) needs no claim any more."""
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """When the unclaimed card was re-announced (once)."""
