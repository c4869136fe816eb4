"""Thanks between members: recorded, told privately to the one thanked, never made public.

Limits: nobody thanks themselves or a bot; at most ten thanks in 24 hours a member; thanking
the same member again within a minute is the same thanks (no second note). The limits are
checked in the transaction that records the thanks, after writing the giver's own row, so two
processes (or a double click) cannot both pass them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.errors import NotFoundError, PlatformError, UserFacingError
from bot.events import Actor
from bot.i18n import _, ngettext
from bot.messages import OutboundMessage
from bot.platform import Platform
from bot.refs import ChannelRef, CommunityRef, UserRef
from bot.shared.languages import LanguageService
from bot.shared.members import MemberInfo, MemberService
from bot.storage.database import Database
from bot.thanks import store
from bot.thanks.store import Receiver

MAX_REASON = 300
DAILY_LIMIT = 10
DAY = timedelta(hours=24)
REPEAT_WITHIN = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Thanking:
    """One thanks being given: by whom, to whom, why, and where it was said."""

    community: CommunityRef
    community_id: int
    giver: MemberInfo
    receiver: UserRef
    reason: str | None
    channel: ChannelRef | None


@dataclass(frozen=True, slots=True)
class Given:
    """A thanks recorded (or, `repeated`, the same one a moment ago)."""

    receiver_name: str
    repeated: bool


class ThanksService:
    """Gives thanks and counts what each member received."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        members: MemberService,
        *,
        languages: LanguageService,
    ) -> None:
        """`languages`: each member's, for the note to the one thanked."""
        self._database = database
        self._clock = clock
        self._members = members
        self._languages = languages

    async def give(self, thanking: Thanking, platform: Platform) -> Given:
        """Record a thanks and send the thanked member a private note with the reason, in
        their language.

        A note the platform would not take takes the thanks back: nothing is recorded.
        """
        reason = _checked_reason(thanking.reason)
        receiver = await self._receiver(thanking, platform)
        now = self._clock.now()
        async with self._database.writing() as connection:
            await store.hold_giver(connection, thanking.giver.id, now)
            if await store.thanked_since(
                connection, thanking.giver.id, receiver.id, now - REPEAT_WITHIN
            ):
                return Given(receiver.display_name, repeated=True)
            if await store.given_since(connection, thanking.giver.id, now - DAY) >= DAILY_LIMIT:
                raise UserFacingError(_daily_limit())
            channel_id = None if thanking.channel is None else thanking.channel.id
            thanks_id = await store.add(
                connection, thanking.community_id, thanking.giver.id, receiver.id, reason,
                channel_id, now,
            )  # fmt: skip
        async with self._languages.to_member(thanking.community_id, thanking.receiver.id):
            note = _note(platform, thanking, reason)
        try:
            await platform.direct_message(thanking.receiver, note, key=f"thanks-{thanks_id}")
        except PlatformError as error:
            async with self._database.writing() as connection:
                await store.remove(connection, thanks_id)
            raise UserFacingError(
                _(
                    "I could not deliver your thanks to {name} ({error}). Nothing was recorded; "
                    "you can try again."
                ).format(name=receiver.display_name, error=error)
            ) from error
        return Given(receiver.display_name, repeated=False)

    async def received(self, member_id: int) -> int:
        """Return how many thanks a member received."""
        async with self._database.reading() as connection:
            return await store.received_count(connection, member_id)

    async def _receiver(self, thanking: Thanking, platform: Platform) -> Receiver:
        if thanking.receiver.id == thanking.giver.external_id:
            raise UserFacingError(
                _("You cannot thank yourself, though it is good that you are proud of your work.")
            )
        seen = await platform.member(thanking.community, thanking.receiver)
        if seen is not None and seen.is_bot:
            raise UserFacingError(_("Bots cannot be thanked; thank the people instead."))
        found = None if seen is None else await self._known(thanking.community_id, seen)
        if found is None:
            raise NotFoundError(
                _(
                    "I don't know {member} as a member here, so nobody was thanked. Name a "
                    "member of this community."
                ).format(member=platform.mention(thanking.receiver))
            )
        if found.is_bot:
            raise UserFacingError(_("Bots cannot be thanked; thank the people instead."))
        return found

    async def _known(self, community_id: int, seen: Actor) -> Receiver | None:
        """Return the member the platform sees, recorded first when Cohort has not met them yet
        (the author of a message from before the bot came, or not yet counted)."""
        async with self._database.reading() as connection:
            found = await store.receiver(connection, community_id, seen.user.id)
        if found is None:
            await self._members.resolve(community_id, seen)
            async with self._database.reading() as connection:
                found = await store.receiver(connection, community_id, seen.user.id)
        return found


def _checked_reason(reason: str | None) -> str | None:
    cleaned = " ".join(reason.split()) if reason else ""
    if len(cleaned) > MAX_REASON:
        raise UserFacingError(
            ngettext(
                "Please keep the reason to {count} character (it has {length}); nobody was "
                "thanked.",
                "Please keep the reason to {count} characters (it has {length}); nobody was "
                "thanked.",
                MAX_REASON,
            ).format(count=MAX_REASON, length=len(cleaned))
        )
    return cleaned or None


def _daily_limit() -> str:
    return ngettext(
        "You have given {count} thanks in the last 24 hours, the most a day allows. Thank you "
        "for noticing so much; try again tomorrow.",
        "You have given {count} thanks in the last 24 hours, the most a day allows. Thank you "
        "for noticing so much; try again tomorrow.",
        DAILY_LIMIT,
    ).format(count=DAILY_LIMIT)


def _note(platform: Platform, thanking: Thanking, reason: str | None) -> OutboundMessage:
    giver = platform.mention(UserRef(platform.name, thanking.giver.external_id))
    where = _("here") if thanking.channel is None else platform.mention(thanking.channel)
    if reason is None:
        text = _("🙏 {giver} thanked you for what you said in {channel}.")
        return OutboundMessage(text.format(giver=giver, channel=where))
    text = _("🙏 {giver} thanked you in {channel}: “{reason}”")
    return OutboundMessage(text.format(giver=giver, channel=where, reason=reason))
