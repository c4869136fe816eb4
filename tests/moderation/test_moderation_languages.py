"""Moderation writes each text for its reader: cards and the mod log in the community's
language, the caller's answer in theirs, a DM to another member in that member's.

Real catalogues: the community speaks Spanish (`/setup language es`), the moderator and the
reporter German (`/profile language de`), the warned member English.
"""

from __future__ import annotations

from adapters.console.session import ConsoleSession
from tests.moderation.support import of_kind, set_up

LANGUAGES = (
    "@hana: /setup language es",
    "@mia: /profile language de",
    "@bob: /profile language de",
    "@carl: /profile language en",
)


async def in_three_languages(console: ConsoleSession) -> None:
    """The moderation set-up, then a Spanish community with German and English members."""
    await set_up(console)
    for line in LANGUAGES:
        await console.say(line)


async def test_a_report_thanks_the_reporter_in_their_language_and_the_card_is_public(
    console: ConsoleSession,
) -> None:
    await in_three_languages(console)
    await console.say("@carl: you are all idiots")
    records = await console.say("@bob reports last from @carl: rude")
    [thanks] = of_kind(records, "ephemeral", "@bob")
    assert (thanks.text or "").startswith("Danke für deine Meldung.")
    [card] = of_kind(records, "post", "#modqueue")
    assert card.text == "Aviso 1: reportado por @bob"
    assert ("Autor", "@carl") in card.fields
    assert "Descartar" in card.buttons


async def test_a_press_edits_the_card_publicly_answers_the_moderator_and_dms_each_member(
    console: ConsoleSession,
) -> None:
    await in_three_languages(console)
    await console.say("@carl: you are all idiots")
    await console.say("@bob reports last from @carl: rude")
    records = await console.say('@mia presses "Warn"')
    [edit] = of_kind(records, "edit")
    assert edit.text == "Aviso 1: reportado por @bob\nAdvertido por @mia."
    assert ("Autor", "@carl") in edit.fields
    [answer] = of_kind(records, "ephemeral", "@mia")
    assert (answer.text or "").startswith("Verwarnt: Fall 1.")
    [entry] = of_kind(records, "post", "#modlog")
    assert (entry.text or "").startswith("Caso 1:")
    assert ("Miembro", "@carl") in entry.fields
    assert ("Moderador", "@mia") in entry.fields
    [notice] = of_kind(records, "dm", "@carl")
    assert (notice.text or "").startswith("A moderator has warned you")
    assert notice.buttons == ("I understand",)
    [reviewed] = of_kind(records, "dm", "@bob")
    assert (reviewed.text or "").startswith("Ein Moderator hat sich die Nachricht angesehen")


async def test_a_warning_by_command_logs_publicly_and_notifies_the_member_in_theirs(
    console: ConsoleSession,
) -> None:
    await in_three_languages(console)
    records = await console.say("@mia: /mod warn @bob be kind")
    [entry] = of_kind(records, "post", "#modlog")
    assert (entry.text or "").startswith("Caso 1:")
    assert ("Motivo", "be kind") in entry.fields
    [notice] = of_kind(records, "dm", "@bob")
    assert (notice.text or "").startswith("Ein Moderator hat dich verwarnt: be kind.")
    [answer] = of_kind(records, "ephemeral", "@mia")
    assert "Caso" not in (answer.text or "")


async def test_the_re_announced_card_is_in_the_community_language(
    console: ConsoleSession,
) -> None:
    await in_three_languages(console)
    await console.say("@carl: you are all idiots")
    await console.say("@bob reports last from @carl: rude")
    records = await console.say("time +1d")
    [reminder] = of_kind(records, "post", "#modqueue")
    assert "Aviso 1: reportado por @bob" in (reminder.text or "")
    assert "Descartar" in reminder.buttons
