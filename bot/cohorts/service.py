"""The cohort registry: named groups of members, their home channels and their terms.

A community with no cohorts works exactly as before. A command typed in a cohort's home channel
(or a thread under it) applies to that cohort: `for_channel` says which; elsewhere it applies to
the whole community.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError

from bot.clock import Clock
from bot.cohorts import store
from bot.cohorts.roster import Roster, read_roster
from bot.errors import NotFoundError, UserFacingError
from bot.i18n import _, formats, ngettext
from bot.platform import Platform
from bot.refs import CommunityRef
from bot.shared.breaks import BreakService
from bot.shared.communities import CommunityService
from bot.shared.schedules import ScheduleService
from bot.shared.terms import MAX_WEEKS, MIN_WEEKS, Term, WeekOf, last_day, week_of
from bot.storage.database import Database
from bot.storage.id_lists import IdQuery, Ids
from bot.storage.models import Cohort

NAME = re.compile(r"[A-Za-z0-9-]{1,32}")
"""A cohort's name: letters, digits and dashes, at most 32 of them."""


@dataclass(frozen=True, slots=True)
class CohortInfo:
    """A cohort as the commands see it."""

    id: int
    community_id: int
    name: str
    home_channel: str
    term: Term | None
    followed: bool
    archived_at: datetime | None

    @property
    def archived(self) -> bool:
        """Return whether the cohort has ended."""
        return self.archived_at is not None


def _info(row: store.CohortRow) -> CohortInfo:
    start, weeks = row.term_start, row.term_weeks
    term = Term(start, weeks) if start is not None and weeks is not None else None
    return CohortInfo(
        row.id,
        row.community_id,
        row.name,
        row.home_channel_external_id,
        term,
        row.followed,
        row.archived_at,
    )


def checked_name(name: str) -> str:
    """Return the name if it is letters, digits and dashes; refuse it otherwise."""
    if NAME.fullmatch(name) is None:
        raise UserFacingError(
            _(
                "A cohort's name is letters, digits and dashes, at most 32 of them, like {example}."
            ).format(example="spring-2027")
        )
    return name


class CohortService:
    """Keeps the registry; says which cohort a channel is home to and what week a cohort is in."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        communities: CommunityService,
        breaks: BreakService,
        schedules: ScheduleService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._communities = communities
        self._breaks = breaks
        self._schedules = schedules

    async def create(self, community_id: int, name: str, channel_id: str) -> CohortInfo:
        """Add a cohort at home in `channel_id`; refuse a taken name or an occupied home."""
        checked_name(name)
        try:
            async with self._database.session() as session, session.begin():
                await store.lock_community(session, community_id)
                if (same := await store.by_name(session, community_id, name)) is not None:
                    raise _duplicate(same.name)
                home = await store.active_at_home(session, community_id, channel_id)
                if home is not None:
                    raise UserFacingError(
                        _("That channel is already the home of the cohort {name}.").format(
                            name=home.name
                        )
                    )
                store.add_cohort(session, community_id, name, channel_id, self._clock.now())
        except IntegrityError:
            raise _duplicate(name) from None
        return await self.find(community_id, name)

    async def find(self, community_id: int, name: str) -> CohortInfo:
        """Return the cohort of this name (archived or not), regardless of case."""
        async with self._database.reading() as connection:
            row = await store.by_name(connection, community_id, name)
        if row is None:
            raise NotFoundError(
                _("There is no cohort named {name}. See them with /cohort list.").format(name=name)
            )
        return _info(row)

    async def find_active(self, community_id: int, name: str) -> CohortInfo:
        """Return the cohort of this name; refuse an archived one."""
        cohort = await self.find(community_id, name)
        if cohort.archived:
            raise UserFacingError(
                _("The cohort {name} is archived: it can no longer change.").format(
                    name=cohort.name
                )
            )
        return cohort

    async def all(self, community_id: int) -> list[CohortInfo]:
        """Return every cohort of the community, active first, then by name."""
        async with self._database.reading() as connection:
            return [_info(row) for row in await store.all_cohorts(connection, community_id)]

    async def of_member(
        self, community_id: int, member_id: int, role_ids: frozenset[str]
    ) -> list[CohortInfo]:
        """Return the active cohorts a member belongs to, their own role ids read as given."""
        async with self._database.reading() as connection:
            rows = await store.cohorts_of(connection, community_id, member_id, sorted(role_ids))
        return [_info(row) for row in rows]

    async def for_channel(
        self, community_id: int, channel_id: str, *, archived: bool = False
    ) -> CohortInfo | None:
        """Return the active cohort whose home is this channel: the one a command applies to.

        With `archived`, a channel whose cohorts have all ended answers with the last of them
        (its figures stay readable in `/stats`)."""
        async with self._database.reading() as connection:
            if archived:
                row = await store.latest_at_home(connection, community_id, channel_id)
            else:
                row = await store.active_at_home(connection, community_id, channel_id)
        return None if row is None else _info(row)

    async def get(self, cohort_id: int) -> CohortInfo | None:
        """Return the cohort with this id (archived or not), or None."""
        async with self._database.reading() as connection:
            row = await store.by_id(connection, cohort_id)
        return None if row is None else _info(row)

    async def member_ids(
        self, cohort: CohortInfo, platform: Platform, community: CommunityRef
    ) -> frozenset[int]:
        """Return the member row ids of everyone in the cohort now (role holders Cohort has
        never seen have no row, and nothing to count yet)."""
        async with self._database.reading() as connection:
            if not await store.has_roles(connection, cohort.id):  # no look-up, one query
                return frozenset(await store.member_ids(connection, cohort.id))
        roster = await self.roster(cohort, platform, community)
        async with self._database.reading() as connection:
            return frozenset(
                await store.ids_of_users(connection, cohort.community_id, sorted(roster.members))
            )

    async def members(self, cohort: CohortInfo, platform: Platform, community: CommunityRef) -> Ids:
        """Return everyone in the cohort now, as `member_ids` counts them: without roles, the
        query of its member rows (a subquery where used: nothing is read here), else their ids."""
        async with self._database.reading() as connection:
            if not await store.has_roles(connection, cohort.id):
                return IdQuery(store.member_query(cohort.id))
        return await self.member_ids(cohort, platform, community)

    async def set_listed(self, cohort: CohortInfo, member_id: int, listed: bool) -> bool:
        """List a member in the cohort (or take them off); return whether anything changed."""
        async with self._database.session() as session, session.begin():
            return await store.set_membership(session, cohort.id, member_id, listed=listed)

    async def set_role(self, cohort: CohortInfo, role_id: str, included: bool) -> bool:
        """Add a role to the cohort (or remove it); return whether anything changed."""
        async with self._database.session() as session, session.begin():
            if included:
                return await store.add_role(session, cohort.id, role_id)
            return await store.remove_role(session, cohort.id, role_id)

    async def follow(self, cohort: CohortInfo) -> bool:
        """Follow the cohort's home channel from now on; return False if it already was."""
        if cohort.followed:
            return False
        async with self._database.session() as session, session.begin():
            row = await session.get_one(Cohort, cohort.id)
            row.followed = True
        return True

    async def channel_membership(
        self, community_id: int, channel_id: str, member_id: int, joined: bool
    ) -> int:
        """Record a join or leave of a followed home channel; return how many cohorts changed."""
        changed = 0
        async with self._database.session() as session, session.begin():
            for cohort_id in await store.followed_at_home(session, community_id, channel_id):
                changed += await store.set_membership(
                    session, cohort_id, member_id, in_channel=joined
                )
        return changed

    async def set_term(self, cohort: CohortInfo, start: date, weeks: int) -> Term:
        """Set the term's first day and length; refuse a length out of range or a past term."""
        if not MIN_WEEKS <= weeks <= MAX_WEEKS:
            raise UserFacingError(
                ngettext(
                    "A term lasts from {minimum} to {count} week: a longer course is "
                    "several terms, one after another.",
                    "A term lasts from {minimum} to {count} weeks: a longer course is "
                    "several terms, one after another.",
                    MAX_WEEKS,
                ).format(minimum=MIN_WEEKS, count=MAX_WEEKS)
            )
        term = Term(start, weeks)
        breaks = await self._breaks.list(cohort.community_id)
        ends = last_day(term, breaks)
        if ends < await self.today(cohort.community_id):
            raise UserFacingError(
                _("That term would have ended on {end}, which has passed.").format(
                    end=formats.day(ends)
                )
            )
        async with self._database.session() as session, session.begin():
            row = await session.get_one(Cohort, cohort.id)
            row.term_start, row.term_weeks = start, weeks
        return term

    async def archive(self, cohort: CohortInfo) -> int:
        """End the cohort: its schedules stop (return how many), its data stays readable."""
        async with self._database.session() as session, session.begin():
            row = await session.get_one(Cohort, cohort.id)
            row.archived_at = self._clock.now()
        return await self._schedules.remove_for_cohort(cohort.id)

    async def roster(
        self, cohort: CohortInfo, platform: Platform, community: CommunityRef
    ) -> Roster:
        """Return who is in the cohort now; role holders are asked of the platform."""
        async with self._database.reading() as connection:
            listed, in_channel, roles = await store.roster(connection, cohort.id)
        return await read_roster(platform, community, listed, in_channel, roles)

    def now(self) -> datetime:
        """Return the present moment, by the service's clock."""
        return self._clock.now()

    async def today(self, community_id: int) -> date:
        """Return today's date in the community's time zone."""
        zone = ZoneInfo(await self._communities.timezone(community_id))
        return self._clock.now().astimezone(zone).date()

    async def current_week(self, cohort: CohortInfo) -> WeekOf | None:
        """Return where today lies in the cohort's term (None: it has no term)."""
        if cohort.term is None:
            return None
        breaks = await self._breaks.list(cohort.community_id)
        return week_of(cohort.term, breaks, await self.today(cohort.community_id))

    async def term_end(self, cohort: CohortInfo) -> date | None:
        """Return the last day of the cohort's term, breaks included (None: it has no term)."""
        if cohort.term is None:
            return None
        return last_day(cohort.term, await self._breaks.list(cohort.community_id))


def _duplicate(name: str) -> UserFacingError:
    return UserFacingError(
        _("A cohort named {name} already exists (names are the same in any case).").format(
            name=name
        )
    )
