"""The one permission check: every command and button, at every level, through the real app.

The matrix is built from the real registry, so a new command is checked the day it is added.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from bot.levels import Level, may_use
from bot.messages import Reply
from commands.context import Context
from commands.guidelines import GuidelinesServices
from commands.registry import Registry
from commands.router import CommandRouter
from commands.spec import ActionSpec, CommandSpec, OptionKind, OptionSpec, button
from tests.commands.registry_support import real_registry
from tests.commands.strategies import command_lines
from tests.commands.support import (
    answer,
    answers,
    community_id,
    invoke,
    press,
    press_event,
    say,
    snapshot,
)

REGISTRY = real_registry()

# A valid argument of each kind, so an allowed command runs for real and a refused one would
# have changed something had the check let it through.
SAMPLE_ARGUMENTS = {
    OptionKind.WORD: "word",
    OptionKind.TEXT: "Be kind",
    OptionKind.INTEGER: "1",
    OptionKind.DURATION: "1h",
    OptionKind.WEEKDAY: "mon",
    OptionKind.TIME: "09:30",
    OptionKind.DATE: "2026-12-21",
    OptionKind.TIMEZONE: "Europe/Berlin",
    OptionKind.MEMBER: "@bob",
    OptionKind.CHANNEL: "#intros",
    OptionKind.ROLE_OR_MEMBER: "@bob",
}


def sample(option: OptionSpec) -> str:
    return option.choices[0] if option.kind is OptionKind.CHOICE else SAMPLE_ARGUMENTS[option.kind]


def refusal(what: str, needed: Level, caller: Level, *, read_only: bool = False) -> str:
    said = f"{what} needs the {needed.label} level; you are {caller.with_article}."
    return said if read_only else f"{said} Nothing was changed."


def test_every_option_kind_has_a_sample_argument() -> None:
    assert set(SAMPLE_ARGUMENTS) | {OptionKind.CHOICE} == set(OptionKind)


async def _community_with_data(console: ConsoleSession, caller: str, level: Level) -> None:
    """A rule, a member to name, and the caller present at `level`."""
    await console.say("@bob joins")
    await console.say(f"@{caller} joins")
    await console.say(f"@{caller} is {level.label}")
    await console.app.services.guidelines.add(await community_id(console.app), "Be kind")


@pytest.mark.parametrize("level", list(Level), ids=lambda level: level.label)
@pytest.mark.parametrize("spec", list(REGISTRY), ids=lambda spec: spec.path)
async def test_a_command_is_refused_exactly_below_its_level(
    console: ConsoleSession, spec: CommandSpec, level: Level
) -> None:
    await _community_with_data(console, "carol", level)
    arguments = " ".join(sample(option) for option in spec.options)
    lines = [f"@carol: /{spec.path}", f"@carol: /{spec.path} {arguments}".rstrip()]
    before = await snapshot(console.app)
    for line in lines:
        # A command may also post for everyone (/topic post); its answer is the private one.
        (reply,) = [r for r in answers(await console.say(line)) if r.kind == "ephemeral"]
        assert reply.to == "@carol"
        if may_use(level, spec.level):
            assert "needs the" not in (reply.text or ""), reply.text
        else:
            assert reply.error
            assert reply.text == refusal(
                f"/{spec.path}", spec.level, level, read_only=spec.read_only
            )
            assert await snapshot(console.app) == before
    if may_use(level, spec.level):
        # The sample arguments are valid, so the refusals above were the check, not a typo.
        assert "Usage:" not in (reply.text or ""), reply.text


@pytest.mark.parametrize(
    "spec", [spec for spec in REGISTRY if spec.level > Level.MEMBER], ids=lambda spec: spec.path
)
async def test_named_options_are_refused_before_they_are_read(
    console: ConsoleSession, spec: CommandSpec
) -> None:
    await _community_with_data(console, "carol", Level.MEMBER)
    before = await snapshot(console.app)
    reply = await invoke(console, "carol", spec.path, options={"nonsense": "x"})
    assert reply.error
    assert reply.text == refusal(
        f"/{spec.path}", spec.level, Level.MEMBER, read_only=spec.read_only
    )
    assert await snapshot(console.app) == before


async def test_a_level_from_setup_counts_like_a_platform_level(console: ConsoleSession) -> None:
    await _community_with_data(console, "carol", Level.MEMBER)
    await console.say("@hana is admin")
    assert (await say(console, "@carol: /guidelines add Share")).error
    await say(console, "@hana: /setup role host @carol")
    reply = await say(console, "@carol: /guidelines add Share")
    assert not reply.error
    assert reply.text == "Added rule 2."


# ----------------------------------------------------------------------------------------------
# Buttons


@pytest.mark.parametrize("level", list(Level), ids=lambda level: level.label)
@pytest.mark.parametrize("spec", list(REGISTRY.buttons()), ids=lambda spec: spec.prefix)
async def test_a_button_is_refused_exactly_below_its_level(
    console: ConsoleSession, spec: ActionSpec, level: Level
) -> None:
    await _community_with_data(console, "carol", level)
    before = await snapshot(console.app)
    reply = await press(console, "carol", f"{spec.prefix}:x:someone-else", level=level)
    assert reply.to == "@carol"
    if may_use(level, spec.level):
        assert "needs the" not in (reply.text or "")
    else:
        assert reply.text == refusal("This button", spec.level, level)
        assert await snapshot(console.app) == before


@button("rules:clear", level=Level.HOST)
async def clear_rules(context: Context) -> Reply:
    """Clear the guidelines (a host-only button, for this test)."""
    await context.services.guidelines.replace(context.community_id, "Nothing yet")
    return Reply.text("Cleared.")


@pytest.fixture
def router(console: ConsoleSession) -> CommandRouter:
    """The real router on the app's services, with a host-only button of its own."""
    registry = Registry()
    registry.add(clear_rules, services=GuidelinesServices(console.app.services.guidelines))
    return CommandRouter(registry, console.app.services)


@pytest.mark.parametrize("level", list(Level), ids=lambda level: level.label)
async def test_a_button_press_below_its_level_is_refused_and_changes_nothing(
    console: ConsoleSession, router: CommandRouter, level: Level
) -> None:
    await _community_with_data(console, "carol", level)
    before = await snapshot(console.app)
    records: list[Record] = []
    event = press_event(console, "carol", "rules:clear", level=level)
    await router.on_button(event, ConsolePlatform(console.world, records.append))
    reply = answer(records)
    rules = await console.app.services.guidelines.rules(await community_id(console.app))
    if level < Level.HOST:
        assert reply.error
        assert reply.text == refusal("This button", Level.HOST, level)
        assert rules == ["Be kind"]
        assert await snapshot(console.app) == before
    else:
        assert reply.text == "Cleared."
        assert rules == ["Nothing yet"]


# ----------------------------------------------------------------------------------------------
# Whatever is typed, through the real app: one private answer, and an error changes nothing.


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(line=command_lines(REGISTRY), level=st.sampled_from(Level))
async def test_any_command_line_gets_one_private_answer_and_an_error_changes_nothing(
    console: ConsoleSession, line: str, level: Level
) -> None:
    # Examples share one community; each compares against the state just before its line.
    await invoke(console, "carol", "help", level=level)  # carol's member row exists from here
    before = await snapshot(console.app)
    reply = await invoke(console, "carol", line, level=level)
    assert reply.text
    if reply.error:
        assert (reply.kind, reply.to) == ("ephemeral", "@carol")
        assert await snapshot(console.app) == before, line
