"""Suggestions while an option is typed: declared sources, time zones, and the level check."""

from __future__ import annotations

from typing import Annotated, Literal

import pytest

from bot.app import App
from bot.events import Actor
from bot.i18n import current_language, public_language
from bot.levels import Level
from bot.refs import CommunityRef, UserRef
from commands.arguments import read_timezone
from commands.context import Context
from commands.registry import Registry
from commands.spec import OptionKind, Suggest, command
from commands.suggest import MAX_SUGGESTIONS, SuggestContext, Suggestion, source_for, suggestions
from commands.types import TimeZoneName

COMMUNITY = CommunityRef("discord", "guild-1")


def actor(level: Level, user: str = "u1") -> Actor:
    """A person in the test community at `level`."""
    return Actor(UserRef("discord", user), f"user {user}", platform_level=level)


async def suggest(app: App, level: Level, path: str, option: str, typed: str) -> list[Suggestion]:
    """Ask the app's registry for suggestions as a person at `level`."""
    return await suggestions(
        app.registry, app.services, COMMUNITY, actor(level), path, option, typed
    )


async def add_rules(app: App, *rules: str) -> None:
    """Give the test community these guidelines."""
    community_id = await app.services.communities.ensure(COMMUNITY)
    await app.services.guidelines.replace(community_id, "\n".join(rules))


async def test_a_host_is_offered_the_current_rules_by_number(app: App) -> None:
    await add_rules(app, "Be kind", "Stay on topic", "No spam")

    offered = await suggest(app, Level.HOST, "guidelines remove", "number", "")

    assert offered == [
        Suggestion("1. Be kind", "1"),
        Suggestion("2. Stay on topic", "2"),
        Suggestion("3. No spam", "3"),
    ]


async def test_rules_are_filtered_by_what_was_typed(app: App) -> None:
    await add_rules(app, "Be kind", "Stay on topic", "No spam")

    assert await suggest(app, Level.MODERATOR, "guidelines remove", "number", "TOPIC") == [
        Suggestion("2. Stay on topic", "2")
    ]
    assert await suggest(app, Level.HOST, "guidelines remove", "number", "3") == [
        Suggestion("3. No spam", "3")
    ]


async def test_a_member_asking_about_a_host_command_is_offered_nothing(app: App) -> None:
    await add_rules(app, "Be kind")

    assert await suggest(app, Level.MEMBER, "guidelines remove", "number", "") == []


async def test_a_level_granted_by_override_counts(app: App) -> None:
    await add_rules(app, "Be kind")
    community_id = await app.services.communities.ensure(COMMUNITY)
    member = await app.services.members.resolve(community_id, actor(Level.MEMBER))
    await app.services.members.set_level_override(member.id, Level.HOST)

    offered = await suggest(app, Level.MEMBER, "guidelines remove", "number", "")

    assert offered == [Suggestion("1. Be kind", "1")]


@pytest.mark.parametrize(
    ("path", "option"),
    [
        ("nosuch", "number"),
        ("guidelines remove", "nosuch"),
        ("guidelines add", "rule"),  # an option without a source
        ("guidelines", "number"),  # a group, not a command
    ],
)
async def test_unknown_commands_options_and_options_without_a_source_offer_nothing(
    app: App, path: str, option: str
) -> None:
    await add_rules(app, "Be kind")

    assert await suggest(app, Level.ADMIN, path, option, "") == []


async def test_time_zones_are_offered_without_a_declaration(app: App) -> None:
    offered = await suggest(app, Level.MEMBER, "profile timezone", "zone", "berl")

    assert offered == [Suggestion("Europe/Berlin", "Europe/Berlin")]


async def test_time_zones_match_anywhere_case_insensitively_names_starting_with_it_first(
    app: App,
) -> None:
    offered = await suggest(app, Level.MEMBER, "profile timezone", "zone", "new y")

    assert [suggestion.value for suggestion in offered] == ["America/New_York"]
    values = [s.value for s in await suggest(app, Level.MEMBER, "profile timezone", "zone", "an")]
    assert values, "'an' is in many zone names"
    assert all("an" in value.casefold() for value in values)
    starting = [v for v in values if any(p.casefold().startswith("an") for p in v.split("/"))]
    assert values[: len(starting)] == starting, "zones with a part starting 'an' come first"


async def test_every_offered_time_zone_reads_back_as_itself(app: App) -> None:
    offered = await suggest(app, Level.MEMBER, "profile timezone", "zone", "america/")

    assert len(offered) == MAX_SUGGESTIONS
    for suggestion in offered:
        assert read_timezone(suggestion.value).name == suggestion.value


async def test_time_zones_of_an_admin_command_are_not_offered_to_members(app: App) -> None:
    assert await suggest(app, Level.MEMBER, "setup timezone", "zone", "berl") == []
    assert await suggest(app, Level.ADMIN, "setup timezone", "zone", "berl") != []


async def test_nothing_matching_offers_nothing(app: App) -> None:
    assert await suggest(app, Level.MEMBER, "profile timezone", "zone", "Mars/Olympus") == []


async def many(_context: SuggestContext, typed: str) -> list[Suggestion]:
    """Offer far too many, with far too long labels."""
    return [Suggestion(f"{number} {'x' * 200}", str(number)) for number in range(60)]


@command("demo pick", level=Level.MEMBER)
async def demo_pick(
    context: Context, number: Annotated[int, "a number", Suggest(many)]
) -> str:  # pragma: no cover - never run
    """Pick a number."""
    return str(number)


async def test_at_most_25_suggestions_with_labels_cut_to_100_characters(app: App) -> None:
    registry = Registry()
    registry.add(demo_pick)

    offered = await suggestions(
        registry, app.services, COMMUNITY, actor(Level.MEMBER), "demo pick", "number", ""
    )

    assert len(offered) == MAX_SUGGESTIONS == 25
    assert [s.value for s in offered] == [str(number) for number in range(25)]
    assert all(len(s.label) == 100 and s.label.endswith("…") for s in offered)


async def languages(_context: SuggestContext, typed: str) -> list[Suggestion]:
    """Offer the languages a label would be written in now: the caller's, then the public one."""
    return [Suggestion(current_language(), "own"), Suggestion(public_language(), "public")]


@command("demo speak", level=Level.MEMBER)
async def demo_speak(
    context: Context, which: Annotated[str, "a language", Suggest(languages)]
) -> str:  # pragma: no cover - never run
    """Say which language."""
    return which


async def test_labels_are_written_in_the_callers_language(app: App) -> None:
    registry = Registry()
    registry.add(demo_speak)
    german = Actor(UserRef("discord", "u1"), "user u1", locale="de")

    offered = await suggestions(
        registry, app.services, COMMUNITY, german, "demo speak", "which", ""
    )

    assert [s.label for s in offered] == ["de", "en"]  # the community speaks English


def test_a_declared_source_is_kept_on_the_option() -> None:
    option = demo_pick.options[0]

    assert option.kind is OptionKind.INTEGER
    assert option.suggest is many
    assert source_for(option) is many


def test_a_time_zone_option_has_a_source_and_a_plain_option_none() -> None:
    @command("demo zone", level=Level.MEMBER)
    async def demo_zone(context: Context, zone: TimeZoneName, word: str) -> str:
        """Set a zone."""
        return zone.name

    zone, word = demo_zone.options
    assert zone.suggest is None
    assert source_for(zone) is not None
    assert source_for(word) is None


def test_choices_and_a_source_together_are_refused() -> None:
    with pytest.raises(TypeError, match="lists its choices"):

        @command("demo mode", level=Level.MEMBER)
        async def demo_mode(
            context: Context, mode: Annotated[Literal["on", "off"], "mode", Suggest(many)]
        ) -> str:
            """Set a mode."""
            return mode
