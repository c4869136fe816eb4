"""Thanks in two languages, with the real catalogues: the note goes to the thanked member in
their language, the giver's thank-you in the giver's, and the weekly post in the community's."""

from __future__ import annotations

import pytest

from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from tests.commands.support import answers
from tests.console.test_session import say_all


@pytest.fixture
async def spanish(console: ConsoleSession) -> None:
    """A Spanish-speaking community where Bob and the host Hana read German."""
    await say_all(
        console,
        "@hana is admin",
        "@hana: /setup language es",
        "@hana: /profile language de",
        "@alice joins",
        "@bob joins",
        "@bob: /profile language de",
    )


def note_and_thank_you(records: list[Record]) -> tuple[Record, Record]:
    note, thank_you = answers(records)
    assert (note.kind, thank_you.kind) == ("dm", "ephemeral")
    return note, thank_you


async def test_a_german_reader_is_thanked_in_german_by_a_spanish_reader(
    console: ConsoleSession, spanish: None
) -> None:
    note, thank_you = note_and_thank_you(await console.say("@alice: /thanks @bob for the tip"))
    assert note.to == "@bob"
    assert note.text == "🙏 @alice hat sich in #general bei dir bedankt: „for the tip“"
    assert (thank_you.text or "").startswith("Tu agradecimiento le llegó a @bob, en privado.")


async def test_a_spanish_reader_is_thanked_in_spanish_by_a_german_reader(
    console: ConsoleSession, spanish: None
) -> None:
    note, thank_you = note_and_thank_you(await console.say("@bob: /thanks @alice"))
    assert note.to == "@alice"
    assert note.text == "🙏 @bob te ha dado las gracias por lo que dijiste en #general."
    assert (thank_you.text or "").startswith("Dein Dank ist privat bei @alice angekommen.")


async def test_the_weekly_thanks_post_a_german_host_set_up_is_in_spanish(
    console: ConsoleSession, spanish: None
) -> None:
    await console.say("@alice: /thanks @bob")
    set_up = answers(await console.say("@hana: /thanks weekly on"))
    assert (set_up[0].text or "").startswith("Ich poste hier jede Woche, wer Dank bekommen hat")
    posted = [r for r in await console.say("time 2026-01-09 16:00") if r.kind == "post"]
    (weekly,) = posted
    assert (weekly.text or "").startswith("🙏 Esta semana los agradecimientos fueron para @bob.")
