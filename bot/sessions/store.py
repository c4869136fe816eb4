"""The sessions' queries, each run in the connection it is given: no transactions, no rules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.sessions.model import Answer, Attendee, Counts, SessionInfo
from bot.storage.database import insert_for
from bot.storage.models import (
    Member,
    SessionAnswer,
    SessionOptOut,
    SessionSeries,
    StudySession,
)

_COLUMNS = (
    StudySession.id,
    StudySession.community_id,
    StudySession.cohort_id,
    StudySession.series_id,
    SessionSeries.every_weeks,
    SessionSeries.ended_at,
    StudySession.title,
    StudySession.slot,
    StudySession.starts_at,
    StudySession.minutes,
    StudySession.channel_external_id,
    StudySession.card_channel_id,
    StudySession.card_message_id,
    StudySession.sequence,
    StudySession.cancelled_at,
    StudySession.event_id,
)


def sessions_query() -> Any:
    """Return the select of sessions with their series' columns, read by `session_info`."""
    return select(*_COLUMNS).outerjoin(SessionSeries, SessionSeries.id == StudySession.series_id)


def session_info(row: Row[Any]) -> SessionInfo:
    """Return a row of `sessions_query` as a SessionInfo."""
    values: tuple[Any, ...] = tuple(row)
    (id_, community, cohort, series, every, ended, title, slot, starts, minutes, channel,
     card_channel, card, sequence, cancelled, event) = values  # fmt: skip
    return SessionInfo(
        id_, community, cohort, series, every, ended is not None, title, slot, starts, minutes,
        channel, card_channel, card, sequence, cancelled, event,
    )  # fmt: skip


async def add_series(connection: AsyncConnection, community_id: int, every_weeks: int) -> int:
    """Insert a series; return its id."""
    query = (
        insert_for(connection)(SessionSeries)
        .values(community_id=community_id, every_weeks=every_weeks)
        .returning(SessionSeries.id)
    )
    return int((await connection.execute(query)).scalar_one())


async def add_session(connection: AsyncConnection, **values: object) -> int | None:
    """Insert an occurrence; None when its series already has one in that slot."""
    query = (
        insert_for(connection)(StudySession)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["series_id", "slot"])
        .returning(StudySession.id)
    )
    found = (await connection.execute(query)).scalar_one_or_none()
    return None if found is None else int(found)


async def get(connection: AsyncConnection, session_id: int) -> SessionInfo | None:
    """Return the occurrence with this id."""
    row = (await connection.execute(sessions_query().where(StudySession.id == session_id))).first()
    return None if row is None else session_info(row)


async def upcoming(
    connection: AsyncConnection, community_id: int, now: datetime, cohort_ids: Sequence[int]
) -> list[SessionInfo]:
    """Return the community's sessions not over yet, not cancelled, open to these cohorts."""
    query = (
        sessions_query()
        .where(
            StudySession.community_id == community_id,
            StudySession.cancelled_at.is_(None),
            StudySession.starts_at > now - timedelta(hours=12),
            or_(StudySession.cohort_id.is_(None), StudySession.cohort_id.in_(cohort_ids)),
        )
        .order_by(StudySession.starts_at, StudySession.id)
    )
    return [
        info for info in map(session_info, await connection.execute(query)) if info.ends_at > now
    ]


async def of_series(connection: AsyncConnection, series_id: int) -> list[SessionInfo]:
    """Return every occurrence of a series so far, in slot order."""
    query = sessions_query().where(StudySession.series_id == series_id).order_by(StudySession.slot)
    return [session_info(row) for row in await connection.execute(query)]


async def latest_of_series(connection: AsyncConnection, series_id: int) -> SessionInfo | None:
    """Return the series' latest occurrence."""
    query = (
        sessions_query()
        .where(StudySession.series_id == series_id)
        .order_by(StudySession.slot.desc())
        .limit(1)
    )
    row = (await connection.execute(query)).first()
    return None if row is None else session_info(row)


async def followed(
    connection: AsyncConnection, series_id: int, after: datetime, next_slot: datetime
) -> bool:
    """Return whether the series has an occurrence in (`after`, `next_slot`], or one still on
    after `after`: the occurrence after `after` needs making no more."""
    query = select(StudySession.id).where(
        StudySession.series_id == series_id,
        StudySession.slot > after,
        or_(StudySession.slot <= next_slot, StudySession.cancelled_at.is_(None)),
    )
    return (await connection.execute(query.limit(1))).first() is not None


async def to_arm(
    connection: AsyncConnection, community_ids: Sequence[int], since: datetime
) -> list[SessionInfo]:
    """Return the occurrences in these communities that may still have timers after `since`."""
    query = sessions_query().where(
        StudySession.community_id.in_(community_ids), StudySession.starts_at > since
    )
    return [session_info(row) for row in await connection.execute(query)]


async def keep_card(
    connection: AsyncConnection, session_id: int, channel_id: str, message_id: str
) -> None:
    """Store where the occurrence's card is."""
    await connection.execute(
        update(StudySession)
        .where(StudySession.id == session_id)
        .values(card_channel_id=channel_id, card_message_id=message_id)
    )


async def keep_event(connection: AsyncConnection, session_id: int, event_id: str) -> None:
    """Store the id of the platform's event made for the occurrence."""
    await connection.execute(
        update(StudySession).where(StudySession.id == session_id).values(event_id=event_id)
    )


async def answer_of(connection: AsyncConnection, session_id: int, member_id: int) -> Answer | None:
    """Return a member's answer, if any."""
    query = select(SessionAnswer.answer).where(
        SessionAnswer.session_id == session_id, SessionAnswer.member_id == member_id
    )
    found = (await connection.execute(query)).scalar_one_or_none()
    return None if found is None else Answer(found)


async def answers_of(
    connection: AsyncConnection, session_ids: Sequence[int], member_id: int
) -> dict[int, Answer]:
    """Return a member's answers to these sessions."""
    query = select(SessionAnswer.session_id, SessionAnswer.answer).where(
        SessionAnswer.session_id.in_(session_ids), SessionAnswer.member_id == member_id
    )
    return {row[0]: Answer(row[1]) for row in await connection.execute(query)}


async def counts(connection: AsyncConnection, session_id: int) -> Counts:
    """Return how many answered each way."""
    query = (
        select(SessionAnswer.answer, func.count())
        .where(SessionAnswer.session_id == session_id)
        .group_by(SessionAnswer.answer)
    )
    by_answer = {row[0]: int(row[1]) for row in await connection.execute(query)}
    return Counts(
        by_answer.get(Answer.GOING, 0), by_answer.get(Answer.MAYBE, 0), by_answer.get(Answer.NO, 0)
    )


async def attendees(connection: AsyncConnection, session_id: int) -> list[Attendee]:
    """Return every answer with the member's platform id, in answer order."""
    query = (
        select(Member.external_id, SessionAnswer.answer, SessionAnswer.attended)
        .join(Member, Member.id == SessionAnswer.member_id)
        .where(SessionAnswer.session_id == session_id)
        .order_by(SessionAnswer.answered_at, Member.external_id)
    )
    return [Attendee(row[0], Answer(row[1]), row[2]) for row in await connection.execute(query)]


async def cancel(connection: AsyncConnection, session_ids: Sequence[int], now: datetime) -> int:
    """Cancel these occurrences (those not cancelled yet); return how many."""
    result = await connection.execute(
        update(StudySession)
        .where(StudySession.id.in_(session_ids), StudySession.cancelled_at.is_(None))
        .values(cancelled_at=now, sequence=StudySession.sequence + 1)
    )
    return int(result.rowcount)


async def end_series(connection: AsyncConnection, series_id: int, now: datetime) -> list[int]:
    """End a series; return the ids of its occurrences still to come."""
    await connection.execute(
        update(SessionSeries)
        .where(SessionSeries.id == series_id, SessionSeries.ended_at.is_(None))
        .values(ended_at=now)
    )
    query = select(StudySession.id).where(
        StudySession.series_id == series_id,
        StudySession.starts_at > now,
        StudySession.cancelled_at.is_(None),
    )
    return [int(found) for found in (await connection.execute(query)).scalars()]


async def move(connection: AsyncConnection, session_id: int, starts_at: datetime) -> None:
    """Give an occurrence a new start."""
    await connection.execute(
        update(StudySession)
        .where(StudySession.id == session_id)
        .values(starts_at=starts_at, sequence=StudySession.sequence + 1)
    )


async def told_on_change(connection: AsyncConnection, session_id: int) -> list[str]:
    """Return the platform ids of those who answered Going or Maybe."""
    query = (
        select(Member.external_id)
        .join(SessionAnswer, SessionAnswer.member_id == Member.id)
        .where(
            SessionAnswer.session_id == session_id,
            SessionAnswer.answer.in_([Answer.GOING.value, Answer.MAYBE.value]),
        )
        .order_by(Member.external_id)
    )
    return [str(found) for found in (await connection.execute(query)).scalars()]


async def set_attended(
    connection: AsyncConnection, session_id: int, member_id: int, attended: bool
) -> bool:
    """Record whether a member who said Going made it; False if they had not said Going."""
    result = await connection.execute(
        update(SessionAnswer)
        .where(
            SessionAnswer.session_id == session_id,
            SessionAnswer.member_id == member_id,
            SessionAnswer.answer == Answer.GOING.value,
        )
        .values(attended=attended)
    )
    return bool(result.rowcount)


async def set_opted_out(connection: AsyncConnection, member_id: int, out: bool) -> None:
    """Turn a member's reminders off (or on again)."""
    if out:
        query = insert_for(connection)(SessionOptOut).values(member_id=member_id)
        await connection.execute(query.on_conflict_do_nothing())
        return
    await connection.execute(delete(SessionOptOut).where(SessionOptOut.member_id == member_id))


async def turnout(
    connection: AsyncConnection,
    community_id: int,
    window: tuple[datetime, datetime],
    cohort_id: int | None = None,
) -> tuple[int, int]:
    """Return (said Going, said they made it) over the sessions that started in the window
    (`cohort_id`'s only, when given)."""
    since, until = window
    query = (
        select(
            func.count(),
            func.count().filter(SessionAnswer.attended.is_(True)),
        )
        .select_from(SessionAnswer)
        .join(StudySession, StudySession.id == SessionAnswer.session_id)
        .where(
            StudySession.community_id == community_id,
            StudySession.cancelled_at.is_(None),
            StudySession.starts_at >= since,
            StudySession.starts_at < until,
            SessionAnswer.answer == Answer.GOING.value,
        )
    )
    if cohort_id is not None:
        query = query.where(StudySession.cohort_id == cohort_id)
    going, made_it = (await connection.execute(query)).one()
    return int(going), int(made_it)


async def remove(connection: AsyncConnection, session_id: int) -> None:
    """Delete an occurrence (its card could not be posted)."""
    await connection.execute(delete(StudySession).where(StudySession.id == session_id))
