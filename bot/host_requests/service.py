"""Host requests: a member asks for a host; a card in the hosts channel; the first host to
press Claim answers it; an unclaimed card is re-announced once.

Two kinds: `talk` (a quiet-member check-in's "Talk to a host") and `suggestion` (a topic
suggestion, whose card also carries Approve and Reject). The claim is one conditional UPDATE,
so of two hosts pressing at once one wins and the other is told who did; the re-announcement is
claimed the same way (`reminded_at`), so it happens once across processes.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.errors import NotFoundError, PlatformError, UserFacingError
from bot.host_requests import store
from bot.host_requests.cards import request_card
from bot.host_requests.store import SUGGESTION, TALK, RequestView
from bot.i18n import _, ngettext, publicly
from bot.levels import Level
from bot.messages import OutboundMessage
from bot.metrics import Metrics
from bot.platform import Platform
from bot.refs import ChannelRef, MessageRef, RoleRef, UserRef
from bot.serving import Served
from bot.shared.communities import ChannelPurpose, CommunityService
from bot.shared.languages import LanguageService
from bot.storage.database import Database
from bot.storage.models import HostRequest

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Opened:
    """What opening a request did: its id, and whether a card was posted just now."""

    id: int
    new: bool


class HostRequestService:
    """Opens request cards, lets the first host claim each, and re-announces the forgotten."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        communities: CommunityService,
        *,
        remind_after: timedelta,
        metrics: Metrics | None = None,
        languages: LanguageService | None = None,
    ) -> None:
        """`languages`: the community's language (the cards) and each member's (their DMs)."""
        self._database = database
        self.languages = languages or LanguageService(database)
        self._clock = clock
        self._communities = communities
        self.remind_after = remind_after
        self._metrics = metrics or Metrics()

    async def hosts_channel(self, community_id: int, platform: Platform) -> ChannelRef | None:
        """Return the hosts channel, if one is set."""
        return await self._communities.channel_for(
            community_id, platform.name, ChannelPurpose.HOSTS
        )

    async def talk(self, platform: Platform, community_id: int, member_id: int) -> Opened:
        """Open a "talk to a host" card (one at a time per member: an unclaimed one stands)."""
        async with self._database.reading() as connection:
            waiting = await store.open_talk(connection, community_id, member_id)
        if waiting is not None:
            return Opened(waiting, new=False)
        return await self._open(platform, community_id, member_id, TALK, None)

    async def suggestion(
        self, platform: Platform, community_id: int, member_id: int, topic_id: int
    ) -> Opened:
        """Open a topic suggestion's card (Approve, Reject and Claim)."""
        return await self._open(platform, community_id, member_id, SUGGESTION, topic_id)

    async def _open(
        self,
        platform: Platform,
        community_id: int,
        member_id: int,
        kind: str,
        topic_id: int | None,
    ) -> Opened:
        channel = await self.hosts_channel(community_id, platform)
        if channel is None:
            raise UserFacingError(
                _(
                    "I couldn't reach the hosts: no hosts channel is set up yet. You can write "
                    "to any host directly; they'll be glad to hear from you."
                )
            )
        row = HostRequest(
            community_id=community_id,
            member_id=member_id,
            kind=kind,
            topic_id=topic_id,
            created_at=self._clock.now(),
        )
        async with self._database.session() as session, session.begin():
            request_id = await store.insert(session, row)
        try:
            view = await self._view(request_id)
            with publicly():
                card = request_card(platform, view)
            posted = await platform.post(channel, card, key=f"cohort:host-request:{request_id}")
        except BaseException:
            async with self._database.session() as session, session.begin():
                await store.delete(session, request_id)
            raise
        async with self._database.session() as session, session.begin():
            await store.set_card(session, request_id, channel.id, posted.id)
        return Opened(request_id, new=True)

    async def claim(
        self,
        platform: Platform,
        community_id: int,
        request_id: int,
        host_id: int,
        pressed: MessageRef | None,
    ) -> str:
        """Claim a request for the host who pressed; return what to tell them."""
        request = await self._view(request_id)
        if request.community_id != community_id:
            raise NotFoundError(_("That request belongs to another community."))
        async with self._database.writing() as connection:
            won = await store.claim(connection, request_id, host_id, self._clock.now())
        request = await self._view(request_id)
        if not won:
            return _already(platform, request)
        await self._edit_card(platform, request, pressed)
        member = UserRef(platform.name, request.member_external_id)
        async with self.languages.to_member(community_id, member.id):
            told = OutboundMessage(_told_member(platform, request))
        with contextlib.suppress(PlatformError):
            await platform.direct_message(member, told)
        return _("Claimed: you are named on the card. Please reach out to {member}.").format(
            member=platform.mention(member)
        )

    async def close_suggestion(self, topic_id: int) -> None:
        """A suggestion was decided: no claim and no reminder for its card any more."""
        async with self._database.writing() as connection:
            await store.close_suggestion(connection, topic_id, self._clock.now())

    async def suggestion_cards(self, platform: Platform, topic_id: int) -> list[MessageRef]:
        """Return the cards posted for a suggestion, to edit them once it is decided."""
        async with self._database.reading() as connection:
            cards = await store.suggestion_cards(connection, topic_id)
        return [MessageRef(platform.name, channel, message) for channel, message in cards]

    async def _view(self, request_id: int) -> RequestView:
        async with self._database.reading() as connection:
            request = await store.view(connection, request_id)
        if request is None:
            raise NotFoundError(
                _("That request no longer exists (its member may have been forgotten).")
            )
        return request

    async def _edit_card(
        self, platform: Platform, request: RequestView, pressed: MessageRef | None
    ) -> None:
        with publicly():
            card = request_card(platform, request)
        refs = {pressed} if pressed is not None else set()
        if request.card_channel and request.card_message:
            refs.add(MessageRef(platform.name, request.card_channel, request.card_message))
        for ref in refs:
            with contextlib.suppress(PlatformError):
                await platform.edit(ref, card)

    async def remind_sweep(self, served: Served, due: datetime) -> None:
        """The sweep: re-announce, once, each card unclaimed for `remind_after`."""
        await self.remind(served, due)

    async def next_reminder(self, served: Served, _now: datetime) -> datetime | None:
        """Return when the oldest waiting card is due its re-announcement (None: none)."""
        if not served:
            return None
        async with self._database.reading() as connection:
            oldest = await store.oldest_waiting(connection, served.ids)
        return None if oldest is None else oldest + self.remind_after

    async def remind(self, served: Served, due: datetime) -> int:
        """Re-announce the cards waiting since `due - remind_after`; return how many."""
        if not served:
            return 0
        async with self._database.reading() as connection:
            waiting = await store.waiting(connection, served.ids, due - self.remind_after)
        announced = 0
        for request_id, community_id in waiting:
            platform = served.platform_for(community_id)
            if platform is None:
                continue
            async with self._database.writing() as connection:
                if not await store.claim_reminder(connection, request_id, due):
                    continue  # another process re-announced it, or a host claimed it
            async with self.languages.in_community(community_id):
                reminded = await self._remind(platform, community_id, request_id)
            if reminded:
                announced += 1
        return announced

    async def _remind(self, platform: Platform, community_id: int, request_id: int) -> bool:
        channel = await self.hosts_channel(community_id, platform)
        if channel is None:
            return False
        card = request_card(platform, await self._view(request_id))
        setup = await self._communities.describe(community_id, platform.name)
        roles = [
            platform.mention(RoleRef(platform.name, role))
            for role, level in setup.role_levels.items()
            if level == Level.HOST
        ]
        waited = _hours(self.remind_after)
        if roles:
            calling = _("{roles} request {number} has waited {waited} for a host.").format(
                roles=" ".join(roles), number=request_id, waited=waited
            )
        else:
            calling = _("Hosts: request {number} has waited {waited} for a host.").format(
                number=request_id, waited=waited
            )
        reminder = OutboundMessage(
            f"{calling}\n{card.text}", fields=card.fields, buttons=card.buttons
        )
        try:
            await platform.post(channel, reminder, key=f"cohort:host-reminder:{request_id}")
        except PlatformError as error:
            log.warning("could not re-announce host request %s: %s", request_id, error)
            return False
        self._metrics.reminder_sent("host")
        return True


def _already(platform: Platform, request: RequestView) -> str:
    if request.claimed_by is None:
        return _("This suggestion was already decided; there is nothing to claim.")
    host = platform.mention(UserRef(platform.name, request.claimed_by))
    return _("{host} already claimed this request; nothing more was done.").format(host=host)


def _told_member(platform: Platform, request: RequestView) -> str:
    host = platform.mention(UserRef(platform.name, request.claimed_by or ""))
    if request.kind == SUGGESTION:
        return _(
            "{host} picked up your topic suggestion and will reach out to you about it."
        ).format(host=host)
    return _(
        "{host} picked up your wish to talk with a host and will reach out to you soon."
    ).format(host=host)


def _hours(duration: timedelta) -> str:
    hours = duration.total_seconds() / 3600
    if hours.is_integer():
        return ngettext("{count} hour", "{count} hours", int(hours)).format(count=int(hours))
    return _("{hours} hours").format(hours=f"{hours:g}")
