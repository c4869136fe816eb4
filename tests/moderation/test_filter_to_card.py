"""The whole moderation loop on the console: a member posts a blocked term, a card reaches the
mod queue, and one moderator press acts, records a case and closes the card."""

from __future__ import annotations

from sqlalchemy import select

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.session import COMMUNITY, ConsoleSession
from adapters.console.world import PLATFORM
from bot.app import App
from bot.events import Actor, MessageEdited
from bot.refs import MessageRef, UserRef
from bot.storage.models import ModCase
from tests.console.test_session import say_all


async def moderated_community(console: ConsoleSession) -> None:
    await say_all(
        console,
        "@hana is admin",
        "@hana: /setup channel modqueue #mod",
        "@hana: /setup channel modlog #modlog",
        "@mia joins",
        "@mia is moderator",
        "@bob joins",
        "@mia: /automod block spam",
    )


async def test_a_blocked_term_makes_a_card_that_one_press_handles(
    console: ConsoleSession, app: App
) -> None:
    await moderated_community(console)
    records = await console.say("@bob: buy cheap sp4m here")
    posted = next(r for r in records if r.kind == "message")
    (card,) = [r for r in records if r.kind == "post" and r.to == "#mod"]
    assert 'blocked term "spam"' in (card.text or "")
    assert "Delete" in card.buttons

    pressed = await console.say('@mia presses "Delete"')
    assert [r.target for r in pressed if r.kind == "delete"] == [posted.id]
    (closed,) = [r for r in pressed if r.kind == "edit" and r.target == card.id]
    assert "Deleted by @mia" in (closed.text or "")
    assert closed.buttons == ()
    async with app.database.session() as session:
        kinds = list((await session.execute(select(ModCase.kind))).scalars())
    assert kinds == ["delete"]


async def test_a_filter_set_to_delete_acts_before_the_card(console: ConsoleSession) -> None:
    await moderated_community(console)
    await console.say("@mia: /automod action terms delete")
    records = await console.say("@bob: spam spam spam")
    posted = next(r for r in records if r.kind == "message")
    assert [r.target for r in records if r.kind == "delete"] == [posted.id]
    (card,) = [r for r in records if r.kind == "post" and r.to == "#mod"]
    assert ("Already done", "message deleted") in card.fields


async def edit(console: ConsoleSession, message_id: str, author: str, text: str) -> list[Record]:
    """Dispatch the edit of a member's console message (the script format has no edit line)."""
    records: list[Record] = []
    event = MessageEdited(
        community=COMMUNITY,
        at=console.clock.now(),
        actor=Actor(UserRef(PLATFORM, author), author),
        message=MessageRef(PLATFORM, "general", message_id),
        text=text,
    )
    await console.app.dispatcher.dispatch(event, ConsolePlatform(console.world, records.append))
    return records


async def test_an_edit_into_a_blocked_term_makes_a_card_but_is_no_new_message(
    console: ConsoleSession,
) -> None:
    await moderated_community(console)
    await console.say("@mia: /automod flood on 2 60")
    posted = next(r for r in await console.say("@bob: hello there") if r.kind == "message")
    records = await edit(console, posted.id or "", "bob", "hello sp.am there")
    (card,) = [r for r in records if r.kind == "post" and r.to == "#mod"]
    assert 'blocked term "spam"' in (card.text or "")
    # Two edits and one message are not three messages: no flooding card.
    await edit(console, posted.id or "", "bob", "hello again")
    records = await console.say("@bob: and a second message")
    assert [r for r in records if r.kind == "post" and r.to == "#mod"] == []
