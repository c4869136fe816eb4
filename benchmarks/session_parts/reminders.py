"""Reminders due in the same minute: `members` answered Going to one session, and its
"starts in 15 minutes" falls due for all of them at once.

The members and their answers are inserted in bulk; the session is created through
`/session create` on the fake Discord, whose global limit answers 429 beyond Discord's 50
requests a second (each DM is two requests: open the DM channel, post). The virtual clock
reaches the moment; the figures are how late (wall seconds) the first and the last reminder
arrived, how many arrived, whether anyone got one twice, and how many requests Discord refused.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from benchmarks.session_parts.discord_app import discord_app, post_card, until
from bot.clock import VirtualClock
from bot.refs import CommunityRef
from bot.storage.models import Member, SessionAnswer, SessionNotice
from tests.adapters.discord.fake_server import FakeDiscord

START = datetime(2026, 1, 7, 8, 0, tzinfo=UTC)  # the day's reminder is long past
DUE = datetime(2026, 1, 7, 17, 45, tzinfo=UTC)  # "starts in 15 minutes"
REMINDER = "Office hour starts in 15 minutes"


async def measure(path: Path, members: int, *, limited: bool) -> dict[str, Any]:
    """Send `members` reminders due at once (with Discord's global limit, or none)."""
    clock = VirtualClock(START)
    async with discord_app(path, clock) as (app, fake):
        if not limited:
            fake.global_limit.per_second = None
        await post_card(fake, "2026-01-07", "18:00")
        community = await app.services.communities.ensure(CommunityRef("discord", fake.guild.id))
        await _going(app.database, community, members)
        seen = len(fake.requests)
        arrivals: list[tuple[str, float]] = []

        def all_arrived() -> bool:  # looks only at the requests new since it last looked
            nonlocal seen
            arrivals.extend(_reminders(fake, seen))
            seen = len(fake.requests)
            return len(arrivals) >= members

        began = time.monotonic()
        await clock.advance_to(DUE)
        last = await until(fake, all_arrived, 1800, "every reminder")
        async with app.database.reading() as connection:
            unsent = await connection.scalar(
                select(func.count()).where(SessionNotice.sent_at.is_(None))
            )
    per_user = Counter(user for user, _at in arrivals)
    return {
        "members": members,
        "rate_limit_per_second": 50 if limited else None,
        "arrived": len(arrivals),
        "recipients": len(per_user),
        "twice": sum(1 for count in per_user.values() if count > 1),
        "unsent_claims": unsent,
        "first_late_seconds": round(min(at for _user, at in arrivals) - began, 2),
        "last_late_seconds": round(last - began, 2),
        "rate_limited": fake.global_limit.refusals,
    }


async def _going(database: Any, community: int, members: int) -> None:
    """Insert `members` members who answered Going to session 1."""
    now = START
    rows = [
        {"community_id": community, "external_id": str(10**17 + n), "display_name": f"m{n}"}
        for n in range(members)
    ]
    async with database.writing() as connection:
        await connection.execute(insert(Member), rows)
        ids = (
            await connection.scalars(
                select(Member.id).where(
                    Member.community_id == community, Member.display_name.like("m%")
                )
            )
        ).all()
        answers = [
            {"session_id": 1, "member_id": one, "answer": "going", "answered_at": now}
            for one in ids
        ]
        await connection.execute(insert(SessionAnswer), answers)


def _reminders(fake: FakeDiscord, after: int) -> list[tuple[str, float]]:
    """Return (DM channel, arrival) of every reminder the fake stored."""
    return [
        (r.path.split("/")[2], r.at)
        for r in fake.requests[after:]
        if r.method == "POST"
        and r.status == 200
        and isinstance(r.json, dict)
        and str(r.json.get("content", "")).startswith(REMINDER)
    ]
