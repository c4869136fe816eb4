"""Application commands read back: slash commands and autocomplete from Discord's payloads, and
every real command through the parser."""

from __future__ import annotations

from typing import Annotated, Any

import discord
import pytest

from adapters.discord.app_commands import autocomplete_choices, command_bodies, focused_option
from bot.events import CommandInvoked
from bot.levels import Level
from commands.context import Context
from commands.parser import UsageError, bind_named, resolve
from commands.spec import CommandSpec, OptionKind, command
from commands.suggest import Suggestion
from commands.types import RoleOrMember, Text, Weekday
from tests.adapters.discord.app_commands_support import (
    ACTOR,
    APPLICATION_ID,
    CHANNEL_ID,
    COMMUNITY,
    REF,
    ROLE_ID,
    USER_ID,
    body_named,
    build,
    demo_registry,
    interaction_payload,
    invoked,
    sample,
)
from tests.commands.registry_support import real_registry

# --- Reading interactions back ---------------------------------------------------------------


@pytest.fixture
def state() -> discord.state.ConnectionState:
    """The connection state of an unconnected client, logged in as the application."""
    client = discord.Client(intents=discord.Intents.default())
    connection = client._connection
    connection.user = discord.ClientUser(
        state=connection,
        data={"id": APPLICATION_ID, "username": "cohort", "discriminator": "0", "avatar": None},
    )
    return connection


def slash(
    state: discord.state.ConnectionState,
    name: str,
    options: list[dict[str, Any]],
    resolved: dict[str, Any] | None = None,
) -> discord.Interaction:
    """Return a CHAT_INPUT interaction for `/name` with these options."""
    data: dict[str, Any] = {"id": "771825006014889984", "name": name, "type": 1}
    if options:
        data["options"] = options
    if resolved is not None:
        data["resolved"] = resolved
    return build(state, interaction_payload(data))


def documented_slash_command(state: discord.state.ConnectionState) -> discord.Interaction:
    """Return Discord's documented `/cardsearch` with what discord.py 2.7 also requires."""
    payload = sample("interaction_create__slash_command_with_option__docs.json")
    payload.update(version=1, application_id=APPLICATION_ID, attachment_size_limit=8388608)
    payload["member"]["flags"] = 0
    return build(state, payload)


def test_the_documented_slash_command_names_a_command_cohort_does_not_have(
    state: discord.state.ConnectionState,
) -> None:
    interaction = documented_slash_command(state)

    event = invoked(interaction)

    assert event is not None
    assert (event.text, event.options) == ("cardsearch", {})
    with pytest.raises(UsageError, match="There is no /cardsearch command"):
        resolve(event.text, real_registry())


def test_the_documented_slash_command_with_that_command_registered(
    state: discord.state.ConnectionState,
) -> None:
    @command("cardsearch", level=Level.MEMBER)
    async def cardsearch(
        context: Context, cardname: Annotated[Text, "the card"]
    ) -> str:  # pragma: no cover - never run
        """Search for a card."""
        return ""

    interaction = documented_slash_command(state)

    event = invoked(interaction, demo_registry(cardsearch))

    assert event == CommandInvoked(
        community=COMMUNITY,
        at=discord.utils.snowflake_time(786008729715212338),
        actor=ACTOR,
        interaction=REF,
        text="cardsearch",
        options={"cardname": "The Gitrog Monster"},
    )
    assert event.raw is interaction


def test_a_subcommand_becomes_its_path_and_options(state: discord.state.ConnectionState) -> None:
    interaction = slash(
        state,
        "guidelines",
        [
            {
                "type": 1,
                "name": "remove",
                "options": [{"type": 4, "name": "number", "value": 3}],
            }
        ],
    )

    event = invoked(interaction)

    assert event is not None
    assert (event.text, event.options) == ("guidelines remove", {"number": "3"})


def test_a_subcommand_without_options_and_a_group_default(
    state: discord.state.ConnectionState,
) -> None:
    event = invoked(slash(state, "guidelines", [{"type": 1, "name": "show"}]))

    assert event is not None
    assert (event.text, event.options) == ("guidelines show", {})


def test_subcommand_groups_are_walked_through(state: discord.state.ConnectionState) -> None:
    @command("topic schedule", level=Level.MEMBER)
    async def schedule(context: Context, weekday: Weekday) -> str:  # pragma: no cover - never run
        """Schedule."""
        return ""

    interaction = slash(
        state,
        "topic",
        [
            {
                "type": 2,
                "name": "schedule",
                "options": [
                    {
                        "type": 1,
                        "name": "add",
                        "options": [{"type": 3, "name": "weekday", "value": "Monday"}],
                    }
                ],
            }
        ],
    )

    event = invoked(interaction, demo_registry(schedule))

    assert event is not None
    # Cohort has no /topic schedule add: the words are kept for the router to refuse.
    assert (event.text, event.options) == ("topic schedule add", {})


@pytest.mark.parametrize(
    ("option", "resolved", "expected"),
    [
        ({"type": 6, "name": "x", "value": USER_ID}, None, f"<@{USER_ID}>"),
        ({"type": 7, "name": "x", "value": CHANNEL_ID}, None, f"<#{CHANNEL_ID}>"),
        ({"type": 8, "name": "x", "value": ROLE_ID}, None, f"<@&{ROLE_ID}>"),
        (
            {"type": 9, "name": "x", "value": ROLE_ID},
            {"roles": {ROLE_ID: {"id": ROLE_ID, "name": "hosts"}}},
            f"<@&{ROLE_ID}>",
        ),
        (
            {"type": 9, "name": "x", "value": USER_ID},
            {"users": {USER_ID: {"id": USER_ID, "username": "Mason"}}},
            f"<@{USER_ID}>",
        ),
        ({"type": 4, "name": "x", "value": 42}, None, "42"),
        ({"type": 3, "name": "x", "value": "two words"}, None, "two words"),
        ({"type": 5, "name": "x", "value": True}, None, "true"),
    ],
    ids=["user", "channel", "role", "mentionable role", "mentionable user", "int", "str", "bool"],
)
def test_each_option_type_is_written_as_the_parser_reads_it(
    state: discord.state.ConnectionState,
    option: dict[str, Any],
    resolved: dict[str, Any] | None,
    expected: str,
) -> None:
    @command("probe", level=Level.MEMBER)
    async def probe(context: Context, x: str) -> str:  # pragma: no cover - never run
        """Probe."""
        return ""

    event = invoked(slash(state, "probe", [option], resolved), demo_registry(probe))

    assert event is not None
    assert event.options == {"x": expected}


def test_a_mentionable_role_is_read_as_a_role_and_a_user_as_a_member(
    state: discord.state.ConnectionState,
) -> None:
    registry = real_registry()
    spec = registry.get("setup role")
    assert spec is not None

    def who(value: str, resolved: dict[str, Any]) -> object:
        options = [
            {
                "type": 1,
                "name": "role",
                "options": [
                    {"type": 3, "name": "level", "value": "host"},
                    {"type": 9, "name": "who", "value": value},
                ],
            }
        ]
        event = invoked(slash(state, "setup", options, resolved), registry)
        assert event is not None
        assert event.options is not None
        return bind_named(spec, event.options)["who"]

    role = who(ROLE_ID, {"roles": {ROLE_ID: {"id": ROLE_ID, "name": "hosts"}}})
    member = who(USER_ID, {"members": {USER_ID: {}}, "users": {USER_ID: {"id": USER_ID}}})

    assert role == RoleOrMember(ROLE_ID, is_role=True)
    assert member == RoleOrMember(USER_ID, is_role=False)


def test_other_interactions_are_not_slash_commands(state: discord.state.ConnectionState) -> None:
    message_command = sample("interaction_create__message_command__docs.json")
    message_command.update(attachment_size_limit=8388608)
    message_command["member"]["flags"] = 0
    button = interaction_payload({"custom_id": "mod:delete:1", "component_type": 2}, kind=3)
    autocomplete = interaction_payload(
        {"id": "1", "name": "guidelines", "type": 1, "options": []}, kind=4
    )

    for payload in (message_command, button, autocomplete):
        assert invoked(build(state, payload)) is None


# --- Autocomplete ----------------------------------------------------------------------------


def test_the_documented_autocomplete_names_the_focused_option(
    state: discord.state.ConnectionState,
) -> None:
    documented = sample("interaction_create__autocomplete__docs.json")
    payload = interaction_payload(documented["data"], kind=4)

    assert focused_option(build(state, payload)) == ("airhorn", "variant", "data a user is typ")


def test_autocomplete_in_a_subcommand(state: discord.state.ConnectionState) -> None:
    data = {
        "id": "1",
        "name": "guidelines",
        "type": 1,
        "options": [
            {
                "type": 1,
                "name": "remove",
                "options": [{"type": 4, "name": "number", "value": "1", "focused": True}],
            }
        ],
    }

    focused = focused_option(build(state, interaction_payload(data, kind=4)))

    assert focused == ("guidelines remove", "number", "1")


def test_no_focused_option_or_no_autocomplete_gives_none(
    state: discord.state.ConnectionState,
) -> None:
    unfocused = {
        "id": "1",
        "name": "help",
        "type": 1,
        "options": [{"type": 3, "name": "command", "value": "pro"}],
    }

    assert focused_option(build(state, interaction_payload(unfocused, kind=4))) is None
    assert focused_option(build(state, interaction_payload(unfocused, kind=2))) is None


def test_autocomplete_choices_are_typed_as_the_option_is() -> None:
    registry = real_registry()
    offered = [Suggestion("1. Be kind", "1"), Suggestion("broken", "one"), Suggestion("", "2")]

    choices = autocomplete_choices(registry, "guidelines remove", "number", offered)

    assert choices == [{"name": "1. Be kind", "value": 1}, {"name": "2", "value": 2}]


def test_autocomplete_choices_for_text_drop_values_discord_refuses_and_stop_at_25() -> None:
    registry = real_registry()
    offered = [Suggestion("long", "x" * 101)] + [
        Suggestion(f"zone {n}", f"Zone/{n}") for n in range(30)
    ]

    choices = autocomplete_choices(registry, "profile timezone", "zone", offered)

    assert len(choices) == 25
    assert choices[0] == {"name": "zone 0", "value": "Zone/0"}


# --- Round trip: every command, from Discord's shape through the parser ----------------------

SENSIBLE: dict[OptionKind, Any] = {
    OptionKind.WORD: "word",
    OptionKind.TEXT: "a few words",
    OptionKind.INTEGER: 3,
    OptionKind.DURATION: "2h",
    OptionKind.TIME: "18:00",
    OptionKind.DATE: "2026-12-21",
    OptionKind.TIMEZONE: "Europe/Berlin",
    OptionKind.MEMBER: USER_ID,
    OptionKind.CHANNEL: CHANNEL_ID,
    OptionKind.ROLE_OR_MEMBER: ROLE_ID,
}


def _sensible(spec: CommandSpec, body: dict[str, Any]) -> dict[str, Any]:
    kind = next(option.kind for option in spec.options if option.name == body["name"])
    value = body["choices"][-1]["value"] if "choices" in body else SENSIBLE[kind]
    return {"type": body["type"], "name": body["name"], "value": value}


def _as_discord_sends(spec: CommandSpec, body: dict[str, Any]) -> dict[str, Any]:
    """Return the interaction data Discord sends when every option of `spec` is filled in."""
    if spec.name is None:
        options = [_sensible(spec, option) for option in body.get("options", [])]
    else:
        sub = next(option for option in body["options"] if option["name"] == spec.name)
        filled = [_sensible(spec, option) for option in sub.get("options", [])]
        options = [{"type": 1, "name": spec.name, "options": filled}]
    resolved = {"roles": {ROLE_ID: {"id": ROLE_ID, "name": "hosts"}}}
    return {"id": "1", "name": spec.group, "type": 1, "options": options, "resolved": resolved}


REGISTRY = real_registry()


@pytest.mark.parametrize("spec", list(REGISTRY), ids=lambda spec: spec.path)
def test_every_command_reads_back_through_the_parser(
    state: discord.state.ConnectionState, spec: CommandSpec
) -> None:
    body = body_named(command_bodies(REGISTRY), spec.group)
    interaction = build(state, interaction_payload(_as_discord_sends(spec, body)))

    event = invoked(interaction, REGISTRY)

    assert event is not None
    assert event.options is not None
    assert resolve(event.text, REGISTRY).spec is spec
    values = bind_named(spec, event.options)
    assert set(values) == {option.name for option in spec.options}
