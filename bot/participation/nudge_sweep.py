"""The quiet-member sweep: every hour, nudge the quiet members for whom it is daytime.

Each run, per community of the platform that this process serves (`Served`): skip it during a
term break; flush buffered activity (so today's posts count); select who may be nudged; keep
those whose local hour (their own time zone, else the community's) is within `LOCAL_HOURS`;
then, one at a time, wait for a turn in the platform's budget of direct messages (shared by
every process on the database: `bot/shared/budgets.py`), claim, and send through the platform
bound to the community. A run that finds the previous one still going on this process leaves
the work to it; claims keep other processes and re-runs from nudging twice.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import PlatformError, PlatformRefused
from bot.i18n import _, speaking
from bot.messages import Button, ButtonStyle, OutboundMessage
from bot.metrics import Metrics
from bot.participation.nudge_topics import NudgeTopic, topic_choice
from bot.participation.nudges import REFUSED, RETRY, SENT, UNKNOWN, NudgeClaim, NudgeLedger
from bot.participation.quiet import QuietMember, QuietService
from bot.platform import Platform
from bot.refs import ChannelRef, UserRef
from bot.serving import Served
from bot.shared.activity import ActivityService
from bot.shared.breaks import BreakService
from bot.shared.budgets import SendBudget, dm_budget
from bot.shared.languages import LanguageService
from bot.storage.database import Database

log = logging.getLogger(__name__)

LOCAL_HOURS = range(10, 18)
"""Nudges go out from 10:00 to 17:59 in the member's time zone."""
PROGRESS_EVERY = 100
LANGUAGES_READ_AT_ONCE = 500
"""Members whose languages one read finds, as the fan-out reaches them."""
NUDGE_ACTION = "nudge"
SWEEP_INTERVAL = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class NudgePolicy:
    """How long between nudges (how quiet is quiet: `QuietService`; how fast: the budget)."""

    cooldown: timedelta = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class NudgeCommunity:
    """A community with members to nudge: its id, platform id and time zone."""

    id: int
    external_id: str
    timezone: str


async def daytime_candidates(
    quiet: QuietService, communities: Collection[int], due: datetime, cooldown: timedelta
) -> dict[NudgeCommunity, list[QuietMember]]:
    """Return who may be nudged at `due`, by community: quiet, free to be nudged, in daytime.

    One read for every community; then each member's local hour (their own time zone, else
    their community's) must be within `LOCAL_HOURS`. Tens of thousands of members share a few
    zones, so each zone's hour is worked out once.
    """
    found = await quiet.candidates(communities, due, quiet.default_days, cooldown)
    daytime: dict[str, bool] = {}
    chosen: dict[int, list[QuietMember]] = {}
    known: dict[int, NudgeCommunity] = {}
    for candidate in found:
        zone = candidate.member.timezone or candidate.community_timezone
        in_daytime = daytime.get(zone)
        if in_daytime is None:
            in_daytime = daytime[zone] = _local_hour(zone, due) in LOCAL_HOURS
        if not in_daytime:
            continue
        if candidate.community_id not in known:
            known[candidate.community_id] = NudgeCommunity(
                candidate.community_id,
                candidate.community_external_id,
                candidate.community_timezone,
            )
            chosen[candidate.community_id] = []
        chosen[candidate.community_id].append(candidate.member)
    return {known[community_id]: members for community_id, members in chosen.items()}


class NudgeSweep:
    """Finds the quiet members due a nudge and sends each one kind direct message."""

    def __init__(
        self,
        database: Database,
        activity: ActivityService,
        breaks: BreakService,
        quiet: QuietService,
        ledger: NudgeLedger,
        policy: NudgePolicy,
        metrics: Metrics | None = None,
        budget: SendBudget | None = None,
        *,
        languages: LanguageService,
    ) -> None:
        """`budget`: the shared budget of direct messages each nudge takes a turn from;
        `languages`: each member's language, which their nudge is written in."""
        self._database = database
        self._budget = budget or dm_budget(database)
        self._languages = languages
        self._metrics = metrics or Metrics()
        self._activity = activity
        self._breaks = breaks
        self._quiet = quiet
        self._ledger = ledger
        self._policy = policy
        self._running: set[str] = set()
        self._expired: set[str] = set()

    async def run(self, served: Served, due: datetime) -> None:
        """Nudge, in the communities served here, whoever is quiet and in daytime at `due`."""
        if served.name in self._running:
            log.info("nudges on %s: the previous run is still sending; skipping", served.name)
            return
        self._running.add(served.name)
        try:
            await self._run(served, due)
        finally:
            self._running.discard(served.name)

    async def next_due(self, served: Served, now: datetime) -> datetime | None:
        """Return when someone may next be due a nudge here (None: nobody yet).

        Posts not yet written count as work now: the next run writes them and asks again.
        The daily bookkeeping is due too while a claim is open (a crash mid-send).
        """
        if self._activity.pending():
            return now
        if not served:
            return None
        days, cooldown = self._quiet.default_days, self._policy.cooldown
        moments = (
            await self._quiet.next_candidate(served.ids, now, days, cooldown),
            await self._ledger.next_stale(served.ids),
        )
        return min((moment for moment in moments if moment is not None), default=None)

    async def _run(self, served: Served, due: datetime) -> None:
        await self._activity.flush()
        if not served:
            return
        if due.hour == 0 or served.name not in self._expired:
            # Bookkeeping only (stale claims are never re-sent): on start, then daily.
            self._expired.add(served.name)
            await self._ledger.expire_stale_claims(served.ids)
        chosen = await daytime_candidates(self._quiet, served.ids, due, self._policy.cooldown)
        for community, members in chosen.items():
            platform = served.platform_for(community.id)
            if platform is not None and not await self._on_break(community, due):
                await self._fan_out(platform, community, members)

    async def _fan_out(
        self, platform: Platform, community: NudgeCommunity, members: list[QuietMember]
    ) -> None:
        async with self._database.reading() as connection:
            topics = await topic_choice(connection, community.id, [m.id for m in members])
        sent = failed = skipped = 0
        log.info("nudges on %s: members to nudge: %d", platform.name, len(members))
        public = await self._languages.community(community.id)
        languages: dict[str, str] = {}
        for number, member in enumerate(members, start=1):
            if member.external_id not in languages:  # the next members' languages, in one read
                upcoming = members[number - 1 : number - 1 + LANGUAGES_READ_AT_ONCE]
                ids = [one.external_id for one in upcoming]
                languages = await self._languages.members(community.id, ids)
            # The turn before the claim: a claim is followed by its send at once.
            await self._budget.take(platform.name)
            claim = await self._ledger.claim(
                community.id, member.id, self._quiet.default_days, self._policy.cooldown
            )
            if claim is None:
                skipped += 1  # someone else claimed it, or they posted meanwhile
                continue
            topic = topics.for_member(member.id)
            with speaking(languages[member.external_id], public=public):
                nudge = f"{claim.id}@{community.external_id}"
                message = nudge_message(platform, member, topic, nudge)
            status = await _send(platform, member, message, claim)
            await self._ledger.close(claim.id, status)
            ok = status == SENT
            if ok:
                self._metrics.checkin_sent("quiet")
            sent, failed = sent + ok, failed + (not ok)
            if number % PROGRESS_EVERY == 0:
                log.info("nudges on %s: %d/%d done", platform.name, number, len(members))
        log.info(
            "nudges on %s: %d sent, %d failed, %d taken elsewhere or active again",
            platform.name,
            sent,
            failed,
            skipped,
        )

    async def _on_break(self, community: NudgeCommunity, due: datetime) -> bool:
        today = due.astimezone(_zone(community.timezone)).date()
        return any(b.covers(today) for b in await self._breaks.list(community.id))


def nudge_message(
    platform: Platform, member: QuietMember, topic: NudgeTopic | None, nudge: str
) -> OutboundMessage:
    """Return the kind direct message, with its four buttons.

    `nudge` is the nudge id and its community's platform id (`12@<guild id>`): a press in a
    direct message may arrive without its community (Discord), so the action id carries it.
    """
    greeting = _(
        "Hi {name} 👋 We haven't seen you in the chat for a little while, and "
        "that's completely fine: lurking is also learning."
    )
    lines = [greeting.format(name=member.display_name)]
    if topic is not None:
        where = platform.mention(ChannelRef(platform.name, topic.channel_id))
        lines.append(
            _("This week's topic, with its thread in {channel}: {topic}").format(
                channel=where, topic=topic.text
            )
        )
        lines.append(_("If you'd like a way back in, one line in that thread is plenty."))
    else:
        lines.append(_("If you'd like a way back in, one line saying hi is plenty."))
    lines.append(_("Whatever suits you, just tap below (nobody else sees this message)."))
    return OutboundMessage("\n".join(lines), buttons=_nudge_buttons(nudge))


def _nudge_buttons(nudge: str) -> tuple[Button, ...]:
    return (
        Button(_("I'm fine, just reading"), f"{NUDGE_ACTION}:fine:{nudge}"),
        Button(_("Snooze 2 weeks"), f"{NUDGE_ACTION}:snooze:{nudge}"),
        Button(_("Pair me with someone"), f"{NUDGE_ACTION}:pair:{nudge}", ButtonStyle.PRIMARY),
        Button(_("Talk to a host"), f"{NUDGE_ACTION}:host:{nudge}"),
    )


async def _send(
    platform: Platform, member: QuietMember, message: OutboundMessage, claim: NudgeClaim
) -> str:
    """Send the nudge (once: a retry looks for an earlier delivery first); return its status."""
    user = UserRef(platform.name, member.external_id)
    key = f"cohort:nudge:{claim.id}"
    if claim.again:
        try:
            found = await platform.find_sent(user, key)
        except PlatformError as error:
            # Without knowing whether it arrived, a second nudge is worse than none.
            log.warning("could not look for nudge %d's earlier send: %s", claim.id, error)
            return RETRY if _transient(error) else UNKNOWN
        if found is not None:
            return SENT
    try:
        await platform.direct_message(user, message, key=key)
    except PlatformError as error:
        log.warning("could not nudge member %d: %s", member.id, error)
        return RETRY if _transient(error) else REFUSED
    return SENT


def _transient(error: PlatformError) -> bool:
    return error.retryable and not isinstance(error, PlatformRefused)


def _local_hour(zone: str, at: datetime) -> int:
    return at.astimezone(_zone(zone)).hour


@lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
