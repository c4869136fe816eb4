"""Intros in two languages, with the real catalogues: the intro post (and its update, and the
form's labels in it) is in the community's Spanish, its author is answered in German, and the
one reminder comes in each newcomer's own language."""

from __future__ import annotations

import pytest

from adapters.console.session import COMMUNITY, ConsoleSession
from bot.events import FormSubmitted
from tests.commands.support import actor, dispatch, interaction, one_of_kind
from tests.console.test_session import say_all


@pytest.fixture
async def spanish(console: ConsoleSession) -> None:
    """A Spanish-speaking community with an intros channel; Alice reads German."""
    await say_all(
        console,
        "@hana is admin",
        "@hana: /setup language es",
        "@hana: /setup channel intros #intros",
        "@alice joins",
        "@alice: /profile language de",
    )


async def test_an_intro_and_its_update_are_spanish_and_the_author_is_answered_in_german(
    console: ConsoleSession, spanish: None
) -> None:
    records = await console.say("@alice: /intro Hi, I'm Alice!")
    post = one_of_kind(records, "post")
    assert post.to == "#intros"
    assert post.text == "👋 ¡Esta es la presentación de @alice!\nHi, I'm Alice!"
    answer = one_of_kind(records, "ephemeral")
    assert (answer.text or "").startswith("Deine Vorstellung ist in #intros gepostet.")

    updated = await console.say("@alice: /intro Hi, I'm Alice, learning Go!")
    edit = one_of_kind(updated, "edit")
    assert edit.text == "👋 ¡Esta es la presentación de @alice!\nHi, I'm Alice, learning Go!"
    assert (one_of_kind(updated, "ephemeral").text or "").startswith(
        "Deine Vorstellung in #intros ist aktualisiert."
    )


async def test_the_forms_labels_in_the_post_are_spanish(
    console: ConsoleSession, spanish: None
) -> None:
    values = {"about": "I'm Alice.", "learning": "Python", "interests": "chess"}
    submitted = FormSubmitted(
        community=COMMUNITY,
        at=console.clock.now(),
        actor=actor("alice"),
        interaction=interaction("alice"),
        form_id="intro:write",
        values=values,
    )
    records = await dispatch(console, submitted)
    post = next(record for record in records if record.kind == "post")
    assert post.text == (
        "👋 ¡Esta es la presentación de @alice!\nI'm Alice.\nAprendiendo: Python\nIntereses: chess"
    )


async def test_the_reminder_comes_in_each_newcomers_language(
    console: ConsoleSession, spanish: None
) -> None:
    await console.say("@bob joins")
    records = await console.say("time +4d")
    reminders = {record.to: record.text or "" for record in records if record.kind == "dm"}
    assert reminders["@alice"].startswith("Hallo alice! 👋 Du bist vor ein paar Tagen beigetreten")
    assert reminders["@bob"].startswith("¡Hola, bob! 👋 Te uniste hace unos días")
