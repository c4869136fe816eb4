"""Activity buffered under a member id that a flush found gone: kept for the member's new row, or
dropped.

A process keeps the member ids it has seen across flushes, so another process may forget a
member (deleting their row) while this one still holds the old id. Each flush asks which of its
ids are gone; their activity is split off the batch and
- written for the member's row afresh (found or created by `MemberService.resolve`) when every
  piece of it was recorded after the community last forgot a member: they spoke again after
  being forgotten, and a stale id must not drop that;
- dropped otherwise: some of it may come from before the forget, and nothing from before a forget
  is written back (nor is it known which part came after, so all of it goes).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select

from bot.shared.activity_batch import Batch, Counts
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.storage.models import Community

log = logging.getLogger(__name__)

Value = TypeVar("Value")


def split_off(batch: Batch, gone: set[int]) -> Batch:
    """Remove the activity of the `gone` members from `batch` and return it as a batch of its
    own."""
    moved = Batch()
    for member_id in gone:
        _move_key(batch.last_active, moved.last_active, member_id)
        _move_key(batch.first_posts, moved.first_posts, member_id)
        _move_key(batch.last_reacted, moved.last_reacted, member_id)
        _move_key(batch.first_recorded, moved.first_recorded, member_id)
    moved.counts = {k: v for k, v in batch.counts.items() if k[0] in gone}
    batch.counts = {k: v for k, v in batch.counts.items() if k[0] not in gone}
    moved.reactions = {k: v for k, v in batch.reactions.items() if k[0] in gone}
    batch.reactions = {k: v for k, v in batch.reactions.items() if k[0] not in gone}
    moved.questions = {k: v for k, v in batch.questions.items() if v[0] in gone}
    batch.questions = {k: v for k, v in batch.questions.items() if v[0] not in gone}
    moved.answers = [a for a in batch.answers if a[2] in gone]
    batch.answers = [a for a in batch.answers if a[2] not in gone]
    return moved


async def kept_for_new_rows(database: Database, members: MemberService, moved: Batch) -> Batch:
    """Return the part of `moved` recorded wholly after its community's last forget, under each
    member's current id; the rest is dropped."""
    communities = {community_id for _at, community_id, _actor in moved.first_recorded.values()}
    forgotten = await _last_forgets(database, communities)
    new_ids: dict[int, int] = {}
    for old_id, (recorded_at, community_id, actor) in moved.first_recorded.items():
        last_forget = forgotten.get(community_id)
        if last_forget is None or recorded_at <= last_forget:
            continue
        try:
            new_ids[old_id] = (await members.resolve(community_id, actor)).id
        except Exception:  # the community itself forgotten meanwhile, or a database fault
            log.warning("activity of a forgotten member id not written again", exc_info=True)
    dropped = len(moved.first_recorded) - len(new_ids)
    if dropped:
        log.info("buffered activity dropped: forgotten member ids, %d", dropped)
    return _rekeyed(moved, new_ids)


async def _last_forgets(database: Database, community_ids: set[int]) -> dict[int, datetime]:
    if not community_ids:
        return {}
    query = select(Community.id, Community.member_forgotten_at).where(
        Community.id.in_(sorted(community_ids)), Community.member_forgotten_at.is_not(None)
    )
    async with database.reading() as connection:
        rows = await connection.execute(query)
        return {community_id: at for community_id, at in rows if at is not None}


def _rekeyed(batch: Batch, new_ids: dict[int, int]) -> Batch:
    """Return `batch` restricted to the members in `new_ids`, under their new ids."""
    kept = Batch()
    for old, new in new_ids.items():
        _copy_key(batch.last_active, kept.last_active, old, new)
        _copy_key(batch.first_posts, kept.first_posts, old, new)
        _copy_key(batch.last_reacted, kept.last_reacted, old, new)
        _copy_key(batch.first_recorded, kept.first_recorded, old, new)
    for (old, day), counts in batch.counts.items():
        if old in new_ids:
            kept.counts[(new_ids[old], day)] = _copy(counts)
    for (old, day), reacted in batch.reactions.items():
        if old in new_ids:
            kept.reactions[(new_ids[old], day)] = reacted
    for key, (old, at) in batch.questions.items():
        if old in new_ids:
            kept.questions[key] = (new_ids[old], at)
    kept.answers = [
        (c, root, new_ids[old], message, at)
        for c, root, old, message, at in batch.answers
        if old in new_ids
    ]
    return kept


def _copy(counts: Counts) -> Counts:
    return Counts(counts.community_id, counts.messages, counts.replies)


def _move_key(source: dict[int, Value], target: dict[int, Value], key: int) -> None:
    if key in source:
        target[key] = source.pop(key)


def _copy_key(source: dict[int, Value], target: dict[int, Value], old: int, new: int) -> None:
    if old in source:
        target[new] = source[old]
