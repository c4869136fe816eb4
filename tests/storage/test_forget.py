"""Forgetting a member deletes their row, their interests and every feature's data, or nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.events import Actor
from bot.refs import UserRef
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.storage.models import Member, MemberInterest
from tests.storage.support import count_rows

ALICE = Actor(UserRef("console", "u-alice"), "Alice")
BOB = Actor(UserRef("console", "u-bob"), "Bob")


class HookFailed(Exception):
    """Raised by a test hook to make forgetting fail half-way."""


async def _interests_of(database: Database, member_id: int) -> int:
    async with database.session() as session:
        query = select(func.count()).where(MemberInterest.member_id == member_id)
        return (await session.execute(query)).scalar_one()


async def test_forget_deletes_the_member_and_their_interests(
    members: MemberService, community_id: int, any_database: Database
) -> None:
    alice = await members.resolve(community_id, ALICE)
    bob = await members.resolve(community_id, BOB)
    await members.set_interests(alice.id, ["chess", "go"])
    await members.set_interests(bob.id, ["piano"])

    await members.forget(alice.id)

    async with any_database.session() as session:
        assert await session.get(Member, alice.id) is None
    # The interests go by the database's ON DELETE CASCADE (foreign keys are on in SQLite too).
    assert await _interests_of(any_database, alice.id) == 0
    assert await _interests_of(any_database, bob.id) == 1
    assert await members.find_id(community_id, "u-bob") == bob.id


async def test_hooks_run_in_the_forgetting_transaction_with_the_member_id(
    members: MemberService, community_id: int, any_database: Database
) -> None:
    alice = await members.resolve(community_id, ALICE)
    await members.set_interests(alice.id, ["chess"])
    calls: list[tuple[int, bool, bool]] = []

    async def hook(session: AsyncSession, member_id: int) -> None:
        # Still there: hooks run before the member row goes, inside the open transaction.
        still_there = await session.get(Member, member_id) is not None
        calls.append((member_id, session.in_transaction(), still_there))

    members.add_forget_hook(hook)
    await members.forget(alice.id)

    assert calls == [(alice.id, True, True)]
    assert await count_rows(any_database, Member.__table__) == 0


async def test_every_hook_runs_in_the_order_registered(
    members: MemberService, community_id: int
) -> None:
    alice = await members.resolve(community_id, ALICE)
    order: list[str] = []

    def hook(name: str):  # type: ignore[no-untyped-def]
        async def run(_session: AsyncSession, _member_id: int) -> None:
            order.append(name)

        return run

    for name in ("topics", "pairing", "moderation"):
        members.add_forget_hook(hook(name))
    await members.forget(alice.id)

    assert order == ["topics", "pairing", "moderation"]


async def test_a_failing_hook_rolls_everything_back(
    members: MemberService, community_id: int, any_database: Database
) -> None:
    alice = await members.resolve(community_id, ALICE)
    await members.set_interests(alice.id, ["chess", "go"])

    async def deletes_interests(session: AsyncSession, member_id: int) -> None:
        await session.execute(delete(MemberInterest).where(MemberInterest.member_id == member_id))

    async def fails(_session: AsyncSession, _member_id: int) -> None:
        raise HookFailed

    members.add_forget_hook(deletes_interests)
    members.add_forget_hook(fails)

    with pytest.raises(HookFailed):
        await members.forget(alice.id)

    # The first hook's delete shared the transaction, so it was undone with the rest.
    assert await members.find_id(community_id, "u-alice") == alice.id
    assert (await members.profile(alice.id)).interests == ["chess", "go"]
    assert await count_rows(any_database, MemberInterest.__table__) == 2


async def test_forgetting_twice_or_an_unknown_id_is_harmless(
    members: MemberService, community_id: int, any_database: Database
) -> None:
    alice = await members.resolve(community_id, ALICE)
    await members.resolve(community_id, BOB)

    await members.forget(alice.id)
    await members.forget(alice.id)
    await members.forget(987654)

    assert await count_rows(any_database, Member.__table__) == 1
