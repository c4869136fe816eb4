"""The flag queue in the console: reports, AutoMod and filter hits as cards, and their buttons."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.session import COMMUNITY, ConsoleSession
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.errors import PlatformError
from bot.events import Actor, MessageFlagged
from bot.levels import Level
from bot.messages import OutboundMessage
from bot.moderation.reasons import render
from bot.refs import ChannelRef, MessageRef, UserRef
from bot.settings import Settings
from tests.commands.support import community_id, dispatch, press_event, snapshot
from tests.moderation.support import RefusingPlatform, cases, flags, of_kind, set_up


async def report(console: ConsoleSession, line: str = "@bob reports last from @carl: rude") -> str:
    """Have carl write something rude and bob report it; return the card's id."""
    await console.say("@carl: you are all idiots")
    records = await console.say(line)
    [card] = of_kind(records, "post", "#modqueue")
    return card.id or ""


async def test_a_report_becomes_a_card_and_the_reporter_is_thanked_privately(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    await console.say("@carl: you are all idiots")
    reported = console.world.order[-1]
    records = await console.say("@bob reports last from @carl: rude")
    [card] = of_kind(records, "post", "#modqueue")
    assert card.text == "Flag 1: reported by @bob"
    assert card.fields == (
        ("Author", "@carl"),
        ("Channel", "#general"),
        ("Message", f"{reported} in #general"),
        ("Excerpt", "you are all idiots"),
        ("Reason given", "rude"),
    )
    assert card.buttons == ("Dismiss", "Delete", "Warn", "Timeout 1h", "Kick", "Ban")
    [thanks] = of_kind(records, "ephemeral", "@bob")
    assert "The member will not learn who reported it." in (thanks.text or "")
    assert of_kind(records, "dm") == []  # carl hears nothing of the report


async def test_a_press_acts_records_a_case_closes_the_card_and_tells_the_reporter(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    card = await report(console)
    records = await console.say(f'@mia presses "Delete" on {card}')
    [deleted] = of_kind(records, "delete")
    assert deleted.target == console.world.messages[card].fields[2].value.split()[0]
    [edit] = of_kind(records, "edit")
    assert edit.target == card
    assert edit.text == "Flag 1: reported by @bob\nDeleted by @mia."
    assert edit.buttons == ()
    [reviewed] = of_kind(records, "dm", "@bob")
    assert "A moderator has reviewed the message you reported" in (reviewed.text or "")
    [reply] = of_kind(records, "ephemeral", "@mia")
    assert reply.text == "Deleted: case 1."
    [case] = await cases(console.app)
    assert (case["kind"], case["excerpt"]) == ("delete", "you are all idiots")
    [flag] = await flags(console.app)
    assert flag["outcome"] == "delete"


@pytest.mark.parametrize(
    ("label", "kind", "action"),
    [
        ("Warn", "warn", None),
        ("Timeout 1h", "timeout", ("timeout", "@carl", "1h")),
        ("Kick", "kick", ("kick", "@carl", None)),
        ("Ban", "ban", ("ban", "@carl", None)),
    ],
)
async def test_each_member_action_button_reaches_the_platform_and_is_a_case(
    console: ConsoleSession, label: str, kind: str, action: tuple[str, str, str | None] | None
) -> None:
    await set_up(console)
    card = await report(console)
    records = await console.say(f'@mia presses "{label}" on {card}')
    if action is not None:
        [done] = of_kind(records, action[0])
        assert (done.kind, done.target, done.duration) == action
    [case] = await cases(console.app)
    assert (case["kind"], render(case["reason"])) == (kind, "Reported message: rude")
    [notice] = of_kind(records, "dm", "@carl")
    # Kicks and bans tell the member first, then add the case and the button once done.
    final = next((r for r in of_kind(records, "edit") if r.target == notice.id), notice)
    assert final.buttons == ("I understand",)
    [closed] = [r for r in of_kind(records, "edit") if r.target == card]
    assert (closed.text or "").endswith("by @mia.")


async def test_dismiss_closes_the_card_without_a_case(console: ConsoleSession) -> None:
    await set_up(console)
    card = await report(console)
    records = await console.say(f'@mia presses "Dismiss" on {card}')
    assert of_kind(records, "edit")[0].text == "Flag 1: reported by @bob\nDismissed by @mia."
    assert await cases(console.app) == []


async def test_a_second_press_is_told_the_card_was_already_handled(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    card = await report(console)
    await console.say(f'@mia presses "Warn" on {card}')
    before = await snapshot(console.app)
    records = await dispatch(
        console, press_event(console, "max", "mod:flag:ban:1", level=Level.MODERATOR)
    )
    [reply] = of_kind(records, "ephemeral", "@max")
    assert reply.text == "This flag was already handled: Warned by @mia. Nothing more was done."
    assert of_kind(records, "ban") == []
    assert await snapshot(console.app) == before


async def test_two_moderators_pressing_at_once_act_once(console: ConsoleSession) -> None:
    await set_up(console)
    await report(console)
    presses = [
        dispatch(console, press_event(console, name, f"mod:flag:{choice}:1", level=Level.MODERATOR))
        for name, choice in (("mia", "kick"), ("max", "ban"))
    ]
    outcomes = await asyncio.gather(*presses)
    removals = [r for records in outcomes for r in records if r.kind in ("kick", "ban")]
    assert len(removals) == 1
    assert len(await cases(console.app)) == 1
    told = [r.text for records in outcomes for r in of_kind(records, "ephemeral")]
    assert sum("already handled" in (text or "") for text in told) == 1


async def test_members_cannot_press_card_buttons(console: ConsoleSession) -> None:
    await set_up(console)
    await report(console)
    records = await dispatch(console, press_event(console, "bob", "mod:flag:ban:1"))
    [reply] = of_kind(records, "ephemeral", "@bob")
    assert reply.error
    assert "moderator level" in (reply.text or "")
    assert (await flags(console.app))[0]["handled_at"] is None


async def test_a_card_about_an_equal_level_is_refused_and_stays_open(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    await console.say("@max: my own message")
    await console.say("@bob reports last from @max: hmm")
    records = await dispatch(
        console, press_event(console, "mia", "mod:flag:warn:1", level=Level.MODERATOR)
    )
    assert "@max is a moderator" in (of_kind(records, "ephemeral")[0].text or "")
    assert (await flags(console.app))[0]["handled_at"] is None
    assert await cases(console.app) == []


async def test_a_refused_press_releases_the_card_and_records_nothing(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    await report(console)
    records: list[Record] = []
    event = press_event(console, "mia", "mod:flag:ban:1", level=Level.MODERATOR)
    await console.app.dispatcher.dispatch(event, RefusingPlatform(console.world, records.append))
    assert of_kind(records, "ephemeral")[0].text == "I cannot ban @carl: their role is above mine."
    assert (await flags(console.app))[0]["handled_at"] is None
    assert await cases(console.app) == []
    records = await dispatch(
        console, press_event(console, "mia", "mod:flag:kick:1", level=Level.MODERATOR)
    )
    assert of_kind(records, "kick")


async def test_a_report_without_a_reason(console: ConsoleSession) -> None:
    await set_up(console)
    card = await report(console, "@bob reports last from @carl")
    names = [field.name for field in console.world.messages[card].fields]
    assert names == ["Author", "Channel", "Message", "Excerpt"]


async def test_unhandled_cards_are_reannounced_once(console: ConsoleSession) -> None:
    await set_up(console)
    await report(console)
    records = await console.say("time +1h")
    assert of_kind(records, "post", "#modqueue") == []
    records = await console.say("time +1h15m")
    [reminder] = of_kind(records, "post", "#modqueue")
    assert (reminder.text or "").startswith(
        "Moderators: flag 1 has waited 2 hours without a decision."
    )
    assert reminder.buttons == ("Dismiss", "Delete", "Warn", "Timeout 1h", "Kick", "Ban")
    assert of_kind(await console.say("time +1d"), "post", "#modqueue") == []


async def test_a_handled_card_is_not_reannounced(console: ConsoleSession) -> None:
    await set_up(console)
    card = await report(console)
    await console.say(f'@mia presses "Dismiss" on {card}')
    assert of_kind(await console.say("time +3h"), "post", "#modqueue") == []


async def test_a_report_without_a_mod_queue_changes_nothing(console: ConsoleSession) -> None:
    await console.say("@carl: rude")
    before = await snapshot(console.app)
    records = await console.say("@bob reports last from @carl: rude")
    assert of_kind(records, "ephemeral", "@bob")[0].error
    assert await snapshot(console.app) == before


async def test_a_discord_automod_event_becomes_a_card(console: ConsoleSession) -> None:
    await set_up(console)
    event = MessageFlagged(
        community=COMMUNITY,
        at=console.clock.now(),
        author=UserRef("console", "carl"),
        channel=ChannelRef("console", "general"),
        message=None,
        excerpt="buy cheap pills",
        rule="Block spam",
        removed=True,
    )
    records = await dispatch(console, event)
    [card] = of_kind(records, "post", "#modqueue")
    assert card.text == "Flag 1: Console AutoMod rule Block spam"
    assert ("Already done", "Console AutoMod kept it from the channel") in card.fields
    assert card.buttons == ("Dismiss", "Warn", "Timeout 1h", "Kick", "Ban")


@pytest.mark.parametrize(
    ("action", "deleted", "timed_out", "done"),
    [
        ("flag", False, False, None),
        ("delete", True, False, "message deleted"),
        ("timeout", True, True, "message deleted; author timed out for 1h (case 1)"),
    ],
)
async def test_a_filter_hit_acts_then_posts_a_card_saying_what_was_done(
    console: ConsoleSession, action: str, deleted: bool, timed_out: bool, done: str | None
) -> None:
    await set_up(console)
    await console.say("@carl: buy cheap pills")
    message = console.world.order[-1]
    records: list[Record] = []
    platform = ConsolePlatform(console.world, records.append)
    await console.app.services.flag_intake.act_on_filter_hit(
        platform,
        await community_id(console.app),
        Actor(UserRef("console", "carl"), "carl"),
        ChannelRef("console", "general"),
        MessageRef("console", "general", message),
        "buy cheap pills",
        "blocked term",
        action,  # type: ignore[arg-type]
    )
    assert bool(of_kind(records, "delete")) == deleted
    assert bool(of_kind(records, "timeout")) == timed_out
    [card] = of_kind(records, "post", "#modqueue")
    assert card.text == "Flag 1: filter blocked term matched"
    assert (("Already done", done) in card.fields) == (done is not None)
    assert ("Delete" in card.buttons) == (not deleted)
    kinds = [row["kind"] for row in await cases(console.app)]
    assert kinds == (["timeout"] if timed_out else [])
    if timed_out:
        assert (await cases(console.app))[0]["moderator_id"] is None


@pytest.fixture
async def anonymous_console(tmp_path, clock: VirtualClock) -> AsyncIterator[ConsoleSession]:
    """A console community whose reports are anonymous to moderators too."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        COHORT_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'anon.db'}",
        COHORT_ANONYMOUS_REPORTS=True,
    )
    application: App = build_app(settings, clock)
    await application.start()
    session = ConsoleSession(application, clock)
    await session.attach()
    yield session
    await application.close()


async def test_anonymous_reports_hide_the_reporter_from_moderators(
    anonymous_console: ConsoleSession,
) -> None:
    console = anonymous_console
    await set_up(console)
    card = await report(console)
    assert console.world.messages[card].text == "Flag 1: a member reported this message"
    assert all("bob" not in field.value for field in console.world.messages[card].fields)
    records = await console.say(f'@mia presses "Dismiss" on {card}')
    assert of_kind(records, "dm", "@bob")  # still told when it was reviewed


async def test_a_report_of_a_bot_message_offers_dismiss_and_delete(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    await console.say("@hana: /topic post")  # a bot message in #general
    records = await console.say("@bob reports last from @bot: spoiler")
    [card] = of_kind(records, "post", "#modqueue")
    assert card.buttons == ("Dismiss", "Delete")
    records = await console.say(f'@mia presses "Delete" on {card.id}')
    assert of_kind(records, "delete")
    [case] = await cases(console.app)
    assert (case["kind"], case["member_id"]) == ("delete", None)


async def test_a_card_the_platform_refuses_to_post_leaves_no_flag(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    await console.say("@hana: /setup channel modqueue #gone")
    console.world.add_message("general", "carl", "rude")

    class NoPosting(ConsolePlatform):
        async def post(
            self, channel: ChannelRef, message: OutboundMessage, *, key: str | None = None
        ) -> MessageRef:
            raise PlatformError("channel not found")

    platform = NoPosting(console.world, lambda _record: None)
    with pytest.raises(PlatformError):
        await console.app.services.flag_intake.act_on_filter_hit(
            platform,
            await community_id(console.app),
            Actor(UserRef("console", "carl"), "carl"),
            ChannelRef("console", "general"),
            MessageRef("console", "general", console.world.order[-1]),
            "rude",
            "blocked term",
            "flag",
        )
    assert await flags(console.app) == []
