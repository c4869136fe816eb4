"""The registry: the real one is well-formed, and every declaration mistake fails at start-up."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Literal

import pytest

from bot.levels import Level
from commands.context import Context
from commands.features import ENABLED_FEATURES, build_registry
from commands.registry import MAX_NAME_LENGTH, Registry, RegistryError
from commands.spec import (
    ActionSpec,
    CommandSpec,
    OptionKind,
    OptionSpec,
    button,
    command,
)
from commands.types import MemberMention, Text, Weekday
from tests.commands.registry_support import unopened_app

SERVICES = unopened_app().services
REGISTRY = build_registry(SERVICES)
COMMANDS = list(REGISTRY)
BUTTONS = list(REGISTRY.buttons())

# `/group sub <required> [optional]`: words are lower-case letters, options are bracketed labels.
# Options by name, or as written (`<HH:MM>`, `[every <n> weeks]`).
USAGE = re.compile(
    r"/[a-z]+(?: [a-z]+)?(?: <(?:[a-z|]+|HH:MM)(?: [a-z]+)*>)*"
    r"(?: \[[a-z|]+(?: (?:[a-z]+|<[a-z]+>))*\])*"
)


# ----------------------------------------------------------------------------------------------
# The real registry


def test_every_enabled_feature_registers_something() -> None:
    for feature in ENABLED_FEATURES:
        registry = Registry()
        feature(registry, SERVICES)
        assert len(registry) + len(list(registry.buttons())) > 0, feature.__name__


def test_building_the_registry_twice_gives_two_equal_independent_registries() -> None:
    again = build_registry(SERVICES)
    assert [spec.path for spec in again] == [spec.path for spec in REGISTRY]
    assert again is not REGISTRY
    assert again.get("help") is not REGISTRY.get("help")  # /help closes over its own registry


def test_full_names_and_usage_lines_are_unique() -> None:
    paths = [spec.path for spec in COMMANDS]
    assert len(paths) == len(set(paths))
    usages = [spec.usage() for spec in COMMANDS]
    assert len(usages) == len(set(usages))
    standalone = {spec.group for spec in COMMANDS if spec.name is None}
    groups = {spec.group for spec in COMMANDS if spec.name is not None}
    assert not standalone & groups


@pytest.mark.parametrize("spec", COMMANDS, ids=lambda spec: spec.path)
def test_every_command_has_one_line_of_help_as_a_sentence(spec: CommandSpec) -> None:
    assert spec.help
    assert "\n" not in spec.help
    assert spec.help[0].isupper()
    assert spec.help.endswith((".", ")"))


@pytest.mark.parametrize("spec", BUTTONS, ids=lambda spec: spec.prefix)
def test_every_button_has_help_and_is_found_by_its_prefix(spec: ActionSpec) -> None:
    assert spec.help
    assert spec.help.endswith(".")
    assert REGISTRY.button_for(f"{spec.prefix}:anything") is spec


@pytest.mark.parametrize("spec", COMMANDS, ids=lambda spec: spec.path)
def test_every_option_has_a_description_of_its_own(spec: CommandSpec) -> None:
    for option in spec.options:
        # The fallback description is just the parameter's name, which tells nobody anything.
        assert option.description.strip()
        assert option.description != option.name.replace("_", " "), (spec.path, option.name)


@pytest.mark.parametrize("spec", COMMANDS, ids=lambda spec: spec.path)
def test_every_usage_line_is_well_formed(spec: CommandSpec) -> None:
    usage = spec.usage()
    assert USAGE.fullmatch(usage), usage
    typed = "/" + (spec.group if spec.is_group_default else spec.path)
    assert usage.split(" <")[0].split(" [")[0] == typed
    for option in spec.options:
        assert option.usage() in usage
        assert option.usage().startswith("<" if option.required else "[")


def test_every_group_with_subcommands_has_at_most_one_default() -> None:
    for name in REGISTRY.top_level_names():
        defaults = [spec for spec in REGISTRY.subcommands(name) if spec.is_group_default]
        assert len(defaults) <= 1, name


def test_usage_lines_show_choices_and_required_before_optional() -> None:
    set_channel = REGISTRY.get("setup channel")
    assert set_channel is not None
    assert set_channel.usage() == (
        "/setup channel <intros|topics|buddies|modqueue|modlog|hosts|announcements> <channel>"
    )
    show = REGISTRY.get("guidelines show")
    assert show is not None
    assert show.usage() == "/guidelines"
    help_spec = REGISTRY.get("help")
    assert help_spec is not None
    assert help_spec.usage() == "/help [command]"


# ----------------------------------------------------------------------------------------------
# Validation: each mistake is a RegistryError (or TypeError for an unreadable signature)


@command("topic add", level=Level.HOST)
async def add_topic(context: Context, text: Annotated[Text, "the topic"]) -> None:
    """Add a topic."""


@command("topic list", level=Level.HOST, group_default=True)
async def list_topics(context: Context) -> None:
    """List the topics."""


@command("topic", level=Level.MEMBER)
async def topic_standalone(context: Context) -> None:
    """Show the topic."""


def registry_error(*specs: CommandSpec | ActionSpec) -> str:
    """Add `specs` to a fresh registry; return the RegistryError the last one raises."""
    registry = Registry()
    registry.add(*specs[:-1])
    with pytest.raises(RegistryError) as raised:
        registry.add(specs[-1])
    return str(raised.value)


def test_a_command_registered_twice_is_refused() -> None:
    assert registry_error(add_topic, add_topic) == "command /topic add is registered twice"


def test_a_failed_registration_leaves_the_registry_as_it_was() -> None:
    registry = Registry()
    registry.add(add_topic)
    with pytest.raises(RegistryError):
        registry.add(add_topic)
    assert [spec.path for spec in registry] == ["topic add"]


def test_a_text_option_must_come_last() -> None:
    @command("topic note", level=Level.HOST)
    async def note(context: Context, text: Text, count: int) -> None:
        """Note something."""

    assert registry_error(note) == "/topic note: a text option must come last"


def test_a_required_option_may_not_follow_an_optional_one() -> None:
    # Python allows a keyword-only parameter without a default after one with a default.
    @command("buddy pause", level=Level.MEMBER)
    async def pause(context: Context, weeks: int | None = None, *, day: Weekday) -> None:
        """Pause pairing."""

    @command("buddy snooze", level=Level.MEMBER)
    async def snooze(
        context: Context, weeks: int | None = None, day: Weekday | None = None
    ) -> None:
        """Snooze pairing."""

    Registry().add(snooze)  # optional after optional is fine
    assert registry_error(pause) == "/buddy pause: required option day after an optional one"


def test_a_sync_handler_is_refused() -> None:
    @command("ping", level=Level.MEMBER)
    def ping(context: Context) -> None:
        """Answer pong."""

    assert registry_error(ping) == "/ping handler must be async"


def test_a_handler_without_a_docstring_is_refused() -> None:
    @command("ping", level=Level.MEMBER)
    async def ping(context: Context) -> None:
        pass

    assert registry_error(ping) == "/ping needs a docstring: its first line is the help"


@pytest.mark.parametrize(
    "path", ["Ping", "ping2", "pi-ng", "pīng", "topic Add", "topic add_all", "p" * 33]
)
def test_names_must_be_short_lower_case_letters(path: str) -> None:
    @command(path, level=Level.MEMBER)
    async def handler(context: Context) -> None:
        """Do something."""

    assert registry_error(handler).endswith(f"names are 1-{MAX_NAME_LENGTH} lower-case letters")


def test_a_name_of_exactly_the_maximum_length_is_allowed() -> None:
    @command("p" * MAX_NAME_LENGTH, level=Level.MEMBER)
    async def handler(context: Context) -> None:
        """Do something."""

    Registry().add(handler)


def test_a_standalone_command_may_not_share_a_name_with_a_group() -> None:
    assert registry_error(add_topic, topic_standalone) == "/topic is already a group of subcommands"
    assert registry_error(topic_standalone, add_topic) == (
        "/topic is already a command without subcommands"
    )


def test_a_group_may_have_only_one_default() -> None:
    @command("topic show", level=Level.MEMBER, group_default=True)
    async def show_topic(context: Context) -> None:
        """Show the next topic."""

    assert registry_error(list_topics, show_topic) == "/topic has two default subcommands"


def test_only_a_subcommand_can_be_a_default() -> None:
    @command("ping", level=Level.MEMBER, group_default=True)
    async def ping(context: Context) -> None:
        """Answer pong."""

    assert registry_error(ping) == "/ping: only a subcommand can be a group's default"


def test_a_level_must_be_a_level() -> None:
    @command("ping", level=1)  # type: ignore[arg-type]
    async def ping(context: Context) -> None:
        """Answer pong."""

    assert registry_error(ping) == "/ping must declare a Level"


def test_a_choice_option_needs_choices() -> None:
    spec = CommandSpec(
        group="ping",
        name=None,
        help="Answer pong.",
        level=Level.MEMBER,
        options=(OptionSpec("mode", OptionKind.CHOICE, True, "how", ()),),
        handler=add_topic.handler,
    )
    assert registry_error(spec) == "/ping: option mode has no choices"


def test_options_are_read_from_the_signature() -> None:
    @command("mod timeout", level=Level.MODERATOR)
    async def timeout(
        context: Context,
        member: Annotated[MemberMention, "who to time out"],
        duration: timedelta,
        mode: Literal["mute", "deafen"] | None = None,
        reason: Text | None = None,
    ) -> None:
        """Time a member out.

        More text here is not part of the help.
        """

    assert timeout.help == "Time a member out."
    assert timeout.options == (
        OptionSpec("member", OptionKind.MEMBER, True, "who to time out"),
        OptionSpec("duration", OptionKind.DURATION, True, "duration"),
        OptionSpec("mode", OptionKind.CHOICE, False, "mode", ("mute", "deafen")),
        OptionSpec("reason", OptionKind.TEXT, False, "reason"),
    )
    assert timeout.usage() == "/mod timeout <member> <duration> [mute|deafen] [reason]"


def test_an_unsupported_option_type_fails_when_declared() -> None:
    with pytest.raises(TypeError, match="option 'ratio' has unsupported type"):

        @command("ping", level=Level.MEMBER)
        async def ping(context: Context, ratio: float) -> None:
            """Answer pong."""


def test_an_option_without_a_type_fails_when_declared() -> None:
    with pytest.raises(TypeError, match="option 'count' needs a type"):

        @command("ping", level=Level.MEMBER)
        async def ping(context: Context, count) -> None:  # type: ignore[no-untyped-def]
            """Answer pong."""

    with pytest.raises(TypeError, match="option 'words' needs a type"):

        @command("ping", level=Level.MEMBER)
        async def pong(context: Context, *words: str) -> None:
            """Answer ping."""


# ----------------------------------------------------------------------------------------------
# Buttons


@button("topic:approve", level=Level.HOST)
async def approve_topic(context: Context) -> None:
    """Approve a suggested topic."""


@button("topic", level=Level.HOST)
async def any_topic_button(context: Context) -> None:
    """Handle any other topic button."""


def test_a_button_prefix_registered_twice_is_refused() -> None:
    assert registry_error(approve_topic, approve_topic) == (
        "button prefix 'topic:approve' is registered twice"
    )


@pytest.mark.parametrize("prefix", ["topic:approve:now", "Topic", "topic:", "", "to pic"])
def test_a_button_prefix_must_be_one_or_two_words(prefix: str) -> None:
    @button(prefix, level=Level.HOST)
    async def handler(context: Context) -> None:
        """Press it."""

    assert registry_error(handler) == f"button prefix {prefix!r} must be one or two words"


def test_a_button_handler_must_be_async_and_documented() -> None:
    @button("sync", level=Level.MEMBER)
    def sync(context: Context) -> None:
        """Press it."""

    @button("silent", level=Level.MEMBER)
    async def silent(context: Context) -> None:
        pass

    assert registry_error(sync) == "button 'sync' handler must be async"
    assert registry_error(silent) == "button 'silent' needs a docstring"


def test_the_longest_registered_button_prefix_wins() -> None:
    registry = Registry()
    registry.add(any_topic_button, approve_topic)
    assert registry.button_for("topic:approve:12") is approve_topic
    assert registry.button_for("topic:approve") is approve_topic
    assert registry.button_for("topic:reject:12") is any_topic_button
    assert registry.button_for("topic") is any_topic_button
    assert registry.button_for("buddy:approve:12") is None
    assert registry.button_for("") is None


def test_an_optional_annotated_option_reads_like_an_annotated_optional_one() -> None:
    @command("mod kick", level=Level.MODERATOR)
    async def kick(
        context: Context,
        member: Annotated[MemberMention, "who to kick"],
        reason: Annotated[Text, "why, for the case log"] | None = None,
    ) -> None:
        """Kick a member."""

    @command("mod ban", level=Level.MODERATOR)
    async def ban(
        context: Context,
        member: Annotated[MemberMention, "who to ban"],
        reason: Annotated[Text | None, "why, for the case log"] = None,
    ) -> None:
        """Ban a member."""

    assert kick.options[1] == ban.options[1]
    assert kick.options[1] == OptionSpec("reason", OptionKind.TEXT, False, "why, for the case log")
    Registry().add(kick, ban)
