"""Many topics at once, one per line (the dashboard's paste box): each line judged alone.

A line is added when `/topic add` would add it; a duplicate (of the bank, a pending suggestion
or an earlier line) is skipped, an overlong line or one past a full bank refused, and every
line is reported. All the added lines commit in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Topic
from bot.topics import store
from bot.topics.rules import MAX_TOPIC_LENGTH, MAX_TOPICS, comparable
from bot.topics.store import APPROVED


@dataclass(frozen=True, slots=True)
class Pasted:
    """What a paste did: topics added (id, text), and the lines skipped or refused."""

    added: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    too_long: list[str] = field(default_factory=list)
    bank_full: list[str] = field(default_factory=list)


def lines_of(text: str) -> list[str]:
    """Return the non-blank lines of a paste, each with its spacing tidied."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


async def paste(
    session: AsyncSession,
    community_id: int,
    cohort_id: int | None,
    text: str,
    now: datetime,
) -> Pasted:
    """Add each line of `text` to a bank in the caller's session (holding the community lock)."""
    rows = await store.live_topics(session, community_id, cohort_id)
    seen = {comparable(row[0]) for row in rows}
    room = MAX_TOPICS - len(rows)
    pasted = Pasted()
    added: list[Topic] = []
    for line in lines_of(text):
        if len(line) > MAX_TOPIC_LENGTH:
            pasted.too_long.append(line)
        elif comparable(line) in seen:
            pasted.duplicates.append(line)
        elif room <= len(added):
            pasted.bank_full.append(line)
        else:
            seen.add(comparable(line))
            added.append(
                store.add_topic(
                    session, community_id, line, APPROVED, None, now, cohort_id=cohort_id
                )
            )
    await session.flush()
    pasted.added.extend((topic.id, topic.text) for topic in added)
    return pasted
