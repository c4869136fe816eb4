"""/peers in two languages, with the real catalogues: the hello opens a conversation of two
members who may read different languages, so it is in the community's Spanish; the one who
pressed is answered in German."""

from __future__ import annotations

from adapters.console.session import ConsoleSession
from tests.commands.support import answers
from tests.console.test_session import say_all


async def test_the_hello_is_in_the_communitys_language_and_the_greeter_hears_in_hers(
    console: ConsoleSession,
) -> None:
    await say_all(console, "@hana is admin", "@hana: /setup language es")
    for name, zone in (("alice", "Europe/Berlin"), ("cai", "Europe/Paris")):
        await say_all(
            console,
            f"@{name} joins",
            f"@{name}: /profile timezone {zone}",
            f"@{name}: /profile interests chess",
            f"@{name}: /profile findable on",
        )
    await console.say("@cai: /profile language de")
    listed = answers(await console.say("@cai: /peers"))[0]
    assert (listed.text or "").startswith("Auffindbare Mitglieder")

    group, answer = answers(await console.say('@cai presses "👋 alice"'))
    assert group.kind == "group"
    assert sorted(group.to or []) == ["@alice", "@cai"]
    assert (group.text or "").startswith(
        "👋 @cai ha encontrado a @alice con /peers y quiere saludar. Intereses en común: chess."
    )
    assert answer.kind == "ephemeral"
    assert (answer.text or "").startswith("Ich habe für dich und alice eine private Unterhaltung")
