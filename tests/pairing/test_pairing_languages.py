"""Buddy pairing in two languages, with the real catalogues: a round's group messages and
icebreakers, and the check-ins, are in the community's Spanish whoever started the round; the
host and a member who press or ask are answered in German; the notice that pairing is paused
goes to the member in their own language."""

from __future__ import annotations

import pytest

from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from bot.i18n import _, speaking
from bot.topics.starters import STARTER_TOPICS
from tests.commands.support import answers
from tests.console.test_session import say_all


@pytest.fixture
async def spanish(console: ConsoleSession) -> None:
    """A Spanish-speaking community; the host Hana and Alice read German."""
    await say_all(
        console,
        "@hana is host",
        "@hana is admin",
        "@hana: /setup language es",
        "@hana: /profile language de",
        "@alice: /profile language de",
        *(f"@{name}: /buddy join" for name in ("alice", "bob", "carl")),
    )


def spanish_starters() -> set[str]:
    """Return the starter prompts as the Spanish catalogue has them."""
    with speaking("es"):
        spanish = {_(starter) for starter in STARTER_TOPICS}
    assert not spanish & set(STARTER_TOPICS)  # every one translated
    return spanish


def of_kind(records: list[Record], kind: str) -> list[Record]:
    return [record for record in answers(records) if record.kind == kind]


async def test_a_round_a_german_host_starts_and_its_check_in_are_in_spanish(
    console: ConsoleSession, spanish: None
) -> None:
    round_records = await console.say("@hana: /buddy round")
    (group,) = of_kind(round_records, "group")
    assert (group.text or "").startswith("👋 ¡Este es el grupo de compañeros de esta ronda:")
    icebreaker = (group.text or "").rsplit("Para romper el hielo: ", 1)[1]
    assert icebreaker in spanish_starters()
    (answer,) = of_kind(round_records, "ephemeral")
    assert (answer.text or "").startswith("Buddy-Runde 1:")

    (checkin,) = of_kind(await console.say("time +4d"), "group")
    assert (checkin.text or "").startswith("☕ Seguimiento a mitad de ronda")
    assert checkin.buttons[0] == "Nos hemos visto"
    pressed = await console.say(f'@alice presses "Nos hemos visto" on {checkin.id}')
    (thanks,) = of_kind(pressed, "ephemeral")
    assert thanks.text == "Wunderbar, danke, dass ihr euch getroffen habt! 🎉"


async def test_the_paused_notice_comes_in_each_members_language(
    console: ConsoleSession, spanish: None
) -> None:
    await console.say("@hana: /buddy schedule mon 09:00")
    records: list[Record] = []
    for _week in range(4):  # three weeks of check-ins nobody answers, then the third one closes
        records += await console.say("time +7d")
    notices = {record.to: record.text or "" for record in of_kind(records, "dm")}
    assert notices["@alice"].startswith("Du hast auf deine letzten 3 Buddy-Check-ins nicht")
    assert notices["@bob"].startswith("No has respondido a tus últimos 3 seguimientos")
