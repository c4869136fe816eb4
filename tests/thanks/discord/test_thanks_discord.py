"""Thanks on Discord through the real discord.py: "Thank the author" on a message's menu and
/thanks with native options each send the author a private note and answer privately; the
peers' "Say hello" opens their conversation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from adapters.discord.app_commands import THANK_COMMAND_NAME
from adapters.discord.client import CohortClient
from bot.clock import VirtualClock
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import EPHEMERAL, answer_to

STRING, USER = 3, 6


async def dm_text(fake: FakeDiscord) -> str:
    """Return the text of the next direct message the bot sends."""
    await fake.wait_for_request("POST", r"/users/@me/channels")
    sent = await fake.wait_for_request("POST", r"/channels/[0-9]+/messages")
    return str(sent.json["content"])


async def test_thank_the_author_sends_the_author_a_private_note(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    message_id = await fake.member_says("alice", "Try the walrus operator: <@123> @everyone")
    await fake.member_says("bob", "thanks!")
    pressed = await fake.message_command("bob", message_id, THANK_COMMAND_NAME)
    answer: dict[str, Any] = (await answer_to(fake, pressed))["data"]
    alice, bob = fake.guild.user_id("alice"), fake.guild.user_id("bob")
    assert answer["flags"] & EPHEMERAL
    assert answer["content"].startswith(f"Your thanks went to <@{alice}>, privately.")
    note = await dm_text(fake)
    assert note == f"🙏 <@{bob}> thanked you for what you said in <#{fake.guild.general}>."


async def test_a_member_the_bot_has_not_seen_yet_can_be_thanked(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    carol = fake.guild.add_member("carol")  # in the server, never seen by the bot
    options = [{"type": USER, "name": "member", "value": carol}]
    resolved = {"users": {carol: fake.guild.users[carol]}}
    given = await fake.slash_command("owner", "thanks give", options, resolved=resolved)
    answer = (await answer_to(fake, given))["data"]["content"]
    assert answer.startswith(f"Your thanks went to <@{carol}>, privately.")
    assert (await dm_text(fake)).startswith("🙏 ")


async def test_thanks_with_native_options_and_a_long_reason_refused(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    await fake.member_says("alice", "hello")
    alice = fake.guild.user_id("alice")
    resolved = {"users": {alice: fake.guild.users[alice]}}
    options = [{"type": USER, "name": "member", "value": alice}]
    too_long = [*options, {"type": STRING, "name": "why", "value": "y" * 301}]
    refused = await fake.slash_command("owner", "thanks give", too_long, resolved=resolved)
    refusal = (await answer_to(fake, refused))["data"]
    assert refusal["flags"] & EPHEMERAL
    assert "300 characters (it has 301)" in refusal["content"]
    reason = [*options, {"type": STRING, "name": "why", "value": "for <@&1> the notes"}]
    given = await fake.slash_command("owner", "thanks give", reason, resolved=resolved)
    assert (await answer_to(fake, given))["data"]["content"].startswith("Your thanks went to")
    sent = await fake.wait_for_request("POST", r"/channels/[0-9]+/messages")
    assert sent.json["content"].endswith("“for <@&1> the notes”")
    mentions = sent.json["allowed_mentions"]  # the member's role mention stays mute
    assert (mentions["parse"], mentions.get("roles", [])) == ([], [])


async def thank(fake: FakeDiscord, giver: str, receiver: str) -> None:
    """`giver` thanks `receiver` with /thanks and its native member option."""
    user_id = fake.guild.add_member(receiver)
    options = [{"type": USER, "name": "member", "value": user_id}]
    resolved = {"users": {user_id: fake.guild.users[user_id]}}
    given = await fake.slash_command(giver, "thanks give", options, resolved=resolved)
    assert (await answer_to(fake, given))["data"]["content"].startswith("Your thanks went to")


async def test_the_weekly_post_names_the_thanked_without_counts_or_pings(
    bot: CohortClient, fake: FakeDiscord, clock: VirtualClock
) -> None:
    on = [{"type": STRING, "name": "switch", "value": "on"}]
    refused = await fake.slash_command("alice", "thanks weekly", on)
    assert "needs the host level" in (await answer_to(fake, refused))["data"]["content"]
    turned_on = await answer_to(fake, await fake.slash_command("owner", "thanks weekly", on))
    assert turned_on["data"]["flags"] & EPHEMERAL
    assert "every Friday at 16:00" in turned_on["data"]["content"]
    for name in ("alice", "bob", "everyone", "cai"):
        await fake.member_says(name, "hello")
    await thank(fake, "alice", "bob")
    await thank(fake, "cai", "bob")
    await thank(fake, "bob", "everyone")  # a display name that reads as @everyone
    seen = len(fake.requests)
    await clock.advance_to(datetime(2026, 1, 9, 16, 1, tzinfo=UTC))
    general = rf"/channels/{fake.guild.general}/messages"
    posted = await fake.wait_for_request("POST", general, after=seen)
    assert posted.json["content"] == (
        "🙏 Thanks this week went to @Bob, @Everyone. Thank you for helping each other learn; "
        "you can thank someone too with /thanks."
    )
    mentions = posted.json["allowed_mentions"]
    assert (mentions["parse"], mentions.get("users", []), mentions.get("roles", [])) == ([], [], [])
    off = [{"type": STRING, "name": "switch", "value": "off"}]
    stopped = await answer_to(fake, await fake.slash_command("owner", "thanks weekly", off))
    assert stopped["data"]["content"] == "The weekly thanks post in this channel is stopped."
    await thank(fake, "alice", "cai")
    seen = len(fake.requests)
    await clock.advance_to(datetime(2026, 1, 16, 16, 1, tzinfo=UTC))
    channel = f"/channels/{fake.guild.general}/messages"  # timers have run once advanced
    assert not [r for r in fake.requests[seen:] if r.path == channel]
