"""Members: who is in a community, their profile, their level, and forgetting them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.clock import Clock
from bot.errors import NotFoundError, UserFacingError
from bot.events import Actor
from bot.i18n import _, ngettext
from bot.levels import Level, effective_level
from bot.storage.database import Database, insert_for
from bot.storage.first_post_waits import refresh_first_post_waits
from bot.storage.models import Community, Member, MemberInterest, RoleLevel

LevelWatcher = Callable[[int], None]
"""Told the id of a community where a member's level override changed."""

MemberRow = Row[int, str, int | None, str | None, str | None, str | None]
"""id, display name, level override and time zone: what resolving a member reads."""

ForgetHook = Callable[[AsyncSession, int], Awaitable[None]]
"""Deletes one feature's data about a member (by member id) inside the caller's transaction."""

MAX_INTERESTS = 10
MAX_INTEREST_LENGTH = 80
MAX_DISPLAY_NAME_LENGTH = 200  # the column's length; PostgreSQL refuses longer values
MAX_LOCALE_LENGTH = 16  # members.locale's length


@dataclass(frozen=True, slots=True)
class MemberInfo:
    """What a command needs to know about the person who ran it."""

    id: int
    external_id: str
    display_name: str
    level: Level
    timezone: str | None
    language: str | None = None
    """Their own choice (`/profile language`)."""
    locale: str | None = None
    """The locale of their last interaction, as the platform reported it."""


@dataclass(frozen=True, slots=True)
class Profile:
    """A member's own profile, for `/profile`."""

    timezone: str | None
    interests: list[str]
    joined_at: datetime | None


class MemberService:
    """Keeps member rows in step with the platform and answers questions about members."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock
        self._forget_hooks: list[ForgetHook] = []
        self._level_watchers: list[LevelWatcher] = []

    def watch_levels(self, watcher: LevelWatcher) -> None:
        """Call `watcher(community_id)` after each committed change to a member's override."""
        self._level_watchers.append(watcher)

    @property
    def clock(self) -> Clock:
        """Return the clock the members' times are read from."""
        return self._clock

    def add_forget_hook(self, hook: ForgetHook) -> None:
        """Register a feature's hook that deletes its data about a member."""
        self._forget_hooks.append(hook)

    async def resolve(self, community_id: int, actor: Actor) -> MemberInfo:
        """Return the acting member, creating their row on first sight, with their level.

        Every command starts here, so the usual case (a known member, same display name) is one
        read without a write transaction.
        """
        async with self._database.reading() as connection:
            query = _member_row(community_id, actor.user.id)
            row = (await connection.execute(query)).one_or_none()
            if row is not None and _up_to_date(row, actor):
                role_levels = await _role_levels(connection, community_id, actor.role_ids)
                return _member_info(row, actor, role_levels)
        async with self._database.session() as session, session.begin():
            created = await _upsert(session, community_id, actor)
            role_levels = await _role_levels(session, community_id, actor.role_ids)
            return _member_info(created, actor, role_levels)

    async def record_joined(
        self, community_id: int, actor: Actor, at: datetime, *, first_only: bool = False
    ) -> int:
        """Note that a member joined (again); return their id.

        With `first_only` (a member seen joining one channel, on Slack) an earlier join time is
        kept: only a member not known to have joined takes `at`.
        """
        async with self._database.session() as session, session.begin():
            row = await _upsert(
                session, community_id, actor, keep_joined=first_only, joined_at=at, left_at=None
            )
            await refresh_first_post_waits(await session.connection(), [row.id])
            return int(row.id)

    async def record_left(self, community_id: int, actor: Actor, at: datetime) -> None:
        """Note that a member left; their data stays until they ask to be forgotten."""
        async with self._database.session() as session, session.begin():
            await _upsert(session, community_id, actor, left_at=at)

    async def find_id(self, community_id: int, external_id: str) -> int:
        """Return the id of a member known to the community, or raise NotFoundError."""
        async with self._database.session() as session:
            member = await _find(session, community_id, external_id)
        if member is None:
            raise NotFoundError(
                _(
                    "I don't know a member {member} here yet: they need to have joined "
                    "or written something first."
                ).format(member=repr(external_id))
            )
        return member.id

    async def set_level_override(self, member_id: int, level: Level | None) -> None:
        """Give one member a level regardless of platform roles; None clears it."""
        async with self._database.session() as session, session.begin():
            member = await session.get_one(Member, member_id)
            member.level_override = None if level is None else int(level)
            community_id = member.community_id
        for watcher in self._level_watchers:
            watcher(community_id)

    async def set_timezone(self, member_id: int, zone: str) -> None:
        """Store a member's IANA time zone (already validated)."""
        async with self._database.session() as session, session.begin():
            member = await session.get_one(Member, member_id)
            member.timezone = zone

    async def set_interests(self, member_id: int, interests: list[str]) -> list[str]:
        """Replace a member's interests; return them cleaned (trimmed, de-duplicated)."""
        cleaned = clean_interests(interests)
        async with self._database.writing() as connection:
            await connection.execute(
                delete(MemberInterest).where(MemberInterest.member_id == member_id)
            )
            if cleaned:  # one statement for them all, not one a row as the ORM would
                await connection.execute(
                    insert(MemberInterest).values(
                        [
                            {"member_id": member_id, "position": position, "interest": interest}
                            for position, interest in enumerate(cleaned)
                        ]
                    )
                )
        return cleaned

    async def profile(self, member_id: int) -> Profile:
        """Return a member's profile."""
        async with self._database.session() as session:
            member = await session.get_one(Member, member_id)
            interests = await session.execute(
                select(MemberInterest.interest)
                .where(MemberInterest.member_id == member_id)
                .order_by(MemberInterest.position)
            )
            return Profile(member.timezone, list(interests.scalars()), member.joined_at)

    async def forget(self, member_id: int) -> None:
        """Delete everything Cohort stores about a member, in one transaction."""
        async with self._database.session() as session, session.begin():
            for hook in self._forget_hooks:
                await hook(session, member_id)
            # The time, not who: another process's buffered activity under this id is then
            # written again only if it all came later (bot/shared/activity_moves.py).
            community = select(Member.community_id).where(Member.id == member_id)
            await session.execute(
                update(Community)
                .where(Community.id == community.scalar_subquery())
                .values(member_forgotten_at=self._clock.now())
            )
            await session.execute(delete(Member).where(Member.id == member_id))


def clean_interests(interests: list[str]) -> list[str]:
    """Trim, drop empties and case-insensitive duplicates, and bound count and length."""
    seen: set[str] = set()
    cleaned: list[str] = []
    for raw in interests:
        interest = " ".join(raw.split())[:MAX_INTEREST_LENGTH].rstrip()
        if interest and interest.casefold() not in seen:
            seen.add(interest.casefold())
            cleaned.append(interest)
    if len(cleaned) > MAX_INTERESTS:
        raise UserFacingError(
            ngettext(
                "Please list at most {count} interest (you gave {given}).",
                "Please list at most {count} interests (you gave {given}).",
                MAX_INTERESTS,
            ).format(count=MAX_INTERESTS, given=len(cleaned))
        )
    return cleaned


async def _upsert(
    session: AsyncSession,
    community_id: int,
    actor: Actor,
    *,
    keep_joined: bool = False,
    **changes: datetime | None,
) -> MemberRow:
    """Create or update the member row in one statement, safe against concurrent creators."""
    values: dict[str, Any] = {"display_name": _stored_name(actor), **changes}
    if actor.locale:  # the latest interaction's locale; an event without one keeps the last
        values["locale"] = actor.locale[:MAX_LOCALE_LENGTH]
    insert = insert_for(session)(Member).values(
        community_id=community_id, external_id=actor.user.id, timezone=actor.timezone, **values
    )
    updates: dict[str, Any] = {name: insert.excluded[name] for name in values}
    if keep_joined:
        updates["joined_at"] = func.coalesce(Member.joined_at, insert.excluded.joined_at)
    # The platform's zone fills a gap; a zone the member chose is never overwritten.
    updates["timezone"] = func.coalesce(Member.timezone, insert.excluded.timezone)
    statement = insert.on_conflict_do_update(
        index_elements=[Member.community_id, Member.external_id], set_=updates
    ).returning(*_MEMBER_COLUMNS)
    return (await session.execute(statement)).one()


def _up_to_date(row: MemberRow, actor: Actor) -> bool:
    timezone_known = row.timezone is not None or actor.timezone is None
    locale_known = not actor.locale or row.locale == actor.locale[:MAX_LOCALE_LENGTH]
    return row.display_name == _stored_name(actor) and timezone_known and locale_known


def _stored_name(actor: Actor) -> str:
    return actor.display_name[:MAX_DISPLAY_NAME_LENGTH]


_MEMBER_COLUMNS = (
    Member.id,
    Member.display_name,
    Member.level_override,
    Member.timezone,
    Member.language,
    Member.locale,
)


def _member_row(
    community_id: int, external_id: str
) -> Select[int, str, int | None, str | None, str | None, str | None]:
    return select(*_MEMBER_COLUMNS).where(
        Member.community_id == community_id, Member.external_id == external_id
    )


def _member_info(row: MemberRow, actor: Actor, role_levels: list[Level]) -> MemberInfo:
    override = None if row.level_override is None else Level(row.level_override)
    return MemberInfo(
        id=row.id,
        external_id=actor.user.id,
        display_name=row.display_name,
        level=effective_level(actor.platform_level, override, role_levels),
        timezone=row.timezone,
        language=row.language,
        locale=row.locale,
    )


async def _find(session: AsyncSession, community_id: int, external_id: str) -> Member | None:
    query = select(Member).where(
        Member.community_id == community_id, Member.external_id == external_id
    )
    return (await session.execute(query)).scalar_one_or_none()


async def _role_levels(
    session: AsyncSession | AsyncConnection, community_id: int, role_ids: frozenset[str]
) -> list[Level]:
    if not role_ids:
        return []
    query = select(RoleLevel.level).where(
        RoleLevel.community_id == community_id, RoleLevel.role_external_id.in_(sorted(role_ids))
    )
    return [Level(level) for level in (await session.execute(query)).scalars()]
