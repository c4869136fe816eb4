"""The command-line parser: finding the command, reading its arguments, and its error messages."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Annotated, Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.levels import Level, may_use
from commands.context import Context
from commands.parser import (
    MAX_LINE_LENGTH,
    UsageError,
    bind,
    bind_named,
    next_token,
    resolve,
)
from commands.registry import Registry
from commands.spec import CommandSpec, OptionKind, command
from commands.types import (
    ChannelMention,
    MemberMention,
    RoleOrMember,
    Text,
    TimeZoneName,
    Weekday,
)
from tests.commands.registry_support import real_registry
from tests.commands.strategies import ARGUMENTS_BY_KIND, arguments, command_lines

REGISTRY = real_registry()

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


def parse(line: str, registry: Registry = REGISTRY, level: Level = Level.ADMIN) -> dict[str, Any]:
    """Resolve and bind `line` as a caller at `level` would see it."""
    return bind(resolve(line, registry, lambda spec: may_use(level, spec.level)))


def usage_error(line: str, registry: Registry = REGISTRY, level: Level = Level.ADMIN) -> str:
    """Return the UsageError message `line` gives, failing if it parses."""
    with pytest.raises(UsageError) as raised:
        parse(line, registry, level)
    return str(raised.value)


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


# ----------------------------------------------------------------------------------------------
# Tokens and quoting.


@given(st.text().filter(lambda t: not set(t) & set('"“„')))
def test_unquoted_words_split_on_whitespace_like_str_split(line: str) -> None:
    tokens, position = [], 0
    while (token := next_token(line, position)) is not None:
        tokens.append(token.text)
        position = token.end
    assert tokens == line.split()


@given(st.lists(st.text(min_size=1).filter(lambda w: '"' not in w), min_size=1, max_size=5))
def test_quoted_arguments_come_back_whole(quoted_words: list[str]) -> None:
    line = " ".join(f'"{word}"' for word in quoted_words)
    tokens, position = [], 0
    while (token := next_token(line, position)) is not None:
        tokens.append(token.text)
        position = token.end
    assert tokens == quoted_words


@command("note add", level=Level.MEMBER)
async def add_note(
    context: Context, title: Annotated[str, "a title"], body: Annotated[Text, "the note"]
) -> None:
    """Add a note with a title."""


@command("note list", level=Level.MEMBER, group_default=True)
async def list_notes(context: Context, tag: Annotated[str | None, "a tag"] = None) -> None:
    """List the notes, or those with a tag."""


@pytest.fixture
def notes() -> Registry:
    registry = Registry()
    registry.add(add_note, list_notes)
    return registry


def test_a_quoted_word_with_spaces_is_one_argument(notes: Registry) -> None:
    assert parse('note add "shopping list" eggs, milk', notes) == {
        "title": "shopping list",
        "body": "eggs, milk",
    }
    assert parse("note add “two words” x", notes)["title"] == "two words"
    assert parse("note add „two words“ x", notes)["title"] == "two words"


def test_a_quoted_choice_with_spaces_is_read_as_one_word() -> None:
    message = usage_error('setup channel "mod queue" #mods')
    assert message.startswith("Purpose must be one of intros, topics, buddies")
    assert "didn't expect" not in message


def test_an_unclosed_quote_is_a_clear_usage_error() -> None:
    message = usage_error('profile timezone "Europe/Berlin')
    assert message == 'A quote is not closed; put a closing " after the quoted words.'


def test_apostrophes_in_free_text_are_just_letters() -> None:
    assert parse("profile interests I'm into Alice's books, don't ask") == {
        "interests": "I'm into Alice's books, don't ask"
    }
    assert parse("guidelines add Don't spam; it's rude") == {"rule": "Don't spam; it's rude"}


def test_a_text_option_takes_the_rest_of_the_line_as_written() -> None:
    assert parse("guidelines add   Be kind,  and   patient  ") == {
        "rule": "Be kind,  and   patient"
    }
    multi_line = parse("guidelines set\n- Be kind\n- Share what you learn")
    assert multi_line == {"text": "- Be kind\n- Share what you learn"}


def test_a_text_option_in_quotes_loses_only_the_outer_quotes() -> None:
    assert parse('guidelines add "Be kind"') == {"rule": "Be kind"}
    assert parse('guidelines add Say "hi" and "bye"') == {"rule": 'Say "hi" and "bye"'}
    assert parse('guidelines add "Be kind" and "patient"') == {"rule": '"Be kind" and "patient"'}


def test_an_empty_quoted_text_is_missing() -> None:
    assert usage_error('guidelines add ""') == ("Rule is missing. Usage: /guidelines add <rule>")


def test_leftover_arguments_are_refused_with_the_usage_line() -> None:
    assert usage_error("profile timezone Europe/Berlin Europe/Paris") == (
        "I didn't expect 'Europe/Paris'. Usage: /profile timezone <zone>"
    )
    assert usage_error("profile forget now") == ("I didn't expect 'now'. Usage: /profile forget")


def test_a_missing_argument_names_it_and_shows_the_usage_line() -> None:
    assert usage_error("profile timezone") == "Zone is missing. Usage: /profile timezone <zone>"
    assert usage_error("setup channel intros") == (
        "Channel is missing. Usage: /setup channel "
        "<intros|topics|buddies|modqueue|modlog|hosts> <channel>"
    )


def test_a_bad_argument_says_how_to_write_it_in_one_sentence() -> None:
    assert usage_error("guidelines remove two") == (
        "Number must be a whole number, like 3. Usage: /guidelines remove <number>"
    )
    message = usage_error("profile timezone europe/berln")
    assert "Did you mean Europe/Berlin? Usage: /profile timezone <zone>" in message
    assert "?." not in message


def test_command_names_are_case_insensitive_and_may_keep_their_slash() -> None:
    spec = resolve("/GUIDELINES Add Be kind", REGISTRY).spec
    assert spec.path == "guidelines add"
    assert parse("/GUIDELINES Add Be kind") == {"rule": "Be kind"}


@pytest.mark.parametrize("line", ["", "   ", "/", "//", '""'])
def test_an_empty_line_asks_for_a_command(line: str) -> None:
    assert usage_error(line) == "Type a command, like /help."


# ----------------------------------------------------------------------------------------------
# Finding the command: suggestions, defaults, hidden commands.


def test_an_unknown_command_suggests_the_closest_visible_one() -> None:
    assert usage_error("guideline") == (
        "There is no /guideline command. Did you mean guidelines? Type /help to see yours."
    )
    assert "Did you mean setup?" in usage_error("setpu show", level=Level.ADMIN)


def test_an_unknown_command_never_suggests_a_command_the_caller_cannot_use() -> None:
    message = usage_error("setpu show", level=Level.MEMBER)
    assert message == "There is no /setpu command. Type /help to see yours."


def test_an_unknown_command_far_from_every_name_gets_no_guess() -> None:
    assert usage_error("xyzzy") == "There is no /xyzzy command. Type /help to see yours."


def test_an_unknown_subcommand_suggests_the_closest_and_lists_the_others() -> None:
    assert usage_error("guidelines sett x", level=Level.HOST) == (
        "/guidelines has no subcommand 'sett'. Did you mean set? "
        "Subcommands: show, set, add, remove."
    )


def test_an_unknown_subcommand_lists_only_what_the_caller_may_use() -> None:
    assert usage_error("guidelines sett x", level=Level.MEMBER) == (
        "/guidelines has no subcommand 'sett'. Subcommands: show."
    )


def test_a_group_typed_alone_runs_its_default_subcommand() -> None:
    assert resolve("guidelines", REGISTRY).spec.path == "guidelines show"
    assert resolve("/profile", REGISTRY).spec.path == "profile show"
    assert parse("guidelines") == {}


def test_a_group_without_a_default_typed_alone_lists_its_subcommands() -> None:
    assert usage_error("setup") == (
        "/setup needs a subcommand: channel, timezone, role, welcome, show, break, breaks, unbreak."
    )


@pytest.mark.parametrize("line", ["setup", "setup sho"])
def test_a_group_the_caller_cannot_see_at_all_names_the_level_it_needs(line: str) -> None:
    assert usage_error(line, level=Level.HOST) == (
        "/setup needs the admin level. Type /help to see the commands you can use."
    )


def test_a_full_name_resolves_even_when_hidden_so_the_router_can_refuse_it() -> None:
    spec = resolve("setup show", REGISTRY, lambda spec: spec.level is Level.MEMBER).spec
    assert spec.path == "setup show"


def test_a_default_with_options_takes_a_word_that_is_not_a_subcommand(notes: Registry) -> None:
    resolution = resolve("note books", notes)
    assert resolution.spec.path == "note list"
    assert bind(resolution) == {"tag": "books"}
    assert parse("note", notes) == {}
    assert resolve("note add x y", notes).spec.path == "note add"


def test_a_standalone_command_keeps_its_arguments() -> None:
    resolution = resolve("help profile", REGISTRY)
    assert resolution.spec is REGISTRY.get("help")
    assert resolution.arguments_start == len("help")
    assert bind(resolution) == {"command": "profile"}


# ----------------------------------------------------------------------------------------------
# Named options, as Discord delivers them.


def _spec(path: str) -> CommandSpec:
    spec = REGISTRY.get(path)
    assert spec is not None
    return spec


def test_named_options_are_read_as_their_types() -> None:
    assert bind_named(_spec("profile timezone"), {"zone": " europe/berlin "}) == {
        "zone": TimeZoneName("Europe/Berlin")
    }
    assert bind_named(_spec("guidelines remove"), {"number": 3}) == {"number": 3}
    assert bind_named(_spec("setup role"), {"level": "Moderator", "who": "<@&456>"}) == {
        "level": "moderator",
        "who": RoleOrMember("456", is_role=True),
    }


def test_an_unknown_named_option_is_refused() -> None:
    with pytest.raises(UsageError) as raised:
        bind_named(_spec("profile timezone"), {"zone": "UTC", "colour": "red"})
    assert str(raised.value) == (
        "I don't know the option 'colour'. Usage: /profile timezone <zone>"
    )


@pytest.mark.parametrize("options", [{}, {"zone": None}, {"zone": "  "}])
def test_a_missing_named_option_is_refused(options: dict[str, Any]) -> None:
    with pytest.raises(UsageError) as raised:
        bind_named(_spec("profile timezone"), options)
    assert str(raised.value) == "Zone is missing. Usage: /profile timezone <zone>"


def test_an_optional_named_option_may_be_left_out() -> None:
    assert bind_named(_spec("help"), {}) == {}
    assert bind_named(_spec("help"), {"command": "profile"}) == {"command": "profile"}


def test_a_bad_named_option_says_how_to_write_it() -> None:
    with pytest.raises(UsageError) as raised:
        bind_named(_spec("setup channel"), {"purpose": "lobby", "channel": "#general"})
    assert str(raised.value).startswith("Purpose must be one of intros, topics")


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
    assert outcome(lambda: bind(resolution)) == outcome(lambda: bind_named(spec, named))


def test_a_blank_quoted_word_is_missing_as_it_is_when_sent_by_name(notes: Registry) -> None:
    for blank in ('""', '"  "'):
        assert usage_error(f"note add {blank} eggs", notes) == (
            "Title is missing. Usage: /note add <title> <body>"
        )
    assert parse('note list ""', notes) == {}


def test_a_quoted_argument_loses_the_spaces_around_it(notes: Registry) -> None:
    assert parse('note add " to do " eggs', notes)["title"] == "to do"
    assert parse('setup role host " @bob "') == {
        "level": "host",
        "who": RoleOrMember("bob", is_role=False),
    }


# ----------------------------------------------------------------------------------------------
# A group whose default takes free text: the text may hold anything, even a lone quote.


@command("intro post", level=Level.MEMBER, group_default=True)
async def post_intro(context: Context, text: Annotated[Text | None, "your intro"] = None) -> None:
    """Post your introduction."""


@command("intro pending", level=Level.HOST)
async def pending_intros(context: Context) -> None:
    """List members who have not introduced themselves."""


@pytest.fixture
def intros() -> Registry:
    registry = Registry()
    registry.add(post_intro, pending_intros)
    return registry


@pytest.mark.parametrize(
    "text", ["\"Hi, I'm Alice", "“Hi there", 'Hi "there', "I'm Alice", '"quoted" intro']
)
def test_free_text_for_a_group_default_may_start_with_any_quote(
    intros: Registry, text: str
) -> None:
    resolution = resolve(f"intro {text}", intros)
    assert resolution.spec is post_intro
    assert bind(resolution) == {"text": text}


def test_a_subcommand_still_wins_over_its_groups_free_text(intros: Registry) -> None:
    assert resolve("intro pending", intros).spec is pending_intros
    assert resolve("intro", intros).spec is post_intro
    assert bind(resolve('intro "Hello all"', intros)) == {"text": "Hello all"}


def test_an_unclosed_quote_after_a_group_without_free_text_is_still_an_error(
    notes: Registry,
) -> None:
    # /note's default takes one word, so an unclosed quote cannot be read as its argument.
    message = usage_error('note "books', notes)
    assert message == 'A quote is not closed; put a closing " after the quoted words.'


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
