"""The nudge sweep's selection on both databases: quiet members in local daytime, by community,
each member's own time zone before their community's."""

from __future__ import annotations

from datetime import timedelta

from bot.events import Actor
from bot.participation.nudge_sweep import NudgeCommunity, daytime_candidates
from bot.participation.quiet import QuietService
from bot.refs import CommunityRef, UserRef
from bot.shared.communities import CommunityService
from bot.shared.members import MemberService
from bot.storage.database import Database
from tests.conftest import START

COOLDOWN = timedelta(days=30)


async def quiet_member(
    members: MemberService, community_id: int, name: str, zone: str | None
) -> int:
    actor = Actor(UserRef("console", f"u-{name}"), name)
    member_id = await members.record_joined(community_id, actor, START - timedelta(days=60))
    if zone is not None:
        await members.set_timezone(member_id, zone)
    return member_id


async def test_only_members_in_local_daytime_are_chosen_by_their_zone_or_their_communitys(
    any_database: Database, communities: CommunityService, members: MemberService
) -> None:
    # START is 08:00 UTC: 17:00 in Tokyo, 13:30 in Kolkata, 03:00 in New York.
    tokyo = await communities.ensure(CommunityRef("console", "tokyo"))
    await communities.set_timezone(tokyo, "Asia/Tokyo")
    london = await communities.ensure(CommunityRef("console", "london"))
    aiko = await quiet_member(members, tokyo, "aiko", None)
    await quiet_member(members, tokyo, "nate", "America/New_York")
    await quiet_member(members, london, "liam", None)
    priya = await quiet_member(members, london, "priya", "Asia/Kolkata")

    chosen = await daytime_candidates(QuietService(any_database), [tokyo, london], START, COOLDOWN)

    found = {community: [m.id for m in quiet] for community, quiet in chosen.items()}
    assert found == {
        NudgeCommunity(tokyo, "tokyo", "Asia/Tokyo"): [aiko],
        NudgeCommunity(london, "london", "UTC"): [priya],
    }


async def test_nobody_is_chosen_in_a_community_not_asked_for(
    any_database: Database, communities: CommunityService, members: MemberService
) -> None:
    tokyo = await communities.ensure(CommunityRef("console", "tokyo"))
    await communities.set_timezone(tokyo, "Asia/Tokyo")
    await quiet_member(members, tokyo, "aiko", None)

    assert await daytime_candidates(QuietService(any_database), [tokyo + 1], START, COOLDOWN) == {}
