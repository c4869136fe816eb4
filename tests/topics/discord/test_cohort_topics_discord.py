"""Cohort topics on the real discord.py against a fake Discord: native integer options with
autocomplete, a command typed in a cohort's home applies to it, week 0 refused privately, and a
scheduled cohort post says its week."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from adapters.discord.client import CohortClient
from bot.clock import VirtualClock
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import answer_to

STRING, INTEGER, CHANNEL = 3, 4, 7
EPHEMERAL = 64


async def run(
    fake: FakeDiscord, path: str, *, channel_id: str | None = None, **options: Any
) -> dict[str, Any]:
    """Run a slash command typed by the owner (in `channel_id`); return the answer's data."""
    values = [
        {"type": kind, "name": name, "value": value} for name, (kind, value) in options.items()
    ]
    extra = {"channel_id": channel_id} if channel_id else {}
    interaction = await fake.slash_command("owner", path, values, **extra)
    return dict((await answer_to(fake, interaction))["data"])


async def fall_cohort(fake: FakeDiscord) -> str:
    """Create #fall and the cohort fall at home there, with a 4-week term; return its id."""
    fall = fake.guild.add_channel("fall")
    await fake.dispatch("CHANNEL_CREATE", fake.guild.channels[fall])
    await run(fake, "cohort create", name=(STRING, "fall"), channel=(CHANNEL, fall))
    term = await run(
        fake,
        "cohort term",
        name=(STRING, "fall"),
        starts=(STRING, "2026-01-05"),
        weeks=(INTEGER, 4),
    )
    assert "4 weeks" in term["content"]
    return fall


async def test_pin_has_native_integer_options_and_topics_autocomplete_by_bank(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    (topic,) = [body for body in fake.guild.commands["global"] if body["name"] == "topic"]
    subcommands = {option["name"]: option for option in topic["options"]}
    assert {"pin", "unpin", "plan"} <= set(subcommands)
    pin = {option["name"]: option for option in subcommands["pin"]["options"]}
    assert pin["topic"]["type"] == INTEGER
    assert pin["topic"]["autocomplete"] is True
    assert pin["week"]["type"] == INTEGER
    fall = await fall_cohort(fake)
    await run(fake, "topic add", text=(STRING, "Community prompt"))
    added = await run(fake, "topic add", channel_id=fall, text=(STRING, "Fall prompt"))
    assert added["content"] == "fall cohort: Added topic 2: Fall prompt"
    focused = [{"type": INTEGER, "name": "topic", "value": "prompt", "focused": True}]
    body = await answer_to(fake, await fake.autocomplete("owner", "topic pin", focused))
    assert body["data"]["choices"] == [
        {"name": "1. Community prompt", "value": 1},
        {"name": "2. Fall prompt (fall cohort)", "value": 2},
    ]


async def test_week_zero_is_refused_privately_and_a_scheduled_post_says_its_week(
    bot: CohortClient, fake: FakeDiscord, clock: VirtualClock
) -> None:
    fall = await fall_cohort(fake)
    await run(fake, "topic add", channel_id=fall, text=(STRING, "Loose"))
    await run(fake, "topic add", channel_id=fall, text=(STRING, "week 1: Welcome week"))
    refused = await run(fake, "topic pin", channel_id=fall, topic=(INTEGER, 1), week=(INTEGER, 0))
    assert refused["content"] == (
        "fall cohort: There is no week 0: the term has 4 weeks, from 1 to 4."
    )
    assert refused["flags"] & EPHEMERAL
    scheduled = await run(
        fake,
        "topic schedule",
        channel=(CHANNEL, fall),
        weekday=(STRING, "mon"),
        at=(STRING, "09:00"),
    )
    assert scheduled["content"].startswith(
        f"fall cohort: Topics will be posted in <#{fall}> every Monday at 09:00"
    )
    seen = len(fake.requests)
    await clock.advance_to(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    posted = await fake.wait_for_request("POST", rf"/channels/{fall}/messages", after=seen)
    assert posted.json["content"] == "Week 1\n💬 Discussion topic: Welcome week"
    plan = await run(fake, "topic plan", channel_id=fall)
    assert plan["content"].startswith("fall cohort: Term plan: 4 weeks from 2026-01-05")
    assert plan["flags"] & EPHEMERAL
