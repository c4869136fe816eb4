"""Who a session's member is now: every request recomputes their level.

The level combines the platform's own view of the member (admin, roles; asked through the
`Platform` port and kept at most 60 s), the member's override and the configured role levels,
exactly as a command's caller is resolved. A member who left, or whom the platform no longer
knows, has no standing: their session ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.dashboard.sessions import OpenSession
from bot.dashboard.tokens import WallClock, real_now
from bot.events import Actor
from bot.levels import Level
from bot.platform import Platform, Platforms
from bot.refs import CommunityRef, UserRef
from bot.shared.members import MemberInfo, MemberService
from bot.storage.database import Database
from bot.storage.models import Community, Member

PLATFORM_VIEW_FOR = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A verified session: its community, its member as they stand now, and their level."""

    session: OpenSession
    community: CommunityRef
    member: MemberInfo
    platform: Platform

    @property
    def level(self) -> Level:
        """Return the member's level, recomputed for this request."""
        return self.member.level

    @property
    def community_id(self) -> int:
        """Return the community's row id: every id a request names must belong to it."""
        return self.session.community_id


class NotServedHere(Exception):
    """No platform of this process serves the session's community (try again later)."""


class Standing:
    """Recomputes a session's member and level, with the platform's view cached briefly."""

    def __init__(
        self,
        database: Database,
        members: MemberService,
        platforms: Platforms,
        now: WallClock = real_now,
    ) -> None:
        self._database = database
        self._members = members
        self._platforms = platforms
        self._now = now
        self._views: dict[tuple[str, str, str], tuple[datetime, Actor | None]] = {}

    async def of(self, session: OpenSession) -> SignedIn | None:
        """Return the session's member as they stand now; None if they left or are gone."""
        async with self._database.reading() as connection:
            row = (
                await connection.execute(
                    select(
                        Community.platform,
                        Community.external_id,
                        Member.external_id,
                        Member.left_at,
                    )
                    .join(Member, Member.community_id == Community.id)
                    .where(Member.id == session.member_id, Community.id == session.community_id)
                )
            ).one_or_none()
        if row is None or row[3] is not None:
            return None
        community = CommunityRef(row[0], row[1])
        platform = self._platforms.for_community(community)
        if platform is None:
            raise NotServedHere
        actor = await self._platform_view(platform, community, UserRef(row[0], row[2]))
        if actor is None:
            return None
        member = await self._members.resolve(session.community_id, actor)
        return SignedIn(session, community, member, platform)

    def forget_view(self, community: CommunityRef, user_id: str) -> None:
        """Drop the cached view of one member (they left, or their roles changed)."""
        self._views.pop((community.platform, community.id, user_id), None)

    async def _platform_view(
        self, platform: Platform, community: CommunityRef, user: UserRef
    ) -> Actor | None:
        key = (community.platform, community.id, user.id)
        now = self._now()
        cached = self._views.get(key)
        if cached is not None and now - cached[0] < PLATFORM_VIEW_FOR:
            return cached[1]
        actor = await platform.member(community, user)
        self._views[key] = (now, actor)
        return actor
