"""Who holds a Discord role: the member cache when it is complete, else REST, page by page."""

from __future__ import annotations

import discord
import pytest

from adapters.discord.platform import DiscordPlatform
from adapters.discord.responder import Responder
from bot.errors import PlatformRefused
from bot.refs import ChannelRef, CommunityRef, RoleRef
from tests.adapters.discord.fake_payloads import FakeGuild
from tests.adapters.discord.openapi import problems, response_validator
from tests.contract.discord_harness import DiscordHarness, discord_harness

MEMBERS_PAGE = 1000  # Discord's largest page of GET /guilds/{guild.id}/members


def member_lists(harness: DiscordHarness) -> list[dict[str, str]]:
    """Return the queries of the bot's GET /guilds/{id}/members calls so far."""
    listing = f"/guilds/{harness.fake.guild.id}/members"
    return [r.query for r in harness.fake.requests if r.method == "GET" and r.path == listing]


def populate(guild: FakeGuild, count: int, role: str) -> set[str]:
    """Add `count` members, every third holding `role`, and a bot holding it; return holders."""
    holders = set()
    for number in range(count):
        roles = (role,) if number % 3 == 0 else ()
        user_id = guild.add_member(f"member{number}", roles=roles)
        if roles:
            holders.add(user_id)
    guild.add_member("otherbot", roles=(role,), bot=True)
    return holders


async def test_a_large_server_is_read_page_by_page_and_filtered_by_role() -> None:
    wanted: dict[str, object] = {}

    def large(guild: FakeGuild) -> None:
        guild.large = True
        wanted["role"] = role = guild.add_role("Learners")
        wanted["holders"] = populate(guild, 2100, role)

    async with discord_harness(large) as harness:
        role = RoleRef("discord", str(wanted["role"]))
        listed = await harness.platform.role_members(harness.community, role)
        assert {user.id for user in listed} == wanted["holders"]
        pages = member_lists(harness)
        assert len(pages) == 3  # 2,103 members with the bot and the other bot: 1,000 a page
        assert all(page["limit"] == str(MEMBERS_PAGE) for page in pages)
        answers = [r.answer for r in harness.fake.requests if r.path.endswith("/members")]
        assert pages[1]["after"] == answers[0][-1]["user"]["id"]  # each page after the last
        validator = response_validator("/guilds/{guild_id}/members", "get")
        assert all(problems(validator, answer) == [] for answer in answers)


async def test_a_server_whose_members_are_all_cached_costs_no_call() -> None:
    wanted: dict[str, object] = {}

    def small(guild: FakeGuild) -> None:
        wanted["role"] = role = guild.add_role("Mentors")
        wanted["holders"] = populate(guild, 30, role)

    async with discord_harness(small) as harness:
        role = RoleRef("discord", str(wanted["role"]))
        listed = await harness.platform.role_members(harness.community, role)
        assert {user.id for user in listed} == wanted["holders"]
        assert member_lists(harness) == []
        # A role taken away arrives as GUILD_MEMBER_UPDATE and is in the cache from then on.
        guild, dropped = harness.fake.guild, listed[0].id
        guild.member_roles[dropped] = []
        payload = {**guild.member_payload(dropped), "guild_id": guild.id}
        await harness.fake.dispatch("GUILD_MEMBER_UPDATE", payload)
        await harness.interaction(harness.user("owner"), harness.channel)  # events in order
        again = await harness.platform.role_members(harness.community, role)
        assert {user.id for user in again} == wanted["holders"] - {dropped}
        assert member_lists(harness) == []


async def test_the_members_intent_off_is_refused_saying_where_to_turn_it_on() -> None:
    wanted: dict[str, str] = {}

    def refusing(guild: FakeGuild) -> None:
        guild.large, guild.members_intent = True, False
        wanted["role"] = guild.add_role("Learners")

    async with discord_harness(refusing) as harness:
        role = RoleRef("discord", wanted["role"])
        with pytest.raises(PlatformRefused, match="turn on Server Members Intent"):
            await harness.platform.role_members(harness.community, role)
        assert [r.status for r in harness.fake.requests if r.path.endswith("/members")] == [403]


async def test_a_client_without_the_members_intent_is_refused_before_any_call() -> None:
    client = discord.Client(intents=discord.Intents.default())  # members is privileged: off
    platform = DiscordPlatform(client, Responder(), nowhere)
    with pytest.raises(PlatformRefused, match="Privileged Gateway Intents"):
        await platform.role_members(CommunityRef("discord", "1"), RoleRef("discord", "2"))
    await client.close()


async def nowhere(_community: CommunityRef) -> ChannelRef | None:
    return None
