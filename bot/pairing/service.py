"""Buddy pairing: members opt in and out, hosts run rounds, groups check in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import Clock
from bot.errors import UserFacingError
from bot.i18n import N_, _, ngettext
from bot.metrics import Metrics
from bot.occurrences import RecordHook
from bot.pairing.checkins import CLOSED as CHECKIN_CLOSED
from bot.pairing.checkins import SENT, Answer, CheckIns, Recorded
from bot.pairing.rounds import (
    DEFAULT_INTERVAL,
    IntroTexts,
    RoundRequest,
    RoundResult,
    RoundRunner,
    no_intros,
)
from bot.platform import Platform
from bot.refs import CommunityRef
from bot.shared.breaks import BreakService
from bot.shared.communities import CommunityService
from bot.shared.schedules import ScheduleService
from bot.storage.database import Database
from bot.storage.models import BuddyGroup, BuddyGroupMember, BuddyOptIn, BuddyRound, Member
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
PAST_SHOWN = 10


@dataclass(frozen=True, slots=True)
class Buddy:
    """Someone a member was grouped with, and in which round."""

    external_id: str
    display_name: str
    round_number: int


@dataclass(frozen=True, slots=True)
class BuddyStatus:
    """A member's pairing status, for `/buddy status`."""

    opted_in: bool
    paused_until: datetime | None
    auto_paused: bool
    current: list[Buddy]
    past: list[Buddy]


@dataclass(frozen=True, slots=True)
class PairingStats:
    """A community's pairing figures, for `/buddy stats`."""

    rounds: int
    groups: int
    checked_in: int
    met: int
    opted_in: int
    paused: int

    @property
    def meeting_rate(self) -> float | None:
        """Return the share of checked-in groups where someone said they met."""
        return None if not self.checked_in else self.met / self.checked_in


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
        intro_texts: IntroTexts = no_intros,
        metrics: Metrics | None = None,
    ) -> None:
        self._database = database
        self._clock = clock
        self._communities = communities
        self._schedules = schedules
        self._breaks = breaks
        self._rounds = RoundRunner(database, clock, topics, intro_texts)
        self.checkins = CheckIns(database, clock, breaks, metrics or Metrics())

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
        return (await self.stats(community_id)).meeting_rate

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
            optin = (
                await connection.execute(
                    select(BuddyOptIn.paused_until, BuddyOptIn.auto_paused_at).where(
                        BuddyOptIn.member_id == member_id
                    )
                )
            ).one_or_none()
            latest = (
                await connection.execute(
                    select(func.max(BuddyRound.number)).where(
                        BuddyRound.community_id == community_id
                    )
                )
            ).scalar_one()
            buddies = await _buddies(connection, member_id)
        now = self._now()
        current = [buddy for buddy in buddies if buddy.round_number == latest]
        past = [buddy for buddy in buddies if buddy.round_number != latest][:PAST_SHOWN]
        paused_until = None if optin is None or not _later(optin[0], now) else optin[0]
        auto = optin is not None and optin[1] is not None
        return BuddyStatus(optin is not None, paused_until, auto, current, past)

    async def run_round(
        self,
        community_id: int,
        platform: Platform,
        community: CommunityRef,
        *,
        schedule_id: int | None = None,
        interval: timedelta | None = None,
        seed: int | None = None,
        done: RecordHook | None = None,
    ) -> RoundResult:
        """Run a round now: group, record, open the private spaces.

        A scheduled round passes its schedule, cadence and the scheduler's `done` hook; a
        round run by hand checks in halfway to the next scheduled round (half a week without
        one) and is refused during a term break.
        """
        zone = await self._communities.timezone(community_id)
        if schedule_id is None:
            await self._refuse_on_break(community_id, zone)
            interval = interval or await self._until_next_round(community_id)
        request = RoundRequest(
            community_id,
            community,
            platform,
            zone,
            interval or DEFAULT_INTERVAL,
            schedule_id,
            seed,
            done,
        )
        return await self._rounds.run(request)

    async def _refuse_on_break(self, community_id: int, zone: str) -> None:
        today = self._now().astimezone(ZoneInfo(zone)).date()
        for span in await self._breaks.list(community_id):
            if span.covers(today):
                raise UserFacingError(
                    _(
                        "The community is on a break ({dates}): no buddy rounds until it ends."
                    ).format(dates=span.describe())
                )

    async def _until_next_round(self, community_id: int) -> timedelta:
        infos = await self._schedules.for_community(community_id, PAIRING_SCHEDULE)
        if not infos:
            return DEFAULT_INTERVAL
        now = self._now()
        return max(infos[0].rule.next_after(now) - now, timedelta(days=1))

    async def answer(
        self, community_id: int, group_id: int, member_id: int, answer: Answer
    ) -> Recorded:
        """Record a member's check-in answer."""
        return await self.checkins.answer(community_id, group_id, member_id, answer)

    async def stats(self, community_id: int) -> PairingStats:
        """Return the community's rounds, groups, meeting rate and opt-ins."""
        met_groups = (
            select(BuddyGroupMember.group_id)
            .where(BuddyGroupMember.answer == Answer.MET.value)
            .distinct()
        )
        now = self._now()
        in_community = BuddyGroup.community_id == community_id
        async with self._database.reading() as connection:

            async def count(query: object) -> int:
                return int((await connection.execute(query)).scalar_one())  # type: ignore[call-overload]

            rounds = await count(
                select(func.count()).where(BuddyRound.community_id == community_id)
            )
            groups = await count(select(func.count()).where(in_community))
            checked = await count(
                select(func.count()).where(
                    in_community, BuddyGroup.checkin.in_([SENT, CHECKIN_CLOSED])
                )
            )
            met = await count(
                select(func.count()).where(
                    in_community,
                    BuddyGroup.checkin.in_([SENT, CHECKIN_CLOSED]),
                    BuddyGroup.id.in_(met_groups),
                )
            )
            opted = await count(select(func.count()).where(BuddyOptIn.community_id == community_id))
            paused = await count(
                select(func.count()).where(
                    BuddyOptIn.community_id == community_id,
                    (BuddyOptIn.auto_paused_at.is_not(None)) | (BuddyOptIn.paused_until > now),
                )
            )
        return PairingStats(rounds, groups, checked, met, opted, paused)

    def _now(self) -> datetime:
        return self._clock.now()


def _later(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and moment > now


async def _buddies(connection: AsyncConnection, member_id: int) -> list[Buddy]:
    mine = BuddyGroupMember.__table__.alias("mine")
    theirs = BuddyGroupMember.__table__.alias("theirs")
    query = (
        select(Member.external_id, Member.display_name, BuddyRound.number)
        .select_from(mine)
        .join(
            theirs,
            (theirs.c.group_id == mine.c.group_id) & (theirs.c.member_id != mine.c.member_id),
        )
        .join(Member, Member.id == theirs.c.member_id)
        .join(BuddyGroup, BuddyGroup.id == mine.c.group_id)
        .join(BuddyRound, BuddyRound.id == BuddyGroup.round_id)
        .where(mine.c.member_id == member_id)
        .order_by(BuddyRound.number.desc(), Member.id)
    )
    rows = (await connection.execute(query)).all()
    return [Buddy(row.external_id, row.display_name, row.number) for row in rows]


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
