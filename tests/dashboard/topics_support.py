"""A console community with a cohort, a term, a schedule, banks and a pending suggestion, for
the Topics page's tests; and readers of the page and the database."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from bot.storage.models import Cohort, Topic
from tests.dashboard.support import Served

SETUP = (
    "@ada: /setup channel hosts #hosts",
    "@hana: /cohort create fall #fall",
    "@hana: /cohort term fall 2026-01-05 6",
    "@hana in #fall: /topic schedule #fall thu 09:00",
    "@hana: /topic add Community question",
    "@hana in #fall: /topic add What surprised you?",
    "@hana in #fall: /topic add Which tool helps?",
    "@bob in #fall: /topic suggest Favourite <b>tools</b>?",
)
NOTICE = re.compile(r'<div class="notice[^"]*" role="(status|alert)">(.*?)</div>', re.DOTALL)


async def set_up_banks(served: Served) -> None:
    """Give the console community the cohort, its term and schedule, topics and a suggestion."""
    assert served.console is not None
    for line in SETUP:
        records = await served.console.say(line)
        assert not any(record.error for record in records), (line, records)


async def topics(served: Served) -> dict[str, tuple[int, str, int | None, int | None]]:
    """Return every topic by its text: id, status, cohort id and week."""
    async with served.app.database.reading() as connection:
        rows = await connection.execute(
            select(Topic.text, Topic.id, Topic.status, Topic.cohort_id, Topic.week)
        )
        return {row[0]: tuple(row[1:]) for row in rows}  # type: ignore[misc]


async def cohort_id(served: Served, name: str = "fall") -> int:
    """Return the cohort's row id."""
    async with served.app.database.reading() as connection:
        found = await connection.execute(select(Cohort.id).where(Cohort.name == name))
        return int(found.scalar_one())


def notice(body: str) -> tuple[str, str] | None:
    """Return the page's notice (its role and text, unescaped), if it shows one."""
    found = NOTICE.search(body)
    return None if found is None else (found.group(1), html.unescape(found.group(2)))
