"""Welcoming members who join: the admins' text, where it goes, and never twice in a short time.

A member who joins is welcomed in the intros channel or by DM (`COHORT_WELCOME_IN`), with the
guidelines and an invitation to `/intro`. Each way falls back on the other: no intros channel,
or a channel post the platform refuses, means a DM; a DM the member does not accept means the
intros channel. Bots are never welcomed. A member who joins again within a week of their last
welcome is not welcomed again; the claim is one conditional upsert, so two processes that see
the same join welcome once.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.clock import Clock
from bot.errors import PlatformError, UserFacingError
from bot.events import Actor
from bot.i18n import N_, _, ngettext, publicly
from bot.intros import store
from bot.messages import Button, ButtonStyle, OutboundMessage
from bot.platform import Capability, Platform
from bot.refs import UserRef
from bot.shared.communities import ChannelPurpose, CommunityService
from bot.shared.guidelines import GuidelinesService
from bot.shared.languages import LanguageService
from bot.shared.members import MemberService
from bot.storage.database import Database

log = logging.getLogger(__name__)

WELCOME_AGAIN_AFTER = timedelta(days=7)
"""A member who re-joins sooner than this after their last welcome is not welcomed again."""

MAX_WELCOME_LENGTH = 1500
MAX_GUIDELINES_SHOWN = 1200
MAX_RENDERED = 1900
"""Longer guidelines, or a welcome that would pass Discord's 2,000 characters with them, point
to `/guidelines` instead of showing the rules."""

PLACEHOLDERS = ("member", "guidelines")
DEFAULT_WELCOME = N_(
    "Welcome, {member}! 👋 We're glad you're here.\n"
    "{guidelines}\n"
    "When you're ready, introduce yourself with /intro: what you're learning, your goals, and "
    "what you enjoy."
)
INTRO_BUTTON = "intro:start"
"""The welcome's "Introduce myself" button; `commands/intro.py` opens the intro form for it."""

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class WelcomeIn(StrEnum):
    """Where welcomes go first (`COHORT_WELCOME_IN`); the other way is the fallback."""

    CHANNEL = "channel"
    DM = "dm"


@dataclass(frozen=True, slots=True)
class WelcomeSetup:
    """How a community welcomes members, for `/setup show`."""

    welcome_in: WelcomeIn
    text: str
    custom: bool


def check_welcome_text(text: str) -> str:
    """Return the welcome text trimmed, or raise a user-facing error naming what is wrong."""
    cleaned = text.strip()
    if not cleaned:
        raise UserFacingError(_("The welcome text cannot be empty."))
    if len(cleaned) > MAX_WELCOME_LENGTH:
        raise UserFacingError(
            ngettext(
                "Keep the welcome under {count} character (it has {length}).",
                "Keep the welcome under {count} characters (it has {length}).",
                MAX_WELCOME_LENGTH,
            ).format(count=MAX_WELCOME_LENGTH, length=len(cleaned))
        )
    named = [name.strip() for name in _PLACEHOLDER.findall(cleaned)]
    unknown = [name for name in named if name not in PLACEHOLDERS]
    if unknown:
        distinct = list(dict.fromkeys(unknown))
        names = ", ".join(f"{{{name}}}" for name in distinct)
        raise UserFacingError(
            ngettext(
                "Unknown placeholder {names}. The welcome can use {{member}} (the new member) "
                "and {{guidelines}} (the community guidelines); nothing was changed.",
                "Unknown placeholders {names}. The welcome can use {{member}} (the new member) "
                "and {{guidelines}} (the community guidelines); nothing was changed.",
                len(distinct),
            ).format(names=names, count=len(distinct))
        )
    return cleaned


def render_welcome(template: str, *, member: str, guidelines: str) -> str:
    """Fill the placeholders in; a line that only an empty `{guidelines}` filled is dropped."""
    values = {"member": member, "guidelines": guidelines}
    lines = []
    for line in template.splitlines():
        filled = _PLACEHOLDER.sub(lambda match: values.get(match[1].strip(), match[0]), line)
        if filled.strip() or not line.strip():
            lines.append(filled.rstrip())
    return "\n".join(lines).strip()


def guidelines_block(rules: list[str]) -> str:
    """Return the guidelines to show in a welcome: the rules, a pointer when long, or nothing."""
    if not rules:
        return ""
    shown = "\n".join(
        [_("Our guidelines:"), *(f"{number}. {rule}" for number, rule in enumerate(rules, 1))]
    )
    return guidelines_pointer(rules) if len(shown) > MAX_GUIDELINES_SHOWN else shown


def guidelines_pointer(rules: list[str]) -> str:
    """Return a line that sends the member to `/guidelines` (nothing when there are none)."""
    if not rules:
        return ""
    return _("Please read our guidelines with /guidelines.")


class WelcomeService:
    """Welcomes joiners once, where the setting says, and keeps the admins' welcome text."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        *,
        communities: CommunityService,
        members: MemberService,
        guidelines: GuidelinesService,
        languages: LanguageService,
        welcome_in: WelcomeIn | str = WelcomeIn.CHANNEL,
        again_after: timedelta = WELCOME_AGAIN_AFTER,
    ) -> None:
        self._languages = languages
        self._database = database
        self._clock = clock
        self._communities = communities
        self._members = members
        self._guidelines = guidelines
        self.welcome_in = WelcomeIn(welcome_in)
        self._again_after = again_after

    async def setup(self, community_id: int) -> WelcomeSetup:
        """Return where welcomes go and the text they use."""
        custom = await self._custom_text(community_id)
        return WelcomeSetup(self.welcome_in, custom or _(DEFAULT_WELCOME), custom is not None)

    async def set_text(self, community_id: int, text: str | None) -> str:
        """Store the admins' welcome text (checked first); None goes back to the default."""
        checked = None if text is None else check_welcome_text(text)
        async with self._database.session() as session, session.begin():
            await store.set_welcome_text(session, community_id, checked)
        return checked or _(DEFAULT_WELCOME)

    async def preview(self, community_id: int, platform: Platform, user: UserRef) -> str:
        """Return the welcome as `user` would see it."""
        return await self._text(community_id, platform, user)

    async def member_joined(
        self, community_id: int, actor: Actor, platform: Platform, at: datetime
    ) -> str | None:
        """Welcome a member who joined, unless a bot or welcomed lately; return where it went.

        Returns `channel`, `dm`, or None when no welcome was sent.
        """
        member_id = await self._members.find_id(community_id, actor.user.id)
        if actor.is_bot:
            await self._mark_bot(member_id)
            return None
        if not await self._claim(member_id, at):
            log.info("member %s re-joined soon after a welcome; not welcomed again", member_id)
            return None
        return await self._deliver(community_id, platform, actor.user)

    async def _message(
        self, community_id: int, platform: Platform, user: UserRef
    ) -> OutboundMessage:
        """The welcome with its button, in the current language."""
        text = await self._text(community_id, platform, user)
        buttons = (Button(_("Introduce myself"), INTRO_BUTTON, ButtonStyle.PRIMARY),)
        return OutboundMessage(text, buttons=buttons)

    async def _custom_text(self, community_id: int) -> str | None:
        async with self._database.reading() as connection:
            return await store.welcome_text(connection, community_id)

    async def _text(self, community_id: int, platform: Platform, user: UserRef) -> str:
        template = await self._custom_text(community_id) or _(DEFAULT_WELCOME)
        rules = await self._guidelines.rules(community_id)
        member = platform.mention(user)
        text = render_welcome(template, member=member, guidelines=guidelines_block(rules))
        if len(text) > MAX_RENDERED:  # a long text with the rules: point to them instead
            text = render_welcome(template, member=member, guidelines=guidelines_pointer(rules))
        return text

    async def _claim(self, member_id: int, at: datetime) -> bool:
        """Record the welcome unless one was sent lately; only one process can win it."""
        async with self._database.writing() as connection:
            return await store.claim_welcome(connection, member_id, at, self._again_after)

    async def _mark_bot(self, member_id: int) -> None:
        async with self._database.writing() as connection:
            await store.mark_bot(connection, member_id)

    async def _deliver(self, community_id: int, platform: Platform, user: UserRef) -> str | None:
        """Post the welcome in the intros channel (the community's language) or DM it (the
        member's), in the order `welcome_in` says."""
        channel = await self._communities.channel_for(
            community_id, platform.name, ChannelPurpose.INTROS
        )
        ways = [WelcomeIn.CHANNEL, WelcomeIn.DM]
        if self.welcome_in is WelcomeIn.DM:
            ways.reverse()
        for way in ways:
            try:
                if way is WelcomeIn.CHANNEL and channel is not None:
                    with publicly():
                        message = await self._message(community_id, platform, user)
                    await platform.post(channel, message)
                    return way.value
                if way is WelcomeIn.DM and Capability.DIRECT_MESSAGES in platform.capabilities:
                    async with self._languages.to_member(community_id, user.id):
                        message = await self._message(community_id, platform, user)
                    await platform.direct_message(user, message)
                    return way.value
            except PlatformError as error:
                log.warning("could not welcome %s by %s: %s", user.id, way.value, error)
        log.warning("no way to welcome %s on %s", user.id, platform.name)
        return None
