"""A pairing round: group the eligible members, record it, open a private space per group."""

from __future__ import annotations

import asyncio
import logging
import random
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, update
from sqlalchemy.exc import IntegrityError

from bot.clock import Clock
from bot.cohorts.scope import Scope
from bot.errors import PlatformError, UserFacingError
from bot.i18n import _, ngettext, publicly
from bot.messages import Field, OutboundMessage
from bot.occurrences import RecordHook
from bot.pairing.matching import Grouping, group_members
from bot.pairing.preferences import Candidate
from bot.pairing.store import NewRound, Person, eligible, history, next_number
from bot.pairing.store import record_round as insert_round
from bot.platform import Platform
from bot.refs import CommunityRef, UserRef
from bot.storage.database import Database
from bot.storage.id_lists import Ids
from bot.storage.models import BuddyGroup
from bot.topics.service import TopicService
from bot.topics.starters import STARTER_TOPICS

log = logging.getLogger(__name__)

IntroTexts = Callable[[list[int]], Awaitable[dict[int, str]]]
"""Returns the intro of each of these members that has one (by member id)."""

DEFAULT_INTERVAL = timedelta(weeks=1)
CLOSE_MARGIN = timedelta(hours=2)
"""Check-ins close this long before the next round, so an auto-pause applies to it."""
THREAD_AFTER = 500
"""Above this many members the grouping runs in a worker thread, off the event loop."""
MAX_INTRO = 1000
SKIPPED = "skipped"


async def no_intros(_member_ids: list[int]) -> dict[int, str]:
    """The default intro source: nobody has an intro."""
    return {}


@dataclass(frozen=True, slots=True)
class RoundResult:
    """What a round did, for the host who ran it and the scheduler's ledger."""

    number: int
    seed: int
    groups: int
    members: int
    repeats: int
    unopened: int
    unpaired: tuple[str, ...]
    """Platform ids of members left out (only ever one: a lone eligible member)."""


@dataclass(frozen=True, slots=True)
class RoundRequest:
    """Where and how to run a round."""

    community_id: int
    community: CommunityRef
    platform: Platform
    zone: str
    interval: timedelta = DEFAULT_INTERVAL
    schedule_id: int | None = None
    seed: int | None = None
    done: RecordHook | None = None
    scope: Scope | None = None
    """A cohort's round (its members, numbers and history); None: the whole community's."""
    among: Ids | None = None
    """The members a cohort's round may pair (its roster: ids, or the query of its member
    rows); None: anyone in the community."""

    @property
    def in_scope(self) -> Scope:
        """Return the round's scope: the cohort's, or the whole community's."""
        return self.scope or Scope(self.community_id)


class RoundRunner:
    """Runs rounds: reads, groups, records (with the scheduler's "done"), then opens spaces."""

    def __init__(
        self, database: Database, clock: Clock, topics: TopicService, intro_texts: IntroTexts
    ) -> None:
        self._database = database
        self._clock = clock
        self._topics = topics
        self._intro_texts = intro_texts

    async def run(self, request: RoundRequest) -> RoundResult:
        """Group, record and open the round; refuse when fewer than two can be grouped."""
        now, scope = self._clock.now(), request.in_scope
        async with self._database.reading() as connection:
            people = await eligible(
                connection, request.community_id, request.zone, now, request.among
            )
            if len(people) < 2:
                raise UserFacingError(scope.says(_too_few(len(people))))
            number = await next_number(connection, request.community_id, scope.cohort_id)
            ids = [person.candidate.id for person in people]
            met = await history(
                connection, request.community_id, ids, scope.pool, round_number=number
            )
        seed = request.seed if request.seed is not None else secrets.randbits(32)
        grouping = await _group([p.candidate for p in people], met, number, seed)
        log.info(
            "buddy round %d of community %d (pool %d): %d members, %d groups, %d repeats, seed %d",
            number,
            request.community_id,
            scope.pool,
            len(people),
            len(grouping.groups),
            grouping.repeats,
            seed,
        )
        group_ids = await self._record(request, number, seed, grouping, now)
        unopened = await self._open(request, people, grouping, group_ids, seed)
        by_id = {person.candidate.id: person for person in people}
        return RoundResult(
            number,
            seed,
            len(grouping.groups),
            len(people),
            grouping.repeats,
            unopened,
            tuple(by_id[member].external_id for member in grouping.unpaired),
        )

    async def _record(
        self, request: RoundRequest, number: int, seed: int, grouping: Grouping, now: datetime
    ) -> list[int]:
        checkin_at = now + request.interval / 2
        closes_at = max(now + request.interval - CLOSE_MARGIN, checkin_at + CLOSE_MARGIN)
        new = NewRound(
            request.community_id,
            number,
            seed,
            request.schedule_id,
            now,
            checkin_at,
            closes_at,
            grouping.groups,
            request.in_scope.cohort_id,
        )
        try:
            async with self._database.writing() as connection:
                group_ids = await insert_round(connection, new)
                if request.done is not None:
                    await request.done(connection, f"round {number}")
        except IntegrityError:
            raise UserFacingError(
                _("Another buddy round was being made at the same moment; nothing more was done.")
            ) from None
        return group_ids

    async def _open(
        self,
        request: RoundRequest,
        people: Sequence[Person],
        grouping: Grouping,
        group_ids: list[int],
        seed: int,
    ) -> int:
        """Open each group's private conversation; return how many could not be opened.

        A group's members may read different languages: its welcome and icebreaker are in the
        community's, whoever ran the round.
        """
        by_id = {person.candidate.id: person for person in people}
        intros = await self._intros(sorted(by_id))
        with publicly():
            icebreakers = await self._icebreakers(request.community_id)
        rng = random.Random(seed)
        opened: list[dict[str, object]] = []
        failed: list[int] = []
        for group_id, group in zip(group_ids, grouping.groups, strict=True):
            members = [by_id[member] for member in group]
            with publicly():
                message = _welcome(
                    request.platform, members, intros, rng.choice(icebreakers), request.scope
                )
            users = [UserRef(request.platform.name, person.external_id) for person in members]
            try:
                sent = await request.platform.group_message(request.community, users, message)
            except PlatformError as error:
                log.warning("could not open buddy group %d: %s", group_id, error)
                failed.append(group_id)
                continue
            opened.append({"group": group_id, "channel": sent.channel_id, "message": sent.id})
        await self._note_opened(opened, failed)
        return len(failed)

    async def _intros(self, member_ids: list[int]) -> dict[int, str]:
        # The round is recorded already: a failing intro source costs the intros, not the round.
        try:
            return await self._intro_texts(member_ids)
        except Exception:
            log.exception("could not read the intros for a buddy round; opening without them")
            return {}

    async def _icebreakers(self, community_id: int) -> list[str]:
        bank = [topic.text for topic in await self._topics.bank(community_id)]
        return bank or [_(starter) for starter in STARTER_TOPICS]

    async def _note_opened(self, opened: list[dict[str, object]], failed: list[int]) -> None:
        async with self._database.writing() as connection:
            if opened:
                await connection.execute(
                    update(BuddyGroup)
                    .where(BuddyGroup.id == bindparam("group"))
                    .values(
                        channel_external_id=bindparam("channel"),
                        message_external_id=bindparam("message"),
                    ),
                    opened,
                )
            if failed:
                # Never opened: no check-in (nobody saw the group), nothing counts as ignored.
                await connection.execute(
                    update(BuddyGroup).where(BuddyGroup.id.in_(failed)).values(checkin=SKIPPED)
                )


async def _group(
    candidates: list[Candidate], met: dict[tuple[int, int], int], number: int, seed: int
) -> Grouping:
    if len(candidates) > THREAD_AFTER:
        return await asyncio.to_thread(group_members, candidates, met, number, seed)
    return group_members(candidates, met, number, seed)


def _welcome(
    platform: Platform,
    members: list[Person],
    intros: dict[int, str],
    icebreaker: str,
    scope: Scope | None,
) -> OutboundMessage:
    names = _name_list(
        [platform.mention(UserRef(platform.name, person.external_id)) for person in members]
    )
    if scope is None or scope.cohort is None:
        text = _(
            "👋 Meet your buddies for this round: {names}!\n"
            "Find a time in the next few days for a chat (video, voice or text).\n"
            "Icebreaker: {icebreaker}"
        ).format(names=names, icebreaker=icebreaker)
    else:
        text = _(
            "👋 Meet your buddies for this round of the {cohort} cohort: {names}!\n"
            "Find a time in the next few days for a chat (video, voice or text).\n"
            "Icebreaker: {icebreaker}"
        ).format(cohort=scope.cohort.name, names=names, icebreaker=icebreaker)
    fields = tuple(
        Field(person.display_name, intros[person.candidate.id][:MAX_INTRO])
        for person in members
        if intros.get(person.candidate.id)
    )
    return OutboundMessage(text, fields=fields)


def _name_list(names: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(names) == 1:
        return names[0]
    return _("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])


def _too_few(count: int) -> str:
    return ngettext(
        "A buddy round needs at least two members who joined with /buddy join and are not "
        "paused; there is {count}.",
        "A buddy round needs at least two members who joined with /buddy join and are not "
        "paused; there are {count}.",
        count,
    ).format(count=count)
