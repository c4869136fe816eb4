"""Reminders due in the same minute on Slack: `members` answered Going to one session, and its
"starts in 15 minutes" falls due for all of them at once, sent through the real Slack adapter
(slack-sdk, which waits out each 429) to the fake Slack with Slack's documented rate limits
(`tests/adapters/slack/fake_limits.py`), or none.

Each reminder is a DM: `conversations.open` (Tier 3, about 50 a minute per workspace), once per
member and then remembered (`adapters/slack/opened.py`), and `chat.postMessage` (about one a
second per channel: each DM is a channel of its own). So it matters whether the app wrote to
the member before:
- cold: never (the session's day reminder had passed when it was created): every reminder opens
  its DM first;
- warm: the day reminder, 24 hours earlier, opened each DM (it is sent here with no rate limit to
  save the N/50 minutes it takes at Slack's rate; the measured reminder has the limits).
The figures are how late (wall seconds) the first and the last reminder arrived, how many
arrived, whether anyone got one twice, and the calls Slack refused.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from benchmarks.session_parts.slack_app import create_session, slack_app, until
from bot.clock import VirtualClock
from bot.refs import CommunityRef
from bot.storage.models import Member, SessionAnswer, SessionNotice
from tests.adapters.slack.fake_limits import SlackLimits
from tests.adapters.slack.fake_slack import FakeSlack

START = datetime(2026, 1, 7, 8, 0, tzinfo=UTC)
DAY_REMINDER = "Reminder: Office hour is tomorrow"
REMINDER = "Office hour starts in 15 minutes"
LIMIT_SECONDS = 3 * 3600
TIER_3_BURST = 50
"""conversations.open calls Slack takes at once (a minute's worth) before one every 1.2 s."""


async def measure(path: Path, members: int, *, limited: bool, warm: bool) -> dict[str, Any]:
    """Send `members` reminders due at once (Slack's limits, or none), DMs cold or warm."""
    clock = VirtualClock(START)
    day = "2026-01-08" if warm else "2026-01-07"  # warm: the day reminder still to come
    async with slack_app(path, clock) as (app, fake, driver):
        await create_session(driver, fake, day, "18:00")
        community = await app.services.communities.ensure(
            CommunityRef("slack", fake.workspace.team_id)
        )
        await _going(app.database, fake, community, members)
        if warm:
            await clock.advance_to(datetime(2026, 1, 7, 18, 0, tzinfo=UTC))
            await _arrivals(fake, DAY_REMINDER, members, "every day reminder")
        if limited:
            fake.rate_limits = SlackLimits()
        seen = len(fake.calls)
        began, cpu = time.monotonic(), time.process_time()
        await clock.advance_to(datetime.fromisoformat(f"{day}T17:45:00+00:00"))
        arrivals = await _arrivals(fake, REMINDER, members, "every reminder")
        cpu = time.process_time() - cpu
        opened = sum(1 for c in fake.calls[seen:] if c.method == "conversations.open" and c.ok)
        async with app.database.reading() as connection:
            unsent = await connection.scalar(
                select(func.count()).where(SessionNotice.sent_at.is_(None))
            )
    per_channel = Counter(channel for channel, _at in arrivals)
    refused = fake.rate_limits.refused if fake.rate_limits else Counter()
    last = max(at for _channel, at in arrivals)
    return {
        "members": members,
        "limited": limited,
        "dms_opened_before": warm,
        "arrived": len(arrivals),
        "recipients": len(per_channel),
        "twice": sum(1 for count in per_channel.values() if count > 1),
        "unsent_claims": unsent,
        "first_late_seconds": round(min(at for _channel, at in arrivals) - began, 2),
        "last_late_seconds": round(last - began, 2),
        "cpu_seconds": round(cpu, 2),
        "dms_opened": opened,
        "rate_limited": dict(refused),
    }


async def _arrivals(
    fake: FakeSlack, starting: str, members: int, what: str
) -> list[tuple[str, float]]:
    """Wait until `members` posts starting with `starting` arrived; return (DM, when) of each."""
    seen = 0
    arrivals: list[tuple[str, float]] = []

    def all_arrived() -> bool:  # looks only at the calls new since it last looked
        nonlocal seen
        arrivals.extend(
            (str(call.answer["channel"]), call.at)
            for call in fake.calls[seen:]
            if call.method == "chat.postMessage"
            and call.ok
            and str(call.arguments.get("text", "")).startswith(starting)
        )
        seen = len(fake.calls)
        return len(arrivals) >= members

    await until(fake, all_arrived, LIMIT_SECONDS, what)
    return arrivals


async def _going(database: Any, fake: FakeSlack, community: int, members: int) -> None:
    """Add `members` people to the workspace and insert them as members who answered Going."""
    people = [fake.workspace.add_user(f"m{n}") for n in range(members)]
    rows = [
        {"community_id": community, "external_id": person, "display_name": f"m{n}"}
        for n, person in enumerate(people)
    ]
    async with database.writing() as connection:
        await connection.execute(insert(Member), rows)
        ids = (
            await connection.scalars(
                select(Member.id).where(
                    Member.community_id == community, Member.external_id.in_(people)
                )
            )
        ).all()
        answers = [
            {"session_id": 1, "member_id": one, "answer": "going", "answered_at": START}
            for one in ids
        ]
        await connection.execute(insert(SessionAnswer), answers)


def open_rate_per_minute(cold: dict[str, Any]) -> float:
    """Return the DMs opened a minute beyond Slack's burst, as the cold run measured."""
    beyond = cold["members"] - TIER_3_BURST
    return 60 * beyond / max(cold["last_late_seconds"], 0.01) if beyond > 0 else float("nan")


def minutes_for_first_dms(cold: dict[str, Any], members: int) -> float:
    """Return the minutes `members` reminders to members never DMed before would take, at the
    rate the cold run measured."""
    return (members - TIER_3_BURST) / open_rate_per_minute(cold)
