"""Who a case is about, also once they have forgotten themselves.

Forgetting a member removes their row, their name and their words, but their active warnings,
running timeouts and bans must keep counting (or leaving and coming back would wipe the slate).
The anonymised cases keep an HMAC-SHA256 of the community and the platform user id, keyed with a
random secret that the migration stored in `moderation_keys`: the id cannot be read back from
it, and without the database's secret nobody can test a guessed id against it. The hash goes
once the case stops counting (`clear_spent`), or with an unban.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession

from bot.moderation import store
from bot.storage.database import Database
from bot.storage.models import ModCase

FORGOTTEN_MEMBERS_KEY = "forgotten-members"
"""The name of the secret the migration `0011_moderation_record` generated."""
COUNTING = ("warn", "timeout")
"""Kinds of case that count until they expire (a ban counts until an unban)."""


@dataclass(frozen=True, slots=True)
class Subject:
    """A member as the case log knows them: their row, and their forgotten self's hash."""

    community_id: int
    member_id: int
    hash: str

    def cases(self) -> ColumnElement[bool]:
        """Return the condition matching every case about this person."""
        return or_(
            ModCase.member_id == self.member_id,
            and_(ModCase.community_id == self.community_id, ModCase.subject_hash == self.hash),
        )


def keyed_hash(secret: str, community_id: int, external_id: str) -> str:
    """Return the keyed hash of a platform user id in a community (64 hex digits)."""
    message = f"{community_id}:{external_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


async def _secret(session: AsyncSession) -> str:
    secret = await store.moderation_secret(session, FORGOTTEN_MEMBERS_KEY)
    if secret is None:
        raise RuntimeError("The moderation key is missing: run the migrations (cohort migrate).")
    return secret


async def subject_in(session: AsyncSession, member_id: int) -> Subject:
    """Return the subject of a member, read inside the caller's session."""
    row = await store.member_place(session, member_id)
    secret = await _secret(session)
    return Subject(row.community_id, member_id, keyed_hash(secret, *row))


async def subject_of(database: Database, member_id: int) -> Subject:
    """Return the subject of a member."""
    async with database.session() as session:
        return await subject_in(session, member_id)


async def clear_spent(database: Database, now: datetime) -> int:
    """Drop the hash from cases that no longer count; return how many lost it."""
    async with database.session() as session, session.begin():
        return await store.unhash_spent(session, COUNTING, now)


async def next_spent(database: Database, now: datetime) -> datetime | None:
    """Return when the next hashed case stops counting (`now` if one already has; None: none)."""
    async with database.reading() as connection:
        never_expiring, earliest = await store.hashed_expiries(connection, COUNTING)
    return now if never_expiring else earliest
