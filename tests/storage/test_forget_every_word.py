"""After `/profile forget`, no text column of any table holds the member's id, name or words.

The member uses every feature that stores what members write (profile, intro, a topic
suggestion, a thread reply, a report with a reason, buddy pairing, a message reported and
acted on), then forgets themselves. Every text column of every table in the database (found by
reflecting the schema, so a table added later is searched too) is then searched for their
platform user id, their display name and a marker they wrote. On SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import MetaData, String, func, select
from sqlalchemy.engine import Connection

from bot.settings import Settings
from bot.storage.database import Database
from tests.conftest import START
from tests.console.test_session import say_all
from tests.scheduler.test_exactly_once import process

MEMBER = "zephyrine"  # the console's user id and display name
MARKER = "quokkamarker"
EXERCISED = {
    "members.external_id",
    "members.display_name",
    "member_interests.interest",
    "intros.text",
    "topics.text",
    "mod_flags.reason",
    "mod_flags.excerpt",
    "mod_cases.excerpt",
    "mod_cases.reason",
    "buddy_groups.channel_external_id",
}
"""Where the scenario stores the member's id, name or words before they forget themselves."""


def _hits(connection: Connection, needles: tuple[str, ...]) -> list[str]:
    """Return `table.column: value` for each text value containing a needle (any case)."""
    metadata = MetaData()
    metadata.reflect(connection)
    found = []
    for table in metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, String):
                continue
            for needle in needles:
                query = select(column).where(func.lower(column).contains(needle.lower()))
                found += [
                    f"{table.name}.{column.name}: {value}"
                    for value in connection.execute(query).scalars()
                ]
    return found


async def _search(database: Database, *needles: str) -> list[str]:
    async with database.engine.connect() as connection:
        return await connection.run_sync(_hits, needles)


async def test_forgetting_leaves_no_trace_of_the_members_words(
    settings: Settings, any_database: Database
) -> None:
    async with process(settings, any_database, START) as bot:
        console = bot.console
        await say_all(
            console,
            "@hana is admin",
            "@mia is moderator",
            "@hana: /setup channel modqueue #modqueue",
            "@hana: /setup channel modlog #modlog",
            "@hana: /setup channel intros #intros",
            "@hana: /setup channel hosts #hosts",
            "@hana: /guidelines set Be kind",
            "@hana: /topic add What are you learning?",
            f"@{MEMBER}: /profile timezone Europe/Paris",
            f"@{MEMBER}: /profile interests {MARKER} knitting, chess",
            f"@{MEMBER}: /intro I am {MEMBER} and I love {MARKER}",
            f"@{MEMBER}: /topic suggest Is {MARKER} the best animal?",
            f"@{MEMBER}: hello everyone, {MARKER} here?",
            "@bob: this is spam",
            f"@{MEMBER} reports last from @bob: {MARKER} spam by bob",
            f"@{MEMBER}: you are all {MARKER} idiots",
            f"@carl reports last from @{MEMBER}: rude",
            '@mia presses "Warn"',
            f"@mia: /mod warn @{MEMBER} {MEMBER} was told before: please be kind",
            f"@mia: /mod note @{MEMBER} watch this one",
            f"@{MEMBER}: /buddy join",
            "@bob: /buddy join",
            "@hana: /buddy round",
            f"@{MEMBER}: /nudges off",
        )
        stored = {hit.split(":")[0] for hit in await _search(any_database, MEMBER, MARKER)}
        assert stored >= EXERCISED
        await console.say(f"@{MEMBER}: /profile forget")
        await console.say(f'@{MEMBER} presses "Forget me"')
    assert await _search(any_database, MEMBER, MARKER) == []
