"""Communities and their set-up: time zone, channels by purpose, roles that grant levels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.levels import Level
from bot.refs import ChannelRef, CommunityRef
from bot.storage.database import Database
from bot.storage.models import ChannelAssignment, Community, Member, RoleLevel

LevelWatcher = Callable[[int], None]
"""Told the id of a community whose role levels or member overrides changed."""


class ChannelPurpose(StrEnum):
    """What the bot uses a channel for."""

    INTROS = "intros"
    TOPICS = "topics"
    BUDDIES = "buddies"
    MODQUEUE = "modqueue"
    MODLOG = "modlog"
    HOSTS = "hosts"
    ANNOUNCEMENTS = "announcements"


@dataclass(frozen=True, slots=True)
class CommunitySetup:
    """A snapshot of a community's configuration, for `/setup show`."""

    timezone: str
    channels: dict[ChannelPurpose, ChannelRef]
    role_levels: dict[str, Level]
    member_levels: dict[str, Level] = field(default_factory=dict)  # by platform user id


class CommunityService:
    """Finds or creates communities and keeps their configuration."""

    def __init__(self, database: Database, clock: Clock, default_timezone: str) -> None:
        self._database = database
        self._clock = clock
        self._default_timezone = default_timezone
        # Community ids never change once created, so the mapping is safe to keep per process.
        # Keyed by (platform, id): a tuple hashes and compares in C, the dataclass in Python,
        # and this is read twice for every message.
        self._ids: dict[tuple[str, str], int] = {}
        self._level_watchers: list[LevelWatcher] = []

    def watch_levels(self, watcher: LevelWatcher) -> None:
        """Call `watcher(community_id)` after each committed change to a role's level."""
        self._level_watchers.append(watcher)

    def known_id(self, ref: CommunityRef) -> int | None:
        """Return the community's id if this process has seen it (no await: what every
        message's handlers ask first, `ensure` only on a miss)."""
        return self._ids.get((ref.platform, ref.id))

    async def find(self, ref: CommunityRef) -> int | None:
        """Return the community's id, or None when it has no row yet (this creates none)."""
        cached = self._ids.get((ref.platform, ref.id))
        if cached is not None:
            return cached
        async with self._database.session() as session:
            community_id = await self._find(session, ref)
        if community_id is not None:
            self._ids[(ref.platform, ref.id)] = community_id
        return community_id

    async def ensure(self, ref: CommunityRef) -> int:
        """Return the community's id, creating its row on first sight."""
        cached = self._ids.get((ref.platform, ref.id))
        if cached is not None:
            return cached
        async with self._database.session() as session:
            community_id = await self._find(session, ref)
            if community_id is None:
                community_id = await self._create(session, ref)
        self._ids[(ref.platform, ref.id)] = community_id
        return community_id

    async def _find(self, session: AsyncSession, ref: CommunityRef) -> int | None:
        query = select(Community.id).where(
            Community.platform == ref.platform, Community.external_id == ref.id
        )
        return (await session.execute(query)).scalar_one_or_none()

    async def _create(self, session: AsyncSession, ref: CommunityRef) -> int:
        community = Community(
            platform=ref.platform,
            external_id=ref.id,
            timezone=self._default_timezone,
            created_at=self._clock.now(),
        )
        session.add(community)
        try:
            await session.commit()
        except IntegrityError:
            # Another process created it between our look-up and insert.
            await session.rollback()
            existing = await self._find(session, ref)
            if existing is None:
                raise
            return existing
        return community.id

    async def on_platform(self, platform: str) -> list[tuple[int, str]]:
        """Return the row id and platform id of every community of `platform` (one read)."""
        query = select(Community.id, Community.external_id).where(Community.platform == platform)
        async with self._database.reading() as connection:
            return [(row.id, row.external_id) for row in await connection.execute(query)]

    async def timezone(self, community_id: int) -> str:
        """Return the community's IANA time zone name."""
        async with self._database.session() as session:
            community = await session.get_one(Community, community_id)
            return community.timezone

    async def set_timezone(self, community_id: int, zone: str) -> None:
        """Store the community's time zone (already validated as an IANA name)."""
        async with self._database.session() as session, session.begin():
            community = await session.get_one(Community, community_id)
            community.timezone = zone

    async def assign_channel(
        self, community_id: int, purpose: ChannelPurpose, channel: ChannelRef
    ) -> None:
        """Use `channel` for `purpose` from now on."""
        async with self._database.session() as session, session.begin():
            query = select(ChannelAssignment).where(
                ChannelAssignment.community_id == community_id,
                ChannelAssignment.purpose == purpose.value,
            )
            assignment = (await session.execute(query)).scalar_one_or_none()
            if assignment is None:
                session.add(
                    ChannelAssignment(
                        community_id=community_id,
                        purpose=purpose.value,
                        channel_external_id=channel.id,
                    )
                )
            else:
                assignment.channel_external_id = channel.id

    async def channel_for(
        self, community_id: int, platform: str, purpose: ChannelPurpose
    ) -> ChannelRef | None:
        """Return the channel assigned to `purpose`, if any."""
        async with self._database.session() as session:
            query = select(ChannelAssignment.channel_external_id).where(
                ChannelAssignment.community_id == community_id,
                ChannelAssignment.purpose == purpose.value,
            )
            channel_id = (await session.execute(query)).scalar_one_or_none()
        return None if channel_id is None else ChannelRef(platform, channel_id)

    async def set_role_level(self, community_id: int, role_id: str, level: Level) -> None:
        """Make holders of `role_id` at least `level`; `Level.MEMBER` removes the mapping."""
        async with self._database.session() as session, session.begin():
            await session.execute(
                delete(RoleLevel).where(
                    RoleLevel.community_id == community_id, RoleLevel.role_external_id == role_id
                )
            )
            if level > Level.MEMBER:
                session.add(
                    RoleLevel(community_id=community_id, role_external_id=role_id, level=level)
                )
        for watcher in self._level_watchers:
            watcher(community_id)

    async def describe(self, community_id: int, platform: str) -> CommunitySetup:
        """Return the community's configuration."""
        async with self._database.session() as session:
            community = await session.get_one(Community, community_id)
            channels = await session.execute(
                select(ChannelAssignment).where(ChannelAssignment.community_id == community_id)
            )
            roles = await session.execute(
                select(RoleLevel).where(RoleLevel.community_id == community_id)
            )
            overrides = await session.execute(
                select(Member.external_id, Member.level_override)
                .where(Member.community_id == community_id, Member.level_override.is_not(None))
                .order_by(Member.display_name, Member.external_id)
            )
            return CommunitySetup(
                timezone=community.timezone,
                channels={
                    ChannelPurpose(row.purpose): ChannelRef(platform, row.channel_external_id)
                    for row in channels.scalars()
                },
                role_levels={row.role_external_id: Level(row.level) for row in roles.scalars()},
                member_levels={
                    user: Level(level) for user, level in overrides if level is not None
                },
            )
