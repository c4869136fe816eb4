"""One-time sign-in links: issued by `/dashboard`, used once by the "Continue" button.

A link's token is 32 random bytes; only its SHA-256 is stored, with the member and community it
was given to. A newer link revokes the member's older ones. Using it is one conditional UPDATE
(unused, unrevoked, unexpired), so two presses at once sign in once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, insert, select, update

from bot.dashboard.tokens import WallClock, digest, new_token, real_now
from bot.storage.database import Database
from bot.storage.models import DashboardLink

LINK_LIFETIME = timedelta(minutes=10)
LINKS_PER_MEMBER = 5
LINK_WINDOW = timedelta(minutes=10)


class LinkState(StrEnum):
    """What a link is when someone opens it."""

    USABLE = "usable"
    EXPIRED = "expired"
    USED = "used"
    SUPERSEDED = "superseded"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Redeemed:
    """A link used up: whose it was."""

    community_id: int
    member_id: int


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """What a link is now, and the community it was given in (None: no such link)."""

    state: LinkState
    community_id: int | None


class TooManyLinks(Exception):
    """The member asked for more links than the window allows."""


class SignInLinks:
    """Issues, inspects and uses up sign-in links, on real time."""

    def __init__(self, database: Database, now: WallClock = real_now) -> None:
        self._database = database
        self._now = now

    async def issue(self, community_id: int, member_id: int) -> str:
        """Return a new token for the member, revoking their older ones; raise TooManyLinks."""
        now = self._now()
        token = new_token()
        async with self._database.writing() as connection:
            recent = await connection.execute(
                select(func.count())
                .select_from(DashboardLink)
                .where(
                    DashboardLink.member_id == member_id,
                    DashboardLink.created_at > now - LINK_WINDOW,
                )
            )
            if int(recent.scalar_one()) >= LINKS_PER_MEMBER:
                raise TooManyLinks
            await connection.execute(
                update(DashboardLink)
                .where(DashboardLink.member_id == member_id, DashboardLink.revoked_at.is_(None))
                .values(revoked_at=now)
            )
            await connection.execute(
                insert(DashboardLink).values(
                    token_hash=digest(token),
                    community_id=community_id,
                    member_id=member_id,
                    created_at=now,
                    expires_at=now + LINK_LIFETIME,
                )
            )
        return token

    async def check(self, token: str) -> LinkCheck:
        """Return what the link with `token` is now and its community, without using it."""
        async with self._database.reading() as connection:
            row = (
                await connection.execute(
                    select(
                        DashboardLink.used_at,
                        DashboardLink.revoked_at,
                        DashboardLink.expires_at,
                        DashboardLink.community_id,
                    ).where(DashboardLink.token_hash == digest(token))
                )
            ).one_or_none()
        if row is None:
            return LinkCheck(LinkState.UNKNOWN, None)
        return LinkCheck(self._state(row.used_at, row.revoked_at, row.expires_at), row.community_id)

    def _state(
        self, used_at: datetime | None, revoked_at: datetime | None, expires_at: datetime
    ) -> LinkState:
        if used_at is not None:
            return LinkState.USED
        if revoked_at is not None:
            return LinkState.SUPERSEDED
        if expires_at <= self._now():
            return LinkState.EXPIRED
        return LinkState.USABLE

    async def redeem(self, token: str) -> Redeemed | None:
        """Use the link up and return whose it was; None if it was not usable (or just used)."""
        now = self._now()
        async with self._database.writing() as connection:
            used = await connection.execute(
                update(DashboardLink)
                .where(
                    DashboardLink.token_hash == digest(token),
                    DashboardLink.used_at.is_(None),
                    DashboardLink.revoked_at.is_(None),
                    DashboardLink.expires_at > now,
                )
                .values(used_at=now)
                .returning(DashboardLink.community_id, DashboardLink.member_id)
            )
            row = used.one_or_none()
        return None if row is None else Redeemed(row.community_id, row.member_id)
