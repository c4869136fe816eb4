"""What brings a message to the moderators: filter hits, member reports, platform AutoMod."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Literal

from sqlalchemy.exc import IntegrityError

from bot.automod.model import FilterHit
from bot.errors import PlatformError, UserFacingError
from bot.events import Actor, MessageFlagged, MessagePosted, MessageReported
from bot.i18n import N_, _, speaking
from bot.messages import OutboundMessage
from bot.moderation import reasons
from bot.moderation.actions import Action, ModerationService, Target
from bot.moderation.cases import CaseKind
from bot.moderation.notices import shown_duration
from bot.moderation.queue import FlagQueue, NewFlag
from bot.moderation.reports import ExistingCard
from bot.platform import Capability, Platform
from bot.refs import ChannelRef, MessageRef
from bot.shared.communities import CommunityService
from bot.shared.members import MemberService

log = logging.getLogger(__name__)

FILTER_TIMEOUT = timedelta(hours=1)
FilterAction = Literal["flag", "delete", "timeout"]

_THANKS = N_(
    "Thank you for reporting this. The moderators will review it, and I'll tell you when they "
    "have. The member will not learn who reported it."
)
_OWN_MESSAGE = N_("You cannot report your own message. You can delete or edit it yourself.")
_REVIEWED_ALREADY = N_(
    "Thank you. The moderators have already reviewed this message, so nothing more was sent."
)
_NO_TEXT = N_("(the bot cannot read message text on this platform)")
_NO_QUEUE = N_(
    "Reports go to the moderators' queue, and none is set up yet: please tell an admin "
    "(/setup channel modqueue <channel>). Nothing was sent."
)


class FlagIntake:
    """Turns filter hits, reports and AutoMod events into cards in the flag queue."""

    def __init__(
        self,
        communities: CommunityService,
        members: MemberService,
        moderation: ModerationService,
        queue: FlagQueue,
    ) -> None:
        self._communities = communities
        self._members = members
        self._moderation = moderation
        self._queue = queue

    async def act_on_filter_hit(
        self,
        platform: Platform,
        community_id: int,
        author: Actor,
        channel: ChannelRef,
        message: MessageRef,
        excerpt: str,
        rule: str,
        action: FilterAction,
        duration: timedelta = FILTER_TIMEOUT,
    ) -> None:
        """Act on an automatic filter's hit, then post a card saying what was already done.

        `delete` deletes the message (where the platform can); `timeout` also times the author
        out for `duration` (an hour unless the filter says otherwise), a case made by the bot.
        """
        member = await self._members.resolve(community_id, author)
        target = Target(member.id, author.user, member.level)
        done: list[str] = []
        deleted = False
        if action in ("delete", "timeout"):
            deleted = await self._delete(platform, message, done)
        if action == "timeout":
            await self._timeout(platform, community_id, target, (rule, excerpt), duration, done)
        flag = NewFlag(
            community_id=community_id,
            source="filter",
            author=target,
            channel=channel,
            message=message,
            excerpt=excerpt,
            rule=rule,
            already_done="; ".join(done) or None,
            message_gone=deleted,
        )
        await self._queue.open(platform, flag)

    async def on_filter_hit(self, hit: FilterHit, event: MessagePosted, platform: Platform) -> None:
        """Act on what the automatic filters found in a member's message (their callback)."""
        await self.act_on_filter_hit(
            platform,
            hit.community_id,
            event.actor,
            hit.channel,
            hit.message,
            hit.excerpt or _(_NO_TEXT),
            hit.rule,
            hit.action.value,
            hit.timeout or FILTER_TIMEOUT,
        )

    async def _delete(self, platform: Platform, message: MessageRef, done: list[str]) -> bool:
        if Capability.DELETE_MEMBER_MESSAGES not in platform.capabilities:
            platform_name = platform.name.capitalize()
            done.append(_("{platform} does not let me delete it").format(platform=platform_name))
            return False
        try:
            await platform.delete(message)
        except PlatformError as error:
            done.append(_("could not delete it: {error}").format(error=error))
            return False
        done.append(_("message deleted"))
        return True

    async def _timeout(
        self,
        platform: Platform,
        community_id: int,
        target: Target,
        what: tuple[str, str],
        duration: timedelta,
        done: list[str],
    ) -> None:
        rule, excerpt = what
        action = Action(
            community=await self._moderation.community_ref(community_id),
            community_id=community_id,
            kind=CaseKind.TIMEOUT,
            target=target,
            moderator=None,
            reason=reasons.automatic_filter(rule),
            duration=duration,
            excerpt=excerpt,
        )
        try:
            outcome = await self._moderation.perform(platform, action)
        except (UserFacingError, PlatformError) as error:
            done.append(_("no timeout: {error}").format(error=error))
            return
        timed_out = _("author timed out for {duration} (case {case})")
        done.append(timed_out.format(duration=shown_duration(duration), case=outcome.case.id))

    async def on_report(self, event: MessageReported, platform: Platform) -> None:
        """A member reported a message: a card for the moderators (one per message), thanks.

        The answer is private, so it is in the reporter's language; the card is the community's.
        """
        community_id = await self._communities.ensure(event.community)
        reporters, public = await self._moderation.language_of(community_id, event.actor)
        with speaking(reporters, public=public):
            await self._take_report(event, platform, community_id)

    async def _take_report(
        self, event: MessageReported, platform: Platform, community_id: int
    ) -> None:
        """Open or join the message's card, and answer the reporter (in their language)."""
        if event.author is not None and event.author == event.actor.user:
            await _answer(platform, event, OutboundMessage.error(_(_OWN_MESSAGE)))
            return
        if await self._queue.queue_channel(community_id, platform) is None:
            await _answer(platform, event, OutboundMessage.error(_(_NO_QUEUE)))
            return
        reporter = await self._members.resolve(community_id, event.actor)
        reason = (event.reason or "").strip() or None
        existing = await self._queue.reported_card(community_id, event.message)
        if existing is None:
            existing = await self._open_report(platform, event, community_id, reporter.id, reason)
        if existing is not None and existing.handled:
            await _answer(platform, event, OutboundMessage(_(_REVIEWED_ALREADY)))
            return
        if existing is not None:
            await self._queue.join(platform, existing.flag_id, reporter.id, reason)
        await _answer(platform, event, OutboundMessage(_(_THANKS)))

    async def _open_report(
        self,
        platform: Platform,
        event: MessageReported,
        community_id: int,
        reporter_id: int,
        reason: str | None,
    ) -> ExistingCard | None:
        """Open the message's card; if another report opened it meanwhile, return that card."""
        author = None
        if event.author is not None:
            author = await self._moderation.target(
                platform, event.community, community_id, event.author
            )
        flag = NewFlag(
            community_id=community_id,
            source="report",
            author=author,
            channel=event.message.channel,
            message=event.message,
            excerpt=event.excerpt,
            reporter_id=reporter_id,
            reason=reason,
        )
        try:
            await self._queue.open(platform, flag)
        except IntegrityError:
            return await self._queue.reported_card(community_id, event.message)
        return None

    async def on_automod(self, event: MessageFlagged, platform: Platform) -> None:
        """The platform's own filter (Discord AutoMod) acted: a card for the moderators."""
        community_id = await self._communities.ensure(event.community)
        try:
            author = await self._moderation.target(
                platform, event.community, community_id, event.author
            )
        except UserFacingError:
            author = None
        if event.removed:
            removed = _("{platform} AutoMod kept it from the channel")
        else:
            removed = _("{platform} AutoMod flagged it")
        removed = removed.format(platform=platform.name.capitalize())
        flag = NewFlag(
            community_id=community_id,
            source="automod",
            author=author,
            channel=event.channel,
            message=event.message,
            excerpt=event.excerpt,
            rule=event.rule,
            already_done=removed,
            message_gone=event.removed or event.message is None,
        )
        await self._queue.open(platform, flag)


async def _answer(platform: Platform, event: MessageReported, message: OutboundMessage) -> None:
    await platform.respond(event.interaction, message, private=True)
