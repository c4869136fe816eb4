"""Thanks between members: who thanked whom, why and where, and each giver's lock row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base
from bot.storage.types import UTCDateTime


class Thanks(Base):
    """One member thanking another, with the reason they gave and the channel it was said in."""

    __tablename__ = "thanks"
    __table_args__ = (
        Index("ix_thanks_community_created", "community_id", "created_at"),
        Index("ix_thanks_giver_created", "giver_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    giver_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    receiver_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str | None] = mapped_column(Text)
    channel_external_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ThanksGiver(Base):
    """One row a member who thanks: written first in each thanks' transaction, so the limits
    (ten a day, a repeat within a minute is one) are checked by one process at a time."""

    __tablename__ = "thanks_givers"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    last_thanked_at: Mapped[datetime] = mapped_column(UTCDateTime())
