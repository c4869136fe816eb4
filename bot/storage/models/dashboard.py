"""The web dashboard's sign-in links and sessions (`bot/dashboard/`).

Neither table holds a secret: a link's token and a session's id are stored only as their
SHA-256, so a copy of the database signs nobody in. Both go with their member (forgotten) and
their community (`ON DELETE CASCADE`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base
from bot.storage.types import UTCDateTime

DIGEST_LENGTH = 64  # a SHA-256 in hex


class DashboardLink(Base):
    """A one-time sign-in link given by `/dashboard`: used once, within minutes, or never."""

    __tablename__ = "dashboard_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(DIGEST_LENGTH), unique=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class DashboardSession(Base):
    """A signed-in browser: its cookie's id (hashed), whose it is, and its CSRF token."""

    __tablename__ = "dashboard_sessions"

    id_hash: Mapped[str] = mapped_column(String(DIGEST_LENGTH), primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(DIGEST_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
