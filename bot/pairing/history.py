"""A pool's history: which of a round's members met before in that pool's rounds, and when last.

A pool is the whole community's rounds (0) or one cohort's (its id). `buddy_pairs` keeps one row
per pair that met in a pool with the newest round they met in, upserted as rounds are recorded,
so a read never joins the groups of every round ever held.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.id_lists import id_list
from bot.storage.models import BuddyPair

HISTORY_WINDOW = 52
"""The rounds of a big pool that still matter: a year of weekly rounds.

In a pool of more than `HISTORY_WINDOW + 1` members a full round-robin takes longer than the
window, so two members who last met more than `HISTORY_WINDOW` rounds ago may meet again: the
pool's pairs older than that are not read, and the read costs the same in the fifth year as in
the first. A smaller pool, whose round-robin cycles within the window, reads every pair it has
(at most n²/2 rows): a repeat there stays a repeat, however old.
"""

History = dict[tuple[int, int], int]


def windowed(member_count: int) -> bool:
    """Return whether a pool of `member_count` members reads only its recent pairs."""
    return member_count > HISTORY_WINDOW + 1


async def history(
    connection: AsyncConnection,
    community_id: int,
    member_ids: Sequence[int],
    pool: int = 0,
    *,
    round_number: int | None = None,
) -> History:
    """Return, for every two of `member_ids` who met in `pool`'s rounds, the number of the last
    round they met in (pool 0: the whole community's rounds, else a cohort's).

    With `round_number` (the round being grouped) a big pool (`windowed`) reads only the pairs
    whose newest meeting is within the last `HISTORY_WINDOW` rounds before it; a pair left out
    is one the grouping treats as never met. Without it, or in a small pool, every pair is read.
    Pairs with anyone outside `member_ids` are left out; the ids go as one parameter, whatever
    the pool's size.
    """
    in_pool = set(member_ids)
    if round_number is not None and windowed(len(in_pool)):
        rows = await connection.execute(recent_pairs(community_id, pool, round_number))
        return {
            (first, second): last
            for first, second, last in rows
            if first in in_pool and second in in_pool
        }
    # Only the first member is matched in SQL: with both, SQLite seeks every combination of
    # two ids (quadratic); the second is checked here, against a set, as each row arrives.
    query = select(
        BuddyPair.first_member_id, BuddyPair.second_member_id, BuddyPair.last_round
    ).where(
        BuddyPair.community_id == community_id,
        BuddyPair.pool == pool,
        BuddyPair.first_member_id.in_(id_list(connection, member_ids)),
    )
    result = await connection.execute(query)
    return {(first, second): last for first, second, last in result if second in in_pool}


def recent_pairs(community_id: int, pool: int, round_number: int) -> Select[int, int, int]:
    """Return the query of a pool's pairs met within the window before `round_number`.

    A range on `last_round` after the pool's equalities: `ix_buddy_pairs_recent` serves it, so
    the rows read are the window's, not the pool's whole past.
    """
    return select(
        BuddyPair.first_member_id, BuddyPair.second_member_id, BuddyPair.last_round
    ).where(
        BuddyPair.community_id == community_id,
        BuddyPair.pool == pool,
        BuddyPair.last_round >= round_number - HISTORY_WINDOW,
    )
