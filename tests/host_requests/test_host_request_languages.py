"""Host requests write each text for its reader: the card and its edits in the community's
language, the host's answer in theirs, the DM to the member who asked in that member's.

Real catalogues: the community speaks Spanish (`/setup language es`), the host German
(`/profile language de`), the member who asks English.
"""

from __future__ import annotations

from adapters.console.session import ConsoleSession
from tests.host_requests.test_host_requests_console import set_up, talk_card, text_of
from tests.moderation.support import of_kind

LANGUAGES = (
    "@hana: /setup language es",
    "@hugo: /profile language de",
    "@alice: /profile language en",
)


async def in_three_languages(console: ConsoleSession) -> None:
    """The host-request set-up, then a Spanish community with a German host."""
    await set_up(console)
    for line in LANGUAGES:
        await console.say(line)


async def test_a_claim_edits_the_card_publicly_and_tells_each_person_in_theirs(
    console: ConsoleSession,
) -> None:
    await in_three_languages(console)
    card = await talk_card(console)
    assert (card.text or "").startswith("@alice quiere hablar con un anfitrión")
    assert card.buttons == ("Me encargo",)
    claimed = await console.say(f'@hugo presses "Claim" on {card.id}')
    [edit] = of_kind(claimed, "edit")
    assert (edit.text or "").endswith("@hugo se encarga: se pondrá en contacto.")
    assert text_of(claimed, "ephemeral", "@hugo") == (
        "Übernommen: Dein Name steht jetzt bei der Anfrage. Bitte melde dich bei @alice."
    )
    assert "@hugo picked up your wish to talk" in text_of(claimed, "dm", "@alice")


async def test_a_suggestion_card_and_its_decision_are_public_and_the_dm_is_the_members(
    console: ConsoleSession,
) -> None:
    await in_three_languages(console)
    records = await console.say("@alice: /topic suggest What tools do you use?")
    [card] = of_kind(records, "post", "#hosts")
    assert card.text == "Nueva sugerencia de tema de @alice:"
    assert card.buttons == ("Aprobar", "Rechazar", "Me encargo")
    decided = await console.say(f'@hugo presses "Approve" on {card.id}')
    [edit] = of_kind(decided, "edit")
    assert edit.text == "Sugerencia de tema aprobada por @hugo."
    assert edit.fields == (("Tema sugerido", "What tools do you use?"),)
    assert text_of(decided, "dm", "@alice").startswith("Your topic suggestion was approved")


async def test_the_re_announcement_is_in_the_community_language(console: ConsoleSession) -> None:
    await in_three_languages(console)
    await talk_card(console)
    records = await console.say("time +3d")
    [reminder] = of_kind(records, "post", "#hosts")
    assert (reminder.text or "").startswith("Anfitriones: la solicitud 1 lleva 24 ")
    assert reminder.buttons == ("Me encargo",)
