"""Recurring schedules as rows: the database is the truth the scheduler is rebuilt from.

Every change is committed, then announced to the watchers (the scheduler re-arms that
schedule), so a schedule a host just set is armed before they are told it is set. Each change
also counts up the schedule's `version`, so other processes on the database notice it by
polling `change_mark` (one aggregate row) rather than reading every schedule.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, time
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, update

from bot.clock import Clock
from bot.errors import UserFacingError
from bot.i18n import _, formats, ngettext
from bot.recurrence import MAX_EVERY_WEEKS, WeeklyRule, first_anchor
from bot.storage.database import Database
from bot.storage.models import Community, Schedule

ChangeWatcher = Callable[[int], Awaitable[None]]
MAX_SCHEDULES_PER_COMMUNITY = 25
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""The days' English names, as commands read them; shown, a day is `formats.day_of_week`."""


@dataclass(frozen=True, slots=True)
class ScheduleInfo:
    """A schedule with what firing it needs: its community's platform ids and time zone."""

    id: int
    community_id: int
    platform: str
    community_external_id: str
    kind: str
    channel_id: str
    rule: WeeklyRule
    cohort_id: int | None = None
    """The cohort it works for (paused outside the cohort's term); None: the whole community."""
    replaced: WeeklyRule | None = None
    """The timing `set_weekly` replaced, when the schedule existed already."""


class ScheduleService:
    """Creates, lists and removes schedules; tells watchers which schedule changed."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock
        self._watchers: list[ChangeWatcher] = []

    def watch(self, watcher: ChangeWatcher) -> None:
        """Call `watcher(schedule_id)` after each committed change to that schedule."""
        self._watchers.append(watcher)

    async def changed(self, schedule_id: int) -> None:
        """Announce that a schedule (or what it depends on, like the time zone) changed."""
        for watcher in self._watchers:
            await watcher(schedule_id)

    async def set_weekly(
        self,
        community_id: int,
        kind: str,
        channel_id: str,
        weekday: int,
        at: time,
        every: int,
        cohort_id: int | None = None,
    ) -> ScheduleInfo:
        """Create the `kind` schedule for `channel_id` in a scope (a cohort, or the whole
        community when `cohort_id` is None), or replace its timing."""
        if not 1 <= every <= MAX_EVERY_WEEKS:
            raise UserFacingError(
                ngettext(
                    "Choose every 1 to {count} week.",
                    "Choose every 1 to {count} weeks.",
                    MAX_EVERY_WEEKS,
                ).format(count=MAX_EVERY_WEEKS)
            )
        async with self._database.session() as session, session.begin():
            community = await session.get_one(Community, community_id)
            anchor = first_anchor(weekday, at, community.timezone, self._clock.now())
            found = await session.execute(
                select(Schedule).where(_slot(community_id, kind, channel_id, cohort_id))
            )
            schedule = found.scalar_one_or_none()
            replaced = None if schedule is None else _rule(schedule, community.timezone)
            if schedule is None:
                await self._check_room(community_id)
                schedule = Schedule(
                    community_id=community_id,
                    kind=kind,
                    channel_external_id=channel_id,
                    cohort_id=cohort_id,
                    created_at=self._clock.now(),
                    version=0,
                )
                session.add(schedule)
            schedule.weekday, schedule.hour, schedule.minute = weekday, at.hour, at.minute
            schedule.every_weeks, schedule.anchor_date = every, anchor
            schedule.version += 1
        await self.changed(schedule.id)
        info = await self.get(schedule.id)
        assert info is not None  # just written
        return replace(info, replaced=replaced)

    async def _check_room(self, community_id: int) -> None:
        query = select(func.count()).where(Schedule.community_id == community_id)
        async with self._database.reading() as connection:
            count = (await connection.execute(query)).scalar_one()
        if count >= MAX_SCHEDULES_PER_COMMUNITY:
            raise UserFacingError(
                ngettext(
                    "This community already has {count} schedule; remove one first.",
                    "This community already has {count} schedules; remove one first.",
                    MAX_SCHEDULES_PER_COMMUNITY,
                ).format(count=MAX_SCHEDULES_PER_COMMUNITY)
            )

    async def remove(
        self, community_id: int, kind: str, channel_id: str, cohort_id: int | None = None
    ) -> bool:
        """Remove the `kind` schedule for `channel_id` in a scope; return whether there was one."""
        return bool(await self._remove_where(_slot(community_id, kind, channel_id, cohort_id)))

    async def remove_for_cohort(self, cohort_id: int) -> int:
        """Remove every schedule of a cohort (it was archived); return how many there were."""
        return await self._remove_where(Schedule.cohort_id == cohort_id)

    async def _remove_where(self, condition: ColumnElement[bool]) -> int:
        async with self._database.session() as session, session.begin():
            removed = await session.execute(
                delete(Schedule).where(condition).returning(Schedule.id)
            )
            ids = list(removed.scalars())
        for schedule_id in ids:
            await self.changed(schedule_id)
        return len(ids)

    async def zone_changed(self, community_id: int) -> None:
        """Re-time a community's schedules after its time zone changed, here and elsewhere."""
        async with self._database.writing() as connection:
            bumped = await connection.execute(
                update(Schedule)
                .where(Schedule.community_id == community_id)
                .values(version=Schedule.version + 1)
                .returning(Schedule.id)
            )
            ids = sorted(bumped.scalars())
        for schedule_id in ids:
            await self.changed(schedule_id)

    async def change_mark(self, platform: str) -> tuple[int, int, int]:
        """Return a mark that moves whenever one of `platform`'s schedules is created, changed
        (its `version` counts up) or removed (ids are never reused, so count and newest id
        together see a removal and a creation between two looks)."""
        query = (
            select(
                func.count(Schedule.id),
                func.coalesce(func.max(Schedule.id), 0),
                func.coalesce(func.sum(Schedule.version), 0),
            )
            .join(Community, Community.id == Schedule.community_id)
            .where(Community.platform == platform)
        )
        async with self._database.reading() as connection:
            count, newest, versions = (await connection.execute(query)).one()
        return int(count), int(newest), int(versions)

    async def get(self, schedule_id: int) -> ScheduleInfo | None:
        """Return one schedule, or None if it is gone."""
        rows = await self._select(Schedule.id == schedule_id)
        return rows[0] if rows else None

    async def for_community(self, community_id: int, kind: str | None = None) -> list[ScheduleInfo]:
        """Return a community's schedules of every scope (of one kind, if given), by id."""
        condition = Schedule.community_id == community_id
        if kind is not None:
            condition = condition & (Schedule.kind == kind)
        return await self._select(condition)

    async def for_scope(
        self, community_id: int, cohort_id: int | None, kind: str | None = None
    ) -> list[ScheduleInfo]:
        """Return the schedules of one scope (a cohort, or the whole community), by id."""
        condition = (Schedule.community_id == community_id) & _scope_is(cohort_id)
        if kind is not None:
            condition = condition & (Schedule.kind == kind)
        return await self._select(condition)

    async def for_platform(self, platform: str) -> list[ScheduleInfo]:
        """Return every schedule of every community on `platform`."""
        return await self._select(Community.platform == platform)

    async def _select(self, condition: ColumnElement[bool]) -> list[ScheduleInfo]:
        query = (
            select(
                *_SCHEDULE_COLUMNS, Community.platform, Community.external_id, Community.timezone
            )
            .join(Community, Community.id == Schedule.community_id)
            .where(condition)
            .order_by(Schedule.id)
        )
        async with self._database.reading() as connection:
            return [_info(row) for row in (await connection.execute(query)).all()]


def _scope_is(cohort_id: int | None) -> ColumnElement[bool]:
    if cohort_id is None:
        return Schedule.cohort_id.is_(None)
    return Schedule.cohort_id == cohort_id


def _slot(
    community_id: int, kind: str, channel_id: str, cohort_id: int | None
) -> ColumnElement[bool]:
    """Return the condition of the one schedule a scope may have of a kind in a channel."""
    return (
        (Schedule.community_id == community_id)
        & (Schedule.kind == kind)
        & (Schedule.channel_external_id == channel_id)
        & _scope_is(cohort_id)
    )


_SCHEDULE_COLUMNS = (
    Schedule.id,
    Schedule.community_id,
    Schedule.kind,
    Schedule.channel_external_id,
    Schedule.weekday,
    Schedule.hour,
    Schedule.minute,
    Schedule.every_weeks,
    Schedule.anchor_date,
    Schedule.cohort_id,
)


def _rule(row: Any, zone: str) -> WeeklyRule:
    return WeeklyRule(
        row.weekday, time(row.hour, row.minute), row.every_weeks, row.anchor_date, zone
    )


def _info(row: Any) -> ScheduleInfo:
    rule = _rule(row, row.timezone)
    return ScheduleInfo(
        row.id,
        row.community_id,
        row.platform,
        row.external_id,
        row.kind,
        row.channel_external_id,
        rule,
        row.cohort_id,
    )


def describe(info: ScheduleInfo, now: datetime) -> str:
    """Return `every Monday at 09:00 (every 2 weeks), next 2026-01-12 09:00`, in local time;
    the day's name and the date as the current language writes them (`Montag`, `12.01.2026`)."""
    following = info.rule.next_after(now)
    return _("{timing}, next {moment}").format(
        timing=describe_timing(info.rule), moment=formats.moment_in(following, info.rule.zone)
    )


def describe_timing(rule: WeeklyRule) -> str:
    """Return `every Monday at 09:00 (every 2 weeks)`, in local time and the current language."""
    day = formats.day_of_week(rule.weekday)
    at = formats.clock_time(rule.at)
    if rule.every_weeks == 1:
        return _("every {day} at {time}").format(day=day, time=at)
    return ngettext(
        "every {day} at {time} (every {count} week)",
        "every {day} at {time} (every {count} weeks)",
        rule.every_weeks,
    ).format(day=day, time=at, count=rule.every_weeks)
