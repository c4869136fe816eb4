"""The reminder ledger's queries: who is still owed a notice, claimed a batch at a time.

Each notice of a session (a day before, 15 minutes before, the follow-up) is a row per member,
inserted or taken over by one process only and marked sent member by member, so a notice goes
out once across processes and restarts. Run in the connection given: no transactions here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.sessions.model import Answer, NoticeKind
from bot.storage.database import insert_for
from bot.storage.models import Member, SessionAnswer, SessionNotice, SessionOptOut


def _answers_for(kind: NoticeKind) -> list[str]:
    if kind is NoticeKind.FOLLOW_UP:
        return [Answer.GOING.value]
    return [Answer.GOING.value, Answer.MAYBE.value]


async def claim_notices(
    connection: AsyncConnection,
    session_id: int,
    kind: NoticeKind,
    now: datetime,
    claim: tuple[timedelta, int],
) -> list[tuple[int, str]]:
    """Claim up to `claim[1]` notices of `kind` still to send: (member id, platform id) of each.

    A new claim is a row only one process inserts; one whose sender died (unsent past its
    lease, `claim[0]`) is taken over by a conditional UPDATE only one process wins. Both go in
    member order, so a batch is the next members nobody holds.
    """
    lease, limit = claim
    stale = (
        select(SessionNotice.member_id)
        .where(
            SessionNotice.session_id == session_id,
            SessionNotice.kind == kind.value,
            SessionNotice.sent_at.is_(None),
            SessionNotice.claimed_at < now - lease,
        )
        .order_by(SessionNotice.member_id)
        .limit(limit)
    )
    taken_over = (
        update(SessionNotice)
        .where(
            SessionNotice.session_id == session_id,
            SessionNotice.kind == kind.value,
            SessionNotice.member_id.in_(stale.scalar_subquery()),
            SessionNotice.sent_at.is_(None),
            SessionNotice.claimed_at < now - lease,
        )
        .values(claimed_at=now)
        .returning(SessionNotice.member_id)
    )
    claimed = set((await connection.execute(taken_over)).scalars())
    if len(claimed) < limit:
        claimed |= await _claim_new(connection, session_id, kind, now, limit - len(claimed))
    if not claimed:
        return []
    query = select(Member.id, Member.external_id).where(Member.id.in_(claimed))
    return sorted((int(row[0]), str(row[1])) for row in await connection.execute(query))


async def _claim_new(
    connection: AsyncConnection, session_id: int, kind: NoticeKind, now: datetime, limit: int
) -> set[int]:
    wanted = (
        select(literal(session_id), literal(kind.value), SessionAnswer.member_id, literal(now))
        .where(
            SessionAnswer.session_id == session_id,
            SessionAnswer.answer.in_(_answers_for(kind)),
            SessionAnswer.member_id.not_in(select(SessionOptOut.member_id)),
            SessionAnswer.member_id.not_in(
                select(SessionNotice.member_id).where(
                    SessionNotice.session_id == session_id, SessionNotice.kind == kind.value
                )
            ),
        )
        .order_by(SessionAnswer.member_id)
        .limit(limit)
    )
    inserted = (
        insert_for(connection)(SessionNotice)
        .from_select(["session_id", "kind", "member_id", "claimed_at"], wanted)
        .on_conflict_do_nothing()
        .returning(SessionNotice.member_id)
    )
    return set((await connection.execute(inserted)).scalars())


async def unclaimed_notices(
    connection: AsyncConnection, session_id: int, kind: NoticeKind, now: datetime, lease: timedelta
) -> bool:
    """Return whether any notice of `kind` is neither claimed nor held within its lease."""
    held = select(SessionNotice.member_id).where(
        SessionNotice.session_id == session_id,
        SessionNotice.kind == kind.value,
        or_(SessionNotice.sent_at.is_not(None), SessionNotice.claimed_at >= now - lease),
    )
    query = (
        select(SessionAnswer.member_id)
        .where(
            SessionAnswer.session_id == session_id,
            SessionAnswer.answer.in_(_answers_for(kind)),
            SessionAnswer.member_id.not_in(select(SessionOptOut.member_id)),
            SessionAnswer.member_id.not_in(held),
        )
        .limit(1)
    )
    return (await connection.execute(query)).first() is not None


async def mark_sent(
    connection: AsyncConnection, session_id: int, kind: NoticeKind, member_id: int, now: datetime
) -> None:
    """Record one notice as sent."""
    await connection.execute(
        update(SessionNotice)
        .where(
            SessionNotice.session_id == session_id,
            SessionNotice.kind == kind.value,
            SessionNotice.member_id == member_id,
        )
        .values(sent_at=now)
    )
