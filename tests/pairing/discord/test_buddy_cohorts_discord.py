"""/buddy round typed in a cohort's home channel on Discord, through the real discord.py: the
answer names the cohort, and the private thread holds only the cohort's members."""

from __future__ import annotations

from adapters.discord.client import CohortClient
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import answer_to

STRING, CHANNEL, MENTIONABLE = 3, 7, 9


async def run(
    fake: FakeDiscord, who: str, path: str, *, typed_in: str | None = None, **options: object
) -> str:
    values = [
        {"type": kind, "name": key, "value": value}
        for key, (kind, value) in options.items()  # type: ignore[misc]
    ]
    extra = {} if typed_in is None else {"channel_id": typed_in}
    interaction = await fake.slash_command(who, path, values, **extra)
    return str((await answer_to(fake, interaction))["data"]["content"])


async def new_channel(fake: FakeDiscord, name: str) -> str:
    channel = fake.guild.add_channel(name)
    await fake.dispatch("CHANNEL_CREATE", fake.guild.channels[channel])
    return channel


async def test_a_round_in_a_cohorts_home_pairs_only_its_members_and_says_so(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    buddies = await new_channel(fake, "buddies")
    fall = await new_channel(fake, "fall")
    await run(
        fake, "owner", "setup channel", purpose=(STRING, "buddies"), channel=(CHANNEL, buddies)
    )
    people = {name: await fake.member_joins(name) for name in ("alice", "bob", "carl")}
    for name in people:
        assert "You're in!" in await run(fake, name, "buddy join")
    await run(fake, "owner", "cohort create", name=(STRING, "fall"), channel=(CHANNEL, fall))
    for name in ("alice", "bob"):
        user = people[name]
        interaction = await fake.slash_command(
            "owner",
            "cohort add",
            [
                {"type": STRING, "name": "name", "value": "fall"},
                {"type": MENTIONABLE, "name": "who", "value": user},
            ],
            resolved={"users": {user: fake.guild.users[user]}},
        )
        await answer_to(fake, interaction)

    seen = len(fake.requests)
    answer = await run(fake, "owner", "buddy round", typed_in=fall)
    assert answer.startswith("fall cohort: Buddy round 1: 2 members in 1 group")
    opened = await fake.wait_for_request("POST", rf"/channels/{buddies}/threads", after=seen)
    thread = str(opened.answer["id"])
    welcome = await fake.wait_for_request("POST", rf"/channels/{thread}/messages", after=seen)
    assert "round of the fall cohort" in welcome.json["content"]
    added = [r.path.rsplit("/", 1)[-1] for r in fake.requests[seen:] if "thread-members" in r.path]
    assert sorted(added) == sorted([people["alice"], people["bob"]])
    threads = [
        r for r in fake.requests[seen:] if r.method == "POST" and r.path.endswith("/threads")
    ]
    assert len(threads) == 1  # carl, in pairing but not in the cohort, has no group

    stats = await run(fake, "owner", "buddy stats", typed_in=fall)
    assert stats.startswith("fall cohort: Buddy pairing: 2 members joined (0 paused); 1 round")
    scheduled = await run(
        fake,
        "owner",
        "buddy schedule",
        weekday=(STRING, "monday"),
        at=(STRING, "09:00"),
        every=(STRING, f"<#{fall}> every 2 weeks"),
    )
    assert scheduled.startswith("fall cohort: Buddy rounds will run every Monday at 09:00")
    community = await run(fake, "owner", "buddy round")  # typed in #general: everyone
    assert community.startswith("Buddy round 1: 3 members in 1 group")
