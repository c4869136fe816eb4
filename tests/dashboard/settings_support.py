"""Helpers for the Settings page's tests: post a form and follow its redirect, read what chat
answers, and read the set-up straight from the database."""

from __future__ import annotations

import html

from sqlalchemy import select

from bot.storage.models import ChannelAssignment, Community, Member
from tests.dashboard.support import Browser, Served
from tests.dashboard.topics_support import notice

PAGE = "/dashboard/settings"


async def post(browser: Browser, csrf: str, **form: str) -> tuple[int, str]:
    """POST a form to the page; after a 303, follow it. Return the status and the shown page."""
    status, body, headers = await browser.post(PAGE, {"csrf": csrf, **form})
    if status == 303:
        location = headers["Location"]
        assert location.startswith(PAGE), location
        followed, body, _ = await browser.get(location)
        assert followed == 200
    return status, body


def said(body: str) -> str:
    """Return the page's notice text (unescaped); fail if it shows none."""
    found = notice(body)
    assert found is not None, body
    return found[1]


async def chat(served: Served, line: str) -> str:
    """Say `line` in the console; return every text of the answer, unescaped, joined."""
    assert served.console is not None
    records = await served.console.say(line)
    return html.unescape("\n".join(record.text or "" for record in records))


async def snapshot(served: Served) -> tuple[object, ...]:
    """Return the whole set-up, the guidelines, breaks and welcome included, to compare."""
    services = served.app.services
    async with served.app.database.reading() as connection:
        community_id, zone = (
            await connection.execute(select(Community.id, Community.timezone))
        ).one()
        channels = await connection.execute(
            select(ChannelAssignment.purpose, ChannelAssignment.channel_external_id)
        )
        overrides = await connection.execute(
            select(Member.external_id, Member.level_override).order_by(Member.external_id)
        )
        stored = (zone, tuple(sorted(channels)), tuple(overrides))
    return (
        *stored,
        tuple(await services.guidelines.rules(community_id)),
        tuple(await services.breaks.list(community_id)),
        await services.welcomes.setup(community_id),
    )
