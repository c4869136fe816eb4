"""The flag queue: a card in the mod-queue channel for each flagged message, with buttons.

A press claims the card with a conditional UPDATE (only one moderator's press acts, even when
two press at once), performs the action, records its case, and edits the card to say who
handled it. A card left unhandled is re-announced once (each sweep claims what it re-announces).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.errors import NotFoundError, PermissionDenied, PlatformError, UserFacingError
from bot.i18n import N_, _, publicly
from bot.levels import Level, may_use
from bot.messages import OutboundMessage
from bot.metrics import Metrics
from bot.moderation import store
from bot.moderation.actions import (
    Action,
    ModerationService,
    Moderator,
    Target,
    quietly,
)
from bot.moderation.cards import (
    DONE,
    card,
    closed_card,
    done_label,
    flag_reason,
    handled_text,
    waiting_line,
)
from bot.moderation.cases import CaseKind
from bot.moderation.reports import (
    ExistingCard,
    card_for,
    report_key,
    reports_of,
)
from bot.platform import Platform
from bot.refs import ChannelRef, MessageRef, RoleRef, UserRef
from bot.serving import Served
from bot.shared.communities import ChannelPurpose, CommunityService
from bot.shared.languages import LanguageService
from bot.storage.database import Database
from bot.storage.models import ModFlag

log = logging.getLogger(__name__)

FLAG_TIMEOUT = timedelta(hours=1)
MAX_EXCERPT = 300


@dataclass(frozen=True, slots=True)
class NewFlag:
    """A message brought to the moderators."""

    community_id: int
    source: str  # filter, report or automod
    author: Target | None
    channel: ChannelRef | None
    message: MessageRef | None
    excerpt: str | None
    rule: str | None = None
    reporter_id: int | None = None
    reason: str | None = None
    already_done: str | None = None
    message_gone: bool = False


_KINDS = {
    "delete": CaseKind.DELETE,
    "warn": CaseKind.WARN,
    "timeout": CaseKind.TIMEOUT,
    "kick": CaseKind.KICK,
    "ban": CaseKind.BAN,
}
_REVIEWED = N_(
    "A moderator has reviewed the message you reported. Thank you for helping keep the "
    "community a good place to learn."
)


class FlagQueue:
    """Opens cards for flagged messages and carries out the moderators' presses."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        communities: CommunityService,
        moderation: ModerationService,
        languages: LanguageService,
        *,
        anonymous_reports: bool,
        reannounce_after: timedelta,
        metrics: Metrics | None = None,
    ) -> None:
        self._database = database
        self._clock = clock
        self._communities = communities
        self._moderation = moderation
        self._languages = languages
        self.anonymous_reports = anonymous_reports
        self.reannounce_after = reannounce_after
        self._metrics = metrics or Metrics()

    async def queue_channel(self, community_id: int, platform: Platform) -> ChannelRef | None:
        """Return the mod-queue channel, if one is set."""
        return await self._communities.channel_for(
            community_id, platform.name, ChannelPurpose.MODQUEUE
        )

    async def open(self, platform: Platform, flag: NewFlag) -> int | None:
        """Store the flag and post its card; None when no mod-queue channel is set."""
        channel = await self.queue_channel(flag.community_id, platform)
        if channel is None:
            log.warning("flag in community %s dropped: no mod-queue channel", flag.community_id)
            return None
        async with self._database.session() as session, session.begin():
            row = _row(flag, self._clock.now())
            flag_id = await store.insert_flag(session, row)
            if flag.reporter_id is not None:
                await store.add_reporter(
                    session, flag_id, flag.reporter_id, flag.reason, row.created_at
                )
        try:
            posted = await platform.post(channel, await self._card(platform, flag_id))
        except BaseException:
            async with self._database.session() as session, session.begin():
                await store.delete_flag(session, flag_id)
            raise
        async with self._database.session() as session, session.begin():
            await store.set_card(session, flag_id, posted)
        return flag_id

    async def reported_card(self, community_id: int, message: MessageRef) -> ExistingCard | None:
        """Return the card a reported message already has, if any."""
        async with self._database.session() as session:
            return await card_for(session, community_id, report_key(message))

    async def join(
        self, platform: Platform, flag_id: int, reporter_id: int, reason: str | None
    ) -> None:
        """Count one more reporter on an open card and update the card where it is."""
        async with self._database.session() as session, session.begin():
            await store.add_reporter(session, flag_id, reporter_id, reason, self._clock.now())
        row = await self._reload(flag_id)
        if row.card_message_external_id and row.card_channel_external_id:
            where = MessageRef(
                platform.name, row.card_channel_external_id, row.card_message_external_id
            )
            await quietly(platform.edit(where, await self._card(platform, flag_id)))

    async def _card(self, platform: Platform, flag_id: int) -> OutboundMessage:
        """Return a flag's card, in the community's language (whoever's press made it)."""
        row, author, reporter = await self._load(flag_id)
        async with self._database.session() as session:
            reports = await reports_of(session, flag_id)
        with publicly():
            return card(platform, row, author, reporter, reports, anonymous=self.anonymous_reports)

    async def _load(self, flag_id: int) -> tuple[ModFlag, str | None, str | None]:
        async with self._database.session() as session:
            row = await store.get_flag(session, flag_id)
            if row is None:
                raise NotFoundError(
                    _("That flag no longer exists (its member may have been forgotten).")
                )
            author = await store.external_id(session, row.author_id)
            reporter = await store.external_id(session, row.reporter_id)
        return row, author, reporter

    async def press(
        self,
        platform: Platform,
        community_id: int,
        flag_id: int,
        choice: str,
        moderator: Moderator,
        pressed: MessageRef | None,
    ) -> str:
        """Carry out a moderator's press on a card; return what to tell them.

        For the card's buttons (`pressed`: the card pressed) and the dashboard alike (no
        `pressed`: the card recorded for the flag is edited); a caller below moderator is
        refused here too, as the button's level refuses them.
        """
        if not may_use(moderator.level, Level.MODERATOR):
            raise PermissionDenied(_("Only moderators can act on flags. Nothing was done."))
        if choice not in DONE:
            raise UserFacingError(_("This button is not one Cohort made."))
        row, author, __ = await self._load(flag_id)
        if row.community_id != community_id:
            raise NotFoundError(_("That flag belongs to another community."))
        if row.handled_at is not None:
            return await self._already(platform, row)
        action = await self._action(platform, row, author, choice, moderator)
        if action is not None:
            self._moderation.check_allowed(platform, action)
        if not await self._claim(flag_id, moderator.member_id, choice):
            return await self._already(platform, await self._reload(flag_id))
        try:
            outcome = None if action is None else await self._moderation.perform(platform, action)
        except (UserFacingError, PlatformError) as error:
            await self._release(flag_id, moderator.member_id)
            if isinstance(error, UserFacingError):
                raise
            failed = _("That did not work ({error}). Nothing was recorded.").format(error=error)
            raise UserFacingError(failed) from error
        await self._close_card(platform, row, choice, moderator, pressed)
        await self._tell_reporter(platform, row)
        return handled_text(choice, outcome)

    async def _action(
        self,
        platform: Platform,
        row: ModFlag,
        author: str | None,
        choice: str,
        moderator: Moderator,
    ) -> Action | None:
        if choice == "dismiss":
            return None
        if author is None and choice != "delete":
            raise UserFacingError(
                _("I don't know who wrote that message, so only Dismiss and Delete work.")
            )
        community = await self._moderation.community_ref(row.community_id)
        target = None
        if author is not None:
            target = await self._moderation.target(
                platform, community, row.community_id, UserRef(platform.name, author)
            )
        message = None
        if row.message_external_id and row.channel_external_id:
            message = MessageRef(platform.name, row.channel_external_id, row.message_external_id)
        if choice == "delete" and message is None:
            raise UserFacingError(_("That message is already gone."))
        return Action(
            community=community,
            community_id=row.community_id,
            kind=_KINDS[choice],
            target=target,
            moderator=moderator,
            reason=flag_reason(row),
            duration=FLAG_TIMEOUT if choice == "timeout" else None,
            excerpt=row.excerpt,
            message=message,
        )

    async def _claim(self, flag_id: int, member_id: int, choice: str) -> bool:
        now = self._clock.now()
        async with self._database.session() as session, session.begin():
            return await store.claim_flag(session, flag_id, member_id, choice, now)

    async def _release(self, flag_id: int, member_id: int) -> None:
        async with self._database.session() as session, session.begin():
            await store.release_flag(session, flag_id, member_id)

    async def _reload(self, flag_id: int) -> ModFlag:
        return (await self._load(flag_id))[0]

    async def _already(self, platform: Platform, row: ModFlag) -> str:
        async with self._database.session() as session:
            handler = await store.external_id(session, row.handled_by)
        outcome = done_label(row.outcome)
        if handler is None:
            return _("This flag was already handled: {outcome}. Nothing more was done.").format(
                outcome=outcome
            )
        return _(
            "This flag was already handled: {outcome} by {moderator}. Nothing more was done."
        ).format(outcome=outcome, moderator=platform.mention(UserRef(platform.name, handler)))

    async def _close_card(
        self,
        platform: Platform,
        row: ModFlag,
        choice: str,
        moderator: Moderator,
        pressed: MessageRef | None,
    ) -> None:
        opened = await self._card(platform, row.id)
        by = platform.mention(UserRef(platform.name, moderator.external_id))
        with publicly():
            closed = closed_card(opened, choice, by)
        refs = {pressed} if pressed is not None else set()
        if row.card_message_external_id and row.card_channel_external_id:
            refs.add(
                MessageRef(
                    platform.name, row.card_channel_external_id, row.card_message_external_id
                )
            )
        for ref in refs:
            await quietly(platform.edit(ref, closed))

    async def _tell_reporter(self, platform: Platform, row: ModFlag) -> None:
        async with self._database.session() as session:
            reporter = await store.external_id(session, row.reporter_id)
        if reporter is not None:
            async with self._languages.to_member(row.community_id, reporter):
                reviewed = OutboundMessage(_(_REVIEWED))
            await quietly(platform.direct_message(UserRef(platform.name, reporter), reviewed))

    async def reannounce_sweep(self, served: Served, due: datetime) -> None:
        """The sweep: re-announce what has waited too long in the communities served here."""
        await self.reannounce(served, due)

    async def next_reannouncement(self, served: Served, _now: datetime) -> datetime | None:
        """Return when the oldest card still waiting is due its re-announcement (None: none)."""
        if not served:
            return None
        async with self._database.reading() as connection:
            created = await store.oldest_waiting_flag(connection, served.ids)
        return None if created is None else created + self.reannounce_after

    async def reannounce(self, served: Served, due: datetime) -> int:
        """Re-announce, once, each card unhandled for `reannounce_after` in the communities
        served here; return how many."""
        if not served:
            return 0
        async with self._database.session() as session:
            cutoff = due - self.reannounce_after
            waiting = await store.waiting_flags(session, served.ids, cutoff)
        announced = 0
        for flag_id, community_id in waiting:
            platform = served.platform_for(community_id)
            if platform is not None and await self._claim_reannouncement(flag_id, due):
                async with self._languages.in_community(community_id):
                    await self._remind(platform, community_id, flag_id)
                announced += 1
        return announced

    async def _claim_reannouncement(self, flag_id: int, due: datetime) -> bool:
        async with self._database.session() as session, session.begin():
            return await store.claim_reannouncement(session, flag_id, due)

    async def _remind(self, platform: Platform, community_id: int, flag_id: int) -> None:
        channel = await self.queue_channel(community_id, platform)
        if channel is None:
            return
        reminded = await self._card(platform, flag_id)
        setup = await self._communities.describe(community_id, platform.name)
        roles = [
            platform.mention(RoleRef(platform.name, role))
            for role, level in setup.role_levels.items()
            if level >= Level.MODERATOR
        ]
        with publicly():
            calling = waiting_line(roles, flag_id, self.reannounce_after)
        reminder = OutboundMessage(
            f"{calling}\n{reminded.text}",
            fields=reminded.fields,
            buttons=reminded.buttons,
        )
        try:
            await platform.post(channel, reminder)
        except PlatformError as error:
            log.warning("could not re-announce flag %s: %s", flag_id, error)
        else:
            self._metrics.reminder_sent("flag")


def _row(flag: NewFlag, now: datetime) -> ModFlag:
    message = flag.message
    return ModFlag(
        community_id=flag.community_id,
        source=flag.source,
        rule=None if flag.rule is None else flag.rule[:200],
        author_id=None if flag.author is None else flag.author.member_id,
        reporter_id=flag.reporter_id,
        reason=flag.reason,
        channel_external_id=flag.channel.id if flag.channel else None,
        message_external_id=None if message is None or flag.message_gone else message.id,
        excerpt=None if flag.excerpt is None else flag.excerpt[:MAX_EXCERPT],
        already_done=None if flag.already_done is None else flag.already_done[:200],
        created_at=now,
        report_key=report_key(message) if flag.source == "report" and message else None,
    )
