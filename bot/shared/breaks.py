"""Term breaks: dates on which every scheduled job of a community pauses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from bot.errors import NotFoundError, UserFacingError
from bot.i18n import _, formats, ngettext
from bot.storage.database import Database
from bot.storage.models import Break

MAX_BREAK_DAYS = 366


@dataclass(frozen=True, slots=True)
class BreakDates:
    """A break from `starts_on` to `ends_on`, both included, in the community's local dates."""

    starts_on: date
    ends_on: date

    def covers(self, day: date) -> bool:
        """Return whether `day` is within the break."""
        return self.starts_on <= day <= self.ends_on

    def describe(self) -> str:
        """Return `2026-12-21 to 2027-01-03 (14 days)`, the dates as the language writes them."""
        days = (self.ends_on - self.starts_on).days + 1
        return ngettext(
            "{start} to {end} ({count} day)", "{start} to {end} ({count} days)", days
        ).format(start=formats.day(self.starts_on), end=formats.day(self.ends_on), count=days)


class BreakService:
    """Adds, lists and removes breaks; the scheduler asks whether a date is in one."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def add(self, community_id: int, starts_on: date, ends_on: date) -> BreakDates:
        """Add a break; refuse a reversed, overlong or overlapping one."""
        if ends_on < starts_on:
            raise UserFacingError(_("The break must end on or after the day it starts."))
        if ends_on - starts_on >= timedelta(days=MAX_BREAK_DAYS):
            raise UserFacingError(
                ngettext(
                    "A break can last at most {count} day.",
                    "A break can last at most {count} days.",
                    MAX_BREAK_DAYS,
                ).format(count=MAX_BREAK_DAYS)
            )
        wanted = BreakDates(starts_on, ends_on)
        for existing in await self.list(community_id):
            if existing.starts_on <= ends_on and starts_on <= existing.ends_on:
                raise UserFacingError(
                    _(
                        "That overlaps the break {dates}; remove it first with "
                        "/setup unbreak {start}."
                    ).format(dates=existing.describe(), start=existing.starts_on.isoformat())
                )
        try:
            async with self._database.session() as session, session.begin():
                session.add(Break(community_id=community_id, starts_on=starts_on, ends_on=ends_on))
        except IntegrityError:
            raise UserFacingError(_("A break already starts on that day.")) from None
        return wanted

    async def list(self, community_id: int) -> list[BreakDates]:
        """Return the community's breaks, earliest first."""
        query = (
            select(Break.starts_on, Break.ends_on)
            .where(Break.community_id == community_id)
            .order_by(Break.starts_on)
        )
        async with self._database.reading() as connection:
            rows = (await connection.execute(query)).all()
        return [BreakDates(row.starts_on, row.ends_on) for row in rows]

    async def remove(self, community_id: int, starts_on: date) -> BreakDates:
        """Remove the break starting on `starts_on` and return it."""
        async with self._database.session() as session, session.begin():
            removed = await session.execute(
                delete(Break)
                .where(Break.community_id == community_id, Break.starts_on == starts_on)
                .returning(Break.starts_on, Break.ends_on)
            )
            row = removed.one_or_none()
        if row is None:
            raise NotFoundError(
                _("No break starts on {start}. See them with /setup breaks.").format(
                    start=formats.day(starts_on)
                )
            )
        return BreakDates(row.starts_on, row.ends_on)
