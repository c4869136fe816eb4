"""The real discord.py, started through Cohort's own Discord start-up path, on a fake Discord."""

from __future__ import annotations

import asyncio
from asyncio import Queue
from datetime import timedelta
from typing import Any

import pytest

from adapters.discord.client import CohortClient
from adapters.discord.responder import BUSY_HOLDING
from adapters.discord.settings import DiscordSettings
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher
from bot.errors import PlatformRefused
from bot.events import Event, MemberJoined, MessageFlagged, MessagePosted, MessageReported
from bot.messages import OutboundMessage
from bot.platform import Capability, Platform
from bot.refs import ChannelRef, CommunityRef, UserRef
from bot.settings import Settings
from bot.storage.models import Member
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.running import running_bot

EPHEMERAL = 64


async def answer_to(fake: FakeDiscord, interaction_id: str) -> Any:
    """Return the interaction response the bot sent."""
    request = await fake.wait_for_request("POST", rf"/interactions/{interaction_id}/[^/]+/callback")
    return request.json


async def test_ready_identifies_with_cohorts_intents_and_syncs_commands(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    intents = fake.identify_payloads[0]["intents"]
    assert intents & (1 << 1)
    assert intents & (1 << 15)
    names = {command["name"] for command in fake.guild.commands["global"]}
    assert {"help", "guidelines", "profile", "setup", "Report to moderators"} <= names
    assert bot.get_guild(int(fake.guild.id)) is not None


async def test_a_slash_command_with_an_option_is_answered_privately(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    options = [{"type": 3, "name": "zone", "value": "europe/berlin"}]
    interaction = await fake.slash_command("alice", "profile timezone", options)
    body = await answer_to(fake, interaction)
    assert body["type"] == 4
    assert body["data"]["flags"] & EPHEMERAL
    assert "Europe/Berlin" in body["data"]["content"]


async def test_a_subcommand_edits_the_guidelines_and_members_read_them(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    add = await fake.slash_command(
        "owner", "guidelines add", [{"type": 3, "name": "rule", "value": "Be kind"}]
    )
    assert "Added rule 1" in (await answer_to(fake, add))["data"]["content"]
    show = await fake.slash_command("alice", "guidelines show")
    assert "1. Be kind" in (await answer_to(fake, show))["data"]["content"]
    refused = await fake.slash_command(
        "alice", "guidelines add", [{"type": 3, "name": "rule", "value": "Anything goes"}]
    )
    assert "needs the host level" in (await answer_to(fake, refused))["data"]["content"]


async def test_autocomplete_offers_the_rules_from_the_database(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    for rule in ("Be kind", "Stay on topic"):
        done = await fake.slash_command(
            "owner", "guidelines add", [{"type": 3, "name": "rule", "value": rule}]
        )
        await answer_to(fake, done)
    focused = [{"type": 4, "name": "number", "value": "", "focused": True}]
    asked = await fake.autocomplete("owner", "guidelines remove", focused)
    body = await answer_to(fake, asked)
    assert body["type"] == 8
    assert body["data"]["choices"] == [
        {"name": "1. Be kind", "value": 1},
        {"name": "2. Stay on topic", "value": 2},
    ]


async def test_a_form_opens_and_its_submission_replaces_the_guidelines(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    opened = await fake.slash_command("owner", "guidelines set")
    modal = await answer_to(fake, opened)
    assert modal["type"] == 9
    assert modal["data"]["custom_id"] == "guidelines:set"
    submitted = await fake.submit_modal("owner", "guidelines:set", {"rules": "- Be kind\nAsk"})
    reply = await answer_to(fake, submitted)
    assert "Guidelines replaced (2 rules)" in reply["data"]["content"]
    community_id = await app.services.communities.ensure(bot_community(fake))
    assert await app.services.guidelines.rules(community_id) == ["Be kind", "Ask"]


def bot_community(fake: FakeDiscord) -> CommunityRef:
    """Return the fake guild as the core names it."""
    return CommunityRef("discord", fake.guild.id)


async def test_joins_and_messages_reach_the_core(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    handled: Queue[Event] = Queue()

    async def after_the_core(event: Event, _platform: object) -> None:
        await handled.put(event)

    # Handlers run in subscription order: these run once the core's own handlers are done.
    app.dispatcher.subscribe(MemberJoined, after_the_core)
    app.dispatcher.subscribe(MessagePosted, after_the_core)
    user_id = await fake.member_joins("dana")
    assert isinstance(await handled.get(), MemberJoined)
    await fake.member_says("dana", "hello everyone")
    assert isinstance(await handled.get(), MessagePosted)
    await app.services.activity.flush()
    community_id = await app.services.communities.ensure(bot_community(fake))
    member_id = await app.services.members.find_id(community_id, user_id)
    profile = await app.services.members.profile(member_id)
    assert profile.joined_at is not None
    async with app.database.session() as session:
        member = await session.get_one(Member, member_id)
    assert member.last_active_at is not None


async def test_a_report_without_a_mod_queue_gets_a_clear_answer(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    message_id = await fake.member_says("carl", "something rude")
    reported = await fake.report("bob", message_id)
    body = await answer_to(fake, reported)
    assert body["data"]["flags"] & EPHEMERAL
    assert "Reports go to the moderators' queue, and none is set up yet" in body["data"]["content"]


async def test_an_automod_hit_reaches_the_core_as_a_flag(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    flags: Queue[MessageFlagged] = Queue()

    async def record(event: MessageFlagged, _platform: object) -> None:
        await flags.put(event)

    app.dispatcher.subscribe(MessageFlagged, record)
    await fake.automod_hit("carl", "buy cheap stuff", "cheap", blocked=True)
    flag = await flags.get()
    assert (flag.author.id, flag.removed, flag.message) == (fake.guild.user_id("carl"), True, None)
    assert "cheap" in flag.rule


async def test_a_rate_limited_post_is_retried_once_and_lands(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    fake.fail_next("POST", rf"/channels/{fake.guild.general}/messages", status=429)
    sent = await bot.platform.post(ChannelRef("discord", fake.guild.general), OutboundMessage("Hi"))
    posts = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/messages")]
    assert [r.status for r in posts] == [429, 200]
    assert fake.guild.messages[sent.id].content == "Hi"


async def test_a_dropped_connection_resumes_and_events_keep_flowing(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    await fake.drop_connection()
    await fake.wait_until_ready()
    assert len(fake.resume_payloads) == 1
    assert len(fake.identify_payloads) == 1  # resumed, not a new session
    asked = await fake.slash_command("alice", "help")
    assert "/guidelines" in (await answer_to(fake, asked))["data"]["content"]


async def test_moderation_above_the_bots_role_is_refused_clearly(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    owner = UserRef("discord", fake.guild.owner_id)
    with pytest.raises(PlatformRefused, match="own the server"):
        await bot.platform.timeout(bot_community(fake), owner, timedelta(hours=1), None)
    carl = UserRef("discord", fake.guild.add_member("carl"))
    with pytest.raises(PlatformRefused, match="28 days"):
        await bot.platform.timeout(bot_community(fake), carl, timedelta(days=30), None)
    await bot.platform.timeout(bot_community(fake), carl, timedelta(hours=1), "spam")
    assert fake.guild.timeouts[carl.id] is not None


async def test_a_button_still_works_after_a_restart(
    app: App,
    settings: Settings,
    discord_settings: DiscordSettings,
    fake: FakeDiscord,
    clock: VirtualClock,
) -> None:
    async with running_bot(app, discord_settings, fake):
        asked = await fake.slash_command("alice", "profile forget")
        await answer_to(fake, asked)
    confirmation = next(m for m in fake.guild.messages.values() if m.components)
    labels = [b["label"] for row in confirmation.components for b in row["components"]]
    assert labels == ["Forget me", "Keep my data"]

    restarted = build_app(settings, clock)  # a new process: nothing kept in memory
    await restarted.start()
    try:
        async with running_bot(restarted, discord_settings, fake):
            custom_id = confirmation.components[0]["components"][1]["custom_id"]
            pressed = await fake.press_button("alice", confirmation.id, custom_id)
            body = await answer_to(fake, pressed)
    finally:
        await restarted.close()
    assert body["data"]["content"] == "Nothing was deleted."


async def test_slow_work_is_deferred_and_the_answer_follows_up(
    app: App, discord_settings: DiscordSettings, fake: FakeDiscord
) -> None:
    async def slow_report(event: MessageReported, platform: Platform) -> None:
        # Answer only once Discord has been told to wait, as slow work would.
        await fake.wait_for_request("POST", rf"/interactions/{event.interaction.id}/.*")
        await platform.respond(event.interaction, OutboundMessage("Thanks, noted."), private=True)

    # Only the slow handler: moderation's own report handler answers at once.
    app.dispatcher = Dispatcher()
    app.dispatcher.subscribe(MessageReported, slow_report)
    async with running_bot(app, discord_settings, fake, defer_after=0.01):
        message_id = await fake.member_says("carl", "rude words")
        reported = await fake.report("bob", message_id)
        deferral = await answer_to(fake, reported)
        follow_up = await fake.wait_for_request("POST", r"/webhooks/[0-9]+/[^/]+")
    assert deferral == {"type": 5, "data": {"flags": EPHEMERAL}}
    assert follow_up.json["content"] == "Thanks, noted."


async def test_in_a_burst_an_interaction_is_deferred_at_once(
    app: App, discord_settings: DiscordSettings, fake: FakeDiscord
) -> None:
    answering = asyncio.Event()

    async def busy_report(event: MessageReported, platform: Platform) -> None:
        await answering.wait()  # the core still at work on every report
        await platform.respond(event.interaction, OutboundMessage("Thanks, noted."), private=True)

    app.dispatcher = Dispatcher()
    app.dispatcher.subscribe(MessageReported, busy_report)
    async with running_bot(app, discord_settings, fake, defer_after=60):
        message_id = await fake.member_says("carl", "rude words")
        held = [await fake.report(f"m{number}", message_id) for number in range(BUSY_HOLDING)]
        reported = await fake.report("bob", message_id)  # one more than the busy mark
        deferral = await answer_to(fake, reported)  # long before the 60 s timer
        answering.set()
        assert deferral == {"type": 5, "data": {"flags": EPHEMERAL}}
        assert [(await answer_to(fake, one))["type"] for one in held[:1]] == [4]


async def test_without_the_content_intent_activity_counts_but_text_is_not_read(
    app: App, discord_settings: DiscordSettings
) -> None:
    posted: Queue[MessagePosted] = Queue()

    async def record(event: MessagePosted, _platform: Platform) -> None:
        await posted.put(event)

    app.dispatcher.subscribe(MessagePosted, record)
    async with FakeDiscord(app_flags=1 << 15) as fake:  # members intent only
        settings = discord_settings.model_copy(
            update={"discord_api_url": fake.api_url, "discord_gateway_url": fake.gateway_url}
        )
        async with running_bot(app, settings, fake) as client:
            await fake.member_says("dana", "hello")
            event = await posted.get()
    assert not fake.identify_payloads[0]["intents"] & (1 << 15)
    assert event.text is None
    assert Capability.MESSAGE_CONTENT not in client.platform.capabilities


async def test_the_configured_gateway_wins_over_the_one_discord_advertises(
    app: App, discord_settings: DiscordSettings, fake: FakeDiscord
) -> None:
    # A proxy deployment: REST says "connect to Discord", DISCORD_GATEWAY_URL says the proxy.
    fake.guild.advertised_gateway = "ws://127.0.0.1:9/not-the-configured-gateway"
    async with running_bot(app, discord_settings, fake) as client:
        assert client.is_ready()
    assert len(fake.identify_payloads) == 1


async def test_a_role_set_as_host_gives_its_members_host_commands(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    guild = fake.guild
    hosts = guild.add_role("Instructors")
    role_option = [
        {"type": 3, "name": "level", "value": "host"},
        {"type": 9, "name": "who", "value": hosts},
    ]
    resolved = {"roles": {hosts: guild.roles[hosts]}}
    await fake.dispatch("GUILD_ROLE_CREATE", {"guild_id": guild.id, "role": guild.roles[hosts]})
    set_up = await fake.slash_command("owner", "setup role", role_option, resolved=resolved)
    confirmed = (await answer_to(fake, set_up))["data"]["content"]
    assert confirmed == f"The role <@&{hosts}> is now a host."
    guild.add_member("hana", roles=(hosts,))
    added = await fake.slash_command(
        "hana", "guidelines add", [{"type": 3, "name": "rule", "value": "Be kind"}]
    )
    assert "Added rule 1" in (await answer_to(fake, added))["data"]["content"]


async def test_a_member_discord_knows_gets_a_level_before_they_post(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    zoe = fake.guild.add_member("zoe")  # in the server, never seen by Cohort
    option = [
        {"type": 3, "name": "level", "value": "host"},
        {"type": 9, "name": "who", "value": zoe},
    ]
    resolved = {"users": {zoe: fake.guild.users[zoe]}}
    set_up = await fake.slash_command("owner", "setup role", option, resolved=resolved)
    assert (await answer_to(fake, set_up))["data"]["content"] == f"<@{zoe}> is now a host."
    shown = await answer_to(fake, await fake.slash_command("owner", "setup show"))
    assert f"Members: <@{zoe}> → host" in shown["data"]["content"]


async def test_setup_show_says_content_filters_are_off_without_the_content_intent(
    app: App, discord_settings: DiscordSettings
) -> None:
    async with FakeDiscord(app_flags=1 << 15) as fake:
        settings = discord_settings.model_copy(
            update={"discord_api_url": fake.api_url, "discord_gateway_url": fake.gateway_url}
        )
        async with running_bot(app, settings, fake):
            shown = await fake.slash_command("owner", "setup show")
            body = await answer_to(fake, shown)
    assert "content filters are off" in body["data"]["content"]
