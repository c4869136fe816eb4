"""The dashboard's view of announcements: the newest ones with how many pressed "Got it".

One query: the announcements with their read counts (as the digest counts them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from bot.storage.database import Database
from bot.storage.models import Announcement, AnnouncementRead, Cohort

SHOWN = 20


@dataclass(frozen=True, slots=True)
class RecentAnnouncement:
    """A posted announcement: its number, text, scope and how many pressed "Got it"."""

    id: int
    text: str
    posted_at: datetime
    cohort: str | None
    reads: int


async def recent_announcements(
    database: Database, community_id: int, limit: int = SHOWN
) -> list[RecentAnnouncement]:
    """Return the community's newest posted announcements (every cohort's), newest first."""
    reads = (
        select(func.count())
        .where(AnnouncementRead.announcement_id == Announcement.id)
        .scalar_subquery()
    )
    query = (
        select(Announcement.id, Announcement.text, Announcement.posted_at, Cohort.name, reads)
        .outerjoin(Cohort, Cohort.id == Announcement.cohort_id)
        .where(
            Announcement.community_id == community_id,
            Announcement.message_external_id.is_not(None),
        )
        .order_by(Announcement.id.desc())
        .limit(limit)
    )
    async with database.reading() as connection:
        rows = (await connection.execute(query)).all()
    return [RecentAnnouncement(row[0], row[1], row[2], row[3], int(row[4])) for row in rows]
