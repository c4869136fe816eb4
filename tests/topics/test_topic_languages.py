"""Topics in two languages, with the real catalogues: the community writes Spanish, some
members chose German or English. A topic posted by a command, and a suggestion's card and its
edit, are in Spanish; the caller's own answers are in theirs; the suggester's DM in theirs."""

from __future__ import annotations

import pytest

from adapters.console.session import ConsoleSession
from tests.commands.support import one_of_kind
from tests.console.test_session import say_all


@pytest.fixture
async def spanish(console: ConsoleSession) -> None:
    """A Spanish-speaking community whose host Hana reads German and Mia reads English."""
    await say_all(
        console,
        "@hana is admin",
        "@hana: /setup language es",
        "@hana: /setup channel hosts #hosts",
        "@hana: /profile language de",
        "@mia: /profile language en",
    )


async def test_a_topic_posted_by_a_german_host_is_in_spanish_and_she_is_answered_in_german(
    console: ConsoleSession, spanish: None
) -> None:
    await console.say("@hana: /topic add What surprised you this week?")
    records = await console.say("@hana: /topic post")
    post = one_of_kind(records, "post")
    assert post.text == "💬 Tema de debate: What surprised you this week?"
    answer = one_of_kind(records, "ephemeral")
    assert "gepostet" in (answer.text or "")
    assert "What surprised you this week?" in (answer.text or "")


async def test_a_starter_prompt_is_posted_in_spanish_and_quoted_to_the_host_in_german(
    console: ConsoleSession, spanish: None
) -> None:
    records = await console.say("@hana: /topic post")  # an empty bank: the first starter prompt
    post = one_of_kind(records, "post")
    assert post.text == (
        "💬 Tema de debate: ¿Qué idea de esta semana ha cambiado tu forma de pensar sobre la "
        "materia?"
    )
    answer = one_of_kind(records, "ephemeral")
    assert "Welche Idee aus dieser Woche hat verändert, wie du über das Fach denkst?" in (
        answer.text or ""
    )


async def test_a_suggestion_card_is_spanish_and_the_suggester_hears_in_her_own_language(
    console: ConsoleSession, spanish: None
) -> None:
    suggested = await console.say("@mia: /topic suggest What does your study setup look like?")
    card = one_of_kind(suggested, "post")
    assert card.text == "Nueva sugerencia de tema de @mia:"
    assert card.buttons == ("Aprobar", "Rechazar", "Me encargo")
    assert [name for name, _value in card.fields] == ["Tema sugerido"]
    assert one_of_kind(suggested, "ephemeral").text == (
        "Thanks! Your suggestion went to the hosts; you'll hear what they decide."
    )

    decided = await console.say(f'@hana presses "Aprobar" on {card.id}')
    edit = one_of_kind(decided, "edit")
    assert edit.text == "Sugerencia de tema aprobada por @hana."
    assert [name for name, _value in edit.fields] == ["Tema sugerido"]
    told = one_of_kind(decided, "dm")
    assert told.to == "@mia"
    assert told.text == (
        "Your topic suggestion was approved and joins the topic bank: "
        "What does your study setup look like?"
    )
    assert one_of_kind(decided, "ephemeral").text == (
        "Vorschlag angenommen: What does your study setup look like?"
    )


async def test_a_suggester_without_a_language_of_her_own_hears_in_the_communitys(
    console: ConsoleSession, spanish: None
) -> None:
    card = one_of_kind(await console.say("@lea: /topic suggest Favourite podcasts?"), "post")
    decided = await console.say(f'@hana presses "Aprobar" on {card.id}')
    told = one_of_kind(decided, "dm")
    assert told.text == (
        "Tu sugerencia de tema se ha aprobado y pasa al banco de temas: Favourite podcasts?"
    )


async def test_claiming_a_suggestion_edits_the_card_in_spanish_and_tells_the_suggester_in_english(
    console: ConsoleSession, spanish: None
) -> None:
    card = one_of_kind(await console.say("@mia: /topic suggest Study music?"), "post")
    claimed = await console.say(f'@hana presses "Me encargo" on {card.id}')
    edit = one_of_kind(claimed, "edit")
    assert edit.text == (
        "Nueva sugerencia de tema de @mia:\n@hana se encarga: se pondrá en contacto."
    )
    assert edit.buttons == ("Aprobar", "Rechazar")
    told = one_of_kind(claimed, "dm")
    assert (told.to, told.text) == (
        "@mia",
        "@hana picked up your topic suggestion and will reach out to you about it.",
    )
    assert (one_of_kind(claimed, "ephemeral").text or "").startswith(
        "Übernommen: Dein Name steht jetzt"
    )
