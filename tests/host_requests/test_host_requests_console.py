"""Host requests in the console: a check-in's "Talk to a host" and a topic suggestion become
cards with Claim; the first host is named, a second is told who; one re-announcement."""

from __future__ import annotations

from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from bot.levels import Level
from tests.commands.support import dispatch, press_event
from tests.moderation.support import of_kind

SET_UP = (
    "@hana is admin",
    "@hugo is host",
    "@hana: /setup channel hosts #hosts",
    "@alice joins",
    "@bob: hello",
)


async def set_up(console: ConsoleSession) -> None:
    """An admin, a host, a hosts channel, a member who will go quiet."""
    for line in SET_UP:
        await console.say(line)


def text_of(records: list[Record], kind: str, to: str) -> str:
    """Return the one record's text of this kind sent there."""
    [record] = of_kind(records, kind, to)
    return record.text or ""


async def talk_card(console: ConsoleSession) -> Record:
    """Let alice go quiet, get her check-in and press "Talk to a host"; return the card."""
    await console.say("time +15d")
    records = await console.say('@alice presses "Talk to a host"')
    assert text_of(records, "ephemeral", "@alice") == (
        "I've let the hosts know; one of them will reach out to you."
    )
    [card] = of_kind(records, "post", "#hosts")
    return card


async def test_talk_to_a_host_is_a_card_the_first_host_claims(console: ConsoleSession) -> None:
    await set_up(console)
    card = await talk_card(console)
    assert card.text is not None
    assert card.text.startswith("@alice would like to talk with a host")
    assert card.buttons == ("Claim",)
    claimed = await console.say(f'@hugo presses "Claim" on {card.id}')
    assert text_of(claimed, "ephemeral", "@hugo") == (
        "Claimed: you are named on the card. Please reach out to @alice."
    )
    [edit] = of_kind(claimed, "edit")
    assert edit.target == card.id
    assert (edit.text or "").endswith("Claimed by @hugo: they will reach out.")
    assert edit.buttons == ()
    assert "@hugo picked up your wish to talk" in text_of(claimed, "dm", "@alice")
    late = press_event(console, "hana", "hostreq:claim:1", level=Level.ADMIN)
    second = await dispatch(console, late)
    assert text_of(second, "ephemeral", "@hana") == (
        "@hugo already claimed this request; nothing more was done."
    )
    assert of_kind(second, "dm") == []
    assert of_kind(second, "edit") == []


async def test_a_member_cannot_claim_and_a_second_press_opens_no_second_card(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    card = await talk_card(console)
    refused = await console.say(f'@bob presses "Claim" on {card.id}')
    assert of_kind(refused, "edit") == []
    forged = await dispatch(
        console, press_event(console, "hugo", "hostreq:claim:99", level=Level.HOST)
    )
    assert "no longer exists" in text_of(forged, "ephemeral", "@hugo")
    again = await console.say('@alice presses "Talk to a host"')
    assert of_kind(again, "post", "#hosts") == []


async def test_an_unclaimed_card_is_announced_again_once(console: ConsoleSession) -> None:
    await set_up(console)
    card = await talk_card(console)
    records = await console.say("time +3d")
    reminders = of_kind(records, "post", "#hosts")
    assert len(reminders) == 1
    assert (reminders[0].text or "").startswith("Hosts: request 1 has waited 24 hours for a host.")
    assert reminders[0].buttons == ("Claim",)
    later = await console.say(f'@hugo presses "Claim" on {reminders[0].id}')
    edited = {e.target for e in of_kind(later, "edit")}
    assert edited == {card.id, reminders[0].id}


async def test_a_suggestion_card_can_be_claimed_and_decided(console: ConsoleSession) -> None:
    await set_up(console)
    records = await console.say("@alice: /topic suggest What tools do you use?")
    [card] = of_kind(records, "post", "#hosts")
    assert card.text == "New topic suggestion from @alice:"
    assert card.buttons == ("Approve", "Reject", "Claim")
    claimed = await console.say(f'@hugo presses "Claim" on {card.id}')
    [edit] = of_kind(claimed, "edit")
    assert edit.buttons == ("Approve", "Reject")
    assert "@hugo picked up your topic suggestion" in text_of(claimed, "dm", "@alice")
    await console.say(f'@hana presses "Approve" on {card.id}')
    quiet = await console.say("time +3d")
    assert of_kind(quiet, "post", "#hosts") == []  # decided: never re-announced


async def test_without_a_hosts_channel_the_member_is_told(console: ConsoleSession) -> None:
    for line in ("@hana is admin", "@alice joins", "@bob: hello", "time +15d"):
        await console.say(line)
    records = await console.say('@alice presses "Talk to a host"')
    assert "no hosts channel is set up yet" in text_of(records, "ephemeral", "@alice")
    assert of_kind(records, "post") == []
