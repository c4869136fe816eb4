"""Two cohorts in the console, and cohort topic posts written as the cohort topic job records them.

The console clock starts on Monday 2026-01-05 08:00 UTC. `fall` (home #fall) has alice, bob and
carl; `spring` (home #spring) has carl and dina: carl is in both. Hana is the admin; #hosts is the
hosts channel.
"""

from __future__ import annotations

import re

from sqlalchemy import update

from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from bot.storage.models import TopicPost
from tests.commands.support import community_id, ok
from tests.console.test_session import say_all


async def two_cohorts(console: ConsoleSession) -> None:
    """Set up the community, the two cohorts and their members."""
    await say_all(
        console,
        "@hana is admin",
        "@hana: /setup channel hosts #hosts",
        "@alice joins",
        "@bob joins",
        "@carl joins",
        "@dina joins",
        "@erin joins",  # in no cohort
    )
    await ok(console, "@hana: /cohort create fall #fall")
    await ok(console, "@hana: /cohort create spring #spring")
    for cohort, name in (
        ("fall", "alice"),
        ("fall", "bob"),
        ("fall", "carl"),
        ("spring", "carl"),
        ("spring", "dina"),
    ):
        await ok(console, f"@hana: /cohort add {cohort} @{name}")


async def cohort_id(console: ConsoleSession, name: str) -> int:
    """Return the id of the cohort called `name`."""
    app = console.app
    return (await app.services.cohorts.find(await community_id(app), name)).id


async def cohort_post(console: ConsoleSession, cohort: str, text: str, week: int | None) -> str:
    """Post a topic in the cohort's home and record it as the cohort's post of `week`.

    The cohort topic job records `cohort_id` and `week` itself; here the post goes through
    `/topic post` and its row gets them as that job writes them. Returns the post's id.
    """
    await ok(console, f"@hana: /topic add {text}")
    records = await console.say(f"@hana: /topic post #{cohort}")
    (post,) = [r for r in records if r.kind == "post" and r.to == f"#{cohort}"]
    assert post.id is not None
    async with console.app.database.writing() as connection:
        changed = await connection.execute(
            update(TopicPost)
            .where(TopicPost.message_external_id == post.id)
            .values(cohort_id=await cohort_id(console, cohort), week=week)
        )
        assert changed.rowcount == 1
    return post.id


def text_of(records: list[Record]) -> str:
    """Return the bot's last answer's text."""
    return records[-1].text or ""


def mentioned(text: str) -> set[str]:
    """Return the members a listing names (`@name`)."""
    return set(re.findall(r"@\w+", text))
