"""A first end-to-end check that the console reaches the core and back."""

from adapters.console.session import ConsoleSession


async def test_help_reaches_the_member_privately(console: ConsoleSession) -> None:
    records = await console.say("@alice: /help")
    assert [record.kind for record in records] == ["command", "ephemeral"]
    assert records[1].to == "@alice"
    assert "/guidelines" in (records[1].text or "")
    assert "/setup" not in (records[1].text or "")


async def test_guidelines_round_trip_on_both_databases(any_database) -> None:
    from bot.services.guidelines import GuidelinesService

    guidelines = GuidelinesService(any_database)
    from bot.clock import VirtualClock
    from bot.refs import CommunityRef
    from bot.services.communities import CommunityService
    from tests.conftest import START

    communities = CommunityService(any_database, VirtualClock(START), "UTC")
    community_id = await communities.ensure(CommunityRef("console", "c1"))
    await guidelines.add(community_id, "Be kind")
    assert await guidelines.rules(community_id) == ["Be kind"]
