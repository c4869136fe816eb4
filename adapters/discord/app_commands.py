"""Native application commands: built from the command registry, and translated back.

`command_bodies` is the JSON for Discord's bulk overwrite (`PUT /applications/{id}/commands`):
one slash command per top-level name, a group's subcommands as SUB_COMMAND options, and the
"Report to moderators" and "Thank the author" message commands. `command_invoked` and
`focused_option` read a slash command or an autocomplete interaction back into the words and
options the core understands; `thanks_invoked` reads "Thank the author" as `/thanks give`.
Everything here is pure: no network, no state.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, cast

import discord

from adapters.discord.inbound import thread_parent
from bot.events import Actor, CommandInvoked
from bot.i18n import DEFAULT_LANGUAGE, N_, _, catalogue_language, speaking
from bot.i18n.catalogue import active_catalogues
from bot.levels import Level
from bot.port import Suggested
from bot.refs import CommunityRef, InteractionRef
from commands.arguments import shortened
from commands.registry import Registry
from commands.spec import CommandSpec, OptionKind, OptionSpec
from commands.suggest import source_for
from commands.types import Weekday

# A command's name, like the slash command words, stays English on every platform; its
# description and its options' carry `description_localizations` for every catalogue language.
REPORT_COMMAND_NAME = "Report to moderators"
THANK_COMMAND_NAME = "Thank the author"
THANK_PATH = "thanks give"

MAX_DESCRIPTION = 100
MAX_CHOICES = 25
MAX_OPTIONS = 25
MAX_CHOICE_VALUE = 100

# Discord's enumerations, by their documented numbers.
CHAT_INPUT = 1
MESSAGE = 3
SUB_COMMAND = 1
SUB_COMMAND_GROUP = 2
STRING = 3
INTEGER = 4
BOOLEAN = 5
USER = 6
CHANNEL = 7
ROLE = 8
MENTIONABLE = 9
GUILD_TEXT = 0
GUILD_ANNOUNCEMENT = 5
GUILD_CONTEXT = 0
GUILD_INSTALL = 0

_OPTION_TYPES = {
    OptionKind.WORD: STRING,
    OptionKind.TEXT: STRING,
    OptionKind.INTEGER: INTEGER,
    OptionKind.DURATION: STRING,
    OptionKind.WEEKDAY: STRING,
    OptionKind.TIME: STRING,
    OptionKind.DATE: STRING,
    OptionKind.TIMEZONE: STRING,
    OptionKind.MEMBER: USER,
    OptionKind.CHANNEL: CHANNEL,
    OptionKind.ROLE_OR_MEMBER: MENTIONABLE,
    OptionKind.CHOICE: STRING,
}

_HINTS = {
    OptionKind.DURATION: N_("e.g. 30m, 2h, 1d"),
    OptionKind.TIME: N_("HH:MM, e.g. 18:00"),
    OptionKind.DATE: N_("YYYY-MM-DD, e.g. 2026-12-21"),
}

# Who sees a command in Discord's picker. Hosts are a Cohort idea with no Discord permission
# behind it, so host commands stay visible to all and the router refuses members.
_PERMISSIONS_BY_LEVEL = {
    Level.MEMBER: None,
    Level.HOST: None,
    Level.MODERATOR: str(discord.Permissions(moderate_members=True).value),
    Level.ADMIN: str(discord.Permissions(administrator=True).value),
}

_OPTION_NAME = re.compile(r"[-_a-z0-9]{1,32}")


def command_bodies(registry: Registry) -> list[dict[str, Any]]:
    """Return the bodies of every application command, in a stable order: descriptions in
    English, with a translation for each Discord locale a catalogue serves."""
    with speaking(DEFAULT_LANGUAGE):
        return _bodies(registry)


def _bodies(registry: Registry) -> list[dict[str, Any]]:
    bodies = [_top_level_body(registry, name) for name in registry.top_level_names()]
    bodies.append(_message_command_body(REPORT_COMMAND_NAME))
    if registry.get(THANK_PATH) is not None:
        bodies.append(_message_command_body(THANK_COMMAND_NAME))
    return bodies


def command_set_digest(bodies: list[dict[str, Any]]) -> str:
    """Return a digest of the command set that changes whenever any body does."""
    canonical = json.dumps(bodies, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _top_level_body(registry: Registry, name: str) -> dict[str, Any]:
    standalone = registry.get(name)
    if standalone is not None and standalone.name is None:
        specs = [standalone]
        described = _described(lambda: _description(_(standalone.help)))
        body = _with_options({"name": name, **described}, standalone.options)
    else:
        specs = registry.subcommands(name)
        subcommands = ", ".join(spec.name or "" for spec in specs)
        body = {
            "name": name,
            "description": _description(f"{name.capitalize()}: {subcommands}"),
            "options": _limited(name, [_subcommand_body(spec) for spec in specs]),
        }
    lowest = min(spec.level for spec in specs)
    return {
        "type": CHAT_INPUT,
        **body,
        "default_member_permissions": _PERMISSIONS_BY_LEVEL[lowest],
        "contexts": [GUILD_CONTEXT],
        "integration_types": [GUILD_INSTALL],
    }


def _subcommand_body(spec: CommandSpec) -> dict[str, Any]:
    described = _described(lambda: _description(_(spec.help)))
    body = {"type": SUB_COMMAND, "name": spec.name, **described}
    return _with_options(body, spec.options, spec.path)


def _with_options(
    body: dict[str, Any], options: tuple[OptionSpec, ...], path: str | None = None
) -> dict[str, Any]:
    if options:
        body["options"] = _limited(path or body["name"], [_option_body(o) for o in options])
    return body


def _option_body(option: OptionSpec) -> dict[str, Any]:
    if not _OPTION_NAME.fullmatch(option.name):
        raise ValueError(f"option {option.name!r} is not a Discord option name")
    body: dict[str, Any] = {
        "type": _OPTION_TYPES[option.kind],
        "name": option.name,
        **_described(lambda: _option_description(option)),
    }
    if option.required:
        body["required"] = True
    choices = _choices(option)
    if choices:
        body["choices"] = choices
    elif source_for(option) is not None:
        body["autocomplete"] = True
    if option.kind is OptionKind.CHANNEL:
        body["channel_types"] = [GUILD_TEXT, GUILD_ANNOUNCEMENT]
    return body


def _choices(option: OptionSpec) -> list[dict[str, str]]:
    if option.kind is OptionKind.WEEKDAY:
        values: tuple[str, ...] = tuple(day.label for day in Weekday)
    else:
        values = option.choices
    if len(values) > MAX_CHOICES:
        raise ValueError(f"option {option.name!r} has more than {MAX_CHOICES} choices")
    return [{"name": value, "value": value} for value in values]


def _option_description(option: OptionSpec) -> str:
    hint = _HINTS.get(option.kind)
    # Without a description, the option's name (a command word) says what it is.
    text = _(option.description).strip() if option.description.strip() else ""
    text = text or option.name.replace("_", " ")
    if hint is None:
        return _description(text)
    return _description(_("{description} ({hint})").format(description=text, hint=_(hint)))


def _described(description: Callable[[], str]) -> dict[str, Any]:
    """Return `description` (written in the current language, English) and, where another
    catalogue serves a Discord locale (`es` serves `es-ES` and `es-419`), its translation."""
    body: dict[str, Any] = {"description": description()}
    translated = {}
    for locale, language in localized_locales().items():
        with speaking(language):
            translated[locale] = description()
    if translated:
        body["description_localizations"] = translated
    return body


def localized_locales() -> dict[str, str]:
    """Return each Discord locale a catalogue other than English serves, with its language."""
    available = active_catalogues().languages
    served = {}
    for locale in discord.Locale:
        language = catalogue_language(locale.value, available)
        if language is not None and language != DEFAULT_LANGUAGE:
            served[locale.value] = language
    return served


def _description(text: str) -> str:
    return shortened(" ".join(text.split()), MAX_DESCRIPTION)


def _limited(path: str, options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(options) > MAX_OPTIONS:
        raise ValueError(f"/{path} has more than {MAX_OPTIONS} options or subcommands")
    return options


def _message_command_body(name: str) -> dict[str, Any]:
    return {
        "type": MESSAGE,
        "name": name,
        "default_member_permissions": None,
        "contexts": [GUILD_CONTEXT],
        "integration_types": [GUILD_INSTALL],
    }


def command_invoked(
    interaction: discord.Interaction,
    registry: Registry,
    actor: Actor,
    ref: InteractionRef,
    community: CommunityRef,
) -> CommandInvoked | None:
    """Return the slash command `interaction` carries as an event, or None if it is not one."""
    data = _data(interaction)
    if interaction.type is not discord.InteractionType.application_command or data is None:
        return None
    if data.get("type", CHAT_INPUT) != CHAT_INPUT:
        return None
    words, options = _walk(data)
    path = " ".join(words)
    resolved = data.get("resolved") or {}
    values = {str(option["name"]): _option_text(option, resolved) for option in options}
    return CommandInvoked(
        community=community,
        at=discord.utils.snowflake_time(interaction.id),
        raw=interaction,
        actor=actor,
        interaction=ref,
        text=path,
        # A command Discord still lists but Cohort no longer has: the router says so.
        options=values if registry.get(path) is not None else {},
        parent_channel=thread_parent(interaction),
    )


def thanks_invoked(
    interaction: discord.Interaction, actor: Actor, ref: InteractionRef, community: CommunityRef
) -> CommandInvoked | None:
    """Return "Thank the author" on a message as `/thanks give` naming its author; None if the
    interaction is not that (or Discord resolved no author with it)."""
    data = _data(interaction)
    if interaction.type is not discord.InteractionType.application_command or data is None:
        return None
    if data.get("type") != MESSAGE or data.get("name") != THANK_COMMAND_NAME:
        return None
    target = str(data.get("target_id") or "")
    messages = (data.get("resolved") or {}).get("messages") or {}
    author = ((messages.get(target) or {}).get("author") or {}).get("id")
    if not isinstance(author, str | int) or not str(author):
        return None
    return CommandInvoked(
        community=community,
        at=discord.utils.snowflake_time(interaction.id),
        raw=interaction,
        actor=actor,
        interaction=ref,
        text=THANK_PATH,
        options={"member": f"<@{author}>"},
        parent_channel=thread_parent(interaction),
    )


def focused_option(interaction: discord.Interaction) -> tuple[str, str, str] | None:
    """Return the command path, the option being typed and its text, for an autocomplete."""
    data = _data(interaction)
    if interaction.type is not discord.InteractionType.autocomplete or data is None:
        return None
    words, options = _walk(data)
    focused = next((option for option in options if option.get("focused")), None)
    if focused is None:
        return None
    return " ".join(words), str(focused["name"]), str(focused.get("value", ""))


def autocomplete_choices(
    registry: Registry, path: str, option: str, suggestions: Iterable[Suggested]
) -> list[dict[str, Any]]:
    """Return suggestions as autocomplete choices, with values typed as the option is."""
    spec = registry.get(path)
    kinds = {} if spec is None else {candidate.name: candidate.kind for candidate in spec.options}
    integer = kinds.get(option) is OptionKind.INTEGER
    choices: list[dict[str, Any]] = []
    for suggestion in suggestions:
        value = _choice_value(suggestion.value, integer=integer)
        if value is not None:
            name = shortened(suggestion.label or suggestion.value, MAX_DESCRIPTION)
            choices.append({"name": name, "value": value})
    return choices[:MAX_CHOICES]


def _choice_value(value: str, *, integer: bool) -> str | int | None:
    if integer:
        return int(value) if re.fullmatch(r"-?[0-9]{1,15}", value) else None
    return value if 0 < len(value) <= MAX_CHOICE_VALUE else None


def _data(interaction: discord.Interaction) -> Mapping[str, Any] | None:
    return cast("Mapping[str, Any] | None", interaction.data)


def _walk(data: Mapping[str, Any]) -> tuple[list[str], list[Mapping[str, Any]]]:
    """Return the command's words (through subcommand groups) and the innermost options."""
    words = [str(data["name"])]
    options: list[Mapping[str, Any]] = list(data.get("options") or [])
    while True:
        nested = next(
            (o for o in options if o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)), None
        )
        if nested is None:
            return words, options
        words.append(str(nested["name"]))
        options = list(nested.get("options") or [])


def _option_text(option: Mapping[str, Any], resolved: Mapping[str, Any]) -> str:
    """Return an option's value written as the parser reads it (`<@id>`, `<#id>`, `3`)."""
    kind, value = option.get("type"), option.get("value")
    if kind == USER:
        return f"<@{value}>"
    if kind == CHANNEL:
        return f"<#{value}>"
    if kind == ROLE:
        return f"<@&{value}>"
    if kind == MENTIONABLE:
        is_role = str(value) in (resolved.get("roles") or {})
        return f"<@&{value}>" if is_role else f"<@{value}>"
    if kind == INTEGER and isinstance(value, int | float):
        return str(int(value))
    if kind == BOOLEAN:
        return "true" if value else "false"
    return "" if value is None else str(value)
