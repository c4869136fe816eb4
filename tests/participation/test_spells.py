"""One kind check-in per quiet spell: a member who stays quiet is not checked on again."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from bot.clock import VirtualClock
from bot.events import Actor
from bot.participation.nudges import NudgeLedger
from bot.participation.quiet import QuietService
from bot.refs import UserRef
from bot.shared.communities import CommunityService
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.storage.models import Member
from tests.conftest import COMMUNITY, START

DAYTIME = START.replace(hour=11)
QUIET_DAYS, COOLDOWN = 14, timedelta(days=30)


async def test_a_quiet_member_is_checked_on_once_until_they_post_and_go_quiet_again(
    any_database: Database,
) -> None:
    clock = VirtualClock(DAYTIME)
    community_id = await CommunityService(any_database, clock, "UTC").ensure(COMMUNITY)
    actor = Actor(UserRef("console", "quinn"), "Quinn")
    member_id = await MemberService(any_database, clock).record_joined(
        community_id, actor, START - timedelta(days=21)
    )
    ledger, quiet = NudgeLedger(any_database, clock), QuietService(any_database)

    async def may_nudge() -> bool:
        found = await quiet.candidates([community_id], clock.now(), QUIET_DAYS, COOLDOWN)
        return [c.member.id for c in found] == [member_id]

    assert await may_nudge()
    assert await ledger.claim(community_id, member_id, QUIET_DAYS, COOLDOWN) is not None

    await clock.advance_to(DAYTIME + timedelta(days=90))  # long past the cooldown, still quiet
    assert not await may_nudge()
    assert await ledger.claim(community_id, member_id, QUIET_DAYS, COOLDOWN) is None

    async with any_database.session() as session, session.begin():  # Quinn posts once
        await session.execute(
            update(Member).where(Member.id == member_id).values(last_active_at=clock.now())
        )
    await clock.advance_to(DAYTIME + timedelta(days=90 + QUIET_DAYS - 1))
    assert not await may_nudge(), "not quiet yet"
    await clock.advance_to(DAYTIME + timedelta(days=90 + QUIET_DAYS + 1))
    assert await may_nudge()
    assert await ledger.claim(community_id, member_id, QUIET_DAYS, COOLDOWN) is not None
    assert await ledger.claim(community_id, member_id, QUIET_DAYS, COOLDOWN) is None
