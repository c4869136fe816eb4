"""The case log: every moderation action, stored once it has happened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotFoundError
from bot.i18n import _
from bot.moderation import reasons, store
from bot.moderation.store import CaseRow
from bot.moderation.subjects import Subject
from bot.storage.database import Database
from bot.storage.models import ModCase

MAX_EXCERPT = 300
MAX_LISTED = 15


class CaseKind(StrEnum):
    """What a case records."""

    WARN = "warn"
    TIMEOUT = "timeout"
    UNTIMEOUT = "untimeout"
    KICK = "kick"
    BAN = "ban"
    UNBAN = "unban"
    PURGE = "purge"
    NOTE = "note"
    DELETE = "delete"

    @property
    def told_to_member(self) -> bool:
        """Return whether the member hears of this action by DM (with "I understand")."""
        return self in (CaseKind.WARN, CaseKind.TIMEOUT, CaseKind.KICK, CaseKind.BAN)


@dataclass(frozen=True, slots=True)
class NewCase:
    """What an action records: the member and moderator by member id (None: nobody, the bot)."""

    community_id: int
    kind: CaseKind
    member_id: int | None
    moderator_id: int | None
    reason: str | None = None
    guideline: str | None = None
    excerpt: str | None = None
    duration: timedelta | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CaseInfo:
    """A case as the log shows it, with the external ids of the people in it."""

    id: int
    community_id: int
    kind: CaseKind
    member_id: int | None
    member_external_id: str | None
    moderator_external_id: str | None
    stored_reason: str | None
    guideline: str | None
    excerpt: str | None
    duration: timedelta | None
    expires_at: datetime | None
    created_at: datetime
    acknowledged_at: datetime | None
    automatic: bool

    @property
    def reason(self) -> str | None:
        """Return the reason in the current language (a moderator's as typed)."""
        return reasons.render(self.stored_reason)

    def active_at(self, moment: datetime) -> bool:
        """Return whether a warning still counts (or a timeout still runs) at `moment`."""
        return self.expires_at is not None and self.expires_at > moment


async def insert_case(session: AsyncSession, case: NewCase, at: datetime) -> int:
    """Add a case inside the caller's transaction; return its id."""
    row = ModCase(
        community_id=case.community_id,
        kind=case.kind.value,
        member_id=case.member_id,
        moderator_id=case.moderator_id,
        reason=case.reason,
        guideline=case.guideline,
        excerpt=None if case.excerpt is None else case.excerpt[:MAX_EXCERPT],
        duration_seconds=None if case.duration is None else int(case.duration.total_seconds()),
        expires_at=case.expires_at,
        created_at=at,
        automatic=case.moderator_id is None,
    )
    return await store.insert_case(session, row)


class CaseLog:
    """Reads and updates recorded cases."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def get(self, community_id: int, case_id: int) -> CaseInfo:
        """Return one case of the community, or raise NotFoundError."""
        async with self._database.session() as session:
            row = await store.case(session, community_id, case_id)
        if row is None:
            raise NotFoundError(
                _("There is no case {number} in this community.").format(number=case_id)
            )
        return _info(row)

    async def recent(
        self, community_id: int, member_id: int | None = None, *, limit: int = MAX_LISTED
    ) -> list[CaseInfo]:
        """Return the newest cases of the community, or of one member, newest first."""
        async with self._database.session() as session:
            rows = await store.recent_cases(session, community_id, member_id, limit)
        return [_info(row) for row in rows]

    async def of_member(self, member_id: int) -> list[CaseInfo]:
        """Return every case about a member that they may see (notes are moderators' own)."""
        async with self._database.session() as session:
            rows = await store.member_cases(session, member_id, CaseKind.NOTE.value)
        return [_info(row) for row in rows]

    async def active_warnings(self, subject: Subject, at: datetime) -> int:
        """Return how many warnings about someone (forgotten since or not) still count at `at`."""
        async with self._database.session() as session:
            return await store.count_unexpired(session, subject.cases(), CaseKind.WARN.value, at)

    async def newest(self, subject: Subject, *kinds: CaseKind) -> CaseInfo | None:
        """Return the newest case of these kinds about someone, forgotten since or not."""
        wanted = [kind.value for kind in kinds]
        async with self._database.session() as session:
            row = await store.newest_case(session, subject.cases(), wanted)
        return None if row is None else _info(row)

    async def acknowledge(self, case_id: int, member_id: int, at: datetime) -> bool:
        """Record that the member acknowledged the case; False if it was already (or not theirs)."""
        async with self._database.session() as session, session.begin():
            return await store.acknowledge(session, case_id, member_id, at)


def _info(row: CaseRow) -> CaseInfo:
    case, member_external_id, moderator_external_id = row
    duration = None if case.duration_seconds is None else timedelta(seconds=case.duration_seconds)
    return CaseInfo(
        id=case.id,
        community_id=case.community_id,
        kind=CaseKind(case.kind),
        member_id=case.member_id,
        member_external_id=member_external_id,
        moderator_external_id=moderator_external_id,
        stored_reason=case.reason,
        guideline=case.guideline,
        excerpt=case.excerpt,
        duration=duration,
        expires_at=case.expires_at,
        created_at=case.created_at,
        acknowledged_at=case.acknowledged_at,
        automatic=case.automatic,
    )
