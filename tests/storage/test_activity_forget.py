"""Activity and forgetting: a member forgotten while their activity is pending stays forgotten."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.clock import VirtualClock
from bot.shared.activity import ActivityService
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.storage.models import Community, DailyActivity, Member
from tests.storage.support import count_rows, other_process, statements
from tests.storage.test_activity import ALICE, BOB, at, last_active


@pytest.fixture
def activity(any_database: Database, members: MemberService) -> ActivityService:
    """The activity service on the test's database."""
    return ActivityService(any_database, members)


async def test_a_member_forgotten_while_pending_is_not_resurrected(
    activity: ActivityService, members: MemberService, community_id: int, any_database: Database
) -> None:
    await activity.record(community_id, ALICE, at(1))
    await activity.record(community_id, BOB, at(1))
    alice_id = await members.find_id(community_id, "u-alice")

    await members.forget(alice_id)

    await activity.flush()
    assert await count_rows(any_database, Member.__table__) == 1
    assert await last_active(any_database, community_id, "u-bob") == at(1)


async def test_a_forget_that_rolls_back_keeps_the_members_pending_activity(
    activity: ActivityService, members: MemberService, community_id: int, any_database: Database
) -> None:
    await activity.record(community_id, ALICE, at(4))

    async def failing_hook(_session: object, _member_id: int) -> None:
        raise RuntimeError("a later feature could not delete its data")

    members.add_forget_hook(failing_hook)
    with pytest.raises(RuntimeError):
        await members.forget(await members.find_id(community_id, "u-alice"))

    await activity.flush()
    assert await last_active(any_database, community_id, "u-alice") == at(4)


async def test_a_member_forgotten_by_another_process_is_not_resurrected(
    activity: ActivityService, community_id: int, any_database: Database, clock: VirtualClock
) -> None:
    await activity.record(community_id, ALICE, at(1))
    async with other_process(any_database) as second_database:
        elsewhere = MemberService(second_database, clock)
        await elsewhere.forget(await elsewhere.find_id(community_id, "u-alice"))

    await activity.flush()

    assert await count_rows(any_database, Member.__table__) == 0


async def test_a_forgotten_member_who_speaks_again_starts_afresh(
    activity: ActivityService, members: MemberService, community_id: int, any_database: Database
) -> None:
    await activity.record(community_id, ALICE, at(1))
    await members.forget(await members.find_id(community_id, "u-alice"))

    await activity.record(community_id, ALICE, at(2))
    await activity.flush()

    assert await count_rows(any_database, Member.__table__) == 1
    assert await last_active(any_database, community_id, "u-alice") == at(2)


async def forget_elsewhere(database: Database, clock: VirtualClock, community_id: int) -> None:
    """Forget Alice through a second process on the same database."""
    async with other_process(database) as second_database:
        elsewhere = MemberService(second_database, clock)
        await elsewhere.forget(await elsewhere.find_id(community_id, "u-alice"))


async def test_a_member_forgotten_elsewhere_who_speaks_again_is_tracked_after_a_flush(
    activity: ActivityService, community_id: int, any_database: Database, clock: VirtualClock
) -> None:
    await activity.record(community_id, ALICE, at(1))
    await activity.flush()
    await forget_elsewhere(any_database, clock, community_id)
    await clock.advance_to(at(5))

    # This process still holds Alice's old id; what she says after the forget is not lost.
    await activity.record(community_id, ALICE, at(5))
    await activity.flush()  # finds the old id gone: her new row is made, written next time
    await activity.flush()

    assert await count_rows(any_database, Member.__table__) == 1
    assert await last_active(any_database, community_id, "u-alice") == at(5)
    await activity.record(community_id, ALICE, at(6))  # the new id is used from now on
    await activity.flush()
    assert await last_active(any_database, community_id, "u-alice") == at(6)


async def test_activity_from_before_a_forget_elsewhere_is_never_written_back(
    activity: ActivityService, community_id: int, any_database: Database, clock: VirtualClock
) -> None:
    await activity.record(community_id, ALICE, at(1))
    await activity.record(community_id, BOB, at(1))
    await activity.flush()
    await activity.record(community_id, ALICE, at(2))  # pending when she is forgotten
    await forget_elsewhere(any_database, clock, community_id)
    await clock.advance_to(at(5))
    await activity.record(community_id, ALICE, at(5))  # and after: the same batch, not split

    await activity.flush()
    await activity.flush()

    assert await count_rows(any_database, Member.__table__) == 1
    assert await count_rows(any_database, DailyActivity.__table__) == 1  # Bob's day only


async def test_known_member_ids_are_not_read_again_after_a_flush(
    activity: ActivityService, community_id: int, any_database: Database
) -> None:
    await activity.record(community_id, ALICE, at(1))
    await activity.record(community_id, BOB, at(1))
    await activity.flush()

    with statements(any_database) as seen:
        for minutes in range(2, 50):
            await activity.record(community_id, ALICE if minutes % 2 else BOB, at(minutes))
    await activity.flush()

    assert seen == []
    assert await last_active(any_database, community_id, "u-alice") == at(49)
    assert await last_active(any_database, community_id, "u-bob") == at(48)


async def test_a_forget_records_when_but_not_who(
    members: MemberService, community_id: int, any_database: Database, clock: VirtualClock
) -> None:
    await clock.advance_to(at(3))
    await members.resolve(community_id, ALICE)
    await members.forget(await members.find_id(community_id, "u-alice"))

    async with any_database.reading() as connection:
        query = select(Community.member_forgotten_at).where(Community.id == community_id)
        forgotten_at = (await connection.execute(query)).scalar_one()
    assert forgotten_at == at(3)
