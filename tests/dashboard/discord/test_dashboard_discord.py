"""/dashboard on Discord through the real discord.py: the link comes privately with embeds
suppressed, a member is refused, and the link signs the admin in (their level read through
Discord's own view of them)."""

from __future__ import annotations

import re

from adapters.discord.client import CohortClient
from adapters.discord.render import SUPPRESS_EMBEDS
from bot.app import App
from tests.adapters.discord.fake_server import EPHEMERAL, FakeDiscord
from tests.adapters.discord.test_end_to_end import answer_to
from tests.dashboard.support import LINK, Browser, served


async def _dashboard(fake: FakeDiscord, who: str) -> dict[str, object]:
    interaction = await fake.slash_command(who, "dashboard", [])
    return dict((await answer_to(fake, interaction))["data"])


async def test_the_link_is_private_unfurled_nowhere_and_signs_in(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    async with served(app, None) as dashboard:
        answer = await _dashboard(fake, "owner")
        assert isinstance(answer["flags"], int)
        assert answer["flags"] & EPHEMERAL
        assert answer["flags"] & SUPPRESS_EMBEDS
        found = LINK.search(str(answer["content"]))
        assert found is not None
        assert found.group(1).startswith(f"{dashboard.url}/dashboard/signin/")
        browser = Browser(dashboard)
        try:
            overview = await browser.sign_in("owner", found.group(1))
        finally:
            await browser.close()
        assert re.search(r"<h1>.*health", overview)


async def test_a_member_is_refused_privately(bot: CohortClient, fake: FakeDiscord) -> None:
    answer = await _dashboard(fake, "alice")
    assert isinstance(answer["flags"], int)
    assert answer["flags"] & EPHEMERAL
    assert "/signin/" not in str(answer["content"])
    assert "host" in str(answer["content"])
