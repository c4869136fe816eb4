"""Usage errors and refusals name the command as it was typed and read as sentences."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.console.session import ConsoleSession
from bot.levels import Level, may_use
from commands.parser import UsageError, bind, resolve
from tests.commands.registry_support import real_registry
from tests.commands.strategies import command_lines
from tests.commands.support import invoke, refused

REGISTRY = real_registry()
READERS = [spec.path for spec in REGISTRY if spec.read_only]


async def test_a_refusal_names_the_group_when_the_group_was_typed(
    console: ConsoleSession,
) -> None:
    assert await refused(console, "@al: /stats") == (
        "/stats needs the host level; you are a member."
    )
    assert await refused(console, "@al: /stats show") == (
        "/stats show needs the host level; you are a member."
    )
    assert await refused(console, "@al: /automod") == (
        "/automod needs the moderator level; you are a member."
    )


async def test_only_commands_that_change_something_say_nothing_was_changed(
    console: ConsoleSession,
) -> None:
    assert await refused(console, "@al: /guidelines add Be kind") == (
        "/guidelines add needs the host level; you are a member. Nothing was changed."
    )
    for path in ("topic list", "mod cases", "intro pending", "setup show", "quiet list"):
        assert "Nothing was changed" not in await refused(console, f"@al: /{path}")


def test_the_commands_that_only_read_are_marked_so() -> None:
    assert sorted(READERS) == [
        "announce status",
        "automod list",
        "buddy stats",
        "buddy status",
        "cohort list",
        "cohort show",
        "guidelines show",
        "help",
        "intro pending",
        "mod case",
        "mod cases",
        "peers",
        "profile show",
        "quiet list",
        "session attendance",
        "session list",
        "setup breaks",
        "setup show",
        "stats export",
        "stats show",
        "topic list",
        "topic next",
        "topic plan",
        "topic schedules",
        "warnings",
    ]


async def test_a_usage_line_names_the_command_as_typed(console: ConsoleSession) -> None:
    await console.say("@hana is admin")
    assert await refused(console, "@hana: /stats show 5") == (
        "I didn't expect '5'. Usage: /stats show"
    )
    assert await refused(console, "@hana: /buddy status now") == (
        "I didn't expect 'now'. Usage: /buddy status"
    )
    assert await refused(console, "@hana: /buddy now") == (
        "/buddy has no subcommand 'now'. Subcommands: join, leave, pause, status, schedule, "
        "unschedule, round, stats."
    )


async def test_a_missing_argument_is_a_sentence(console: ConsoleSession) -> None:
    await console.say("@hana is admin")
    assert await refused(console, "@hana: /mod case") == "Id is missing. Usage: /mod case <id>"
    assert await refused(console, "@hana: /setup timezone") == (
        "Zone is missing. Usage: /setup timezone <zone>"
    )


@settings(max_examples=800, deadline=None)
@given(command_lines(REGISTRY), st.sampled_from(Level))
def test_every_usage_error_starts_with_a_capital_letter_or_the_command(
    line: str, level: Level
) -> None:
    try:
        bind(resolve(line, REGISTRY, lambda spec: may_use(level, spec.level)))
    except UsageError as error:
        message = str(error)
        # A sentence may open on the command or on the words the caller wrote, quoted.
        assert message[0].isupper() or message.startswith(("/", "'", '"')), message


async def test_named_options_name_the_subcommand_discord_invoked(console: ConsoleSession) -> None:
    # Discord cannot invoke a group, so it invokes the default by name: `/stats show`.
    reply = await invoke(console, "hana", "stats show", level=Level.ADMIN, options={"days": "3"})
    assert reply.text == "I don't know the option 'days'. Usage: /stats show"
