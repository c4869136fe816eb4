"""Buddy pairing: opt-ins, rounds, groups, check-in answers, and who met whom last when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base
from bot.storage.types import UTCDateTime


class BuddyOptIn(Base):
    """A member who takes part in buddy pairing, and whether they are paused."""

    __tablename__ = "buddy_optins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), unique=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """`/buddy pause <weeks>`: left out of rounds until then."""
    auto_paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """Paused after ignoring check-ins in a row, until the member joins again."""
    ignored_checkins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Check-ins ignored in a row; an answer sets it back to 0."""


class BuddyRound(Base):
    """One pairing round of a community: its seed (to reproduce it) and its check-in times."""

    __tablename__ = "buddy_rounds"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    """1, 2, 3, ... within its scope: the whole community, or one cohort."""
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), index=True
    )
    """The cohort whose members it paired; None: the whole community's opted-in members."""
    seed: Mapped[int] = mapped_column(BigInteger)
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("schedules.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    checkin_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    """Halfway to the next round: each group is asked whether they met."""
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    """Check-ins unanswered by then count as ignored."""


# Round numbers count per scope: "no cohort" is one scope of its own.
Index(
    "uq_buddy_rounds_scope",
    BuddyRound.community_id,
    func.coalesce(BuddyRound.cohort_id, 0),
    BuddyRound.number,
    unique=True,
)


class BuddyGroup(Base):
    """A pair or trio of a round, the private conversation it got, and its check-in's state."""

    __tablename__ = "buddy_groups"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("buddy_rounds.id", ondelete="CASCADE"), index=True
    )
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    channel_external_id: Mapped[str | None] = mapped_column(String(64))
    message_external_id: Mapped[str | None] = mapped_column(String(64))
    checkin: Mapped[str | None] = mapped_column(String(16), index=True)
    """None until due; `sent`, `skipped` (a break, or never opened) or `closed`."""


class BuddyGroupMember(Base):
    """A member of a group, with their check-in answer (`met`, `notyet`, `skip`)."""

    __tablename__ = "buddy_group_members"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("buddy_groups.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    answer: Mapped[str | None] = mapped_column(String(16))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class BuddyPair(Base):
    """Two members who met in a round, and the newest round they met in.

    Kept as rounds are recorded (one upsert per round), so reading a pool's history reads its
    pairs, not every group ever held. A forgotten member's pairs go by ON DELETE CASCADE.
    """

    __tablename__ = "buddy_pairs"
    __table_args__ = (CheckConstraint("first_member_id < second_member_id", name="ordered"),)

    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True
    )
    pool: Mapped[int] = mapped_column(Integer, primary_key=True, default=0, server_default="0")
    """Whose history it is: 0 for the whole community's rounds, else the cohort's id."""
    first_member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    """The smaller member id of the two."""
    second_member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    last_round: Mapped[int] = mapped_column(Integer)
    """The number of the newest round (within the pool) the two met in."""


# A big pool reads only its recent pairs (the rounds that can still matter) through this index.
Index("ix_buddy_pairs_recent", BuddyPair.community_id, BuddyPair.pool, BuddyPair.last_round)
