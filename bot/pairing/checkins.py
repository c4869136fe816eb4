"""Check-ins: halfway to the next round each group is asked whether they met.

A sweep sends the check-ins that fell due and closes those whose time ran out. Each group is
claimed by a conditional UPDATE (its state moves from nothing to `sent`, from `sent` to
`closed`), so two processes, or a run after a crash, never send or close one twice. Closing
counts an unanswered check-in as ignored; three ignored in a row pause the member, who is told
by DM how to rejoin. A group's check-in is in the community's language, a member's notice in
theirs. Nothing is sent or closed on a day of a term break: check-ins due then
are skipped, and closing waits for the break to end.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, select, update

from bot.clock import Clock
from bot.errors import NotFoundError, PlatformError, UserFacingError
from bot.i18n import N_, _, ngettext
from bot.ids import NOT_OURS, button_id
from bot.messages import Button, ButtonStyle, OutboundMessage
from bot.metrics import Metrics
from bot.pairing import checkin_store as store
from bot.platform import Platform
from bot.refs import CommunityRef, UserRef
from bot.serving import Served
from bot.shared.breaks import BreakService
from bot.shared.budgets import SendBudget, dm_budget
from bot.shared.languages import LanguageService
from bot.storage.database import Database
from bot.storage.models import BuddyGroup, BuddyGroupMember, BuddyOptIn, BuddyRound

log = logging.getLogger(__name__)

CHECKIN_ACTION = "buddy"
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
        self,
        database: Database,
        clock: Clock,
        breaks: BreakService,
        metrics: Metrics,
        budget: SendBudget | None = None,
        *,
        languages: LanguageService,
    ) -> None:
        """`budget`: the shared budget of direct messages each check-in takes a turn from;
        `languages`: the community's (a group's check-in) and each member's (a pause notice)."""
        self._database = database
        self._languages = languages
        self._clock = clock
        self._breaks = breaks
        self._metrics = metrics
        self._budget = budget or dm_budget(database)

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

    async def sweep(self, served: Served, due: datetime) -> None:
        """Send the check-ins due by `due` in the communities served here, then close those that
        ran out. Each check-in waits for its turn in the shared budget, then is claimed and
        sent at once."""
        if not served:
            return
        pending = await self._groups(served, BuddyRound.checkin_at <= due, None)
        on_break, working = await self._split_by_break(pending, due)
        for start in range(0, len(on_break), BATCH):
            await self._claim(on_break[start : start + BATCH], None, SKIPPED)
        for item in working:
            platform = served.platform_for(item.community_id)
            if platform is not None:
                await self._send_due(platform, item)
        ended = await self._groups(served, BuddyRound.closes_at <= due, SENT)
        __, working = await self._split_by_break(ended, due)
        for start in range(0, len(working), BATCH):
            await self._close_due(served, working[start : start + BATCH])

    async def next_due(self, served: Served, _now: datetime) -> datetime | None:
        """Return when a check-in is next to be sent or closed in the communities served here
        (None: none)."""
        if not served:
            return None
        async with self._database.reading() as connection:
            return await store.next_moment(connection, served.ids, SENT)

    async def _send_due(self, platform: Platform, item: _Due) -> None:
        await self._budget.take(platform.name)
        if not await self._claim([item], None, SENT):
            return  # sent by another process meanwhile
        async with self._database.reading() as connection:
            people = await store.external_ids(connection, [item.group_id])
        await self._send_one(platform, item, people.get(item.group_id, []))

    async def _send_one(self, platform: Platform, item: _Due, people: list[str]) -> None:
        users = [UserRef(platform.name, external_id) for external_id in people]
        community = CommunityRef(platform.name, item.community_external_id)
        async with self._languages.in_community(item.community_id):
            message = checkin_message(item.group_id)
        try:
            await platform.group_message(community, users, message)
            self._metrics.checkin_sent("buddy")
        except PlatformError as error:
            log.warning("could not send the check-in of buddy group %d: %s", item.group_id, error)
            async with self._database.writing() as connection:
                await connection.execute(
                    update(BuddyGroup).where(BuddyGroup.id == item.group_id).values(checkin=SKIPPED)
                )

    async def _close_due(self, served: Served, working: list[_Due]) -> None:
        now = self._clock.now()
        async with self._database.writing() as connection:
            group_ids = [item.group_id for item in working]
            closed = await store.claim_on(connection, group_ids, SENT, CLOSED)
            if not closed:
                return
            silent = await store.silent_members(connection, closed)
            paused = await store.count_ignored(connection, silent, now)
            reach = await store.reach(connection, paused)
        for community_id, external_id, count in reach:
            platform = served.platform_for(community_id)
            if platform is not None:
                await self._budget.take(platform.name)
                async with self._languages.to_member(community_id, external_id):
                    notice = OutboundMessage(rejoin_hint(count))
                await _tell_paused(platform, external_id, notice)

    async def _groups(
        self, served: Served, condition: ColumnElement[bool], state: str | None
    ) -> list[_Due]:
        async with self._database.reading() as connection:
            rows = await store.due_groups(connection, served.ids, condition, state)
        return [_Due(*row) for row in rows]

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
            return await store.claim_on(
                connection, [item.group_id for item in items], before, after
            )


async def _tell_paused(platform: Platform, external_id: str, notice: OutboundMessage) -> None:
    try:
        await platform.direct_message(UserRef(platform.name, external_id), notice)
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
