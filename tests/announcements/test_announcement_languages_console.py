"""An announcement is public: posted in the community's language whoever posts it, while the
host's own answer and a member's "Got it" answer are each in their own (real catalogues)."""

from __future__ import annotations

from adapters.console.session import ConsoleSession
from tests.console.test_session import say_all


async def test_the_announcement_is_spanish_and_the_answers_german(
    console: ConsoleSession,
) -> None:
    await say_all(
        console,
        "@ana is admin",
        "@ana: /setup language es",
        "@hana joins",
        "@hana is host",
        "@hana: /profile language de",
        "@bob joins",
        "@bob: /profile language de",
    )
    records = await console.say("@hana: /announce Office hours move to Thursday.")
    (post,) = [r for r in records if r.kind == "post"]
    assert post.text == "📣 Anuncio 1\nOffice hours move to Thursday."
    assert list(post.buttons) == ["Entendido"]
    (answer,) = [r for r in records if r.kind == "ephemeral"]
    assert (answer.text or "").startswith("Ankündigung 1 in #general gepostet.")

    pressed = await console.say('@bob presses "Entendido"')
    (got_it,) = [r for r in pressed if r.kind == "ephemeral"]
    assert got_it.to == "@bob"
    assert got_it.text == "Danke, notiert: Du hast diese Ankündigung gelesen."
