"""Answers on session cards, written together: the presses of one moment share one transaction.

A thousand members pressing one card within a second would otherwise commit a thousand times,
each waiting its turn for the one writer. A member who pressed twice in the same moment keeps
the last answer, as one after the other would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.batching import Coalescer
from bot.sessions.model import Answer
from bot.storage.database import Database, insert_for
from bot.storage.models import SessionAnswer
from bot.storage.writes import count_write_here, counting_writes


@dataclass(frozen=True, slots=True)
class _Pressed:
    session_id: int
    member_id: int
    answer: Answer
    at: datetime


class AnswerWriter:
    """Records members' answers, the answers given in the same moment in one transaction."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._batches: Coalescer[_Pressed, None] = Coalescer(self._write)

    async def record(self, session_id: int, member_id: int, answer: Answer, at: datetime) -> None:
        """Record (or change) a member's answer; return once it is committed."""
        await self._batches.submit(_Pressed(session_id, member_id, answer, at))
        count_write_here()  # the batch committed it in a task of its own

    async def _write(self, pressed: list[_Pressed]) -> list[None]:
        latest = {(one.session_id, one.member_id): one for one in pressed}
        # Counted by each caller in `record`, not by whichever caller started the batch.
        with counting_writes():
            async with self._database.writing() as connection:
                await set_answers(connection, list(latest.values()))
        return [None] * len(pressed)


async def set_answers(connection: AsyncConnection, pressed: Sequence[_Pressed]) -> None:
    """Record (or change) these answers, at most one per member and session."""
    query = insert_for(connection)(SessionAnswer).values(
        [
            {
                "session_id": one.session_id,
                "member_id": one.member_id,
                "answer": one.answer.value,
                "answered_at": one.at,
            }
            for one in pressed
        ]
    )
    await connection.execute(
        query.on_conflict_do_update(
            index_elements=["session_id", "member_id"],
            set_={"answer": query.excluded.answer, "answered_at": query.excluded.answered_at},
        )
    )
