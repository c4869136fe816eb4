"""`/help`: only what the caller may use, and details of one command."""

from __future__ import annotations

import pytest

from adapters.console.session import ConsoleSession
from bot.levels import Level, may_use
from tests.commands.registry_support import real_registry
from tests.commands.support import ok, say

REGISTRY = real_registry()


@pytest.mark.parametrize("level", list(Level), ids=lambda level: level.label)
async def test_help_lists_exactly_the_commands_the_caller_may_use(
    console: ConsoleSession, level: Level
) -> None:
    await console.say(f"@carol is {level.label}")
    reply = await say(console, "@carol: /help")
    assert reply.kind == "ephemeral"
    assert reply.to == "@carol"
    assert not reply.error
    header, *listed, footer = (reply.text or "").split("\n")
    assert header == f"Commands you can use (you are {level.with_article}):"
    assert listed == [
        f"{spec.usage()} — {spec.help}" for spec in REGISTRY if may_use(level, spec.level)
    ]
    assert footer == "Type /help <command> for one command, e.g. /help profile."


async def test_a_member_does_not_see_host_or_admin_commands(console: ConsoleSession) -> None:
    text = await ok(console, "@alice: /help")
    assert "/guidelines — Show the community guidelines." in text
    assert "/profile timezone <zone>" in text
    assert "/guidelines add" not in text
    assert "/setup" not in text


async def test_help_for_a_group_shows_each_subcommand_and_its_options(
    console: ConsoleSession,
) -> None:
    text = await ok(console, "@alice: /help profile")
    assert text.split("\n") == [
        "/profile — Show what Cohort stores about you.",
        "/profile timezone <zone> — Set your time zone, used for pairing and for timing reminders.",
        "    <zone> an IANA time zone, like Europe/Berlin",
        "/profile language <code> — Choose the language Cohort writes to you in; auto follows "
        "your app and the community.",
        "    <code> a language code, like es or de",
        "/profile interests <interests> — Set your interests (comma-separated), used for pairing.",
        "    <interests> comma-separated, like python, design, music",
        "/profile findable <on|off> — Let members who share your interests find you with /peers "
        "(off by default).",
        "    <on|off> on or off",
        "/profile forget — Delete everything Cohort stores about you (asks first).",
    ]


@pytest.mark.parametrize(
    "line", ["/help profile timezone", "/help /Profile   TIMEZONE", '/help "profile timezone"']
)
async def test_help_for_one_subcommand_shows_only_it(console: ConsoleSession, line: str) -> None:
    text = await ok(console, f"@alice: {line}")
    assert text.split("\n") == [
        "/profile timezone <zone> — Set your time zone, used for pairing and for timing reminders.",
        "    <zone> an IANA time zone, like Europe/Berlin",
    ]


async def test_help_for_a_group_shows_only_the_subcommands_the_caller_may_use(
    console: ConsoleSession,
) -> None:
    member_text = await ok(console, "@alice: /help guidelines")
    assert member_text == "/guidelines — Show the community guidelines."
    await console.say("@hana is host")
    host_text = await ok(console, "@hana: /help guidelines")
    assert "/guidelines add <rule> — Add a rule at the end of the guidelines." in host_text
    assert "    <rule> the rule to add" in host_text


@pytest.mark.parametrize("name", ["setup", "setup show", "nonsense"])
async def test_help_for_a_command_the_caller_cannot_use_says_so(
    console: ConsoleSession, name: str
) -> None:
    text = await ok(console, f"@alice: /help {name}")
    assert text == f"There is no /{name} command you can use. Type /help to see yours."


async def test_an_admin_gets_help_for_setup(console: ConsoleSession) -> None:
    await console.say("@hana is admin")
    text = await ok(console, "@hana: /help setup")
    usages = [line.split(" — ")[0] for line in text.split("\n") if line.startswith("/")]
    assert usages == [spec.usage() for spec in REGISTRY.subcommands("setup")]
    assert "    <host|moderator|member> host, moderator, or member to take a level back" in text


async def test_help_for_a_long_unknown_name_does_not_echo_it_whole(
    console: ConsoleSession,
) -> None:
    text = await ok(console, "@alice: /help " + "x" * 3000)
    assert text.startswith("There is no /xxx")
    assert text.endswith("… command you can use. Type /help to see yours.")
    assert len(text) < 200
