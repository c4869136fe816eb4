"""The smallest hand-written equivalent of Cohort's inbound path: the limit it is measured against.

The same inbound translation (Slack's pure translator) and the same screening (the compiled
`Screener` with the community's rules), then a dict of per-member, per-day counts and last-active
times, written by one batched upsert per flush with the standard library's sqlite3, flushed as
often as Cohort flushes (every `FLUSH_EVERY` events and at the end). No dispatcher, no services,
no ORM, no forgetting, no questions, no topic replies: what a bot without a framework would do.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from adapters.slack.inbound import message_posted
from bot.automod.engine import Message, Screener
from bot.automod.model import AutomodRules
from bot.automod.rates import Rates
from bot.events import Actor

SCHEMA = (
    "CREATE TABLE members (id INTEGER PRIMARY KEY, external_id TEXT UNIQUE, last_active TEXT)",
    "CREATE TABLE daily (member_id INTEGER, day TEXT, messages INTEGER, replies INTEGER,"
    " PRIMARY KEY (member_id, day))",
)
UPSERT_DAILY = (
    "INSERT INTO daily (member_id, day, messages, replies) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (member_id, day) DO UPDATE SET messages = messages + excluded.messages,"
    " replies = replies + excluded.replies"
)
UPDATE_LAST_ACTIVE = (
    "UPDATE members SET last_active = max(coalesce(last_active, ''), ?) WHERE id = ?"
)


class HandWritten:
    """Counts in dicts, one upsert per flush."""

    def __init__(self, path: Path, external_ids: Sequence[str], rules: AutomodRules) -> None:
        self._connection = sqlite3.connect(path, isolation_level=None)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=NORMAL")
        for statement in SCHEMA:
            self._connection.execute(statement)
        with self._connection:
            self._connection.execute("BEGIN")
            self._connection.executemany(
                "INSERT INTO members (external_id) VALUES (?)", [(e,) for e in external_ids]
            )
        self._ids = dict(self._connection.execute("SELECT external_id, id FROM members"))
        self._screener = Screener(rules)
        self._rates = Rates()
        self._counts: dict[tuple[int, str], list[int]] = {}
        self._last: dict[int, datetime] = {}
        self.hits = 0

    def take(self, payload: dict[str, Any], team: str, bot_user: str, actor: Actor) -> None:
        """Translate, screen and count one Slack message event."""
        event = message_posted(payload, team_id=team, bot_user_id=bot_user, actor=actor)
        if event is None:
            return
        user = event.actor.user.id
        message = Message(user, event.message.channel_id, event.at, event.text)
        if self._screener.screen(message, self._rates) is not None:
            self.hits += 1
        member_id = self._ids[user]
        key = (member_id, event.at.astimezone(UTC).date().isoformat())
        counts = self._counts.get(key)
        if counts is None:
            counts = self._counts[key] = [0, 0]
        counts[0] += 1
        counts[1] += event.thread_root is not None
        previous = self._last.get(member_id)
        if previous is None or event.at > previous:
            self._last[member_id] = event.at

    def flush(self) -> None:
        """Write the counts and last-active times in one transaction."""
        counts, self._counts = self._counts, {}
        last, self._last = self._last, {}
        with self._connection:
            self._connection.execute("BEGIN")
            self._connection.executemany(
                UPSERT_DAILY, [(m, d, c[0], c[1]) for (m, d), c in counts.items()]
            )
            self._connection.executemany(
                UPDATE_LAST_ACTIVE, [(at.isoformat(), m) for m, at in last.items()]
            )

    def counted(self) -> int:
        """Return how many messages the table holds (untimed check)."""
        return int(self._connection.execute("SELECT sum(messages) FROM daily").fetchone()[0])

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()


async def run(
    handwritten: HandWritten,
    events: Sequence[dict[str, Any]],
    actors: dict[str, Actor],
    *,
    team: str,
    bot_user: str,
    yield_every: int,
    flush_every: int,
) -> float:
    """Feed every event as Cohort's run does (yielding as often); return the seconds taken."""
    started = time.perf_counter()
    for number, payload in enumerate(events, start=1):
        handwritten.take(payload, team, bot_user, actors[payload["user"]])
        if number % flush_every == 0:
            handwritten.flush()
        if number % yield_every == 0:
            await asyncio.sleep(0)
    handwritten.flush()
    return time.perf_counter() - started
