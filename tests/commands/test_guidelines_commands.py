"""`/guidelines`: everyone reads them; hosts and above set, add and remove rules."""

from __future__ import annotations

import pytest

from adapters.console.session import ConsoleSession
from bot.levels import Level
from tests.commands.support import community_id, invoke, ok, refused, say, snapshot

EMPTY = (
    "This community has no written guidelines yet. Hosts can add them with /guidelines add <rule>."
)


async def rules(console: ConsoleSession) -> list[str]:
    return await console.app.services.guidelines.rules(await community_id(console.app))


@pytest.fixture
async def host(console: ConsoleSession) -> str:
    await console.say("@hana is host")
    return "hana"


async def three_rules(console: ConsoleSession) -> None:
    """Host hana writes three rules; member alice has joined."""
    await console.say("@alice joins")
    await console.say("@hana is host")
    for rule in ("Be kind", "Share what you learn", "No spam"):
        await ok(console, f"@hana: /guidelines add {rule}")


async def test_guidelines_start_empty_and_say_how_to_add_one(console: ConsoleSession) -> None:
    assert await ok(console, "@alice: /guidelines") == EMPTY
    assert await ok(console, "@alice: /guidelines show") == EMPTY


async def test_set_takes_one_rule_a_line_and_drops_list_markers(
    console: ConsoleSession, host: str
) -> None:
    text = "guidelines set\n- Be kind\n* Share what you learn\n\n3. No spam\n• Ask   questions  "
    reply = await invoke(console, host, text, level=Level.HOST)
    expected = (
        "Community guidelines:\n1. Be kind\n2. Share what you learn\n3. No spam\n4. Ask questions"
    )
    assert not reply.error
    assert reply.text == f"Guidelines replaced (4 rules).\n{expected}"
    assert await rules(console) == ["Be kind", "Share what you learn", "No spam", "Ask questions"]
    assert await ok(console, "@alice: /guidelines") == expected


async def test_set_replaces_every_earlier_rule(console: ConsoleSession) -> None:
    await three_rules(console)
    assert await ok(console, "@hana: /guidelines set Be excellent to each other") == (
        "Guidelines replaced (1 rule).\nCommunity guidelines:\n1. Be excellent to each other"
    )
    assert await rules(console) == ["Be excellent to each other"]


async def test_set_without_text_shows_the_usage(console: ConsoleSession, host: str) -> None:
    assert await refused(console, f"@{host}: /guidelines set") == (
        "Text is missing. Usage: /guidelines set <text>"
    )


async def test_add_appends_a_rule_and_says_its_number(console: ConsoleSession, host: str) -> None:
    assert await ok(console, f"@{host}: /guidelines add Be kind") == "Added rule 1."
    assert await ok(console, f'@{host}: /guidelines add "Share  what you learn"') == (
        "Added rule 2."
    )
    assert await rules(console) == ["Be kind", "Share what you learn"]
    assert await ok(console, "@alice: /guidelines") == (
        "Community guidelines:\n1. Be kind\n2. Share what you learn"
    )


async def test_remove_renumbers_the_rules_after_it(console: ConsoleSession) -> None:
    await three_rules(console)
    assert await ok(console, "@hana: /guidelines remove 2") == (
        "Removed rule 2: Share what you learn"
    )
    assert await ok(console, "@alice: /guidelines") == (
        "Community guidelines:\n1. Be kind\n2. No spam"
    )
    assert await ok(console, "@hana: /guidelines add Ask questions") == "Added rule 3."
    assert await ok(console, "@hana: /guidelines remove 3") == "Removed rule 3: Ask questions"
    assert await ok(console, "@hana: /guidelines remove 1") == "Removed rule 1: Be kind"
    assert await rules(console) == ["No spam"]


@pytest.mark.parametrize("number", ["0", "4", "-1", "1000000000"])
async def test_removing_a_rule_that_is_not_there_is_an_error_and_changes_nothing(
    console: ConsoleSession, number: str
) -> None:
    await three_rules(console)
    before = await snapshot(console.app)
    assert await refused(console, f"@hana: /guidelines remove {number}") == (
        f"There is no rule {number}; the guidelines have rules 1 to 3."
    )
    assert await snapshot(console.app) == before


async def test_removing_from_empty_guidelines_says_there_are_none(
    console: ConsoleSession, host: str
) -> None:
    text = await refused(console, f"@{host}: /guidelines remove 1")
    assert text.startswith("There are no guidelines yet")


async def test_remove_needs_a_whole_number(console: ConsoleSession) -> None:
    await three_rules(console)
    assert await refused(console, "@hana: /guidelines remove second") == (
        "Number must be a whole number, like 3. Usage: /guidelines remove <number>"
    )
    assert len(await rules(console)) == 3


@pytest.mark.parametrize(
    "line",
    ["/guidelines set Anything goes", "/guidelines add Anything goes", "/guidelines remove 1"],
)
async def test_only_hosts_and_above_edit_the_guidelines(console: ConsoleSession, line: str) -> None:
    await three_rules(console)
    before = await snapshot(console.app)
    verb = line.split()[1]
    assert await refused(console, f"@alice: {line}") == (
        f"/guidelines {verb} needs the host level; you are a member. Nothing was changed."
    )
    assert await snapshot(console.app) == before


@pytest.mark.parametrize("level", [Level.MODERATOR, Level.ADMIN], ids=lambda level: level.label)
async def test_levels_above_host_edit_the_guidelines_too(
    console: ConsoleSession, level: Level
) -> None:
    await console.say(f"@mo is {level.label}")
    assert await ok(console, "@mo: /guidelines add Be kind") == "Added rule 1."


async def test_reading_the_guidelines_answers_privately(console: ConsoleSession) -> None:
    await three_rules(console)
    reply = await say(console, "@alice: /guidelines")
    assert (reply.kind, reply.to) == ("ephemeral", "@alice")
