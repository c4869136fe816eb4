"""Announcement reads and host-request claims on both databases: once per member, one winner."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import insert, update

from bot.announcements import store as announcement_store
from bot.host_requests import store as request_store
from bot.storage.database import Database
from bot.storage.models import Announcement, HostRequest, Member, Participation
from tests.conftest import START
from tests.pairing.history_support import community_with_members


async def test_a_member_counts_once_however_often_they_press(any_database: Database) -> None:
    async with any_database.writing() as connection:
        community, (alice, bob) = await community_with_members(connection, "c", 2)
        announcement = (
            await connection.execute(
                insert(Announcement)
                .values(
                    community_id=community,
                    author_id=bob,
                    text="Hi",
                    channel_external_id="news",
                    message_external_id="m1",
                    posted_at=START,
                )
                .returning(Announcement.id)
            )
        ).scalar_one()

    async def press() -> bool:
        async with any_database.writing() as connection:
            return await announcement_store.add_read(connection, announcement, alice, START)

    firsts = await asyncio.gather(press(), press(), press())
    assert sorted(firsts) == [False, False, True]
    async with any_database.reading() as connection:
        counts = await announcement_store.read_counts(
            connection, announcement, None, community, bob
        )
    assert counts == (1, 1)  # the author is not in the audience


async def test_a_press_reads_the_announcement_and_whether_the_presser_may_count(
    any_database: Database,
) -> None:
    async with any_database.writing() as connection:
        community, (author, present, gone, bot) = await community_with_members(connection, "c", 4)
        _other, (stranger,) = await community_with_members(connection, "d", 1)
        await connection.execute(update(Member).where(Member.id == gone).values(left_at=START))
        await connection.execute(
            insert(Participation).values(member_id=bot, community_id=community, is_bot=True)
        )
        posted, unposted = (
            await connection.execute(
                insert(Announcement).returning(Announcement.id, sort_by_parameter_order=True),
                [
                    {
                        "community_id": community,
                        "author_id": author,
                        "text": text,
                        "channel_external_id": "news",
                        "message_external_id": message,
                        "posted_at": START,
                    }
                    for text, message in (("Hi", "m1"), ("Not yet", None))
                ],
            )
        ).scalars()

    async def press(member: int, announcement: int = posted) -> bool | None:
        async with any_database.reading() as connection:
            row = await announcement_store.get_for_press(
                connection, announcement, community, member
            )
        return None if row is None else bool(row.present)

    assert await press(present) is True
    assert (await press(gone), await press(bot), await press(stranger)) == (False, False, False)
    assert await press(present, unposted) is None  # not posted: no announcement to press


async def test_of_two_claims_one_wins_and_the_reminder_is_claimed_once(
    any_database: Database,
) -> None:
    async with any_database.writing() as connection:
        community, (alice, hugo, hana) = await community_with_members(connection, "c", 3)
        request = (
            await connection.execute(
                insert(HostRequest)
                .values(
                    community_id=community,
                    member_id=alice,
                    kind="talk",
                    created_at=START,
                    card_channel_external_id="hosts",
                    card_message_external_id="m2",
                )
                .returning(HostRequest.id)
            )
        ).scalar_one()
    due = START + timedelta(hours=25)

    async def remind() -> bool:
        async with any_database.writing() as connection:
            return await request_store.claim_reminder(connection, request, due)

    assert sorted(await asyncio.gather(remind(), remind())) == [False, True]

    async def claim(host: int) -> bool:
        async with any_database.writing() as connection:
            return await request_store.claim(connection, request, host, due)

    assert sorted(await asyncio.gather(claim(hugo), claim(hana))) == [False, True]
    async with any_database.reading() as connection:
        assert await request_store.waiting(connection, [community], due) == []
