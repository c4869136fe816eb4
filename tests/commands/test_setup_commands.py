"""`/setup`: the admin's channels, time zone and roles."""

from __future__ import annotations

import pytest

from adapters.console.session import ConsoleSession
from bot.levels import Level
from bot.refs import ChannelRef
from bot.shared.communities import ChannelPurpose, CommunitySetup
from tests.commands.support import community_id, invoke, ok, refused, snapshot


async def described(console: ConsoleSession) -> CommunitySetup:
    return await console.app.services.communities.describe(
        await community_id(console.app), "console"
    )


@pytest.fixture
async def admin(console: ConsoleSession) -> str:
    """Admin hana and member bob have joined."""
    await console.say("@hana joins")
    await console.say("@hana is admin")
    await console.say("@bob joins")
    return "hana"


async def test_a_channel_is_assigned_to_a_purpose(console: ConsoleSession, admin: str) -> None:
    assert await ok(console, f"@{admin}: /setup channel intros #Intros") == (
        "The intros channel is now #intros."
    )
    assert (await described(console)).channels == {
        ChannelPurpose.INTROS: ChannelRef("console", "intros")
    }


async def test_assigning_a_purpose_again_moves_it(console: ConsoleSession, admin: str) -> None:
    await ok(console, f"@{admin}: /setup channel modlog #mods")
    await ok(console, f"@{admin}: /setup channel MODLOG <#C42|mod-log>")
    await ok(console, f"@{admin}: /setup channel topics #general")
    assert (await described(console)).channels == {
        ChannelPurpose.MODLOG: ChannelRef("console", "C42"),
        ChannelPurpose.TOPICS: ChannelRef("console", "general"),
    }


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        (
            "lobby #general",
            "Purpose must be one of intros, topics, buddies, modqueue, modlog, hosts, "
            "announcements.",
        ),
        ("intros general", "Channel must name a channel, like #general."),
        ("intros", "Channel is missing."),
    ],
)
async def test_a_badly_written_channel_command_changes_nothing(
    console: ConsoleSession, admin: str, arguments: str, problem: str
) -> None:
    before = await snapshot(console.app)
    assert await refused(console, f"@{admin}: /setup channel {arguments}") == (
        f"{problem} Usage: /setup channel "
        "<intros|topics|buddies|modqueue|modlog|hosts|announcements> <channel>"
    )
    assert await snapshot(console.app) == before


async def test_the_community_time_zone_is_set_in_its_canonical_spelling(
    console: ConsoleSession, admin: str
) -> None:
    assert await ok(console, f"@{admin}: /setup timezone america/new_york") == (
        "The community's time zone is now America/New_York."
    )
    assert (await described(console)).timezone == "America/New_York"


async def test_an_unknown_community_time_zone_is_refused_and_changes_nothing(
    console: ConsoleSession, admin: str
) -> None:
    before = await snapshot(console.app)
    text = await refused(console, f"@{admin}: /setup timezone Mars/Olympus")
    assert text.startswith("'Mars/Olympus' is not a time zone I know.")
    assert text.endswith("Usage: /setup timezone <zone>")
    assert await snapshot(console.app) == before
    assert (await described(console)).timezone == "UTC"


async def test_a_member_given_a_level_can_use_it_until_it_is_taken_back(
    console: ConsoleSession, admin: str
) -> None:
    refusal = "/guidelines add needs the host level; you are a member. Nothing was changed."
    assert await refused(console, "@bob: /guidelines add Be kind") == refusal

    assert await ok(console, f"@{admin}: /setup role host @bob") == "@bob is now a host."
    assert (await ok(console, "@bob: /help")).startswith("Commands you can use (you are a host):")
    assert await ok(console, "@bob: /guidelines add Be kind") == "Added rule 1."

    assert await ok(console, f"@{admin}: /setup role member @bob") == (
        "@bob no longer has a level from /setup."
    )
    assert await refused(console, "@bob: /guidelines add Share") == refusal


async def test_a_member_can_be_made_a_moderator(console: ConsoleSession, admin: str) -> None:
    assert await ok(console, f"@{admin}: /setup role Moderator @bob") == "@bob is now a moderator."
    assert (await ok(console, "@bob: /help")).startswith(
        "Commands you can use (you are a moderator):"
    )


async def test_a_level_from_setup_never_lowers_a_platform_level(
    console: ConsoleSession, admin: str
) -> None:
    await ok(console, f"@{admin}: /setup role host @{admin}")
    assert (await ok(console, f"@{admin}: /setup show")).startswith("Time zone:")


async def test_an_unknown_member_is_refused_and_nothing_changes(
    console: ConsoleSession, admin: str
) -> None:
    before = await snapshot(console.app)
    assert await refused(console, f"@{admin}: /setup role host @ghost") == (
        "I don't know a member 'ghost' here yet: they need to have joined or written something "
        "first."
    )
    assert await snapshot(console.app) == before


async def test_admin_cannot_be_granted_through_setup(console: ConsoleSession, admin: str) -> None:
    before = await snapshot(console.app)
    assert await refused(console, f"@{admin}: /setup role admin @bob") == (
        "Level must be one of host, moderator, member. "
        "Usage: /setup role <host|moderator|member> <who>"
    )
    assert await snapshot(console.app) == before


@pytest.mark.parametrize(
    ("mention", "role_id"), [("<@&456>", "456"), ("<!subteam^S1|@hosts>", "S1")]
)
async def test_a_role_mention_stores_a_level_for_the_role(
    console: ConsoleSession, admin: str, mention: str, role_id: str
) -> None:
    assert await ok(console, f"@{admin}: /setup role moderator {mention}") == (
        f"The role &{role_id} is now a moderator."
    )
    assert (await described(console)).role_levels == {role_id: Level.MODERATOR}
    assert await ok(console, f"@{admin}: /setup role member {mention}") == (
        f"The role &{role_id} no longer has a level from /setup."
    )
    assert (await described(console)).role_levels == {}


async def test_holders_of_a_role_get_its_level(console: ConsoleSession, admin: str) -> None:
    await ok(console, f"@{admin}: /setup role host <@&456>")
    holder = await invoke(console, "bob", "guidelines add Be kind", roles=frozenset({"456"}))
    assert holder.text == "Added rule 1."
    other = await invoke(console, "bob", "guidelines add Share", roles=frozenset({"789"}))
    assert other.error
    assert other.text == (
        "/guidelines add needs the host level; you are a member. Nothing was changed."
    )


async def test_show_describes_the_whole_setup(console: ConsoleSession, admin: str) -> None:
    assert (await ok(console, f"@{admin}: /setup show")).startswith(
        "\n".join(
            ["Time zone: UTC", "Language: English (en)"]
            + [f"{purpose.value} channel: not set" for purpose in ChannelPurpose]
            + ["Roles: none set"]
        )
    )
    await ok(console, f"@{admin}: /setup timezone Europe/Berlin")
    await ok(console, f"@{admin}: /setup channel intros #intros")
    await ok(console, f"@{admin}: /setup role moderator <@&456>")
    lines = (await ok(console, f"@{admin}: /setup show")).split("\n")
    assert lines[0] == "Time zone: Europe/Berlin"
    assert "intros channel: #intros" in lines
    assert "topics channel: not set" in lines
    assert "Roles: &456 → moderator" in lines


async def test_setup_typed_alone_lists_its_subcommands(console: ConsoleSession, admin: str) -> None:
    assert await refused(console, f"@{admin}: /setup") == (
        "/setup needs a subcommand: channel, timezone, language, role, welcome, show, break, "
        "breaks, unbreak."
    )


@pytest.mark.parametrize("level", [Level.MEMBER, Level.HOST, Level.MODERATOR])
@pytest.mark.parametrize(
    "line", ["/setup show", "/setup timezone Asia/Tokyo", "/setup role host @bob"]
)
async def test_only_admins_use_setup(console: ConsoleSession, level: Level, line: str) -> None:
    await console.say("@bob joins")
    await console.say(f"@carol is {level.label}")
    await console.say("@carol joins")
    before = await snapshot(console.app)
    path = " ".join(line.split()[:2]).lstrip("/")
    unchanged = "" if path == "setup show" else " Nothing was changed."  # show only reads
    assert await refused(console, f"@carol: {line}") == (
        f"/{path} needs the admin level; you are {level.with_article}.{unchanged}"
    )
    assert await snapshot(console.app) == before


async def test_setup_alone_tells_a_non_admin_what_level_it_needs(
    console: ConsoleSession,
) -> None:
    assert await refused(console, "@alice: /setup") == (
        "/setup needs the admin level. Type /help to see the commands you can use."
    )


async def test_show_lists_member_levels_beside_roles(console: ConsoleSession, admin: str) -> None:
    await ok(console, f"@{admin}: /setup role moderator <@&456>")
    await ok(console, f"@{admin}: /setup role host @bob")
    lines = (await ok(console, f"@{admin}: /setup show")).split("\n")
    assert "Roles: &456 → moderator" in lines
    assert "Members: @bob → host" in lines
    await ok(console, f"@{admin}: /setup role member @bob")
    assert "Members: none set" in (await ok(console, f"@{admin}: /setup show")).split("\n")


async def test_a_member_the_platform_knows_gets_a_level_before_posting(
    console: ConsoleSession, admin: str
) -> None:
    await console.say("@zoe is member")  # in the community, never seen by Cohort
    assert await ok(console, f"@{admin}: /setup role host @zoe") == "@zoe is now a host."
    assert (await ok(console, "@zoe: /help")).startswith("Commands you can use (you are a host):")


async def test_an_admin_giving_themselves_a_lower_level_is_told_it_changes_nothing(
    console: ConsoleSession, admin: str
) -> None:
    before = await snapshot(console.app)
    assert await ok(console, f"@{admin}: /setup role host @{admin}") == (
        "You are an admin, so a host level from /setup changes nothing for you. "
        "Nothing was changed."
    )
    assert await snapshot(console.app) == before
    assert "Members: none set" in (await ok(console, f"@{admin}: /setup show")).split("\n")
