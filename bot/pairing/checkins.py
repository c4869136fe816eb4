"""Check-ins: halfway to the next round each group is asked whether they met.

A sweep sends the check-ins that fell due and closes those whose time ran out. Each group is
claimed by a conditional UPDATE (its state moves from nothing to `sent`, from `sent` to
`closed`), so two processes, or a run after a crash, never send or close one twice. Closing
counts an unanswered check-in as ignored; three ignored in a row pause the member, who is told
by DM how to rejoin. Nothing is sent or closed on a day of a term break: check-ins due then
are skipped, and closing waits for the break to end.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import Clock
from bot.errors import NotFoundError, PlatformError, UserFacingError
from bot.i18n import N_, _, ngettext
from bot.ids import NOT_OURS, button_id
from bot.messages import Button, ButtonStyle, OutboundMessage
from bot.metrics import Metrics
from bot.platform import Platform
from bot.refs import CommunityRef, UserRef
from bot.shared.breaks import BreakService
from bot.storage.database import Database
from bot.storage.models import (
    BuddyGroup,
    BuddyGroupMember,
    BuddyOptIn,
    BuddyRound,
    Community,
    Member,
)

log = logging.getLogger(__name__)

CHECKIN_ACTION = "buddy"
IGNORED_BEFORE_PAUSE = 3
BATCH = 1000
"""Groups claimed per statement (databases bound the number of parameters)."""
SENT, SKIPPED, CLOSED = "sent", "skipped", "closed"
BUTTON_LABELS = {"met": N_("We met"), "notyet": N_("Not yet"), "skip": N_("Skip")}


class Answer(StrEnum):
    """A member's answer to a check-in; the value is what the action id carries."""

    MET = "met"
    NOT_YET = "notyet"
    SKIP = "skip"

    @property
    def label(self) -> str:
        """Return the button's label, in the current language."""
        return _(BUTTON_LABELS[self.value])


@dataclass(frozen=True, slots=True)
class Recorded:
    """What pressing a check-in button did."""

    answer: Answer
    previous: Answer | None


@dataclass(frozen=True, slots=True)
class _Due:
    group_id: int
    community_id: int
    community_external_id: str
    zone: str


def checkin_message(group_id: int) -> OutboundMessage:
    """Return the check-in with its three buttons; each action id names the group."""
    buttons = tuple(
        Button(
            answer.label,
            f"{CHECKIN_ACTION}:{answer.value}:{group_id}",
            ButtonStyle.PRIMARY if answer is Answer.MET else ButtonStyle.NORMAL,
        )
        for answer in Answer
    )
    return OutboundMessage(
        _("☕ Halfway check-in: have you met your buddy yet? Each of you, press one."),
        buttons=buttons,
    )


class CheckIns:
    """Sends and closes check-ins, and records answers."""

    def __init__(
        self, database: Database, clock: Clock, breaks: BreakService, metrics: Metrics
    ) -> None:
        self._database = database
        self._clock = clock
        self._breaks = breaks
        self._metrics = metrics

    async def answer(
        self, community_id: int, group_id: int, member_id: int, answer: Answer
    ) -> Recorded:
        """Record a member's answer for their group; a member of another group is refused."""
        now = self._clock.now()
        async with self._database.writing() as connection:
            row = (
                await connection.execute(
                    select(BuddyGroupMember.answer)
                    .join(BuddyGroup, BuddyGroup.id == BuddyGroupMember.group_id)
                    .where(
                        BuddyGroupMember.group_id == group_id,
                        BuddyGroupMember.member_id == member_id,
                        BuddyGroup.community_id == community_id,
                    )
                )
            ).one_or_none()
            if row is None:
                raise NotFoundError(_("This check-in is for the members of another buddy group."))
            previous = None if row.answer is None else Answer(row.answer)
            if previous is not answer:
                await connection.execute(
                    update(BuddyGroupMember)
                    .where(
                        BuddyGroupMember.group_id == group_id,
                        BuddyGroupMember.member_id == member_id,
                    )
                    .values(answer=answer.value, answered_at=now)
                )
            await connection.execute(
                update(BuddyOptIn)
                .where(BuddyOptIn.member_id == member_id)
                .values(ignored_checkins=0)
            )
        return Recorded(answer, previous)

    async def sweep(self, platform: Platform, due: datetime) -> None:
        """Send the check-ins due by `due` on `platform`, then close those that ran out."""
        pending = await self._groups(platform.name, BuddyRound.checkin_at <= due, None)
        on_break, working = await self._split_by_break(pending, due)
        for start in range(0, len(on_break), BATCH):
            await self._claim(on_break[start : start + BATCH], None, SKIPPED)
        for start in range(0, len(working), BATCH):
            await self._send_due(platform, working[start : start + BATCH])
        ended = await self._groups(platform.name, BuddyRound.closes_at <= due, SENT)
        __, working = await self._split_by_break(ended, due)
        for start in range(0, len(working), BATCH):
            await self._close_due(platform, working[start : start + BATCH])

    async def next_due(self, platform: Platform, _now: datetime) -> datetime | None:
        """Return when a check-in is next to be sent or closed on `platform` (None: none)."""
        on_platform = select(Community.id).where(Community.platform == platform.name)
        sending = BuddyGroup.checkin.is_(None)
        moment = case((sending, BuddyRound.checkin_at), else_=BuddyRound.closes_at)
        query = (
            select(func.min(moment))
            .select_from(BuddyGroup)
            .join(BuddyRound, BuddyRound.id == BuddyGroup.round_id)
            .where(
                BuddyGroup.community_id.in_(on_platform),
                or_(sending, BuddyGroup.checkin == SENT),
            )
        )
        async with self._database.reading() as connection:
            found: datetime | None = (await connection.execute(query)).scalar_one()
        return found

    async def _send_due(self, platform: Platform, working: list[_Due]) -> None:
        claimed = await self._claim(working, None, SENT)
        if not claimed:
            return
        async with self._database.reading() as connection:
            people = await _external_ids(connection, claimed)
        by_id = {item.group_id: item for item in working}
        for group_id in claimed:
            await self._send_one(platform, by_id[group_id], people.get(group_id, []))

    async def _send_one(self, platform: Platform, item: _Due, people: list[str]) -> None:
        users = [UserRef(platform.name, external_id) for external_id in people]
        community = CommunityRef(platform.name, item.community_external_id)
        try:
            await platform.group_message(community, users, checkin_message(item.group_id))
            self._metrics.checkin_sent("buddy")
        except PlatformError as error:
            log.warning("could not send the check-in of buddy group %d: %s", item.group_id, error)
            async with self._database.writing() as connection:
                await connection.execute(
                    update(BuddyGroup).where(BuddyGroup.id == item.group_id).values(checkin=SKIPPED)
                )

    async def _close_due(self, platform: Platform, working: list[_Due]) -> None:
        now = self._clock.now()
        async with self._database.writing() as connection:
            closed = await _claim_on(connection, [item.group_id for item in working], SENT, CLOSED)
            if not closed:
                return
            silent = await _silent_members(connection, closed)
            paused = await _count_ignored(connection, silent, now)
            reach = await _reach(connection, paused)
        for external_id, count in reach:
            await _tell_paused(platform, external_id, count)

    async def _groups(self, platform: str, condition: object, state: str | None) -> list[_Due]:
        query = (
            select(
                BuddyGroup.id, BuddyGroup.community_id, Community.external_id, Community.timezone
            )
            .join(BuddyRound, BuddyRound.id == BuddyGroup.round_id)
            .join(Community, Community.id == BuddyGroup.community_id)
            .where(
                Community.platform == platform,
                condition,  # type: ignore[arg-type]
                BuddyGroup.checkin.is_(None) if state is None else BuddyGroup.checkin == state,
            )
            .order_by(BuddyGroup.id)
        )
        async with self._database.reading() as connection:
            return [_Due(*row) for row in (await connection.execute(query)).all()]

    async def _split_by_break(
        self, items: Sequence[_Due], due: datetime
    ) -> tuple[list[_Due], list[_Due]]:
        on_break: list[_Due] = []
        working: list[_Due] = []
        resting: dict[int, bool] = {}
        for item in items:
            if item.community_id not in resting:
                today = due.astimezone(ZoneInfo(item.zone)).date()
                resting[item.community_id] = await self._on_break(item.community_id, today)
            (on_break if resting[item.community_id] else working).append(item)
        return on_break, working

    async def _on_break(self, community_id: int, today: date) -> bool:
        return any(span.covers(today) for span in await self._breaks.list(community_id))

    async def _claim(self, items: Sequence[_Due], before: str | None, after: str) -> list[int]:
        if not items:
            return []
        async with self._database.writing() as connection:
            return await _claim_on(connection, [item.group_id for item in items], before, after)


async def _claim_on(
    connection: AsyncConnection, group_ids: list[int], before: str | None, after: str
) -> list[int]:
    """Move the groups still in `before` to `after`; return those this call moved."""
    state = BuddyGroup.checkin.is_(None) if before is None else BuddyGroup.checkin == before
    moved = await connection.execute(
        update(BuddyGroup)
        .where(BuddyGroup.id.in_(group_ids), state)
        .values(checkin=after)
        .returning(BuddyGroup.id)
    )
    return sorted(int(group_id) for group_id in moved.scalars())


async def _external_ids(connection: AsyncConnection, group_ids: list[int]) -> dict[int, list[str]]:
    """Return the platform ids of each group's members, in one query."""
    query = (
        select(BuddyGroupMember.group_id, Member.external_id)
        .join(Member, BuddyGroupMember.member_id == Member.id)
        .where(BuddyGroupMember.group_id.in_(group_ids))
        .order_by(BuddyGroupMember.group_id, Member.id)
    )
    found: dict[int, list[str]] = {}
    for row in (await connection.execute(query)).all():
        found.setdefault(row.group_id, []).append(row.external_id)
    return found


async def _silent_members(connection: AsyncConnection, group_ids: list[int]) -> list[int]:
    query = select(BuddyGroupMember.member_id).where(
        BuddyGroupMember.group_id.in_(group_ids), BuddyGroupMember.answer.is_(None)
    )
    return sorted(set((await connection.execute(query)).scalars()))


async def _count_ignored(
    connection: AsyncConnection, member_ids: list[int], now: datetime
) -> list[int]:
    """Count one more ignored check-in for each; pause those who reached the limit."""
    if not member_ids:
        return []
    await connection.execute(
        update(BuddyOptIn)
        .where(BuddyOptIn.member_id.in_(member_ids))
        .values(ignored_checkins=BuddyOptIn.ignored_checkins + 1)
    )
    paused = await connection.execute(
        update(BuddyOptIn)
        .where(
            BuddyOptIn.member_id.in_(member_ids),
            BuddyOptIn.ignored_checkins >= IGNORED_BEFORE_PAUSE,
            BuddyOptIn.auto_paused_at.is_(None),
        )
        .values(auto_paused_at=now)
        .returning(BuddyOptIn.member_id)
    )
    return sorted(int(member_id) for member_id in paused.scalars())


async def _reach(connection: AsyncConnection, member_ids: list[int]) -> list[tuple[str, int]]:
    if not member_ids:
        return []
    query = (
        select(Member.external_id, BuddyOptIn.ignored_checkins)
        .join(BuddyOptIn, BuddyOptIn.member_id == Member.id)
        .where(Member.id.in_(member_ids))
        .order_by(Member.id)
    )
    return [(row.external_id, row.ignored_checkins) for row in await connection.execute(query)]


async def _tell_paused(platform: Platform, external_id: str, count: int) -> None:
    text = rejoin_hint(count)
    try:
        await platform.direct_message(UserRef(platform.name, external_id), OutboundMessage(text))
    except PlatformError as error:
        log.warning("could not tell %s that pairing is paused: %s", external_id, error)


def rejoin_hint(count: int) -> str:
    """Return the DM telling a member that `count` unanswered check-ins paused their pairing."""
    return ngettext(
        "You didn't answer your last {count} buddy check-in, so I've paused buddy pairing for "
        "you. Whenever you'd like a buddy again, run /buddy join.",
        "You didn't answer your last {count} buddy check-ins, so I've paused buddy pairing for "
        "you. Whenever you'd like a buddy again, run /buddy join.",
        count,
    ).format(count=count)


def parse_action(args: Sequence[str]) -> tuple[Answer, int]:
    """Read `<answer>:<group id>` from a check-in button's action id."""
    choice, group = (*args, "", "")[:2]
    if choice not in {answer.value for answer in Answer}:
        raise UserFacingError(NOT_OURS)
    return Answer(choice), button_id(group)
