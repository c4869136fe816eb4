"""The command-line parser's properties: any input binds to well-typed values or raises
UsageError, typed and named arguments agree, and its messages stay short."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.levels import Level, may_use
from commands.context import Context
from commands.parser import MAX_LINE_LENGTH, UsageError, bind, bind_named, resolve
from commands.registry import Registry
from commands.spec import CommandSpec, OptionKind, command
from commands.types import ChannelMention, MemberMention, RoleOrMember, Text, TimeZoneName, Weekday
from tests.commands.parser_support import parse, usage_error
from tests.commands.registry_support import real_registry
from tests.commands.strategies import ARGUMENTS_BY_KIND, arguments, command_lines

VALUE_TYPES: dict[OptionKind, type] = {
    OptionKind.WORD: str,
    OptionKind.TEXT: str,
    OptionKind.INTEGER: int,
    OptionKind.DURATION: timedelta,
    OptionKind.WEEKDAY: Weekday,
    OptionKind.TIME: time,
    OptionKind.DATE: date,
    OptionKind.TIMEZONE: TimeZoneName,
    OptionKind.MEMBER: MemberMention,
    OptionKind.CHANNEL: ChannelMention,
    OptionKind.ROLE_OR_MEMBER: RoleOrMember,
    OptionKind.CHOICE: str,
}


def check_values(spec: CommandSpec, values: dict[str, Any]) -> None:
    """Every required option is there and every value has its option's type."""
    options = {option.name: option for option in spec.options}
    assert set(values) <= set(options)
    assert {option.name for option in spec.options if option.required} <= set(values)
    for name, value in values.items():
        option = options[name]
        assert isinstance(value, VALUE_TYPES[option.kind]), (name, value)
        if option.kind is OptionKind.CHOICE:
            assert value in option.choices
        if option.kind is OptionKind.TEXT:
            assert value.strip()


# ----------------------------------------------------------------------------------------------
# Properties: any input either binds to well-typed values or raises UsageError, nothing else.
# The real commands do not yet use every kind of option, so two test commands add the rest.


@command("every kind", level=Level.MEMBER)
async def every_kind(
    context: Context,
    word: str,
    number: int,
    duration: timedelta,
    day: Weekday,
    at: time,
    on: date,
    zone: TimeZoneName,
    member: MemberMention,
    channel: ChannelMention,
    who: RoleOrMember,
    switch: Literal["on", "off"],
    text: Text,
) -> None:
    """Take one option of every kind."""


@command("every optional", level=Level.MEMBER)
async def every_optional(
    context: Context,
    duration: timedelta | None = None,
    day: Weekday | None = None,
    at: time | None = None,
    number: int | None = None,
    who: RoleOrMember | None = None,
    text: Text | None = None,
) -> None:
    """Take optional options."""


def _property_registry() -> Registry:
    registry = real_registry()
    registry.add(every_kind, every_optional)
    return registry


PROPERTY_REGISTRY = _property_registry()
PATHS = sorted(spec.path for spec in PROPERTY_REGISTRY)


def test_the_property_commands_cover_every_option_kind() -> None:
    assert {option.kind for option in every_kind.options} == set(OptionKind)


PROPERTY_LINES = command_lines(PROPERTY_REGISTRY)


def parse_or_usage_error(line: str, level: Level) -> None:
    """The parser's contract: values of the declared types, or UsageError with a message."""
    message = None
    try:
        resolution = resolve(line, PROPERTY_REGISTRY, lambda spec: may_use(level, spec.level))
        check_values(resolution.spec, bind(resolution))
    except UsageError as error:
        message = str(error)
    assert message is None or message.strip()


@settings(max_examples=500, deadline=None)
@given(st.text(), st.sampled_from(Level))
def test_any_text_binds_or_raises_usage_error(line: str, level: Level) -> None:
    parse_or_usage_error(line, level)


@settings(max_examples=1500, deadline=None)
@given(PROPERTY_LINES, st.sampled_from(Level))
def test_any_plausible_command_line_binds_or_raises_usage_error(line: str, level: Level) -> None:
    parse_or_usage_error(line, level)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATHS), st.data())
def test_named_options_bind_or_raise_usage_error(path: str, data: st.DataObject) -> None:
    spec = PROPERTY_REGISTRY.get(path)
    assert spec is not None
    known = [option.name for option in spec.options]
    keys = st.sampled_from(known) if known else st.nothing()
    raw_values = st.one_of(
        arguments, st.text(), st.integers(), st.none(), st.booleans(), st.floats()
    )
    options = data.draw(st.dictionaries(st.one_of(keys, st.text(max_size=5)), raw_values))
    message = None
    try:
        check_values(spec, bind_named(spec, options))
    except UsageError as error:
        message = str(error)
    assert message is None or message.endswith(f"Usage: {spec.usage()}")


def test_a_line_over_the_limit_is_refused_before_parsing() -> None:
    assert "too long" in usage_error("guidelines add " + "x" * MAX_LINE_LENGTH)


def test_every_kind_of_option_binds_from_one_line() -> None:
    registry = _property_registry()
    line = (
        'every kind "two words" -3 1h30m thu 9:05 2026-12-21 europe/berlin <@U1|alice> '
        "<#C9|general> <!subteam^S1|@hosts> ON   the rest, as typed "
    )
    assert parse(line, registry) == {
        "word": "two words",
        "number": -3,
        "duration": timedelta(hours=1, minutes=30),
        "day": Weekday.THURSDAY,
        "at": time(9, 5),
        "on": date(2026, 12, 21),
        "zone": TimeZoneName("Europe/Berlin"),
        "member": MemberMention("U1"),
        "channel": ChannelMention("C9"),
        "who": RoleOrMember("S1", is_role=True),
        "switch": "on",
        "text": "the rest, as typed",
    }


# ----------------------------------------------------------------------------------------------
# Typed and named arguments agree: the same values, or the same message.

QUOTE_CHARACTERS = '"“„'


def _opens_a_quote(value: str) -> bool:
    return value[:1] != "" and value[0] in QUOTE_CHARACTERS


def _bare(value: str) -> bool:
    """Whether `value` can be typed as one unquoted word."""
    return not _opens_a_quote(value) and len(value.split()) == 1 and value == value.strip()


def _typed_value(kind: OptionKind) -> st.SearchStrategy[tuple[str, str]]:
    """(as typed on the command line, as a platform sends it by name) for one option."""
    if kind is OptionKind.TEXT:
        text = st.text(max_size=30).filter(lambda t: not _opens_a_quote(t.strip()))
        return text.map(lambda t: (t, t))
    value = ARGUMENTS_BY_KIND[kind].filter(lambda v: '"' not in v)
    bare = value.filter(_bare).map(lambda v: (v, v))
    padding = st.sampled_from(["", " ", "  "])
    quoted = st.tuples(padding, value, padding).map(lambda p: (f'"{"".join(p)}"', "".join(p)))
    return st.one_of(bare, quoted, st.sampled_from([('""', ""), ('"  "', "  ")]))


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(PATHS), st.data())
def test_typed_and_named_arguments_read_the_same(path: str, data: st.DataObject) -> None:
    spec = PROPERTY_REGISTRY.get(path)
    assert spec is not None
    given_count = data.draw(st.integers(0, len(spec.options)))
    pairs = [data.draw(_typed_value(option.kind)) for option in spec.options[:given_count]]
    line = " ".join([path, *(typed for typed, _named in pairs)])
    named = {option.name: sent for option, (_typed, sent) in zip(spec.options, pairs, strict=False)}

    def outcome(read: Any) -> tuple[str, Any]:
        try:
            return ("values", read())
        except UsageError as error:
            return ("error", str(error))

    resolution = resolve(line, PROPERTY_REGISTRY)
    assert resolution.spec is spec
    # As the router reads them: under the name the command was typed with.
    typed = resolution.typed
    assert outcome(lambda: bind(resolution)) == outcome(lambda: bind_named(spec, named, typed))


# ----------------------------------------------------------------------------------------------
# Messages stay short: a pasted wall of text is not echoed back whole.

MAX_MESSAGE_LENGTH = 400  # well inside Discord's 2,000 characters for a message

long_words = st.text(min_size=100, max_size=MAX_LINE_LENGTH // 2).map(
    lambda w: "".join(c if not c.isspace() and c not in QUOTE_CHARACTERS else "x" for c in w)
)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.sampled_from(PATHS),
        st.sampled_from(PROPERTY_REGISTRY.top_level_names()),
        st.just(""),
    ),
    long_words,
    st.sampled_from(Level),
)
def test_no_usage_error_is_longer_than_a_short_message(head: str, word: str, level: Level) -> None:
    line = f"{head} {word}".strip()
    message = ""
    try:
        bind(resolve(line, PROPERTY_REGISTRY, lambda spec: may_use(level, spec.level)))
    except UsageError as error:
        message = str(error)
    assert len(message) <= MAX_MESSAGE_LENGTH, message[:200]


@pytest.mark.parametrize(
    ("line", "start"),
    [
        ("x" * 3000, "There is no /xxx"),
        ("guidelines " + "y" * 3000, "/guidelines has no subcommand 'yyy"),
        ("profile forget " + "z" * 3000, "I didn't expect 'zzz"),
    ],
)
def test_a_long_word_is_shortened_in_the_message(line: str, start: str) -> None:
    message = usage_error(line)
    assert message.startswith(start)
    assert "…" in message
    assert len(message) <= MAX_MESSAGE_LENGTH
