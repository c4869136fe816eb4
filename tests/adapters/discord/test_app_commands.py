"""Application commands: bodies valid for Discord, built from the registry, and read back."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import time, timedelta
from typing import Annotated, Any, Literal

import discord
import pytest
from jsonschema import Draft202012Validator

from adapters.discord.app_commands import (
    REPORT_COMMAND_NAME,
    autocomplete_choices,
    command_bodies,
    command_invoked,
    command_set_digest,
    focused_option,
)
from bot.events import Actor, CommandInvoked
from bot.levels import Level
from bot.refs import ChannelRef, CommunityRef, InteractionRef, UserRef
from commands.context import Context
from commands.parser import UsageError, bind_named, resolve
from commands.registry import Registry
from commands.spec import CommandSpec, OptionKind, Suggest, command
from commands.suggest import SuggestContext, Suggestion
from commands.types import (
    ChannelMention,
    MemberMention,
    RoleOrMember,
    Text,
    TimeZoneName,
    Weekday,
)
from tests.adapters.discord.openapi import SAMPLES, SPEC, problems
from tests.commands.registry_support import real_registry

BULK_OVERWRITE = "/applications/{application_id}/commands"
APPLICATION_ID = "775799577604522054"
GUILD_ID = "290926798626357999"
USER_ID = "53908232506183680"
ROLE_ID = "539082325061836999"
CHANNEL_ID = "645027906669510667"
MODERATE_MEMBERS = str(1 << 40)
ADMINISTRATOR = str(1 << 3)

ACTOR = Actor(UserRef("discord", USER_ID), "Mason")
COMMUNITY = CommunityRef("discord", GUILD_ID)
REF = InteractionRef(
    "discord",
    "786008729715212338",
    "A_UNIQUE_TOKEN",
    ChannelRef("discord", CHANNEL_ID),
    ACTOR.user,
)


# --- Discord's spec --------------------------------------------------------------------------


def _closed(schema: Any) -> Any:
    """Return `schema` with every object closed to unknown keys, so a misspelt key fails."""
    if isinstance(schema, dict):
        closed = {key: _closed(value) for key, value in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema:
            closed["additionalProperties"] = False
        return closed
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    return schema


def bulk_overwrite_validator() -> Draft202012Validator:
    """Return a validator for the body of PUT /applications/{id}/commands, closed to extras."""
    spec = json.loads(SPEC.read_text())
    body = spec["paths"][BULK_OVERWRITE]["put"]["requestBody"]["content"]["application/json"]
    return Draft202012Validator({**body["schema"], "components": _closed(spec["components"])})


def as_the_spec_types_it(bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return `bodies` with permissions as integers, as the spec types them.

    Discord documents `default_member_permissions` as a string (a bit set can pass 2^53) and
    discord.py sends a string too; the OpenAPI spec says integer. Nothing else is coerced.
    """
    coerced = copy.deepcopy(bodies)
    for body in coerced:
        permissions = body.get("default_member_permissions")
        if permissions is not None:
            body["default_member_permissions"] = int(permissions)
    return coerced


def test_every_body_is_valid_for_discords_bulk_overwrite() -> None:
    bodies = command_bodies(real_registry())

    assert problems(bulk_overwrite_validator(), as_the_spec_types_it(bodies)) == []


def test_the_closed_validator_notices_a_misspelt_key() -> None:
    bodies = as_the_spec_types_it(command_bodies(real_registry()))
    bodies[0]["options"][0]["descripton"] = "typo"
    bodies[1]["default_member_permissions"] = "8"

    found = problems(bulk_overwrite_validator(), bodies)

    assert any("descripton" in problem for problem in found), found
    assert any(problem.startswith("1/default_member_permissions") for problem in found), found


# --- Building bodies -------------------------------------------------------------------------


async def rules(_context: SuggestContext, _typed: str) -> list[Suggestion]:
    """Offer nothing; only declared."""
    return []


@command("demo every", level=Level.MEMBER)
async def demo_every(
    context: Context,
    word: str,
    number: Annotated[int, "a number", Suggest(rules)],
    duration: Annotated[timedelta, "how long"],
    weekday: Weekday,
    at: time,
    zone: TimeZoneName,
    member: MemberMention,
    channel: ChannelMention,
    who: RoleOrMember,
    mode: Annotated[Literal["on", "off"], "on or off"],
    reason: Annotated[Text | None, "why"] = None,
) -> str:  # pragma: no cover - never run
    """Take one option of every kind."""
    return ""


@command("demo standalone", level=Level.HOST)
async def demo_host(context: Context) -> str:  # pragma: no cover - never run
    """A host command."""
    return ""


@command("modtool", level=Level.MODERATOR)
async def demo_moderator(context: Context) -> str:  # pragma: no cover - never run
    """A moderator command."""
    return ""


@command("admintool", level=Level.ADMIN)
async def demo_admin(context: Context) -> str:  # pragma: no cover - never run
    """An admin command."""
    return ""


@command("hosttool", level=Level.HOST)
async def demo_host_tool(context: Context) -> str:  # pragma: no cover - never run
    """A host command without subcommands."""
    return ""


@command("demo settings", level=Level.ADMIN)
async def demo_settings(context: Context) -> str:  # pragma: no cover - never run
    """An admin subcommand."""
    return ""


@command("demo cases", level=Level.MODERATOR)
async def demo_cases(context: Context) -> str:  # pragma: no cover - never run
    """A moderator subcommand."""
    return ""


def demo_registry(*specs: CommandSpec) -> Registry:
    """Return a registry holding `specs`."""
    registry = Registry()
    registry.add(*specs)
    return registry


def body_named(bodies: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """Return the body of the top-level command `name`."""
    return next(body for body in bodies if body["name"] == name)


def demo_options() -> dict[str, dict[str, Any]]:
    """Return the options of `/demo every`, by name."""
    group = body_named(command_bodies(demo_registry(demo_every)), "demo")
    (subcommand,) = group["options"]
    return {option["name"]: option for option in subcommand["options"]}


def test_one_slash_command_per_top_level_name_then_the_report_command() -> None:
    registry = real_registry()

    bodies = command_bodies(registry)

    assert [(body["type"], body["name"]) for body in bodies] == [
        *((1, name) for name in registry.top_level_names()),
        (3, REPORT_COMMAND_NAME),
    ]
    assert REPORT_COMMAND_NAME == "Report to moderators"
    assert "description" not in bodies[-1]
    assert "options" not in bodies[-1]


def test_a_command_without_subcommands_has_its_own_options() -> None:
    help_body = body_named(command_bodies(real_registry()), "help")

    assert help_body["description"] == "Show the commands you may use, or how to use one command."
    assert help_body["options"] == [
        {"type": 3, "name": "command", "description": "a command, like profile or profile timezone"}
    ]


def test_a_group_offers_its_subcommands_in_order_with_the_default_among_them() -> None:
    guidelines = body_named(command_bodies(real_registry()), "guidelines")

    assert [(o["type"], o["name"]) for o in guidelines["options"]] == [
        (1, "show"),
        (1, "set"),
        (1, "add"),
        (1, "remove"),
    ]
    show = guidelines["options"][0]
    assert show == {"type": 1, "name": "show", "description": "Show the community guidelines."}
    assert guidelines["description"] == "Guidelines: show, set, add, remove"


@pytest.mark.parametrize(
    ("name", "discord_type"),
    [
        ("word", 3),
        ("number", 4),
        ("duration", 3),
        ("weekday", 3),
        ("at", 3),
        ("zone", 3),
        ("member", 6),
        ("channel", 7),
        ("who", 9),
        ("mode", 3),
        ("reason", 3),
    ],
)
def test_each_kind_of_option_has_its_discord_type(name: str, discord_type: int) -> None:
    assert demo_options()[name]["type"] == discord_type


def test_options_keep_their_order_and_only_required_ones_say_so() -> None:
    options = demo_options()

    assert list(options) == [option.name for option in demo_every.options]
    assert [name for name, option in options.items() if option.get("required")] == list(options)[
        :-1
    ]
    assert "required" not in options["reason"]


def test_choices_list_the_literal_values_and_the_weekdays() -> None:
    options = demo_options()

    assert options["mode"]["choices"] == [
        {"name": "on", "value": "on"},
        {"name": "off", "value": "off"},
    ]
    assert [choice["value"] for choice in options["weekday"]["choices"]] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]


def test_autocomplete_is_on_for_declared_sources_and_time_zones_only() -> None:
    options = demo_options()

    assert {name for name, option in options.items() if option.get("autocomplete")} == {
        "number",
        "zone",
    }
    assert not any("choices" in o and "autocomplete" in o for o in options.values())


def test_choices_win_over_a_declared_source() -> None:
    @command("day", level=Level.MEMBER)
    async def day(
        context: Context, weekday: Annotated[Weekday, "a day", Suggest(rules)]
    ) -> str:  # pragma: no cover - never run
        """Pick a day."""
        return ""

    (option,) = command_bodies(demo_registry(day))[0]["options"]

    assert len(option["choices"]) == 7
    assert "autocomplete" not in option


def test_the_real_rule_number_and_zone_options_autocomplete() -> None:
    bodies = command_bodies(real_registry())
    remove = body_named(bodies, "guidelines")["options"][3]
    zone = body_named(bodies, "profile")["options"][1]

    assert remove["options"][0]["autocomplete"] is True
    assert zone["options"][0]["autocomplete"] is True


def test_durations_and_times_say_how_to_write_them() -> None:
    options = demo_options()

    assert options["duration"]["description"] == "how long (e.g. 30m, 2h, 1d)"
    assert options["at"]["description"] == "at (HH:MM, e.g. 18:00)"


def test_channels_are_text_or_announcement_channels() -> None:
    assert demo_options()["channel"]["channel_types"] == [0, 5]


def test_long_descriptions_are_cut_to_100_characters() -> None:
    @command("long", level=Level.MEMBER)
    async def long_help(
        context: Context, thing: Annotated[str, "y" * 150]
    ) -> str:  # pragma: no cover - never run
        """Do something with a help line that goes on and on, far past what Discord shows in its command picker."""  # noqa: E501
        return ""

    (body,) = command_bodies(demo_registry(long_help))[:1]

    assert len(body["description"]) == 100
    assert body["description"].endswith("…")
    assert body["options"][0]["description"] == "y" * 99 + "…"


def test_an_option_name_discord_refuses_is_an_error() -> None:
    @command("odd", level=Level.MEMBER)
    async def odd(context: Context, Thing: str) -> str:  # pragma: no cover
        """Take a capitalised option."""
        return ""

    with pytest.raises(ValueError, match="Thing"):
        command_bodies(demo_registry(odd))


@pytest.mark.parametrize(
    ("specs", "name", "expected"),
    [
        ((demo_host_tool,), "hosttool", None),
        ((demo_moderator,), "modtool", MODERATE_MEMBERS),
        ((demo_admin,), "admintool", ADMINISTRATOR),
        ((demo_every, demo_host), "demo", None),
        ((demo_settings, demo_every), "demo", None),
        ((demo_settings, demo_cases), "demo", MODERATE_MEMBERS),
    ],
)
def test_default_member_permissions_follow_the_lowest_level(
    specs: tuple[CommandSpec, ...], name: str, expected: str | None
) -> None:
    body = body_named(command_bodies(demo_registry(*specs)), name)

    assert "default_member_permissions" in body
    assert body["default_member_permissions"] == expected


def test_the_real_commands_permissions() -> None:
    bodies = command_bodies(real_registry())
    permissions = {body["name"]: body["default_member_permissions"] for body in bodies}

    assert permissions == {
        "automod": MODERATE_MEMBERS,
        "guidelines": None,  # members read them; hosts edit (the router checks)
        "help": None,
        "profile": None,
        "setup": ADMINISTRATOR,
        "topic": None,  # members suggest; hosts manage the bank (the router checks)
        "intro": None,  # members introduce themselves; hosts list who has not
        REPORT_COMMAND_NAME: None,
        "buddy": None,  # members join; hosts schedule and run rounds (the router checks)
        "mod": MODERATE_MEMBERS,
        "warnings": None,
        "nudges": None,
        "quiet": None,  # hosts are Cohort's own level (roles it was told), checked by the router
        "stats": None,
    }


def test_every_command_is_for_servers_only() -> None:
    for body in command_bodies(real_registry()):
        assert body["contexts"] == [0]
        assert body["integration_types"] == [0]


# --- The digest ------------------------------------------------------------------------------


def test_the_digest_is_stable_and_ignores_key_order() -> None:
    first = command_bodies(real_registry())
    second = command_bodies(real_registry())
    reordered = [dict(reversed(list(body.items()))) for body in second]

    assert command_set_digest(first) == command_set_digest(second)
    assert command_set_digest(first) == command_set_digest(reordered)
    assert len(command_set_digest(first)) == 64


@pytest.mark.parametrize(
    "change",
    [
        lambda bodies: bodies[0].update(description="Something else"),
        lambda bodies: bodies[0]["options"][0].update(name="display"),
        lambda bodies: bodies.pop(),
        lambda bodies: bodies.reverse(),
    ],
    ids=["description", "subcommand name", "one command fewer", "order"],
)
def test_the_digest_changes_when_a_command_changes(
    change: Callable[[list[dict[str, Any]]], object],
) -> None:
    bodies = command_bodies(real_registry())
    before = command_set_digest(bodies)

    change(bodies)

    assert command_set_digest(bodies) != before


def test_a_new_command_changes_the_digest() -> None:
    registry = demo_registry(demo_host_tool)
    before = command_set_digest(command_bodies(registry))
    registry.add(demo_admin)

    assert command_set_digest(command_bodies(registry)) != before


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


def sample(name: str) -> dict[str, Any]:
    """Return one of Discord's documented payloads."""
    loaded: dict[str, Any] = json.loads((SAMPLES / name).read_text())
    return loaded


def interaction_payload(data: dict[str, Any], kind: int = 2) -> dict[str, Any]:
    """Return an INTERACTION_CREATE payload in a guild with what discord.py 2.7 requires."""
    base = sample("interaction_create__slash_command_with_option__docs.json")
    base["member"]["flags"] = 0
    return {
        **base,
        "type": kind,
        "version": 1,
        "application_id": APPLICATION_ID,
        "attachment_size_limit": 8388608,
        "data": data,
    }


def build(state: discord.state.ConnectionState, payload: dict[str, Any]) -> discord.Interaction:
    """Return the discord.py interaction for `payload`."""
    return discord.Interaction(data=payload, state=state)  # type: ignore[arg-type]


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


def invoked(
    interaction: discord.Interaction, registry: Registry | None = None
) -> CommandInvoked | None:
    """Translate `interaction` with the real registry (or `registry`)."""
    return command_invoked(interaction, registry or real_registry(), ACTOR, REF, COMMUNITY)


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
