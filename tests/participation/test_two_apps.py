"""Two app instances on one database, on one clock: each quiet member is nudged once in all."""

from __future__ import annotations

from collections import Counter

from adapters.console.session import ConsoleSession
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.settings import Settings
from tests.console.test_session import say_all
from tests.participation.test_quiet_console import nudges


async def test_two_apps_sweeping_the_same_moments_nudge_each_member_once(
    console: ConsoleSession, app: App, settings: Settings, clock: VirtualClock
) -> None:
    await say_all(console, "@alice joins", "@bob joins", "@carl joins")
    second = build_app(settings, clock)
    await second.start()
    try:
        other = ConsoleSession(second, clock)
        await other.attach()
        # One clock drives both: their hourly sweeps fall due together and race for each claim.
        records = await console.say("time +20d")
    finally:
        await second.close()
    sent = Counter(str(r.to) for r in nudges(records))
    sent += Counter(
        f"@{m.channel_id.removeprefix('dm:')}"
        for m in other.world.messages.values()
        if m.buttons and m.channel_id.startswith("dm:")
    )
    assert sent == {"@alice": 1, "@bob": 1, "@carl": 1}
