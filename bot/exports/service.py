"""`/stats export`: a community's (or a cohort's) participation as two CSV files.

One file has a row per member, the other a row per week of the window. Each starts with a line
saying these are activity counts, not a grade. Days are UTC days (activity is counted by UTC
day); weeks start on Mondays, the first and the last cut to the window. The reads do not depend
on each other: they run at the same time, each one statement (`store.py`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.exports import store
from bot.exports.csv_files import Cell, csv_bytes
from bot.exports.store import MemberRow, Weeks
from bot.i18n import _, formats
from bot.messages import OutboundFile
from bot.storage.concurrent_reads import ConcurrentReads, concurrent_reads
from bot.storage.database import Database
from bot.storage.id_lists import Ids

DEFAULT_DAYS = 30
"""The window when none is given: the same 30 days as `/stats`."""
MAX_DAYS = 365
"""The longest window: a year."""
CSV = "text/csv"


@dataclass(frozen=True, slots=True)
class Window:
    """The UTC days an export covers, `first` to `last`, as of `now`."""

    first: date
    last: date
    now: datetime

    @classmethod
    def ending(cls, now: datetime, days: int) -> Window:
        """Return the `days` UTC days up to and including today's."""
        today = now.astimezone(UTC).date()
        return cls(today - timedelta(days=days - 1), today, now)

    @property
    def since(self) -> datetime:
        """Return the first day's start."""
        return datetime.combine(self.first, time(), tzinfo=UTC)

    @property
    def days(self) -> int:
        """Return how many days the window covers."""
        return (self.last - self.first).days + 1

    def weeks(self) -> Weeks:
        """Return the window's weeks: from its first day, then from each Monday in it."""
        starts = [self.first]
        monday = self.first + timedelta(days=(7 - self.first.weekday()) % 7 or 7)
        while monday <= self.last:
            starts.append(monday)
            monday += timedelta(days=7)
        return Weeks(starts, self.last + timedelta(days=1))


@dataclass(frozen=True, slots=True)
class Audience:
    """Whose participation: a cohort's (its id, name and members) or the community's (None)."""

    cohort_id: int | None = None
    cohort_name: str | None = None
    members: Ids | None = None


@dataclass(frozen=True, slots=True)
class ParticipationExport:
    """The two files of an export, and what its answer says about them."""

    members_file: OutboundFile
    weeks_file: OutboundFile
    member_count: int
    window: Window


class ExportService:
    """Reads a community's participation and writes it as CSV files."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def export(
        self, community_id: int, now: datetime, days: int, audience: Audience | None = None
    ) -> ParticipationExport:
        """Return the export of the `days` UTC days up to `now`, of `audience` (default: the
        community's present members)."""
        audience = audience or Audience()
        window = Window.ending(now, days)
        async with concurrent_reads(self._database) as reads:
            by_member = _start_member_reads(reads, community_id, audience, window)
            by_week = _start_week_reads(reads, community_id, audience, window)
        members = by_member.rows.result()
        prefix = (
            "participation"
            if audience.cohort_name is None
            else (f"participation-{audience.cohort_name}")
        )
        stamp = window.last.isoformat()
        return ParticipationExport(
            OutboundFile(
                f"{prefix}-members-{stamp}.csv",
                _member_csv(members, by_member),
                CSV,
                _("Participation by member, {first} to {last} (UTC).").format(
                    first=formats.day(window.first), last=formats.day(window.last)
                ),
            ),
            OutboundFile(
                f"{prefix}-weeks-{stamp}.csv",
                _week_csv(window.weeks(), by_week),
                CSV,
                _("Participation by week, {first} to {last} (UTC).").format(
                    first=formats.day(window.first), last=formats.day(window.last)
                ),
            ),
            len(members),
            window,
        )


def note() -> str:
    """Return the first line of every export."""
    return _(
        "These are activity counts, not a grade: activity is not learning. Reading quietly, "
        "thinking and practising away from the chat count too, and none of them shows here."
    )


@dataclass(frozen=True, slots=True)
class _MemberReads:
    rows: asyncio.Task[list[MemberRow]]
    posts: asyncio.Task[dict[int, tuple[int, int]]]
    topics: asyncio.Task[store.Counts]
    meetings: asyncio.Task[store.Counts]
    sessions: asyncio.Task[store.Counts]
    checkins: asyncio.Task[store.Counts]


def _start_member_reads(
    reads: ConcurrentReads, community_id: int, audience: Audience, window: Window
) -> _MemberReads:
    since, first = window.since, window.first
    return _MemberReads(
        reads.read(lambda c: store.member_rows(c, community_id, audience.members)),
        reads.read(lambda c: store.posts_and_replies(c, community_id, first)),
        reads.read(lambda c: store.topics_answered(c, community_id, since)),
        reads.read(lambda c: store.buddy_meetings(c, community_id, since)),
        reads.read(lambda c: store.sessions_attended(c, community_id, since, window.now)),
        reads.read(lambda c: store.checkins_answered(c, community_id, since)),
    )


def _member_csv(members: list[MemberRow], read: _MemberReads) -> bytes:
    """Return the members' file: one row per member, in the order read."""
    header = (
        _("display name"),
        _("joined (UTC)"),
        _("introduced (UTC)"),
        _("posts"),
        _("thread replies"),
        _("topics answered"),
        _("buddy meetings"),
        _("sessions attended"),
        _("check-ins answered"),
        _("status"),
    )
    posts, topics, meetings = read.posts.result(), read.topics.result(), read.meetings.result()
    sessions, checkins = read.sessions.result(), read.checkins.result()
    rows: list[list[Cell]] = []
    for member in members:
        messages, replies = posts.get(member.id, (0, 0))
        rows.append(
            [
                member.display_name,
                _day(member.joined_at),
                _day(member.introduced_at) or _("no"),
                messages - replies,
                replies,
                topics.get(member.id, 0),
                meetings.get(member.id, 0),
                sessions.get(member.id, 0),
                checkins.get(member.id, 0),
                _status(member),
            ]
        )
    return csv_bytes(note(), header, rows)


def _day(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(UTC).date().isoformat()


def _status(member: MemberRow) -> str:
    """Return `reading`, `opted out` (of quiet-member check-ins), both, or nothing."""
    said = []
    if member.reading:
        said.append(_("reading"))
    if member.nudges_off:
        said.append(_("opted out"))
    return ", ".join(said)


@dataclass(frozen=True, slots=True)
class _WeekReads:
    activity: asyncio.Task[list[list[int]]]
    members: asyncio.Task[tuple[list[int], list[int]]]
    topics: asyncio.Task[tuple[list[int], list[int]]]
    sessions: asyncio.Task[list[int]]
    meetings: asyncio.Task[list[int]]


def _start_week_reads(
    reads: ConcurrentReads, community_id: int, audience: Audience, window: Window
) -> _WeekReads:
    weeks, members, cohort_id = window.weeks(), audience.members, audience.cohort_id
    return _WeekReads(
        reads.read(lambda c: store.activity_by_week(c, community_id, members, weeks)),
        reads.read(lambda c: store.members_by_week(c, community_id, members, weeks)),
        reads.read(lambda c: store.topics_by_week(c, community_id, cohort_id, members, weeks)),
        reads.read(lambda c: store.sessions_by_week(c, community_id, cohort_id, weeks, window.now)),
        reads.read(lambda c: store.meetings_by_week(c, community_id, members, weeks)),
    )


def _week_csv(weeks: Weeks, read: _WeekReads) -> bytes:
    """Return the weeks' file: one row per week of the window, the first week first."""
    header = (
        _("week start"),
        _("week end"),
        _("active members"),
        _("posts"),
        _("thread replies"),
        _("new members"),
        _("intros"),
        _("topics posted"),
        _("topic replies"),
        _("sessions held"),
        _("buddy meetings"),
    )
    active, posts, replies = read.activity.result()
    joined, introduced = read.members.result()
    topics, topic_replies = read.topics.result()
    sessions, meetings = read.sessions.result(), read.meetings.result()
    rows: list[list[Cell]] = []
    for index, (first, after) in enumerate(weeks.spans()):
        rows.append(
            [
                first.isoformat(),
                (after - timedelta(days=1)).isoformat(),
                active[index],
                posts[index],
                replies[index],
                joined[index],
                introduced[index],
                topics[index],
                topic_replies[index],
                sessions[index],
                meetings[index],
            ]
        )
    return csv_bytes(note(), header, rows)
