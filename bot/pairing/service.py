"""Buddy pairing: members opt in and out, hosts run rounds, groups check in."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update

from bot.clock import Clock
from bot.cohorts.scope import Scope
from bot.cohorts.service import CohortService
from bot.errors import NotFoundError, UserFacingError
from bot.i18n import N_, _, ngettext
from bot.metrics import Metrics
from bot.occurrences import RecordHook
from bot.pairing.checkins import Answer, CheckIns, Recorded
from bot.pairing.figures import PairingStats, StatsScope, read_meeting_rate, read_stats
from bot.pairing.rounds import (
    DEFAULT_INTERVAL,
    IntroTexts,
    RoundRequest,
    RoundResult,
    RoundRunner,
    no_intros,
)
from bot.pairing.status import Buddy, BuddyStatus, read_status
from bot.platform import Platform
from bot.refs import CommunityRef
from bot.shared.breaks import BreakService
from bot.shared.budgets import SendBudget
from bot.shared.communities import CommunityService
from bot.shared.languages import LanguageService
from bot.shared.schedules import ScheduleInfo, ScheduleService
from bot.storage.database import Database
from bot.storage.models import BuddyOptIn
from bot.topics.service import TopicService

PAIRING_SCHEDULE = "pairing"
"""The schedule kind whose occurrences run a round."""
PAIRING_CHANNEL = "community"
"""Pairing schedules belong to the community, not a channel: one per community."""
CHECKIN_SWEEP = "buddy-checkins"
CHECKIN_SWEEP_INTERVAL = timedelta(hours=1)
"""How often due check-ins are sent and ended ones closed."""
MAX_PAUSE_WEEKS = 52
JoinOutcome = Literal["joined", "resumed", "already"]


JOIN_ANSWERS: dict[JoinOutcome, str] = {
    "already": N_("You're already in buddy pairing. /buddy status shows your buddies."),
    "resumed": N_("Welcome back: you're in the next buddy round."),
    "joined": N_(
        "You're in! Each round you'll get a private conversation with your buddy (or two). "
        "Pause with /buddy pause <weeks>, leave with /buddy leave."
    ),
}
"""What a member is told when they join (`/buddy join`, or a quiet-member nudge's button)."""


class PairingService:
    """Opt-ins, rounds, check-ins and statistics of buddy pairing."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        *,
        communities: CommunityService,
        schedules: ScheduleService,
        breaks: BreakService,
        topics: TopicService,
        cohorts: CohortService | None = None,
        intro_texts: IntroTexts = no_intros,
        metrics: Metrics | None = None,
        budget: SendBudget | None = None,
        languages: LanguageService,
    ) -> None:
        """`budget`: the shared budget of direct messages check-ins take turns from;
        `languages`: the community's and each member's, for what check-ins send."""
        self._database = database
        self._cohorts = cohorts or CohortService(database, clock, communities, breaks, schedules)
        self._clock = clock
        self._communities = communities
        self._schedules = schedules
        self._breaks = breaks
        self._rounds = RoundRunner(database, clock, topics, intro_texts)
        self.checkins = CheckIns(
            database, clock, breaks, metrics or Metrics(), budget, languages=languages
        )

    async def join(self, community_id: int, member_id: int) -> JoinOutcome:
        """Opt in, or resume after a pause."""
        async with self._database.session() as session, session.begin():
            optin = (
                await session.execute(select(BuddyOptIn).where(BuddyOptIn.member_id == member_id))
            ).scalar_one_or_none()
            if optin is None:
                session.add(
                    BuddyOptIn(
                        community_id=community_id, member_id=member_id, joined_at=self._now()
                    )
                )
                return "joined"
            paused = optin.auto_paused_at is not None or _later(optin.paused_until, self._now())
            optin.paused_until, optin.auto_paused_at, optin.ignored_checkins = None, None, 0
            return "resumed" if paused else "already"

    async def join_and_describe(self, community_id: int, member_id: int) -> str:
        """Opt in (or resume); return what to tell the member."""
        return _(JOIN_ANSWERS[await self.join(community_id, member_id)])

    async def meeting_rate(self, community_id: int) -> float | None:
        """Return the share of checked-in groups that met (None before any check-in)."""
        async with self._database.reading() as connection:
            return await read_meeting_rate(connection, community_id)

    async def leave(self, member_id: int) -> bool:
        """Opt out; return whether the member was in."""
        async with self._database.session() as session, session.begin():
            removed = await session.execute(
                delete(BuddyOptIn).where(BuddyOptIn.member_id == member_id).returning(BuddyOptIn.id)
            )
            return removed.first() is not None

    async def pause(self, member_id: int, weeks: int) -> datetime:
        """Leave the member out of rounds for `weeks` weeks; return until when."""
        if not 1 <= weeks <= MAX_PAUSE_WEEKS:
            raise UserFacingError(
                ngettext(
                    "Pause for 1 to {count} week, like: /buddy pause 2",
                    "Pause for 1 to {count} weeks, like: /buddy pause 2",
                    MAX_PAUSE_WEEKS,
                ).format(count=MAX_PAUSE_WEEKS)
            )
        until = self._now() + timedelta(weeks=weeks)
        async with self._database.session() as session, session.begin():
            paused = await session.execute(
                update(BuddyOptIn)
                .where(BuddyOptIn.member_id == member_id)
                .values(paused_until=until)
                .returning(BuddyOptIn.id)
            )
            if paused.first() is None:
                raise UserFacingError(_("You haven't joined buddy pairing; join with /buddy join."))
        return until

    async def status(self, community_id: int, member_id: int) -> BuddyStatus:
        """Return whether the member takes part, and their current and past buddies."""
        async with self._database.reading() as connection:
            return await read_status(connection, community_id, member_id, self._now())

    async def scope_of_schedule(self, info: ScheduleInfo) -> Scope:
        """Return the scope a pairing schedule runs in: its cohort's, or the community's."""
        if info.cohort_id is None:
            return Scope(info.community_id)
        cohort = await self._cohorts.get(info.cohort_id)
        if cohort is None:
            raise NotFoundError(_("The cohort of this buddy schedule no longer exists."))
        return Scope(info.community_id, cohort)

    async def run_round(
        self,
        community_id: int,
        platform: Platform,
        community: CommunityRef,
        *,
        scope: Scope | None = None,
        schedule_id: int | None = None,
        interval: timedelta | None = None,
        seed: int | None = None,
        done: RecordHook | None = None,
    ) -> RoundResult:
        """Run a round now: group, record, open the private spaces.

        `scope` with a cohort pairs only the cohort's members, with its own numbers and
        history. A scheduled round passes its schedule, cadence and the scheduler's `done`
        hook; a round run by hand checks in halfway to the scope's next scheduled round (half
        a week without one) and is refused during a term break.
        """
        scope = scope or Scope(community_id)
        zone = await self._communities.timezone(community_id)
        if schedule_id is None:
            await self._refuse_on_break(scope, zone)
            interval = interval or await self._until_next_round(scope)
        among = None
        if scope.cohort is not None:
            among = await self._cohorts.members(scope.cohort, platform, community)
        request = RoundRequest(
            community_id,
            community,
            platform,
            zone,
            interval or DEFAULT_INTERVAL,
            schedule_id,
            seed,
            done,
            scope,
            among,
        )
        return await self._rounds.run(request)

    async def _refuse_on_break(self, scope: Scope, zone: str) -> None:
        today = self._now().astimezone(ZoneInfo(zone)).date()
        for span in await self._breaks.list(scope.community_id):
            if span.covers(today):
                on_break = _(
                    "The community is on a break ({dates}): no buddy rounds until it ends."
                ).format(dates=span.describe())
                raise UserFacingError(scope.says(on_break))

    async def _until_next_round(self, scope: Scope) -> timedelta:
        infos = await self._schedules.for_scope(
            scope.community_id, scope.cohort_id, PAIRING_SCHEDULE
        )
        if not infos:
            return DEFAULT_INTERVAL
        now = self._now()
        return max(infos[0].rule.next_after(now) - now, timedelta(days=1))

    async def answer(
        self, community_id: int, group_id: int, member_id: int, answer: Answer
    ) -> Recorded:
        """Record a member's check-in answer."""
        return await self.checkins.answer(community_id, group_id, member_id, answer)

    async def stats(
        self, community_id: int, scope: Scope | None = None, members: frozenset[int] | None = None
    ) -> PairingStats:
        """Return the rounds, groups, meeting rate and opt-ins of the community (every round
        held in it), or of a cohort's scope (its rounds; the opt-ins among its `members`)."""
        cohort_id = None if scope is None else scope.cohort_id
        async with self._database.reading() as connection:
            return await read_stats(
                connection, StatsScope(community_id, cohort_id, members), self._now()
            )

    async def cohort_members(
        self, scope: Scope, platform: Platform, community: CommunityRef
    ) -> frozenset[int] | None:
        """Return the member ids of the scope's cohort, or None for the whole community."""
        if scope.cohort is None:
            return None
        return await self._cohorts.member_ids(scope.cohort, platform, community)

    def _now(self) -> datetime:
        return self._clock.now()


def _later(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and moment > now


__all__ = [
    "CHECKIN_SWEEP",
    "CHECKIN_SWEEP_INTERVAL",
    "PAIRING_CHANNEL",
    "PAIRING_SCHEDULE",
    "Answer",
    "Buddy",
    "BuddyStatus",
    "PairingService",
    "PairingStats",
    "RoundResult",
]
