"""Welcome and intros on Discord: a member who joins is welcomed in the intros channel (or by
DM), `/intro write` without text opens a modal, and submitting it posts the intro and fills in
the profile; running it again edits the post. The real discord.py against the fake Discord."""

from __future__ import annotations

from adapters.discord.client import CohortClient
from bot.app import App
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import answer_to, bot_community
from tests.topics.discord.test_topics_discord import CHANNEL, STRING, run

MODAL = 9


async def intros_channel(fake: FakeDiscord) -> str:
    """Create #intros and make it the intros channel; return its id."""
    intros = fake.guild.add_channel("intros")
    await fake.dispatch("CHANNEL_CREATE", fake.guild.channels[intros])
    answer = await run(fake, "setup channel", purpose=(STRING, "intros"), channel=(CHANNEL, intros))
    assert "intros channel is now" in answer
    return intros


async def test_a_member_who_joins_is_welcomed_in_the_intros_channel(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    intros = await intros_channel(fake)
    seen = len(fake.requests)
    user_id = await fake.member_joins("dana")
    welcome = await fake.wait_for_request("POST", rf"/channels/{intros}/messages", after=seen)
    assert welcome.json["content"].startswith(f"Welcome, <@{user_id}>! 👋")
    assert "/intro" in welcome.json["content"]
    [button] = welcome.json["components"][0]["components"]
    assert (button["label"], button["custom_id"]) == ("Introduce myself", "intro:start")


async def test_the_welcome_goes_by_dm_when_the_channel_refuses_it(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    intros = await intros_channel(fake)
    fake.fail_next("POST", rf"/channels/{intros}/messages", status=403)
    seen = len(fake.requests)
    user_id = await fake.member_joins("erin")
    opened = await fake.wait_for_request("POST", r"/users/@me/channels", after=seen)
    assert opened.json["recipient_id"] in (user_id, int(user_id))
    dm = str(opened.answer["id"])
    welcome = await fake.wait_for_request("POST", rf"/channels/{dm}/messages", after=seen)
    assert welcome.json["content"].startswith(f"Welcome, <@{user_id}>!")


async def test_intro_without_text_opens_a_modal_whose_submission_posts_and_fills_the_profile(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    intros = await intros_channel(fake)
    opened = await fake.slash_command("alice", "intro write")
    modal = await answer_to(fake, opened)
    assert modal["type"] == MODAL
    assert modal["data"]["custom_id"] == "intro:write"
    inputs = [row["components"][0]["custom_id"] for row in modal["data"]["components"]]
    assert inputs == ["about", "learning", "goals", "timezone", "interests"]
    seen = len(fake.requests)
    values = {
        "about": "I'm Alice, a nurse learning to code.",
        "learning": "Python",
        "goals": "",
        "timezone": "america/new_york",
        "interests": "chess, baking",
    }
    submitted = await fake.submit_modal("alice", "intro:write", values)
    reply = await answer_to(fake, submitted)
    confirmation = reply["data"]["content"].split("\n")
    assert confirmation[0] == f"Your intro is posted in <#{intros}>. Welcome aboard!"
    assert "find you with /peers" in confirmation[1]
    posted = await fake.wait_for_request("POST", rf"/channels/{intros}/messages", after=seen)
    alice = fake.guild.user_id("alice")
    assert posted.json["content"] == (
        f"👋 Meet <@{alice}>!\nI'm Alice, a nurse learning to code.\nLearning: Python\n"
        "Time zone: America/New_York\nInterests: chess, baking"
    )
    community_id = await app.services.communities.ensure(bot_community(fake))
    member_id = await app.services.members.find_id(community_id, alice)
    profile = await app.services.members.profile(member_id)
    assert (profile.timezone, profile.interests) == ("America/New_York", ["chess", "baking"])

    # Again, with text this time: the post is edited, and the newest intro is stored.
    seen = len(fake.requests)
    again = await fake.slash_command(
        "alice", "intro write", [{"type": STRING, "name": "text", "value": "Hi! Alice here."}]
    )
    assert "is updated" in (await answer_to(fake, again))["data"]["content"]
    message_id = str(posted.answer["id"])
    edited = await fake.wait_for_request(
        "PATCH", rf"/channels/{intros}/messages/{message_id}", after=seen
    )
    assert edited.json["content"] == f"👋 Meet <@{alice}>!\nHi! Alice here."
    assert await app.services.intros.texts([member_id]) == {member_id: "Hi! Alice here."}


async def test_the_welcome_button_opens_the_intro_modal(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    intros = await intros_channel(fake)
    seen = len(fake.requests)
    await fake.member_joins("finn")
    welcome = await fake.wait_for_request("POST", rf"/channels/{intros}/messages", after=seen)
    pressed = await fake.press_button("finn", str(welcome.answer["id"]), "intro:start")
    modal = await answer_to(fake, pressed)
    assert (modal["type"], modal["data"]["custom_id"]) == (MODAL, "intro:write")


async def test_a_mention_typed_in_an_intro_pings_nobody_but_the_author_is_named(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    intros = await intros_channel(fake)
    owner = fake.guild.owner_id
    seen = len(fake.requests)
    text = f"Hi <@{owner}> and <@!{owner}>, @everyone @here <@&{fake.guild.id}>!"
    option = {"type": STRING, "name": "text", "value": text}
    await fake.slash_command("gia", "intro write", [option])
    posted = await fake.wait_for_request("POST", rf"/channels/{intros}/messages", after=seen)
    gia = fake.guild.user_id("gia")
    assert posted.json["content"] == f"👋 Meet <@{gia}>!\n{text}"
    allowed = posted.json["allowed_mentions"]
    assert (allowed["parse"], allowed["users"]) == ([], [int(gia)]), "the author only"
