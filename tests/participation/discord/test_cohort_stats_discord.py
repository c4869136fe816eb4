"""/stats for a cohort through the real discord.py against the fake Discord: typed in the cohort's
home channel, or naming it with the native channel option; answered privately, naming it."""

from __future__ import annotations

from typing import Any

from adapters.discord.client import CohortClient
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import answer_to

STRING, CHANNEL = 3, 7


async def run(fake: FakeDiscord, path: str, *, where: str | None = None, **options: Any) -> Any:
    """Run a slash command typed by the owner (in `where`); return the answer's data."""
    values = [
        {"type": kind, "name": name, "value": value} for name, (kind, value) in options.items()
    ]
    extra = {} if where is None else {"channel_id": where}
    interaction = await fake.slash_command("owner", path, values, **extra)
    return (await answer_to(fake, interaction))["data"]


async def channel(fake: FakeDiscord, name: str) -> str:
    """Add a text channel, told to the client as Discord would; return its id."""
    made = fake.guild.add_channel(name)
    await fake.dispatch("CHANNEL_CREATE", fake.guild.channels[made])
    return made


async def test_stats_in_a_cohorts_home_and_its_digest_named_from_the_hosts_channel(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    fall, hosts = await channel(fake, "fall"), await channel(fake, "hosts")
    await run(fake, "cohort create", name=(STRING, "fall"), channel=(CHANNEL, fall))
    await run(fake, "setup channel", purpose=(STRING, "hosts"), channel=(CHANNEL, hosts))
    shown = await run(fake, "stats show", where=fall)
    assert shown["content"].startswith("fall cohort: 📊 Cohort health")
    assert "(of 0)" in shown["content"]  # nobody listed in fall yet
    assert shown["flags"] & 64  # private
    digest = await run(
        fake,
        "stats digest",
        where=hosts,
        weekday=(STRING, "monday"),
        at=(STRING, "09:00"),
        channel=(CHANNEL, fall),
    )
    assert digest["content"].startswith(
        f"fall cohort: The participation digest will be posted in <#{hosts}> every Monday"
    )
    assert digest["flags"] & 64
