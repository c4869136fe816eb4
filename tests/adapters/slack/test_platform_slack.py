"""What only Slack does: no timeouts or bans, deleting members' messages, channel removal."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from adapters.slack.errors import platform_error
from adapters.slack.platform import NO_TIMEOUTS, SlackPlatform
from adapters.slack.serve import web_client
from adapters.slack.settings import SlackSettings
from bot.errors import PlatformError, PlatformRefused, UnsupportedOnPlatform
from bot.i18n import _, use_catalogues
from bot.messages import OutboundMessage
from bot.platform import Capability
from bot.refs import InteractionRef
from tests.contract.slack_harness import SlackHarness, slack_harness
from tests.i18n.pseudo import pseudo_catalogues, widen


@pytest.fixture
async def harness() -> AsyncIterator[SlackHarness]:
    """The Slack platform (bot and admin tokens) on a fake Slack."""
    async with slack_harness() as started:
        yield started


def bot_only(harness: SlackHarness) -> SlackPlatform:
    """Return a platform with the bot token alone."""
    settings = SlackSettings(_env_file=None, SLACK_API_URL=harness.fake.api_url)  # type: ignore[call-arg]
    return SlackPlatform(web_client(settings, harness.fake.bot_token))


@pytest.mark.parametrize("action", ["timeout", "untimeout", "ban", "unban"])
async def test_timeouts_and_bans_say_what_the_workspace_allows_instead(
    harness: SlackHarness, action: str
) -> None:
    carl = harness.user("carl")
    platform = harness.platform
    calls = {
        "timeout": lambda: platform.timeout(harness.community, carl, timedelta(hours=1), None),
        "untimeout": lambda: platform.untimeout(harness.community, carl),
        "ban": lambda: platform.ban(harness.community, carl, None),
        "unban": lambda: platform.unban(harness.community, carl),
    }
    with pytest.raises(UnsupportedOnPlatform, match="deactivate an account"):
        await calls[action]()
    assert Capability.TIMEOUT not in platform.capabilities
    assert Capability.BAN not in platform.capabilities
    assert await harness.observed() == []


async def test_without_the_admin_token_only_the_bots_own_messages_can_go(
    harness: SlackHarness,
) -> None:
    platform = bot_only(harness)
    assert Capability.DELETE_MEMBER_MESSAGES not in platform.capabilities
    theirs = await harness.member_message(harness.user("carl"), harness.channel, "spam")
    with pytest.raises(PlatformError, match="SLACK_ADMIN_USER_TOKEN"):
        await platform.delete(theirs)
    ours = await platform.post(harness.channel, OutboundMessage("mine"))
    await platform.delete(ours)
    assert harness.fake.workspace.live(theirs.channel_id, theirs.id) is not None
    assert harness.fake.workspace.live(ours.channel_id, ours.id) is None


async def test_a_kick_removes_the_member_from_every_channel_the_app_is_in(
    harness: SlackHarness,
) -> None:
    workspace = harness.fake.workspace
    carl = harness.user("carl")
    projects = workspace.add_channel("projects")
    await harness.platform.kick(harness.community, carl, "spam")
    assert carl.id not in workspace.channels[workspace.general]["members"]
    assert carl.id not in workspace.channels[projects]["members"]
    kicks = [c.arguments["channel"] for c in harness.fake.calls if c.method == "conversations.kick"]
    assert sorted(kicks) == sorted([workspace.general, projects])


async def test_a_group_larger_than_slack_allows_is_refused_before_any_call(
    harness: SlackHarness,
) -> None:
    people = [harness.user(f"member{n}") for n in range(9)]
    with pytest.raises(PlatformError, match="at most 8"):
        await harness.platform.group_message(harness.community, people, OutboundMessage("Hi"))
    assert await harness.observed() == []


async def test_a_private_answer_to_a_form_goes_to_the_channel_it_came_from(
    harness: SlackHarness,
) -> None:
    alice = harness.user("alice")
    submitted = InteractionRef("slack", "V0001", "", harness.channel, alice)
    await harness.platform.respond(submitted, OutboundMessage("Saved."), private=True)
    call = await harness.fake.wait_for_call("chat.postEphemeral")
    assert (call.arguments["channel"], call.arguments["user"]) == (harness.channel.id, alice.id)


async def test_refusals_are_the_catalogues_words(harness: SlackHarness) -> None:
    carl = harness.user("carl")
    with use_catalogues(pseudo_catalogues()):
        with pytest.raises(UnsupportedOnPlatform) as unsupported:
            await harness.platform.ban(harness.community, carl, None)
        not_in = platform_error(_("delete the message"), "not_in_channel")
        gone = platform_error(_("delete the message"), "message_not_found")
    assert str(unsupported.value) == widen(_(NO_TIMEOUTS))
    assert isinstance(not_in, PlatformRefused)
    for error in (not_in, gone):
        assert re.search("[A-Za-z]", str(error)) is None, str(error)
    english = platform_error(_("delete the message"), "message_not_found")
    assert str(english) == "could not delete the message: that message does not exist (any more)"
