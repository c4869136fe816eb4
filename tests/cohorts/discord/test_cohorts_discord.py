"""/cohort on Discord: native options (a channel, a mentionable role or member), autocomplete of
cohort names, role holders read through the real discord.py, and follow refused clearly."""

from __future__ import annotations

from typing import Any

from adapters.discord.client import CohortClient
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import answer_to

STRING, INTEGER, CHANNEL, MENTIONABLE = 3, 4, 7, 9


async def run(
    fake: FakeDiscord, path: str, *, resolved: dict[str, Any] | None = None, **options: Any
) -> dict[str, Any]:
    """Run a slash command typed by the owner; return the answer's data."""
    values = [
        {"type": kind, "name": name, "value": value} for name, (kind, value) in options.items()
    ]
    interaction = await fake.slash_command("owner", path, values, resolved=resolved)
    return dict((await answer_to(fake, interaction))["data"])


async def mentors_held_by(fake: FakeDiscord, *names: str) -> str:
    """Add a role held by `names`, told to the client as Discord would; return its id."""
    guild = fake.guild
    role = guild.add_role("Mentors")
    for name in names:
        user = guild.add_member(name)
        guild.member_roles[user] = [role]
        await fake.dispatch(
            "GUILD_MEMBER_UPDATE", {**guild.member_payload(user), "guild_id": guild.id}
        )
    await fake.dispatch("GUILD_ROLE_CREATE", {"guild_id": guild.id, "role": guild.roles[role]})
    return role


async def test_a_cohort_is_built_from_native_options_and_shown(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    guild = fake.guild
    spring = guild.add_channel("spring")
    await fake.dispatch("CHANNEL_CREATE", guild.channels[spring])
    created = await run(fake, "cohort create", name=(STRING, "spring"), channel=(CHANNEL, spring))
    assert created["content"].startswith(f"Created the cohort spring, at home in <#{spring}>.")
    mentors = await mentors_held_by(fake, "alice", "bea")
    added = await run(
        fake,
        "cohort add",
        name=(STRING, "spring"),
        who=(MENTIONABLE, mentors),
        resolved={"roles": {mentors: guild.roles[mentors]}},
    )
    assert added["content"] == f"Everyone holding <@&{mentors}> is now in spring."
    zoe = guild.add_member("zoe")  # in the server, never seen by Cohort
    listed = await run(
        fake,
        "cohort add",
        name=(STRING, "spring"),
        who=(MENTIONABLE, zoe),
        resolved={"users": {zoe: guild.users[zoe]}},
    )
    assert listed["content"] == f"<@{zoe}> is now in spring."
    shown = await run(fake, "cohort show", name=(STRING, "SPRING"))
    lines = shown["content"].splitlines()
    assert lines[2].startswith("3 members: ")
    assert lines[3] == f"Role <@&{mentors}>: 2 holders"
    assert shown["flags"] & 64  # private


async def test_cohort_names_autocomplete_and_follow_is_refused_on_discord(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    for name in ("spring", "autumn"):
        home = fake.guild.add_channel(name)
        await fake.dispatch("CHANNEL_CREATE", fake.guild.channels[home])
        await run(fake, "cohort create", name=(STRING, name), channel=(CHANNEL, home))
    focused = [{"type": STRING, "name": "name", "value": "spr", "focused": True}]
    body = await answer_to(fake, await fake.autocomplete("owner", "cohort show", focused))
    assert body["data"]["choices"] == [{"name": "spring", "value": "spring"}]
    refused = await run(fake, "cohort follow", name=(STRING, "spring"))
    assert refused["content"].startswith("Discord does not support following")
    assert refused["flags"] & 64


async def test_a_member_not_in_the_server_is_refused_privately(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    home = fake.guild.add_channel("spring")
    await fake.dispatch("CHANNEL_CREATE", fake.guild.channels[home])
    await run(fake, "cohort create", name=(STRING, "spring"), channel=(CHANNEL, home))
    stranger = "1000000000000000003"
    answer = await run(fake, "cohort add", name=(STRING, "spring"), who=(MENTIONABLE, stranger))
    assert answer["content"] == f"<@{stranger}> is not a member here. Nothing was changed."
    assert answer["flags"] & 64
    weeks = await run(
        fake,
        "cohort term",
        name=(STRING, "spring"),
        starts=(STRING, "2026-01-05"),
        weeks=(INTEGER, 500),
    )
    assert "from 1 to 52 weeks" in weeks["content"]
