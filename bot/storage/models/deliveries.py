"""Deliveries seen lately: the ids of platform requests already acted on, kept for minutes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base
from bot.storage.types import UTCDateTime


class SeenDelivery(Base):
    """One delivery id (`slack:event:Ev1`, `discord:interaction:123`) and when it first came.

    Platforms redeliver (retries, replays after a resume); a row here says the delivery was
    acted on already, in this process or another one on the same database.
    """

    __tablename__ = "seen_deliveries"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
