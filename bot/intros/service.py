"""Intros: members introduce themselves in the intros channel; hosts see who has not yet.

- A member's intro is stored once (the newest) and posted in the intros channel (or, when none
  is set, where they wrote `/intro`). Running `/intro` again edits the earlier post where the
  platform can, and posts anew otherwise.
- Each newcomer who has not introduced themselves gets one gentle reminder by DM, in their
  language, after `COHORT_INTRO_REMINDER_DAYS` days (0: none). A sweep finds the due ones; each
  reminder is claimed with a conditional UPDATE (a lease), so it goes out once across
  processes, and a crash before sending lets the lease lapse so another run sends it. A
  community on a term break gets its reminders after the break.
- Pairing reads members' intros with `texts` (one query).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.errors import PlatformError, UserFacingError
from bot.i18n import N_, _, ngettext, publicly
from bot.intros import store
from bot.intros.store import DueReminder
from bot.messages import OutboundMessage
from bot.metrics import Metrics
from bot.platform import Capability, Platform
from bot.refs import ChannelRef, MessageRef, UserRef
from bot.serving import Served
from bot.shared.budgets import SendBudget, dm_budget
from bot.shared.communities import ChannelPurpose, CommunityService
from bot.shared.languages import LanguageService
from bot.storage.database import Database
from bot.storage.id_lists import Ids

log = logging.getLogger(__name__)

MAX_INTRO_LENGTH = 1900
"""Discord's 2,000 characters a message, less the heading."""
REMINDER_LEASE = timedelta(minutes=10)
TEXTS_PER_QUERY = 10_000
"""Ids per `IN (...)` list: well inside SQLite's and PostgreSQL's limits on bound parameters."""

REMINDER_TEXT = N_(
    "Hi {name}! 👋 You joined a few days ago, and we'd love to get to know you. Whenever you "
    "have a minute, introduce yourself with /intro: what you're learning, your goals, and what "
    "you enjoy. This is the only reminder I'll send."
)


@dataclass(frozen=True, slots=True)
class IntroInfo:
    """A member's stored intro, with the form's answers when it came from the form."""

    text: str
    about: str | None
    learning: str | None
    goals: str | None
    message: MessageRef | None


@dataclass(frozen=True, slots=True)
class PostedIntro:
    """Where an intro went: `edited` or `posted` in `channel`, or `not posted` (with why)."""

    outcome: str
    channel: ChannelRef | None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class PendingMember:
    """A present member who joined and has not introduced themselves."""

    member_id: int
    external_id: str
    display_name: str
    joined_at: datetime


def check_intro_text(text: str) -> str:
    """Return the intro trimmed, or raise a user-facing error."""
    cleaned = text.strip()
    if not cleaned:
        raise UserFacingError(_("Your intro cannot be empty."))
    if len(cleaned) > MAX_INTRO_LENGTH:
        raise UserFacingError(
            ngettext(
                "Keep your intro under {count} character (it has {length}).",
                "Keep your intro under {count} characters (it has {length}).",
                MAX_INTRO_LENGTH,
            ).format(count=MAX_INTRO_LENGTH, length=len(cleaned))
        )
    return cleaned


def intro_message(mention: str, text: str) -> OutboundMessage:
    """Return the post that shows an intro in the channel."""
    return OutboundMessage(_("👋 Meet {mention}!\n{text}").format(mention=mention, text=text))


class IntroService:
    """Stores and posts intros, lists who has not introduced themselves, and reminds them."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        *,
        communities: CommunityService,
        reminder_days: int = 3,
        metrics: Metrics | None = None,
        budget: SendBudget | None = None,
        languages: LanguageService,
    ) -> None:
        """`budget`: the shared budget of direct messages reminders take turns from;
        `languages`: each member's, for their reminder."""
        self._database = database
        self._languages = languages
        self._clock = clock
        self._communities = communities
        self.reminder_days = reminder_days
        self._metrics = metrics or Metrics()
        self._budget = budget or dm_budget(database)

    async def get(self, member_id: int) -> IntroInfo | None:
        """Return the member's intro, if they have one."""
        async with self._database.reading() as connection:
            row = await store.intro_row(connection, member_id)
        if row is None:
            return None
        message = None
        if row.channel_external_id is not None and row.message_external_id is not None:
            message = MessageRef(row.platform, row.channel_external_id, row.message_external_id)
        return IntroInfo(row.text, row.about, row.learning, row.goals, message)

    async def texts(self, member_ids: list[int]) -> dict[int, str]:
        """Return the intro text of each of these members that has one.

        One query (one per 10,000 ids beyond that, inside the databases' parameter limits).
        """
        found: dict[int, str] = {}
        wanted = sorted(set(member_ids))
        async with self._database.reading() as connection:
            for start in range(0, len(wanted), TEXTS_PER_QUERY):
                chunk = wanted[start : start + TEXTS_PER_QUERY]
                found.update(await store.intro_texts(connection, chunk))
        return found

    async def publish(
        self,
        community_id: int,
        member_id: int,
        platform: Platform,
        author: UserRef,
        here: ChannelRef,
        text: str,
        *,
        about: str | None = None,
        learning: str | None = None,
        goals: str | None = None,
    ) -> PostedIntro:
        """Post (or update) the member's intro and store it as their newest.

        It goes to the intros channel, or to `here` when none is set, in the community's
        language (the member's words as written). The earlier post is
        edited where the platform can and it is in the same channel; otherwise a new one is
        posted. An intro the platform refuses to post is still stored, and the problem said.
        """
        text = check_intro_text(text)
        channel = (
            await self._communities.channel_for(community_id, platform.name, ChannelPurpose.INTROS)
            or here
        )
        earlier = await self.get(member_id)
        with publicly():
            message = intro_message(platform.mention(author), text)
        previous = earlier.message if earlier is not None else None
        posted, outcome, problem = await _post_or_edit(platform, channel, previous, message)
        await self._store(member_id, text, about, learning, goals, posted)
        return PostedIntro(outcome, channel if posted is not None else None, problem)

    async def withdraw_post(self, member_id: int, platform: Platform) -> None:
        """Delete the member's intro post from the platform (before they are forgotten).

        Best effort: a post already gone, or one the platform will not delete, is left be.
        """
        earlier = await self.get(member_id)
        if earlier is None or earlier.message is None:
            return
        try:
            await platform.delete(earlier.message)
        except PlatformError as error:
            log.info("could not delete the intro post of %s: %s", member_id, error)

    async def _store(
        self,
        member_id: int,
        text: str,
        about: str | None,
        learning: str | None,
        goals: str | None,
        posted: MessageRef | None,
    ) -> None:
        now = self._clock.now()
        values = {
            "text": text,
            "about": about,
            "learning": learning,
            "goals": goals,
            "channel_external_id": posted.channel_id if posted is not None else None,
            "message_external_id": posted.id if posted is not None else None,
            "updated_at": now,
        }
        async with self._database.writing() as connection:
            await store.save_intro(connection, member_id, now, values)

    async def pending(
        self,
        community_id: int,
        *,
        limit: int,
        offset: int = 0,
        members: Ids | None = None,
    ) -> tuple[list[PendingMember], int]:
        """Return present members (of `members`, None: all) who joined and have no intro,
        oldest first, and how many."""
        async with self._database.reading() as connection:
            rows, total = await store.pending_members(
                connection, community_id, limit=limit, offset=offset, members=members
            )
        pending = [
            PendingMember(row.id, row.external_id, row.display_name, row.joined_at) for row in rows
        ]
        return pending, total

    async def count_pending(self, community_id: int, members: Ids | None = None) -> int:
        """Return how many present members (of `members`, None: all) joined and have not
        introduced themselves."""
        async with self._database.reading() as connection:
            return await store.count_pending_members(connection, community_id, members)

    async def remind_due(self, served: Served, now: datetime) -> int:
        """Send the one reminder to each newcomer whose day has come in the communities served
        here; return how many went.

        Each one waits for its turn in the shared budget of direct messages, then is claimed
        (a lease) and sent at once, so a lease never runs out while it waits.
        """
        if not self._reminding(served):
            return 0
        joined_before = now - timedelta(days=self.reminder_days)
        async with self._database.reading() as connection:
            due = await store.due_reminders(connection, served.ids, joined_before, now)
        sent: list[int] = []
        try:
            for row in due:
                platform = served.platform_for(row.community_id)
                if platform is not None and await self._claim_and_remind(
                    platform, row, joined_before, now
                ):
                    sent.append(row.member_id)
        finally:  # what went out is recorded even if a later one fails unexpectedly
            if sent:
                async with self._database.writing() as connection:
                    await store.mark_reminded(connection, sent, now)
        return len(sent)

    async def next_reminder(self, served: Served, _now: datetime) -> datetime | None:
        """Return when the earliest newcomer not yet reminded is due a reminder (None: none)."""
        if not self._reminding(served):
            return None
        async with self._database.reading() as connection:
            joined = await store.first_unreminded_join(connection, served.ids)
        return None if joined is None else joined + timedelta(days=self.reminder_days)

    def _reminding(self, served: Served) -> bool:
        """Return whether reminders go out at all here: on, by DM, in a community served."""
        capable = Capability.DIRECT_MESSAGES in served.platform.capabilities
        return self.reminder_days > 0 and capable and bool(served)

    async def _claim_and_remind(
        self, platform: Platform, row: DueReminder, joined_before: datetime, now: datetime
    ) -> bool:
        """Take a turn, claim the reminder and DM it; return whether it is settled."""
        await self._budget.take(platform.name)
        async with self._database.writing() as connection:
            claimed = await store.claim_reminders(
                connection, [row.member_id], joined_before, now, now + REMINDER_LEASE
            )
        if row.member_id not in claimed:
            return False
        async with self._languages.to_member(row.community_id, row.external_id):
            reminder = OutboundMessage(_(REMINDER_TEXT).format(name=row.display_name))
        return await _remind(platform, row, reminder, self._metrics)


async def _post_or_edit(
    platform: Platform, channel: ChannelRef, previous: MessageRef | None, message: OutboundMessage
) -> tuple[MessageRef | None, str, str | None]:
    """Edit the previous post when it is in `channel` and the platform can; else post anew.

    Returns the post, `edited`, `posted` or `not posted`, and the platform's reason for the last.
    """
    if (
        previous is not None
        and previous.channel_id == channel.id
        and Capability.EDIT in platform.capabilities
    ):
        try:
            await platform.edit(previous, message)
            return previous, "edited", None
        except PlatformError as error:  # deleted meanwhile, say
            log.info("could not edit the intro post %s (%s); posting anew", previous.id, error)
    try:
        return await platform.post(channel, message), "posted", None
    except PlatformError as error:
        log.warning("could not post an intro in %s: %s", channel.id, error)
        return None, "not posted", str(error)


async def _remind(
    platform: Platform, row: DueReminder, reminder: OutboundMessage, metrics: Metrics
) -> bool:
    """DM the reminder; return whether it is settled (sent, or refused for good)."""
    try:
        await platform.direct_message(UserRef(platform.name, row.external_id), reminder)
    except PlatformError as error:
        if error.retryable:  # the lease lapses and a later sweep tries again
            log.warning("intro reminder to %s failed, will retry: %s", row.member_id, error)
            return False
        log.warning("intro reminder to %s refused, not retried: %s", row.member_id, error)
        return True
    metrics.reminder_sent("intro")
    return True
