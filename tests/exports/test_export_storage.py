"""The export's two files on both databases, from real rows: each column of a known member, a
forgotten member absent, formula-like names made inert, the window, and a cohort's members."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from adapters.console.session import COMMUNITY, ConsoleSession
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.exports import Audience, ParticipationExport
from bot.settings import Settings
from bot.storage.database import Database
from tests.conftest import START
from tests.exports.support import (
    FORMULA,
    NOTE,
    WEEK_HEADER,
    by_name,
    known_community,
    rows_of,
)

NOW = datetime(2026, 1, 9, 12, 0, tzinfo=UTC)


@pytest.fixture
async def running(settings: Settings, any_database: Database) -> AsyncIterator[ConsoleSession]:
    """A console community on the test's database (SQLite, then PostgreSQL)."""
    clock = VirtualClock(START)
    app: App = build_app(settings, clock, database=any_database.another())
    await app.start()
    console = ConsoleSession(app, clock)
    await console.refresh_timezone()
    await console.attach()
    try:
        yield console
    finally:
        await app.close()


async def exported(
    console: ConsoleSession, days: int, audience: Audience | None = None
) -> ParticipationExport:
    services = console.app.services
    await services.activity.flush()
    community_id = await services.communities.ensure(COMMUNITY)
    return await services.exports.export(community_id, services.clock.now(), days, audience)


async def test_each_column_of_a_known_member_and_who_is_left_out(
    running: ConsoleSession,
) -> None:
    await known_community(running)
    export = await exported(running, 30)
    assert export.members_file.name == "participation-members-2026-01-09.csv"
    assert export.members_file.media_type == "text/csv"
    rows = by_name(export.members_file.content)
    assert rows["ann"] == [
        "ann", "2026-01-05", "2026-01-05", "2", "1", "1", "1", "1", "1", "",
    ]  # fmt: skip
    assert rows["cai"][1:] == ["2026-01-05", "no", "0", "0", "0", "0", "0", "0", "reading"]
    assert rows["dan"][9] == "opted out"
    assert "bob" not in rows  # forgotten
    assert set(rows) == {"ann", "cai", "dan", "hana", "'" + FORMULA, "'@here"}
    assert rows["'" + FORMULA][1] == "2026-01-06"
    assert rows["hana"][1:3] == ["", "no"]  # made admin, never seen joining
    assert export.member_count == 6


async def test_formula_like_cells_are_quoted_text(running: ConsoleSession) -> None:
    await known_community(running)
    content = (await exported(running, 30)).members_file.content.decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://evil.example"",""click"")"' in content
    assert '"\'@here"' in content
    assert "\n=" not in content
    assert '"=' not in content
    assert content.startswith(f'"{NOTE}"\r\n')


async def test_the_weeks_file_counts_each_week_of_the_window(running: ConsoleSession) -> None:
    await known_community(running)
    export = await exported(running, 14)  # 2025-12-27 to 2026-01-09
    rows = rows_of(export.weeks_file.content)
    assert rows[0] == [NOTE]
    assert rows[1] == WEEK_HEADER
    assert rows[2:] == [
        ["2025-12-27", "2025-12-28", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
        ["2025-12-29", "2026-01-04", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
        # ann posted 2 and replied once; ann, cai, dan and the two others joined (bob is
        # forgotten, hana never joined: set as admin); ann's intro; one topic, ann's reply;
        # the office hour; ann and bob met
        ["2026-01-05", "2026-01-09", "1", "2", "1", "5", "1", "1", "1", "1", "1"],
    ]


async def test_the_window_leaves_out_what_came_before_it(running: ConsoleSession) -> None:
    await known_community(running)
    await running.say("time 2026-01-12 09:00")
    export = await exported(running, 1)  # Monday the 12th only
    rows = by_name(export.members_file.content)
    assert rows["ann"][3:9] == ["0", "0", "0", "0", "0", "0"]
    assert rows["ann"][1:3] == ["2026-01-05", "2026-01-05"]  # who they are stays
    (week,) = rows_of(export.weeks_file.content)[2:]
    assert week == ["2026-01-12", "2026-01-12", "0", "0", "0", "0", "0", "0", "0", "0", "0"]


async def test_a_cohorts_export_lists_only_its_members(running: ConsoleSession) -> None:
    await known_community(running)
    await running.say("@hana: /cohort create fall #fall")
    await running.say("@hana: /cohort add fall @ann")
    await running.say("@hana: /cohort add fall @cai")
    services = running.app.services
    community_id = await services.communities.ensure(COMMUNITY)
    (fall,) = await services.cohorts.all(community_id)
    members = await services.cohorts.members(fall, running.platform, COMMUNITY)
    export = await exported(running, 30, Audience(fall.id, fall.name, members))
    assert export.members_file.name == "participation-fall-members-2026-01-09.csv"
    assert set(by_name(export.members_file.content)) == {"ann", "cai"}
    week = rows_of(export.weeks_file.content)[-1]
    # ann's activity; two of the cohort joined, one intro; no topic (nor replies to one) and
    # no session of its own; ann's group met
    assert week[2:] == ["1", "2", "1", "2", "1", "0", "0", "0", "1"]
