"""A session's card speaks the community's language; each answer, reminder and cancellation
speaks its reader's, with the real Spanish and German catalogues.

The community is Spanish (`/setup language es`); the host and Bob chose German
(`/profile language de`); Cai chose nothing, so Cai is written to in Spanish.
"""

from __future__ import annotations

from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from tests.console.test_session import say_all

CREATE = '@hana: /session create "Office hour" 2026-01-07 18:00'


async def _spanish_community(console: ConsoleSession) -> None:
    await say_all(
        console,
        "@ana is admin",
        "@ana: /setup language es",
        "@hana joins",
        "@hana is host",
        "@hana: /profile language de",
        "@bob joins",
        "@bob: /profile language de",
        "@cai joins",
    )


def _cards(records: list[Record]) -> list[Record]:
    return [r for r in records if r.kind in ("post", "edit") and r.buttons]


def _session_dms(records: list[Record], to: str) -> list[str]:
    """The DMs to one member, the welcome and the intro reminder aside."""
    return [
        r.text or ""
        for r in records
        if r.kind == "dm" and r.to == to and "/intro" not in (r.text or "")
    ]


async def test_the_card_is_spanish_while_the_host_and_a_presser_are_answered_in_german(
    console: ConsoleSession,
) -> None:
    await _spanish_community(console)
    created = await console.say(CREATE)
    (card,) = _cards(created)
    assert "Office hour: 7 ene 2026 18:00 (UTC), durante 1 hora (sesión 1)." in (card.text or "")
    assert list(card.buttons[:3]) == ["Voy", "Quizás", "No puedo"]
    (answer,) = [r for r in created if r.kind == "ephemeral"]
    assert answer.to == "@hana"
    assert (
        answer.text
        == "Sitzung 1 ist gepostet. Mitglieder antworten direkt über die Buttons im Beitrag."
    )

    pressed = await console.say('@bob presses "Voy"')
    (edited,) = _cards(pressed)
    assert "(sesión 1)" in (edited.text or "")
    assert "Voy: 1" in (edited.text or "")
    assert "Voy" in edited.buttons
    (bob_answer,) = [r for r in pressed if r.kind == "ephemeral"]
    assert bob_answer.text == "Deine Antwort: Dabei."

    await console.say('@cai presses "Quizás"')
    later = await console.say("time 2026-01-06 18:05")  # the card catches up, then a reminder
    assert all("(sesión 1)" in (r.text or "") for r in _cards(later))
    (bob_reminder,) = _session_dms(later, "@bob")
    assert bob_reminder.startswith("Erinnerung: „Office hour“ ist morgen")
    (cai_reminder,) = _session_dms(later, "@cai")
    assert cai_reminder.startswith("Recordatorio: Office hour es mañana")


async def test_a_cancellation_is_told_to_each_member_in_their_own_language(
    console: ConsoleSession,
) -> None:
    await _spanish_community(console)
    await console.say(CREATE)
    await say_all(console, '@bob presses "Voy"', '@cai presses "Quizás"')
    records = await console.say("@hana: /session cancel 1")
    (bob_told,) = _session_dms(records, "@bob")
    assert bob_told.startswith("Fällt aus: „Office hour“ am 07.01.2026 18:00")
    (cai_told,) = _session_dms(records, "@cai")
    assert cai_told.startswith("Se ha cancelado Office hour (")
    (edited,) = [r for r in records if r.kind == "edit"]
    assert (edited.text or "").startswith(
        "Cancelada: Office hour, 7 ene 2026 18:00 (UTC), durante 1 hora"
    )
    (answer,) = [r for r in records if r.kind == "ephemeral"]
    assert answer.to == "@hana"
    assert (answer.text or "").startswith("1 Sitzung abgesagt")
