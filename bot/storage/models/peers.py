"""Finding peers: who agreed to be found, and which pairs said hello when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, PrimaryKeyConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base
from bot.storage.types import UTCDateTime


class FindableMember(Base):
    """A member who agreed to be listed by `/peers` (off by default: no row)."""

    __tablename__ = "findable_members"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    since: Mapped[datetime] = mapped_column(UTCDateTime())


class PeerGreeting(Base):
    """The last "Say hello" between two members (the lower id first): once a month a pair.

    The row is claimed with one conditional upsert before the conversation opens, so two
    presses (or two processes) open it once.
    """

    __tablename__ = "peer_greetings"
    __table_args__ = (
        PrimaryKeyConstraint("first_member_id", "second_member_id"),
        Index("ix_peer_greetings_second_member_id", "second_member_id"),
    )

    first_member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    second_member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    greeted_at: Mapped[datetime] = mapped_column(UTCDateTime())
