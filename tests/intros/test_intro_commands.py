"""Welcome and intros in the console: the welcome on joining, `/setup welcome`, `/intro` typed
or from the form, updating an intro, and `/intro pending`."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.console.session import COMMUNITY, ConsoleSession
from bot.app import build_app
from bot.clock import VirtualClock
from bot.events import Actor, FormSubmitted, MemberJoined
from bot.intros.welcome import DEFAULT_WELCOME, MAX_WELCOME_LENGTH
from bot.refs import MessageRef, UserRef
from bot.settings import Settings
from tests.commands.support import (
    actor,
    answers,
    community_id,
    dispatch,
    interaction,
    ok,
    press,
    refused,
    snapshot,
)
from tests.console.test_session import say_all


@pytest.fixture
async def admin(console: ConsoleSession) -> str:
    await console.say("@hana is admin")
    return "hana"


def welcomes(records: list) -> list:
    return [r for r in records if r.kind in ("post", "dm") and "Introduce myself" in r.buttons]


async def test_a_joiner_is_welcomed_in_the_intros_channel_with_the_guidelines(
    console: ConsoleSession, admin: str
) -> None:
    await say_all(
        console,
        f"@{admin}: /setup channel intros #intros",
        f"@{admin}: /guidelines set Be kind",
    )
    [welcome] = welcomes(await console.say("@alice joins"))
    assert (welcome.kind, welcome.to) == ("post", "#intros")
    assert welcome.text == (
        "Welcome, @alice! 👋 We're glad you're here.\n"
        "Our guidelines:\n1. Be kind\n"
        "When you're ready, introduce yourself with /intro: what you're learning, your goals, "
        "and what you enjoy."
    )


async def test_without_an_intros_channel_the_welcome_goes_by_dm(console: ConsoleSession) -> None:
    [welcome] = welcomes(await console.say("@alice joins"))
    assert (welcome.kind, welcome.to) == ("dm", "@alice")


async def test_long_guidelines_are_linked_instead_of_shown(
    console: ConsoleSession, admin: str
) -> None:
    rules = "\n".join(
        f"Rule number {n} says something rather long about conduct" * 2 for n in range(20)
    )
    await console.app.services.guidelines.replace(await community_id(console.app), rules)
    [welcome] = welcomes(await console.say("@alice joins"))
    assert "Please read our guidelines with /guidelines." in (welcome.text or "")


async def test_a_member_who_rejoins_within_a_week_is_not_welcomed_twice(
    console: ConsoleSession,
) -> None:
    assert len(welcomes(await console.say("@alice joins"))) == 1
    await console.say("@alice leaves")
    assert welcomes(await console.say("@alice joins")) == []
    await console.say("@alice leaves")
    await console.say("time +7d")
    assert len(welcomes(await console.say("@alice joins"))) == 1


async def test_a_bot_is_never_welcomed_nor_listed_as_pending(
    console: ConsoleSession, admin: str
) -> None:
    robot = Actor(UserRef("console", "robot"), "robot", is_bot=True)
    records = await dispatch(
        console, MemberJoined(community=COMMUNITY, at=console.clock.now(), actor=robot)
    )
    assert records == []
    await console.say("@alice joins")
    await console.say(f"@{admin} is host")
    listed = await ok(console, f"@{admin}: /intro pending")
    assert "@alice" in listed
    assert "@robot" not in listed


async def test_setup_welcome_refuses_unknown_placeholders_and_changes_nothing(
    console: ConsoleSession, admin: str
) -> None:
    await console.say(f"@{admin}: /setup show")  # the admin's own row exists from here
    before = await snapshot(console.app)
    assert await refused(console, f"@{admin}: /setup welcome Hi {{name}}, see {{rules}}!") == (
        "Unknown placeholders {name}, {rules}. The welcome can use {member} (the new member) and "
        "{guidelines} (the community guidelines); nothing was changed."
    )
    too_long = "x" * (MAX_WELCOME_LENGTH + 1)
    assert "Keep the welcome under" in await refused(
        console, f"@{admin}: /setup welcome {too_long}"
    )
    assert "welcome <text>" in await refused(console, f"@{admin}: /setup welcome")
    assert await snapshot(console.app) == before


async def test_setup_welcome_changes_the_welcome_and_show_and_reset(
    console: ConsoleSession, admin: str
) -> None:
    answer = await ok(console, f"@{admin}: /setup welcome Hello {{member}}! {{ guidelines }}")
    assert answer == "The welcome is changed. A new member will read:\nHello @hana!"
    shown = await ok(console, f"@{admin}: /setup show")
    assert "Welcomes: in the intros channel (a DM without one), COHORT_WELCOME_IN=channel" in shown
    assert "Welcome text (custom):\n  Hello {member}! { guidelines }" in shown
    assert "Intro reminder: after 3 days (COHORT_INTRO_REMINDER_DAYS)" in shown
    [welcome] = welcomes(await console.say("@alice joins"))
    assert welcome.text == "Hello @alice!"
    reset = await ok(console, f"@{admin}: /setup welcome reset")
    assert reset.startswith("The welcome is back to the default.")
    assert "Welcome text (the default" in await ok(console, f"@{admin}: /setup show")
    setup = await console.app.services.welcomes.setup(await community_id(console.app))
    assert (setup.text, setup.custom) == (DEFAULT_WELCOME, False)


async def test_only_admins_change_the_welcome(console: ConsoleSession) -> None:
    await console.say("@mia is host")
    assert "needs the admin level" in await refused(console, "@mia: /setup welcome Hi {member}")


async def test_intro_without_text_in_the_console_says_how_to_write_it(
    console: ConsoleSession,
) -> None:
    usage = await refused(console, "@alice: /intro")
    assert usage.startswith("Introduce yourself with /intro <a few sentences about you>")
    assert (await press(console, "alice", "intro:start")).text == usage


async def test_an_intro_is_posted_in_the_intros_channel_and_an_update_edits_it(
    console: ConsoleSession, admin: str
) -> None:
    await console.say(f"@{admin}: /setup channel intros #intros")
    records = await console.say("@alice: /intro Hi, I'm Alice. I'm learning Go.")
    post, confirmation = answers(records)
    assert (post.kind, post.to) == ("post", "#intros")
    assert post.text == "👋 Meet @alice!\nHi, I'm Alice. I'm learning Go."
    assert (confirmation.text or "").splitlines()[0] == (
        "Your intro is posted in #intros. Welcome aboard!"
    )
    assert confirmation.buttons == ("Let peers find me",)  # findable is offered, not assumed
    edited, updated = answers(await console.say("@alice: /intro Hi, I'm Alice. Go and Rust."))
    assert (edited.kind, edited.target) == ("edit", post.id)
    assert edited.text == "👋 Meet @alice!\nHi, I'm Alice. Go and Rust."
    assert (updated.text or "").splitlines()[0] == "Your intro in #intros is updated."
    alice = await console.app.services.members.find_id(await community_id(console.app), "alice")
    assert await console.app.services.intros.texts([alice]) == {
        alice: "Hi, I'm Alice. Go and Rust."
    }


async def test_an_intro_whose_post_is_gone_is_posted_anew(
    console: ConsoleSession, admin: str
) -> None:
    await console.say(f"@{admin}: /setup channel intros #intros")
    post, _ = answers(await console.say("@alice: /intro Hi, I'm Alice."))
    assert post.id is not None
    stored = console.world.messages[post.id]
    await console.platform.delete(MessageRef("console", stored.channel_id, stored.id))
    again, confirmation = answers(await console.say("@alice: /intro Hi again."))
    assert (again.kind, again.to) == ("post", "#intros")
    assert again.id != post.id
    assert (confirmation.text or "").splitlines()[0] == (
        "Your intro is posted in #intros. Welcome aboard!"
    )
    assert confirmation.buttons == ("Let peers find me",)  # findable is offered, not assumed


async def test_without_an_intros_channel_the_intro_goes_where_it_was_written(
    console: ConsoleSession,
) -> None:
    post, _ = answers(await console.say("@alice: /intro Hello from general"))
    assert (post.kind, post.to) == ("post", "#general")


async def test_an_empty_or_overlong_intro_is_refused_and_saves_nothing(
    console: ConsoleSession,
) -> None:
    await console.say("@alice joins")
    before = await snapshot(console.app)
    assert "under 1,900 characters" in await refused(console, f"@alice: /intro {'x' * 1901}")
    assert await snapshot(console.app) == before


async def test_the_form_stores_the_intro_and_the_profile_fields(
    console: ConsoleSession, admin: str
) -> None:
    await console.say(f"@{admin}: /setup channel intros #intros")
    await console.say("@alice joins")
    values = {
        "about": "I'm Alice, a nurse turned coder.",
        "learning": "Python",
        "goals": "A first job in tech",
        "timezone": "europe/berlin",
        "interests": "chess, music, chess",
    }
    records = await dispatch(console, _submission(console, "alice", values))
    post = next(r for r in records if r.kind == "post")
    assert post.text == (
        "👋 Meet @alice!\nI'm Alice, a nurse turned coder.\nLearning: Python\n"
        "Goals: A first job in tech\nTime zone: Europe/Berlin\nInterests: chess, music"
    )
    app = console.app
    alice = await app.services.members.find_id(await community_id(app), "alice")
    profile = await app.services.members.profile(alice)
    assert (profile.timezone, profile.interests) == ("Europe/Berlin", ["chess", "music"])
    intro = await app.services.intros.get(alice)
    assert intro is not None
    assert (intro.about, intro.learning, intro.goals) == (
        values["about"],
        "Python",
        "A first job in tech",
    )


async def test_a_bad_time_zone_in_the_form_posts_the_intro_and_says_so(
    console: ConsoleSession,
) -> None:
    values = {"about": "Hi!", "timezone": "Mars/Olympus", "interests": ""}
    records = await dispatch(console, _submission(console, "alice", values))
    post = next(r for r in records if r.kind == "post")
    assert post.text == "👋 Meet @alice!\nHi!"
    reply = records[-1]
    assert reply.kind == "ephemeral"
    assert "Your time zone was not changed: 'Mars/Olympus' is not a time zone I know" in (
        reply.text or ""
    )
    alice = await console.app.services.members.find_id(await community_id(console.app), "alice")
    assert (await console.app.services.members.profile(alice)).timezone is None


async def test_a_form_without_about_me_saves_nothing(console: ConsoleSession) -> None:
    before = await snapshot(console.app)
    records = await dispatch(
        console, _submission(console, "alice", {"about": "  ", "timezone": "UTC"})
    )
    assert [r.text for r in answers(records)] == [
        "Please say something about yourself; nothing was saved."
    ]
    after = await snapshot(console.app)
    assert after["intros"] == before["intros"] == []


async def test_intro_pending_lists_present_members_without_an_intro_oldest_first(
    console: ConsoleSession, admin: str
) -> None:
    await console.say(f"@{admin} is host")
    assert await ok(console, f"@{admin}: /intro pending") == (
        "Everyone who joined has introduced themselves. 🎉"
    )
    await say_all(console, "@alice joins", "time +1d", "@bob joins", "@carl joins", "@dana joins")
    await say_all(console, "@carl: /intro Hi, I'm Carl", "@dana leaves", "time +2d")
    assert await ok(console, f"@{admin}: /intro pending") == (
        "2 members have not introduced themselves yet (oldest first):\n"
        "- @alice, joined 2026-01-05 (3 days ago)\n"
        "- @bob, joined 2026-01-06 (2 days ago)"
    )
    assert "needs the host level" in await refused(console, "@alice: /intro pending")


async def test_intro_pending_pages_twenty_at_a_time(console: ConsoleSession, admin: str) -> None:
    await console.say(f"@{admin} is host")
    for number in range(25):
        await console.say(f"@m{number:02d} joins")
        await console.clock.advance_to(console.clock.now() + timedelta(minutes=1))
    first = (await ok(console, f"@{admin}: /intro pending")).split("\n")
    assert first[0] == "25 members have not introduced themselves yet (oldest first, page 1 of 2):"
    assert first[1].startswith("- @m00,")
    assert len(first) == 1 + 20 + 1
    assert first[-1] == "More with /intro pending 2."
    second = (await ok(console, f"@{admin}: /intro pending 2")).split("\n")
    assert [line[:6] for line in second[1:]] == [f"- @m{n}" for n in range(20, 25)]
    assert await refused(console, f"@{admin}: /intro pending 3") == "There are 2 pages."
    assert await refused(console, f"@{admin}: /intro pending 0") == "Pages start at 1."


def _submission(console: ConsoleSession, name: str, values: dict[str, str]) -> FormSubmitted:
    return FormSubmitted(
        community=COMMUNITY,
        at=console.clock.now(),
        actor=actor(name),
        interaction=interaction(name),
        form_id="intro:write",
        values=values,
    )


async def test_with_welcome_in_dm_the_welcome_is_a_dm_even_with_an_intros_channel(
    settings: Settings, clock: VirtualClock
) -> None:
    app = build_app(settings.model_copy(update={"welcome_in": "dm"}), clock)
    await app.start()
    try:
        console = ConsoleSession(app, clock)
        await console.attach()
        await say_all(console, "@hana is admin", "@hana: /setup channel intros #intros")
        [welcome] = welcomes(await console.say("@alice joins"))
        assert (welcome.kind, welcome.to) == ("dm", "@alice")
        shown = await ok(console, "@hana: /setup show")
        assert "Welcomes: in a DM (the intros channel when DMs fail), COHORT_WELCOME_IN=dm" in shown
    finally:
        await app.close()


async def test_a_long_welcome_points_to_the_guidelines_instead_of_showing_them(
    console: ConsoleSession, admin: str
) -> None:
    await console.say(f"@{admin}: /guidelines set {'Be kind to everyone here. ' * 30}")
    long_text = "Welcome {member}! " + "We are glad you came. " * 60 + "{guidelines}"
    await ok(console, f"@{admin}: /setup welcome {long_text}")
    [welcome] = welcomes(await console.say("@alice joins"))
    assert (welcome.text or "").endswith("Please read our guidelines with /guidelines.")
    assert len(welcome.text or "") <= 1900


async def test_forgetting_a_member_deletes_their_intro_and_its_post(
    console: ConsoleSession, admin: str
) -> None:
    await console.say(f"@{admin}: /setup channel intros #intros")
    post, _ = answers(await console.say("@alice: /intro Hi, I'm Alice."))
    await console.say("@alice: /profile forget")
    records = await console.say('@alice presses "Forget me"')
    assert [(r.kind, r.target) for r in records if r.kind == "delete"] == [("delete", post.id)]
    assert (await snapshot(console.app))["intros"] == []
