"""What only Discord does: DM fallback for groups, old messages in a purge, role order."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from adapters.discord.platform import DiscordPlatform
from bot.errors import PlatformRefused
from bot.i18n import use_catalogues
from bot.messages import OutboundMessage
from bot.refs import ChannelRef, CommunityRef, UserRef
from tests.adapters.discord.fake_payloads import snowflake
from tests.contract.discord_harness import DiscordHarness, discord_harness
from tests.contract.harness import Kind
from tests.i18n.pseudo import pseudo_catalogues


@pytest.fixture
async def harness() -> AsyncIterator[DiscordHarness]:
    """The Discord platform on a connected client and a fake Discord."""
    async with discord_harness() as started:
        yield started


async def test_without_a_buddies_channel_a_group_message_is_a_dm_to_each(
    harness: DiscordHarness,
) -> None:
    async def nowhere(_community: CommunityRef) -> ChannelRef | None:
        return None

    platform = DiscordPlatform(harness.platform._client, harness.platform._responder, nowhere)
    alice, bob = harness.user("alice"), harness.user("bob")
    await platform.group_message(harness.community, [alice, bob], OutboundMessage("Meet!"))
    seen = await harness.observed()
    assert [(s.kind, s.users, s.text) for s in seen] == [
        (Kind.DM, {alice}, "Meet!"),
        (Kind.DM, {bob}, "Meet!"),
    ]


async def test_purge_deletes_old_messages_one_by_one_and_recent_ones_in_bulk(
    harness: DiscordHarness,
) -> None:
    guild, carl = harness.fake.guild, harness.user("carl")
    old = guild.store(guild.general, carl.id, {"content": "old spam"})
    guild.messages[old.id].deleted = True  # re-store it under an id from three weeks ago
    old_id = snowflake(datetime.now(UTC) - timedelta(days=21))
    guild.messages[old_id] = type(old)(old_id, guild.general, carl.id, "old spam")
    recent = [await harness.member_message(carl, harness.channel, f"spam {n}") for n in range(2)]
    await harness.observed()
    deleted = await harness.platform.purge(harness.channel, 5, carl)
    assert [ref.id for ref in deleted] == [recent[1].id, recent[0].id, old_id]
    calls = [
        (r.method, r.path.rsplit("/", 1)[-1]) for r in harness.fake.requests if r.method != "GET"
    ]
    assert calls[-2:] == [("POST", "bulk-delete"), ("DELETE", old_id)]


async def test_the_bot_refuses_members_whose_role_is_not_below_its_own(
    harness: DiscordHarness,
) -> None:
    guild = harness.fake.guild
    guild_cache = harness.platform._client.get_guild(int(guild.id))
    assert guild_cache is not None
    senior_role = guild.add_role("Staff", position=9)
    senior = guild.add_member("sam", roles=(senior_role,))
    # Tell the client about the new role and member, as Discord would.
    await harness.fake.dispatch(
        "GUILD_ROLE_CREATE", {"guild_id": guild.id, "role": guild.roles[senior_role]}
    )
    await harness.fake.dispatch(
        "GUILD_MEMBER_ADD", {**guild.member_payload(senior), "guild_id": guild.id}
    )
    # Gateway events are handled in order: once this interaction is held, both are cached.
    await harness.interaction(harness.user("owner"), harness.channel)
    with pytest.raises(PlatformRefused, match="their highest role \\(Staff\\)"):
        await harness.platform.kick(harness.community, UserRef("discord", senior), None)
    assert all(r.method != "DELETE" for r in harness.fake.requests)


async def test_discords_own_refusal_is_explained_when_the_member_is_not_cached(
    harness: DiscordHarness,
) -> None:
    guild = harness.fake.guild
    senior = guild.add_member("sam", roles=(guild.add_role("Staff", position=9),))
    with pytest.raises(PlatformRefused, match="move it higher in Server Settings"):
        await harness.platform.ban(harness.community, UserRef("discord", senior), None)
    assert senior not in guild.bans


async def test_a_refusal_is_the_catalogues_words_the_act_included(harness: DiscordHarness) -> None:
    guild = harness.fake.guild
    senior = guild.add_member("sam", roles=(guild.add_role("Staff", position=9),))
    with use_catalogues(pseudo_catalogues()), pytest.raises(PlatformRefused) as refused:
        await harness.platform.ban(harness.community, UserRef("discord", senior), None)
    text = str(refused.value)
    assert f"<@{senior}>" in text
    assert re.search("[A-Za-z]", text.replace(f"<@{senior}>", "")) is None, text
