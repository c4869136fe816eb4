"""Automatic filters write each text for its reader: the card a hit opens and the mod log in
the community's language, the moderator's answer in theirs, the author's notice in theirs.

Real catalogues: the community speaks Spanish (`/setup language es`), the moderator and the
member German (`/profile language de`).
"""

from __future__ import annotations

from adapters.console.session import ConsoleSession
from tests.moderation.support import of_kind, set_up

LANGUAGES = (
    "@hana: /setup language es",
    "@mia: /profile language de",
    "@carl: /profile language de",
)


async def test_a_filter_hit_is_a_public_card_and_the_author_is_told_in_their_language(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    for line in LANGUAGES:
        await console.say(line)
    await console.say("@mia: /automod block spam")
    records = await console.say("@mia: /automod action terms timeout")
    [answer] = of_kind(records, "ephemeral", "@mia")
    assert (answer.text or "").startswith("Gesperrte Begriffe: Passende Nachrichten werden jetzt")
    records = await console.say("@carl: buy spam now")
    [card] = of_kind(records, "post", "#modqueue")
    assert (card.text or "").startswith("Aviso 1: ha saltado un filtro")
    [entry] = of_kind(records, "post", "#modlog")
    assert (entry.text or "").startswith("Caso 1:")
    assert ("Miembro", "@carl") in entry.fields
    [notice] = of_kind(records, "dm", "@carl")
    assert (notice.text or "").startswith("Du bist automatisch für 1 Stunde im Timeout")
