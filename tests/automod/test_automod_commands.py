"""`/automod`: moderators set up the filters; bad input is explained and changes nothing."""

from __future__ import annotations

import pytest

from adapters.console.session import COMMUNITY, ConsoleSession
from bot.automod.model import Action, AutomodRules, FilterName
from bot.events import Actor
from bot.levels import Level
from bot.refs import UserRef
from commands.suggest import Suggestion, suggestions
from tests.commands.support import community_id, ok, refused, snapshot


@pytest.fixture
async def mia(console: ConsoleSession) -> str:
    """Moderator mia and member bob have joined."""
    await console.say("@mia joins")
    await console.say("@mia is moderator")
    await console.say("@bob joins")
    return "mia"


async def rules(console: ConsoleSession) -> AutomodRules:
    """Return the console community's filters as stored."""
    return await console.app.services.automod.rules(await community_id(console.app))


async def test_blocking_and_unblocking_a_term(console: ConsoleSession, mia: str) -> None:
    assert await ok(console, f"@{mia}: /automod block Buy Followers") == (
        'Blocked "buy followers": messages with it, also disguised (l33t digits, dots or spaces '
        "between letters, repeated letters), are flagged for moderators."
    )
    assert (await rules(console)).terms == ("buy followers",)
    assert await ok(console, f"@{mia}: /automod unblock buy followers") == (
        '"buy followers" is no longer blocked.'
    )
    assert (await rules(console)).terms == ()


async def test_the_list_shows_every_filter(console: ConsoleSession, mia: str) -> None:
    for line in (
        "block spam",
        r"regex add free\s+nitro",
        "links on",
        "domain add python.org",
        "mentions on 4",
        "flood on 6 12",
        "action flood timeout 10m",
        "exempt add #bots",
    ):
        await ok(console, f"@{mia}: /automod {line}")
    shown = await ok(console, f"@{mia}: /automod")
    assert shown == "\n".join(
        [
            "Automatic filters (hosts, moderators and admins are never screened):",
            "- Blocked terms (1): spam; action: flag",
            r"- Regex rules (1): 1. /free\s+nitro/; action: flag",
            "- Invite links: off (/automod invites on); action: flag",
            "- Links: on, allowed domains: python.org; action: flag",
            "- Repeated messages: off (/automod repeats on); action: flag",
            "- Mention spam: on, more than 4 mentions; action: flag",
            "- Flooding: on, more than 6 messages in 12 seconds; action: timeout 10m",
            "Exempt: #bots",
        ]
    )


async def test_an_empty_list_says_how_to_start(console: ConsoleSession, mia: str) -> None:
    shown = await ok(console, f"@{mia}: /automod list")
    assert "- Blocked terms: none (/automod block <term>); action: flag" in shown
    assert "Exempt: no channels or roles (/automod exempt add <channel>)" in shown


async def test_switches_and_thresholds_are_kept(console: ConsoleSession, mia: str) -> None:
    assert await ok(console, f"@{mia}: /automod invites on") == (
        "Invite links (discord.gg, discord.com/invite, join.slack.com) are now flagged for "
        "moderators."
    )
    assert await ok(console, f"@{mia}: /automod repeats on 4 120") == (
        "The same message from one member in 4 channels within 120 seconds is now flagged for "
        "moderators."
    )
    assert await ok(console, f"@{mia}: /automod mentions on") == (
        "Messages with more than 5 mentions are now flagged for moderators."
    )
    assert await ok(console, f"@{mia}: /automod flood on") == (
        "More than 5 messages within 10 seconds from one member is now flagged for moderators "
        "(once per burst)."
    )
    assert await ok(console, f"@{mia}: /automod invites off") == (
        "Invite links are no longer screened."
    )
    stored = await rules(console)
    assert not stored.config(FilterName.INVITES).enabled
    repeats = stored.config(FilterName.REPEATS)
    assert (repeats.enabled, repeats.threshold, repeats.window_seconds) == (True, 4, 120)
    assert stored.config(FilterName.FLOOD).enabled


async def test_an_action_is_chosen_per_filter(console: ConsoleSession, mia: str) -> None:
    assert await ok(console, f"@{mia}: /automod action terms delete") == (
        "Blocked terms: matching messages are now deleted."
    )
    assert await ok(console, f"@{mia}: /automod action links timeout 2h") == (
        "Links: matching messages are now deleted and the member timed out for 2h (this filter "
        "is off now)."
    )
    stored = await rules(console)
    assert stored.config(FilterName.TERMS).action is Action.DELETE
    assert stored.config(FilterName.LINKS).action is Action.TIMEOUT


async def test_regex_rules_are_added_removed_and_dangerous_ones_refused(
    console: ConsoleSession, mia: str
) -> None:
    assert await ok(console, f"@{mia}: /automod regex add crypto\\s+giveaway") == (
        r"Added regex rule 1: /crypto\s+giveaway/ (case is ignored). Matching messages are "
        "flagged for moderators."
    )
    before = await snapshot(console.app)
    assert await refused(console, f"@{mia}: /automod regex add (a+)\\1") == (
        "Backreferences (\\1, (?P=name)) are not supported: patterns are matched in linear time "
        "so that no message can slow the bot. Write the alternatives out instead. Nothing was "
        "changed."
    )
    assert "Lookarounds" in await refused(console, f"@{mia}: /automod regex add (?!x)y")
    assert await snapshot(console.app) == before
    assert await ok(console, f"@{mia}: /automod regex remove 1") == (
        r"Removed the regex rule /crypto\s+giveaway/."
    )


async def test_domains_and_exemptions(console: ConsoleSession, mia: str) -> None:
    assert await ok(console, f"@{mia}: /automod domain add https://docs.python.org/3") == (
        "Links to docs.python.org and its subdomains are allowed (links are not screened now)."
    )
    assert await ok(console, f"@{mia}: /automod domain remove docs.python.org") == (
        "docs.python.org is no longer an allowed domain."
    )
    assert await ok(console, f"@{mia}: /automod exempt add <@&42>") == (
        "The role &42 is exempt from the automatic filters."
    )
    assert await ok(console, f"@{mia}: /automod exempt remove <@&42>") == (
        "The role &42 is screened again."
    )


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        ("block !", "A blocked term needs at least two letters or digits"),
        ("unblock spam", '"spam" is not blocked; see /automod list.'),
        ("mentions on 0", "Choose limit from 1 to 50. Nothing was changed."),
        ("flood on 5 99999", "Choose seconds from 1 to 3600. Nothing was changed."),
        ("repeats on 1", "Choose channels from 2 to 20. Nothing was changed."),
        ("action terms flag 1h", "A duration only goes with timeout"),
        ("action terms timeout 5w", "A timeout can last at most 28 days"),
        ("domain add nonsense", "'nonsense' is not a domain"),
        ("exempt add @bob", "Name a channel (#general) or a role."),
        ("regex remove 3", "There are no regex rules; add one with /automod regex add."),
        ("links maybe", "Switch must be one of on, off. Usage: /automod links <on|off>"),
        ("action spam flag", "Filter must be one of terms, regex, invites, links, repeats"),
    ],
)
async def test_bad_input_is_explained_and_changes_nothing(
    console: ConsoleSession, mia: str, arguments: str, problem: str
) -> None:
    before = await snapshot(console.app)
    assert problem in await refused(console, f"@{mia}: /automod {arguments}")
    assert await snapshot(console.app) == before


async def test_members_and_hosts_cannot_change_the_filters(
    console: ConsoleSession, mia: str
) -> None:
    await console.say("@hana joins")
    await console.say("@hana is host")
    before = await snapshot(console.app)
    for name, level in (("bob", "a member"), ("hana", "a host")):
        assert await refused(console, f"@{name}: /automod block spam") == (
            f"/automod block needs the moderator level; you are {level}. Nothing was changed."
        )
    assert await snapshot(console.app) == before


async def test_blocked_terms_and_regex_rules_are_suggested_to_moderators_only(
    console: ConsoleSession, mia: str
) -> None:
    await ok(console, f"@{mia}: /automod block spam")
    await ok(console, f"@{mia}: /automod block scam")
    await ok(console, f"@{mia}: /automod regex add free\\s+nitro")
    app = console.app

    async def offered(level: Level, path: str, option: str, typed: str) -> list[Suggestion]:
        who = Actor(UserRef("console", "someone"), "someone", platform_level=level)
        return await suggestions(app.registry, app.services, COMMUNITY, who, path, option, typed)

    assert await offered(Level.MODERATOR, "automod unblock", "term", "sp") == [
        Suggestion("spam", "spam")
    ]
    assert await offered(Level.MODERATOR, "automod regex", "pattern", "") == [
        Suggestion(r"1. /free\s+nitro/", "1")
    ]
    assert await offered(Level.HOST, "automod unblock", "term", "") == []
