"""`/topic edit` on Discord through the real discord.py: the answer, and no ping in it."""

from __future__ import annotations

from adapters.discord.client import CohortClient
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import answer_to

INTEGER, STRING = 4, 3


async def test_a_host_edits_a_topic_and_a_member_is_refused(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    added = await fake.slash_command(
        "owner", "topic add", [{"type": STRING, "name": "text", "value": "Tabs or spaces?"}]
    )
    assert "Added topic 1" in (await answer_to(fake, added))["data"]["content"]
    options = [
        {"type": INTEGER, "name": "topic", "value": 1},
        {"type": STRING, "name": "text", "value": "Tabs, spaces or @everyone <@&9>?"},
    ]

    edited = await answer_to(fake, await fake.slash_command("owner", "topic edit", options))
    refused = await answer_to(fake, await fake.slash_command("alice", "topic edit", options))

    assert edited["data"]["content"] == (
        "Topic 1 now reads: Tabs, spaces or @everyone <@&9>? (it read: Tabs or spaces?)"
    )
    assert edited["data"]["allowed_mentions"]["parse"] == []
    assert not edited["data"]["allowed_mentions"].get("roles")
    assert "needs the host level" in refused["data"]["content"]
    assert refused["data"]["flags"] & 64, "a refusal is private"
