"""`/stats` on Discord through the real discord.py and the fake: the private answer's text
first, then the chart attached to a private follow-up."""

from __future__ import annotations

from adapters.discord.client import CohortClient
from tests.adapters.discord.fake_server import EPHEMERAL, FakeDiscord
from tests.adapters.discord.test_end_to_end import answer_to


async def test_stats_answers_privately_with_the_chart_attached(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    interaction = await fake.slash_command("owner", "stats show", [])
    answer = await answer_to(fake, interaction)
    assert answer["data"]["content"].startswith("📊 Community health")
    assert answer["data"]["flags"] & EPHEMERAL
    follow_up = await fake.wait_for_request("POST", r"/webhooks/[0-9]+/[^/]+")
    assert list(follow_up.files) == ["participation.png"]
    assert follow_up.files["participation.png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert follow_up.json["flags"] & EPHEMERAL
    assert follow_up.json["content"].startswith("📈 The chart in words:")
    assert follow_up.answer["attachments"][0]["filename"] == "participation.png"
    assert not any(r.files for r in fake.requests if r.path.startswith("/channels/"))
