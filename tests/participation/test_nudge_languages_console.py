"""A nudge is a DM: each quiet member gets it in their own language, with the real catalogues.

The community is Spanish (`/setup language es`); Alice chose German (`/profile language de`),
Carl chose nothing, so Carl's nudge is in the community's Spanish.
"""

from __future__ import annotations

from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from tests.console.test_session import say_all


def _nudge_to(records: list[Record], who: str) -> Record:
    (nudge,) = [r for r in records if r.kind == "dm" and r.to == who and len(r.buttons) == 4]
    return nudge


async def test_each_quiet_member_is_nudged_in_their_own_language(
    console: ConsoleSession,
) -> None:
    await say_all(
        console,
        "@ana is admin",
        "@ana: /setup language es",
        "@alice joins",
        "@alice: /profile language de",
        "@carl joins",
    )
    records = await console.say("time +16d")
    alice = _nudge_to(records, "@alice")
    assert (alice.text or "").startswith("Hallo alice 👋 Wir haben dich eine Weile nicht im Chat")
    assert "2 Wochen pausieren" in alice.buttons
    carl = _nudge_to(records, "@carl")
    assert (carl.text or "").startswith("Hola, carl 👋 Hace un tiempo que no te vemos")
    assert "Posponer 2 semanas" in carl.buttons

    pressed = await console.say('@alice presses "2 Wochen pausieren"')
    (answer,) = [r for r in pressed if r.kind == "ephemeral"]
    assert (answer.text or "").startswith("Pausiert: keine Check-ins bis ")
