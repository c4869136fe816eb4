"""Rate budgets: token buckets shared by every process on the database."""

from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base


class RateBudget(Base):
    """One token bucket: how many sends of a kind (`purpose`) a platform may take now.

    `tokens` may go below zero: a send that finds the bucket empty takes its token anyway and
    waits until the refill has paid it back, so one atomic UPDATE both takes and says how long
    to wait. `refilled_at` is seconds since the Unix epoch (a float, not a timestamp), so the
    refill is plain arithmetic that reads the same on SQLite and PostgreSQL.
    """

    __tablename__ = "rate_budgets"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(32), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    refilled_at: Mapped[float] = mapped_column(Float)
