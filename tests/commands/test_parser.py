"""The command-line parser: finding the command, reading its arguments, and its error messages."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.levels import Level
from commands.context import Context
from commands.parser import UsageError, bind, bind_named, next_token, resolve
from commands.registry import Registry
from commands.spec import CommandSpec, command
from commands.types import RoleOrMember, Text, TimeZoneName
from tests.commands.parser_support import REGISTRY, parse, usage_error

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
        "<intros|topics|buddies|modqueue|modlog|hosts|announcements> <channel>"
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
        "/setup needs a subcommand: channel, timezone, language, role, welcome, show, break, "
        "breaks, unbreak."
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


@command("intro status", level=Level.HOST, words_go_to_default=True)
async def intro_status(context: Context, number: Annotated[int | None, "a number"] = None) -> None:
    """Show an intro's status."""


@pytest.mark.parametrize(
    ("line", "spec", "values"),
    [
        ("intro status", "status", {}),
        ("intro status 3", "status", {"number": 3}),
        ('intro status " 3 "', "status", {"number": 3}),
        ("intro status of my project: green", "post", {"text": "status of my project: green"}),
        ('intro status "quoted', "post", {"text": 'status "quoted'}),
    ],
)
def test_words_a_subcommand_gives_way_to_are_the_defaults_free_text(
    line: str, spec: str, values: dict[str, Any]
) -> None:
    registry = Registry()
    registry.add(post_intro, pending_intros, intro_status)
    resolution = resolve(line, registry)
    assert resolution.spec is {"status": intro_status, "post": post_intro}[spec]
    assert bind(resolution) == values
    # A subcommand that did not declare it keeps its words, and says what it did not expect.
    assert usage_error("intro pending of mine", registry).startswith("I didn't expect 'of'.")
    # A number followed by words stays the subcommand's, and is refused as written.
    assert usage_error("intro status 3 more", registry).startswith("I didn't expect 'more'.")


def test_an_unclosed_quote_after_a_group_without_free_text_is_still_an_error(
    notes: Registry,
) -> None:
    # /note's default takes one word, so an unclosed quote cannot be read as its argument.
    message = usage_error('note "books', notes)
    assert message == 'A quote is not closed; put a closing " after the quoted words.'
