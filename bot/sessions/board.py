"""The dashboard's view of sessions: upcoming ones with their answers, past ones' attendance.

Two queries each whatever the number of answers: the sessions, then their answers counted per
session (`/session list` and `/session attendance` read the same rows one session at a time).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.sessions.model import Answer, Counts, SessionInfo
from bot.sessions.store import session_info, sessions_query
from bot.storage.database import Database
from bot.storage.models import SessionAnswer, StudySession

SHOWN = 50


@dataclass(frozen=True, slots=True)
class BoardSession:
    """A session with how many answered each way and how many said they made it."""

    session: SessionInfo
    counts: Counts
    made_it: int


async def upcoming_sessions(
    database: Database, community_id: int, now: datetime, limit: int = SHOWN
) -> list[BoardSession]:
    """Return the community's sessions not over yet and not cancelled (every cohort's), soonest
    first, with their answers."""
    query = (
        sessions_query()
        .where(
            StudySession.community_id == community_id,
            StudySession.cancelled_at.is_(None),
            StudySession.starts_at > now - timedelta(hours=12),
        )
        .order_by(StudySession.starts_at, StudySession.id)
    )
    async with database.reading() as connection:
        found = [
            info
            for info in map(session_info, await connection.execute(query))
            if info.ends_at > now
        ]
        return await _counted(connection, found[:limit])


async def past_sessions(
    database: Database, community_id: int, now: datetime, limit: int = SHOWN
) -> list[BoardSession]:
    """Return the community's sessions that have ended (cancelled ones too), newest first, with
    their answers and how many made it."""
    query = (
        sessions_query()
        .where(StudySession.community_id == community_id, StudySession.starts_at <= now)
        .order_by(StudySession.starts_at.desc(), StudySession.id.desc())
        .limit(limit + 1)  # one more: a session may still be running
    )
    async with database.reading() as connection:
        found = [
            info
            for info in map(session_info, await connection.execute(query))
            if info.ends_at <= now
        ]
        return await _counted(connection, found[:limit])


async def _counted(
    connection: AsyncConnection, sessions: Sequence[SessionInfo]
) -> list[BoardSession]:
    if not sessions:
        return []
    query = (
        select(
            SessionAnswer.session_id,
            SessionAnswer.answer,
            func.count(),
            func.count().filter(SessionAnswer.attended.is_(True)),
        )
        .where(SessionAnswer.session_id.in_([one.id for one in sessions]))
        .group_by(SessionAnswer.session_id, SessionAnswer.answer)
    )
    tally: dict[int, dict[str, int]] = {}
    made: dict[int, int] = {}
    for session_id, answer, count, attended in await connection.execute(query):
        tally.setdefault(session_id, {})[answer] = int(count)
        made[session_id] = made.get(session_id, 0) + int(attended)
    return [
        BoardSession(
            one,
            Counts(*(tally.get(one.id, {}).get(kind.value, 0) for kind in Answer)),
            made.get(one.id, 0),
        )
        for one in sessions
    ]
