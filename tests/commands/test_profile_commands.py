"""`/profile`: a member's own time zone and interests, and forgetting everything about them."""

from __future__ import annotations

import pytest

from adapters.console.session import ConsoleSession
from bot.errors import NotFoundError
from bot.shared.members import Profile
from tests.commands.support import community_id, ok, press, refused, say, snapshot


async def member_id(console: ConsoleSession, name: str) -> int:
    return await console.app.services.members.find_id(await community_id(console.app), name)


async def profile(console: ConsoleSession, name: str) -> Profile:
    return await console.app.services.members.profile(await member_id(console, name))


@pytest.fixture
async def alice(console: ConsoleSession) -> str:
    await console.say("@alice joins")
    return "alice"


async def test_profile_alone_shows_what_is_stored(console: ConsoleSession, alice: str) -> None:
    assert await ok(console, f"@{alice}: /profile") == (
        "Your profile: time zone not set; interests: none yet.\n"
        "Language: English (en), from your app or the community "
        "(/profile language <code> chooses one).\n"
        "Findable by /peers: no (/profile findable on lets peers find you).\n"
        "Thanks received: none yet.\n"
        "Change them with /profile timezone <zone> and /profile interests <a, b, c>; "
        "/profile forget deletes it all."
    )
    await ok(console, f"@{alice}: /profile timezone Asia/Tokyo")
    await ok(console, f"@{alice}: /profile interests go, tea")
    shown = await ok(console, f"@{alice}: /profile show")
    assert shown.startswith("Your profile: time zone Asia/Tokyo; interests: go, tea.\n")


async def test_a_time_zone_is_stored_in_its_canonical_spelling(
    console: ConsoleSession, alice: str
) -> None:
    assert await ok(console, f"@{alice}: /profile timezone europe/berlin") == (
        "Your time zone is now Europe/Berlin."
    )
    assert (await profile(console, alice)).timezone == "Europe/Berlin"


async def test_an_unknown_time_zone_is_refused_with_a_suggestion_and_changes_nothing(
    console: ConsoleSession, alice: str
) -> None:
    await ok(console, f"@{alice}: /profile timezone Asia/Tokyo")
    before = await snapshot(console.app)
    text = await refused(console, f"@{alice}: /profile timezone Europe/Berln")
    assert text == (
        "'Europe/Berln' is not a time zone I know. Use an IANA name such as Europe/Berlin or "
        "America/New_York. Did you mean Europe/Berlin? Usage: /profile timezone <zone>"
    )
    assert await snapshot(console.app) == before
    assert (await profile(console, alice)).timezone == "Asia/Tokyo"


async def test_interests_are_trimmed_and_deduplicated_ignoring_case(
    console: ConsoleSession, alice: str
) -> None:
    text = await ok(
        console, f"@{alice}: /profile interests  Python , python, design,, Music   Theory ,DESIGN"
    )
    assert text == "Your interests are now: Python, design, Music Theory."
    assert (await profile(console, alice)).interests == ["Python", "design", "Music Theory"]


async def test_new_interests_replace_the_old_ones(console: ConsoleSession, alice: str) -> None:
    await ok(console, f"@{alice}: /profile interests go, tea")
    await ok(console, f"@{alice}: /profile interests chess")
    assert (await profile(console, alice)).interests == ["chess"]
    assert await ok(console, f"@{alice}: /profile interests ,") == "Your interests are cleared."
    assert (await profile(console, alice)).interests == []


async def test_ten_interests_are_fine_even_with_repeats(
    console: ConsoleSession, alice: str
) -> None:
    ten = [f"topic{number}" for number in range(10)]
    await ok(console, f"@{alice}: /profile interests {', '.join(ten + ten[:3])}")
    assert (await profile(console, alice)).interests == ten


async def test_more_than_ten_interests_are_refused_and_change_nothing(
    console: ConsoleSession, alice: str
) -> None:
    await ok(console, f"@{alice}: /profile interests go, tea")
    before = await snapshot(console.app)
    eleven = ", ".join(f"topic{number}" for number in range(11))
    assert await refused(console, f"@{alice}: /profile interests {eleven}") == (
        "Please list at most 10 interests (you gave 11)."
    )
    assert await snapshot(console.app) == before
    assert (await profile(console, alice)).interests == ["go", "tea"]


async def test_interests_need_some_text(console: ConsoleSession, alice: str) -> None:
    assert await refused(console, f"@{alice}: /profile interests") == (
        "Interests is missing. Usage: /profile interests <interests>"
    )


# ----------------------------------------------------------------------------------------------
# Forgetting


async def ask_to_forget(console: ConsoleSession, name: str) -> str:
    """Run /profile forget for `name`; return the id of the question with its buttons."""
    await ok(console, f"@{name}: /profile timezone Asia/Tokyo")
    await ok(console, f"@{name}: /profile interests go, tea")
    reply = await say(console, f"@{name}: /profile forget")
    assert not reply.error
    assert (reply.kind, reply.to) == ("ephemeral", f"@{name}")
    assert "It cannot be undone." in (reply.text or "")
    assert reply.buttons == ("Forget me", "Keep my data")
    assert reply.id is not None
    return reply.id


async def test_forget_asks_first_and_deletes_nothing_yet(
    console: ConsoleSession, alice: str
) -> None:
    await ask_to_forget(console, alice)
    assert (await profile(console, alice)).interests == ["go", "tea"]


async def test_keep_my_data_keeps_it(console: ConsoleSession, alice: str) -> None:
    question = await ask_to_forget(console, alice)
    before = await snapshot(console.app)
    reply = await say(console, f'@{alice} presses "Keep my data" on {question}')
    assert not reply.error
    assert reply.text == "Nothing was deleted."
    assert await snapshot(console.app) == before


async def test_forget_me_deletes_the_members_data_and_only_theirs(
    console: ConsoleSession, alice: str
) -> None:
    await console.say("@bob joins")
    await ok(console, "@bob: /profile interests chess")
    question = await ask_to_forget(console, alice)
    reply = await say(console, f'@{alice} presses "Forget me" on {question}')
    assert not reply.error
    assert reply.text == "Done: Cohort no longer stores anything about you in this community."
    with pytest.raises(NotFoundError):
        await member_id(console, alice)
    rows = await snapshot(console.app)
    assert [row["external_id"] for row in rows["members"]] == ["bob"]
    assert [row["interest"] for row in rows["member_interests"]] == ["chess"]


async def test_the_forget_question_is_only_visible_to_the_member_who_asked(
    console: ConsoleSession, alice: str
) -> None:
    question = await ask_to_forget(console, alice)
    await console.say("@bob joins")
    records = await console.say(f'@bob presses "Forget me" on {question}')
    assert [record.kind for record in records] == ["error"]
    assert (await profile(console, alice)).interests == ["go", "tea"]


async def test_someone_else_pressing_forget_me_is_refused_and_deletes_nothing(
    console: ConsoleSession, alice: str
) -> None:
    question = await ask_to_forget(console, alice)
    await console.say("@bob joins")
    forget = next(b for b in console.world.messages[question].buttons if b.label == "Forget me")
    before = await snapshot(console.app)
    reply = await press(console, "bob", forget.action_id)
    assert reply.error
    assert reply.to == "@bob"
    assert reply.text == "Only the member who asked to be forgotten can press this."
    assert await snapshot(console.app) == before
    assert (await profile(console, alice)).interests == ["go", "tea"]
    await member_id(console, "bob")


@pytest.mark.parametrize("action_id", ["profile:forget", "profile:forget:yes", "profile:forget:"])
async def test_a_forget_button_without_its_owner_deletes_nothing(
    console: ConsoleSession, alice: str, action_id: str
) -> None:
    await ok(console, f"@{alice}: /profile interests go")
    before = await snapshot(console.app)
    reply = await press(console, alice, action_id)
    assert reply.error
    assert await snapshot(console.app) == before
