"""What needs a host's attention, for the dashboard's Overview: one read model, few queries.

Each kind is counted and its first few listed exactly as the chat reads it today: pending
suggestions (`/topic` suggestions awaiting a decision), unhandled flags (`open_flags`, the
moderators' queue), intros pending (`/intro pending`), quiet members with readers apart
(`/quiet list` at the nudge days), unanswered questions (`/stats`: the last 30 days, not
answered within a day) and "talk to a host" requests nobody has claimed. Counts, names and
times only: never a member's message text (a suggestion's text is the topic it suggests).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.intros import store as intros_store
from bot.moderation import open_flags
from bot.participation.stats_reads import ANSWER_WITHIN, WINDOW
from bot.participation.store import attention as store
from bot.participation.store import members as members_store
from bot.participation.store import stats as stats_store
from bot.storage.database import Database

SHOWN = 5
"""How many of each kind the Overview lists beside the count."""


@dataclass(frozen=True, slots=True)
class Item:
    """One thing waiting: who (a display name), what (a topic or a flag's rule) and since when."""

    who: str | None
    what: str | None
    at: datetime | None


@dataclass(frozen=True, slots=True)
class Waiting:
    """One kind of thing waiting: how many, and the first `SHOWN` of them."""

    count: int
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Attention:
    """Everything the Overview's "needs attention" list shows for one community."""

    suggestions: Waiting
    flags: Waiting
    intros: Waiting
    quiet: Waiting
    readers: int
    """Members who said they are just reading: apart, never a problem."""
    quiet_days: int
    questions: Waiting
    requests: Waiting


async def needs_attention(
    database: Database, community_id: int, now: datetime, quiet_days: int
) -> Attention:
    """Return what needs attention in the community as of `now` (quiet: `quiet_days` days)."""
    flag_count, flags = await open_flags(database, community_id, limit=SHOWN)
    async with database.reading() as connection:
        suggestions = await store.pending_suggestions(connection, community_id, SHOWN)
        requests = await store.unclaimed_requests(connection, community_id, SHOWN)
        intro_rows, intro_count = await intros_store.pending_members(
            connection, community_id, limit=SHOWN, offset=0
        )
        cutoff = now - timedelta(days=quiet_days)
        quiet_count, readers = await members_store.count_quiet(connection, community_id, cutoff)
        quiet_rows = await members_store.quiet_members(connection, community_id, cutoff, SHOWN)
        since, until = now - WINDOW, now - ANSWER_WITHIN
        _asked, unanswered = await stats_store.questions_asked(
            connection, community_id, since, until, ANSWER_WITHIN
        )
        questions = await stats_store.unanswered_questions(
            connection, community_id, since, until, ANSWER_WITHIN, SHOWN
        )
    return Attention(
        suggestions=_waiting(
            suggestions[0], [Item(by, text, at) for text, by, at in suggestions[1]]
        ),
        flags=_waiting(
            flag_count, [Item(f.author_name, f.rule or f.source, f.created_at) for f in flags]
        ),
        intros=_waiting(intro_count, [Item(r.display_name, None, r.joined_at) for r in intro_rows]),
        quiet=_waiting(quiet_count, [Item(r[2], None, r[4]) for r in quiet_rows]),
        readers=readers,
        quiet_days=quiet_days,
        questions=_waiting(unanswered, [Item(name, None, at) for name, at in questions]),
        requests=_waiting(requests[0], [Item(name, None, at) for name, at in requests[1]]),
    )


def _waiting(count: int, items: list[Item]) -> Waiting:
    return Waiting(count, tuple(items))
