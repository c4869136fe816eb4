"""Welcome and intros on Slack: a person who joins the workspace is welcomed in the intros
channel (or by DM without one), `/intro` without text opens a modal (views.open), and the
view submission posts the intro and fills in the profile. The real bolt app on the fake Slack,
in Socket Mode and HTTP mode."""

from __future__ import annotations

from asyncio import Queue

from adapters.slack.serve import SlackRuntime
from bot.app import App
from bot.events import MemberJoined
from bot.refs import CommunityRef
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack, RecordedCall


async def intros_channel(fake: FakeSlack, driver: SlackDriver) -> str:
    """Create #intros and make it the intros channel; return its id."""
    intros = fake.workspace.add_channel("intros")
    body = await driver.command("admin", f"channel intros <#{intros}|intros>", command="/setup")
    assert "intros channel is now" in (await response_to(fake, body))["text"]
    return intros


async def test_a_person_who_joins_is_welcomed_in_the_intros_channel(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    intros = await intros_channel(fake, driver)
    seen = len(fake.calls)
    await driver.event(payloads.team_join(fake, "dana"))
    welcome = await fake.wait_for_call("chat.postMessage", after=seen)
    assert welcome.arguments["channel"] == intros
    dana = fake.workspace.user_id("dana")
    assert welcome.arguments["text"].startswith(f"Welcome, <@{dana}>! 👋")
    buttons = [
        element["action_id"]
        for block in welcome.arguments["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    assert buttons == ["intro:start"]


async def test_without_an_intros_channel_the_welcome_is_a_dm(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    seen = len(fake.calls)
    await driver.event(payloads.team_join(fake, "erin"))
    opened = await fake.wait_for_call("conversations.open", after=seen)
    assert opened.arguments["users"] == fake.workspace.user_id("erin")
    welcome = await fake.wait_for_call("chat.postMessage", after=seen)
    assert welcome.arguments["channel"] == opened.answer["channel"]["id"]
    assert "/intro" in welcome.arguments["text"]


async def test_intro_opens_a_modal_whose_submission_posts_and_fills_the_profile(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    intros = await intros_channel(fake, driver)
    seen = len(fake.calls)
    await driver.command("alice", "", command="/intro")
    opened = await fake.wait_for_call("views.open", after=seen)
    view = opened.arguments["view"]
    assert view["callback_id"] == "intro:write"
    assert [block["block_id"] for block in view["blocks"]] == [
        "about",
        "learning",
        "goals",
        "timezone",
        "interests",
    ]
    assert view["blocks"][3]["element"]["initial_value"] == "Europe/Berlin"  # Slack's own zone
    values = {
        "about": "I'm Alice. I teach maths.",
        "learning": "Rust",
        "goals": "Ship a side project",
        "timezone": "asia/tokyo",
        "interests": "go, hiking",
    }
    seen = len(fake.calls)
    await driver.interactive(payloads.view_submission(fake, "alice", view, values))
    posted = await fake.wait_for_call("chat.postMessage", after=seen)
    alice = fake.workspace.user_id("alice")
    assert posted.arguments["channel"] == intros
    assert posted.arguments["text"] == (
        f"👋 Meet <@{alice}>!\nI'm Alice. I teach maths.\nLearning: Rust\n"
        "Goals: Ship a side project\nTime zone: Asia/Tokyo\nInterests: go, hiking"
    )
    answer = await fake.wait_for_call("chat.postEphemeral", after=seen)
    confirmation = answer.arguments["text"].split("\n")
    assert confirmation[0] == f"Your intro is posted in <#{intros}>. Welcome aboard!"
    assert "find you with /peers" in confirmation[1]
    community_id = await app.services.communities.ensure(
        CommunityRef("slack", fake.workspace.team_id)
    )
    member_id = await app.services.members.find_id(community_id, alice)
    profile = await app.services.members.profile(member_id)
    assert (profile.timezone, profile.interests) == ("Asia/Tokyo", ["go", "hiking"])

    # Typed this time: chat.update edits the earlier post.
    seen = len(fake.calls)
    body = await driver.command("alice", "Hi, Alice again!", command="/intro")
    assert "is updated" in (await response_to(fake, body))["text"]
    updated = next(call for call in fake.calls[seen:] if call.method == "chat.update")
    assert (updated.arguments["channel"], updated.arguments["ts"]) == (intros, posted.answer["ts"])
    assert await app.services.intros.texts([member_id]) == {member_id: "Hi, Alice again!"}


async def test_joining_a_channel_is_not_joining_the_workspace_and_gets_no_welcome(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    await intros_channel(fake, driver)
    handled: Queue[MemberJoined] = Queue()

    async def after_the_core(event: MemberJoined, _platform: object) -> None:
        await handled.put(event)

    # Handlers run in subscription order: this one runs once the welcome handler is done.
    app.dispatcher.subscribe(MemberJoined, after_the_core)
    seen = len(fake.calls)
    await driver.event(
        {
            "type": "member_joined_channel",
            "user": fake.workspace.user_id("gil"),
            "channel": fake.workspace.general,
            "channel_type": "C",
            "team": fake.workspace.team_id,
            "event_ts": fake.now_ts(),
        }
    )
    joined = await handled.get()
    assert joined.channel is not None
    assert [c.method for c in fake.calls[seen:] if c.method == "chat.postMessage"] == []


async def test_mentions_typed_in_an_intro_ping_nobody_but_the_author_is_named(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    intros = await intros_channel(fake, driver)
    admin = fake.workspace.user_id("admin")
    typed = f"Hi <!channel> <!here> <!everyone> <!subteam^S0TUTORS|@tutors> <@{admin}>!"
    seen = len(fake.calls)
    await driver.command("gia", typed, command="/intro")
    posted = await fake.wait_for_call("chat.postMessage", after=seen)
    assert posted.arguments["channel"] == intros
    gia = fake.workspace.user_id("gia")
    section = posted.arguments["blocks"][0]["text"]
    for shown in (posted.arguments["text"], section["text"]):
        assert shown.startswith(f"👋 Meet <@{gia}>!")
        for pinging in ("<!channel>", "<!here>", "<!everyone>", "<!subteam^", f"<@{admin}>"):
            assert pinging not in shown
    assert section["verbatim"] is True
    assert "@\u2060channel" in section["text"], "still readable, as plain text"


async def test_a_form_answer_slack_refuses_goes_by_dm_and_the_intro_stands(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    intros = await intros_channel(fake, driver)
    seen = len(fake.calls)
    await driver.command("hana", "", command="/intro")
    view = (await fake.wait_for_call("views.open", after=seen)).arguments["view"]
    fake.fail_next("chat.postEphemeral", status=400)  # the answer is refused, not the intro
    seen = len(fake.calls)
    values = {"about": "I'm Hana.", "learning": "", "goals": "", "timezone": "", "interests": ""}
    await driver.interactive(payloads.view_submission(fake, "hana", view, values))

    opened = await fake.wait_for_call("conversations.open", after=seen)
    assert opened.arguments["users"] == fake.workspace.user_id("hana")
    dm = opened.answer["channel"]["id"]
    answer = await posted_in(fake, dm, after=seen)
    assert "here is my answer" in answer.arguments["text"]
    assert f"Your intro is posted in <#{intros}>" in answer.arguments["text"]
    texts = " ".join(str(call.arguments) for call in fake.calls[seen:])
    assert "nothing was changed" not in texts.lower()
    hana = fake.workspace.user_id("hana")
    community_id = await app.services.communities.ensure(
        CommunityRef("slack", fake.workspace.team_id)
    )
    member_id = await app.services.members.find_id(community_id, hana)
    (stored,) = (await app.services.intros.texts([member_id])).values()
    assert stored.startswith("I'm Hana.")


async def posted_in(fake: FakeSlack, channel: str, *, after: int) -> RecordedCall:
    """Return the first chat.postMessage in `channel` made after call number `after`."""
    while True:
        seen = len(fake.calls)
        for call in fake.calls[after:]:
            if call.method == "chat.postMessage" and call.arguments["channel"] == channel:
                return call
        await fake.wait_for_call("chat.postMessage", after=seen)
