"""/intro pending typed in a cohort's home lists only its members (console), and the pending query
with a member list on both databases."""

from __future__ import annotations

from datetime import timedelta

from adapters.console.session import ConsoleSession
from bot.clock import VirtualClock
from bot.events import Actor
from bot.intros.service import IntroService
from bot.intros.store import save_intro
from bot.refs import UserRef
from bot.shared.communities import CommunityService
from bot.shared.languages import LanguageService
from bot.shared.members import MemberService
from bot.storage.database import Database
from tests.commands.support import ok, refused, snapshot
from tests.conftest import COMMUNITY, START
from tests.participation.cohort_support import mentioned, two_cohorts


async def test_intro_pending_in_a_cohort_lists_only_its_members(console: ConsoleSession) -> None:
    await two_cohorts(console)
    await console.say("@bob: /intro Hi, I'm Bob and I'm learning statistics.")
    fall = await ok(console, "@hana in #fall: /intro pending")
    assert fall.splitlines()[0] == (
        "fall cohort: 2 members have not introduced themselves yet (oldest first):"
    )
    assert mentioned(fall) == {"@alice", "@carl"}
    spring = await ok(console, "@hana in #spring: /intro pending")
    assert spring.splitlines()[0].startswith("spring cohort: 2 members")
    assert mentioned(spring) == {"@carl", "@dina"}
    everyone = await ok(console, "@hana: /intro pending")
    assert everyone.startswith("4 members have not introduced themselves yet")  # all but bob
    await console.say("@carl: /intro Hello, Carl here.")
    await console.say("@dina: /intro Hello, Dina here.")
    assert await ok(console, "@hana in #spring: /intro pending") == (
        "spring cohort: Everyone who joined has introduced themselves. 🎉"
    )


async def test_a_bad_page_in_a_cohort_changes_nothing(console: ConsoleSession) -> None:
    await two_cohorts(console)
    before = await snapshot(console.app)
    assert "Pages start at 1." in await refused(console, "@hana in #fall: /intro pending 0")
    assert await snapshot(console.app) == before


async def test_pending_intros_of_some_members_on_both_databases(
    any_database: Database, clock: VirtualClock
) -> None:
    communities = CommunityService(any_database, clock, "UTC")
    community_id = await communities.ensure(COMMUNITY)
    members = MemberService(any_database, clock)
    ids = {}
    for offset, name in enumerate(("ann", "ben", "cat", "dan")):
        actor = Actor(UserRef("console", name), name)
        joined = START - timedelta(days=10 - offset)
        ids[name] = await members.record_joined(community_id, actor, joined)
    intros = IntroService(
        any_database, clock, communities=communities, languages=LanguageService(any_database)
    )
    async with any_database.writing() as connection:
        await save_intro(
            connection, ids["ben"], START, {"text": "Hi, I'm Ben.", "updated_at": START}
        )
    some = frozenset({ids["ann"], ids["ben"], ids["dan"]}) | frozenset(range(10**7, 10**7 + 40_000))
    pending, total = await intros.pending(community_id, limit=1, offset=1, members=some)
    assert total == 2
    assert [member.display_name for member in pending] == ["dan"]  # ann first, then dan
    assert await intros.count_pending(community_id, some) == 2
    assert await intros.count_pending(community_id, frozenset()) == 0
    assert await intros.count_pending(community_id) == 3
