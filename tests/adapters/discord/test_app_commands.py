"""Application commands: bodies valid for Discord, built from the registry, and their digest.

Reading interactions back is in test_app_commands_reading.py."""

from __future__ import annotations

import copy
import gettext
import io
import json
import re
from collections.abc import Callable
from typing import Annotated, Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jsonschema import Draft202012Validator

from adapters.discord.app_commands import (
    REPORT_COMMAND_NAME,
    THANK_COMMAND_NAME,
    command_bodies,
    command_set_digest,
)
from bot.i18n import Catalogues, use_catalogues
from bot.i18n.catalogue import DOMAIN, LOCALE_DIRECTORY
from bot.levels import Level
from commands.context import Context
from commands.registry import Registry
from commands.spec import CommandSpec, Suggest, command
from commands.types import Weekday
from tests.adapters.discord.app_commands_support import (
    body_named,
    demo_admin,
    demo_cases,
    demo_every,
    demo_host,
    demo_host_tool,
    demo_moderator,
    demo_registry,
    demo_settings,
    rules,
)
from tests.adapters.discord.openapi import SPEC, problems
from tests.commands.registry_support import real_registry
from tests.i18n.pseudo import widen

BULK_OVERWRITE = "/applications/{application_id}/commands"
MODERATE_MEMBERS = str(1 << 40)
ADMINISTRATOR = str(1 << 3)


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


def demo_options() -> dict[str, dict[str, Any]]:
    """Return the options of `/demo every`, by name."""
    group = body_named(command_bodies(demo_registry(demo_every)), "demo")
    (subcommand,) = group["options"]
    return {option["name"]: option for option in subcommand["options"]}


def test_one_slash_command_per_top_level_name_then_the_message_commands() -> None:
    registry = real_registry()

    bodies = command_bodies(registry)

    assert [(body["type"], body["name"]) for body in bodies] == [
        *((1, name) for name in registry.top_level_names()),
        (3, REPORT_COMMAND_NAME),
        (3, THANK_COMMAND_NAME),
    ]
    assert REPORT_COMMAND_NAME == "Report to moderators"
    assert THANK_COMMAND_NAME == "Thank the author"
    for message_command in bodies[-2:]:
        assert "description" not in message_command
        assert "options" not in message_command


def in_english(body: dict[str, Any]) -> dict[str, Any]:
    """Return `body` without its translated descriptions (tests/adapters/discord/
    test_languages_discord.py checks those)."""
    return {key: value for key, value in body.items() if key != "description_localizations"}


def test_a_command_without_subcommands_has_its_own_options() -> None:
    help_body = body_named(command_bodies(real_registry()), "help")

    assert help_body["description"] == "Show the commands you may use, or how to use one command."
    assert [in_english(option) for option in help_body["options"]] == [
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
    assert in_english(show) == {
        "type": 1,
        "name": "show",
        "description": "Show the community guidelines.",
    }
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
        "cohort": None,  # members list their cohorts; hosts manage them (the router checks)
        "intro": None,  # members introduce themselves; hosts list who has not
        REPORT_COMMAND_NAME: None,
        THANK_COMMAND_NAME: None,
        "peers": None,
        "thanks": None,  # members thank; hosts switch the weekly post (the router checks)
        "buddy": None,  # members join; hosts schedule and run rounds (the router checks)
        "mod": MODERATE_MEMBERS,
        "warnings": None,
        "nudges": None,
        "quiet": None,  # hosts are Cohort's own level (roles it was told), checked by the router
        "stats": None,
        "announce": None,  # a host level Cohort keeps itself (roles it was told): the router checks
        "session": None,  # members answer and list; hosts create and cancel (the router checks)
        "dashboard": None,  # hosts: a level Cohort keeps itself, checked by the router
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


# --- Words -----------------------------------------------------------------------------------


def _described(bodies: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(name, description) of every command and option whose description Cohort wrote.

    A group's own description lists its subcommand words, and an option without a description
    is named by its word: command words stay English, so those are left out.
    """
    found = []
    for body in bodies:
        subcommands = [o for o in body.get("options", []) if o["type"] == 1]
        for entry in subcommands or ([body] if "description" in body else []):
            found.append((entry["name"], entry["description"]))
            found += [
                (option["name"], option["description"])
                for option in entry.get("options", [])
                if option["description"] != option["name"].replace("_", " ")
            ]
    return found


def _registry_words(registry: Registry) -> Catalogues:
    """The catalogue's words widened, with every help and description the registry holds.

    Help written outside a docstring reaches the catalogue through its own feature's `N_()`;
    adding the registry's texts here keeps this test about what the adapter looks up.
    """
    texts = {spec.help for spec in registry}
    texts |= {option.description for spec in registry for option in spec.options}
    catalogue = Catalog(locale="en", domain=DOMAIN)
    path = LOCALE_DIRECTORY / "en" / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as source:
        english = read_po(source, locale="en", domain=DOMAIN)
    for message in english:
        if message.id and isinstance(message.id, str):
            texts.add(message.id)
    for text in sorted(texts - {""}):
        catalogue.add(text, widen(text))
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Catalogues({"en": gettext.GNUTranslations(compiled)})


def test_descriptions_and_hints_are_the_catalogues_words() -> None:
    registry = real_registry()
    with use_catalogues(_registry_words(registry)):
        bodies = command_bodies(registry)
        hinted = demo_options()["duration"]["description"]
    # Help may name a {placeholder} the member writes; widening keeps those as they are.
    words = [(name, re.sub(r"\{\w+\}", "", text)) for name, text in _described(bodies)]
    plain = [(name, text) for name, text in words if re.search("[A-Za-z]", text)]
    assert not plain, plain
    # The demo's description is not in this catalogue; its hint is.
    assert hinted == "how long (" + widen("e.g. 30m, 2h, 1d") + ")"
    english = command_bodies(real_registry())
    assert [name for name, _text in _described(english)] == [n for n, _t in _described(bodies)]
