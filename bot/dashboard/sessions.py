"""Dashboard sessions: rows keyed by the SHA-256 of a random id that only the cookie holds.

A session lasts 12 hours at most and ends after 2 idle hours, on real time (the console's
clock is virtual). Each has its own random CSRF token for the forms it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update

from bot.dashboard.tokens import WallClock, digest, new_token, real_now
from bot.storage.database import Database
from bot.storage.models import DashboardSession, Member

ABSOLUTE_LIFETIME = timedelta(hours=12)
IDLE_LIFETIME = timedelta(hours=2)
TOUCH_EVERY = timedelta(minutes=1)  # `last_seen_at` is written at most this often


@dataclass(frozen=True, slots=True)
class OpenSession:
    """A live session: whose, where, and the CSRF token its forms carry."""

    id_hash: str
    community_id: int
    member_id: int
    csrf_token: str


class SessionStore:
    """Opens, finds, touches and ends sessions."""

    def __init__(self, database: Database, now: WallClock = real_now) -> None:
        self._database = database
        self._now = now

    async def open(self, community_id: int, member_id: int) -> str:
        """Start a session for the member; return its id (for the cookie only)."""
        session_id = new_token()
        now = self._now()
        async with self._database.writing() as connection:
            await connection.execute(
                insert(DashboardSession).values(
                    id_hash=digest(session_id),
                    community_id=community_id,
                    member_id=member_id,
                    csrf_token=new_token(),
                    created_at=now,
                    last_seen_at=now,
                )
            )
        return session_id

    async def find(self, session_id: str) -> OpenSession | None:
        """Return the live session with this id (touching it), or None; an expired one ends."""
        id_hash = digest(session_id)
        now = self._now()
        async with self._database.reading() as connection:
            row = (
                await connection.execute(
                    select(DashboardSession).where(DashboardSession.id_hash == id_hash)
                )
            ).one_or_none()
        if row is None:
            return None
        if _expired(row.created_at, row.last_seen_at, now):
            await self.end(id_hash)
            return None
        if now - row.last_seen_at >= TOUCH_EVERY:
            async with self._database.writing() as connection:
                await connection.execute(
                    update(DashboardSession)
                    .where(DashboardSession.id_hash == id_hash)
                    .values(last_seen_at=now)
                )
        return OpenSession(id_hash, row.community_id, row.member_id, row.csrf_token)

    async def end(self, id_hash: str) -> None:
        """End one session (sign out, expiry, demotion)."""
        async with self._database.writing() as connection:
            await connection.execute(
                delete(DashboardSession).where(DashboardSession.id_hash == id_hash)
            )

    async def end_member(self, community_id: int, external_id: str) -> int:
        """End every session of the member with this platform id; return how many ended."""
        member = select(Member.id).where(
            Member.community_id == community_id, Member.external_id == external_id
        )
        async with self._database.writing() as connection:
            ended = await connection.execute(
                delete(DashboardSession).where(DashboardSession.member_id.in_(member))
            )
        return int(ended.rowcount or 0)


def _expired(created_at: datetime, last_seen_at: datetime, now: datetime) -> bool:
    return now >= created_at + ABSOLUTE_LIFETIME or now >= last_seen_at + IDLE_LIFETIME
