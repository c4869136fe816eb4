"""The set-up changes, each with its answer: `/setup` and the Settings page both call these.

A change is made for a `SetupChange`: the services, the community's platform and the member
making it (a `Staff`, whose level the caller has already checked). Arguments arrive read by
`bot.shared.reading`, as a command's options are; each function returns what the command
answers, so the chat and the page say the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from bot.errors import NotFoundError
from bot.i18n import N_, _
from bot.intros.welcome import WelcomeService
from bot.levels import Level
from bot.platform import Platform
from bot.refs import ChannelRef, CommunityRef, RoleRef, UserRef
from bot.shared.breaks import BreakService
from bot.shared.communities import ChannelPurpose, CommunityService
from bot.shared.languages import LanguageService, language_name, parse_language
from bot.shared.members import MemberService
from bot.shared.reading import ChannelMention, RoleOrMember, TimeZoneName
from bot.shared.schedules import ScheduleService
from bot.staff import Staff

PURPOSES: tuple[str, ...] = tuple(purpose.value for purpose in ChannelPurpose)
"""What a channel can be used for, as `/setup channel` spells it."""
PURPOSE_LABELS = {
    # TRANSLATORS: a channel's use, in "The {purpose} channel is now #x" (typed: intros).
    ChannelPurpose.INTROS: N_("intros"),
    # TRANSLATORS: a channel's use, in "The {purpose} channel is now #x" (typed: topics).
    ChannelPurpose.TOPICS: N_("topics"),
    # TRANSLATORS: a channel's use (buddy pairing), in "The {purpose} channel is now #x".
    ChannelPurpose.BUDDIES: N_("buddies"),
    # TRANSLATORS: a channel's use (the moderation queue), in "The {purpose} channel is now #x".
    ChannelPurpose.MODQUEUE: N_("modqueue"),
    # TRANSLATORS: a channel's use (the moderation log), in "The {purpose} channel is now #x".
    ChannelPurpose.MODLOG: N_("modlog"),
    # TRANSLATORS: a channel's use (the hosts' own), in "The {purpose} channel is now #x".
    ChannelPurpose.HOSTS: N_("hosts"),
    # TRANSLATORS: a channel's use, in "The {purpose} channel is now #x" (typed: announcements).
    ChannelPurpose.ANNOUNCEMENTS: N_("announcements"),
}
"""Each channel purpose as a word in the answers; `/setup channel` reads the English code."""
GRANTABLE_LEVELS: tuple[str, ...] = ("host", "moderator", "member")
"""What `/setup role` grants (member takes a level back)."""


class SetupUses(Protocol):
    """The services a set-up change uses."""

    @property
    def communities(self) -> CommunityService:
        """The communities' time zones, channels and role levels."""
        ...

    @property
    def members(self) -> MemberService:
        """The members and their level overrides."""
        ...

    @property
    def schedules(self) -> ScheduleService:
        """The schedules, re-timed when the time zone changes."""
        ...

    @property
    def breaks(self) -> BreakService:
        """The community's breaks."""
        ...

    @property
    def welcomes(self) -> WelcomeService:
        """The welcome new members get."""
        ...

    @property
    def languages(self) -> LanguageService:
        """The community's language."""
        ...


@dataclass(frozen=True, slots=True)
class SetupChange:
    """Who changes the set-up of which community, on which platform."""

    services: SetupUses
    platform: Platform
    community: CommunityRef
    staff: Staff

    @property
    def community_id(self) -> int:
        """Return the community's row id."""
        return self.staff.community_id


async def assign_channel(change: SetupChange, purpose: str, channel: ChannelMention) -> str:
    """Use `channel` for `purpose` (one of `PURPOSES`) from now on."""
    channel_ref = ChannelRef(change.platform.name, channel.id)
    await change.services.communities.assign_channel(
        change.community_id, ChannelPurpose(purpose), channel_ref
    )
    return _("The {purpose} channel is now {channel}.").format(
        purpose=purpose_label(ChannelPurpose(purpose)), channel=change.platform.mention(channel_ref)
    )


def purpose_label(purpose: ChannelPurpose) -> str:
    """Return what a channel is used for as a word in the current language (`intros`)."""
    return _(PURPOSE_LABELS[purpose])


async def set_timezone(change: SetupChange, zone: TimeZoneName) -> str:
    """Set the community's time zone and re-time its schedules."""
    await change.services.communities.set_timezone(change.community_id, zone.name)
    await change.services.schedules.zone_changed(change.community_id)
    return _("The community's time zone is now {zone}.").format(zone=zone.name)


async def set_language(change: SetupChange, code: str) -> str:
    """Set the community's language: its public posts, and what members are sent when they
    chose none and their app said none."""
    language = parse_language(code)
    await change.services.languages.set_community(change.community_id, language)
    return _(
        "The community's language is now {language} ({code}): public posts are written in it, "
        "and so is what members are sent unless they chose their own with /profile language."
    ).format(language=language_name(language), code=language)


async def grant_level(change: SetupChange, level: str, who: RoleOrMember) -> str:
    """Give a role or a member `level` (one of `GRANTABLE_LEVELS`; member takes it back)."""
    granted = Level.parse(level)
    platform, services = change.platform, change.services
    if who.is_role:
        await services.communities.set_role_level(change.community_id, who.id, granted)
        role = platform.mention(RoleRef(platform.name, who.id))
        if granted is Level.MEMBER:
            return _("The role {role} no longer has a level from /setup.").format(role=role)
        return _("The role {role} is now {level}.").format(role=role, level=granted.with_article)
    caller = change.staff
    if who.id == caller.external_id and Level.MEMBER < granted < caller.level:
        # A level from /setup never lowers a platform level: storing it would only mislead.
        return _(
            "You are {caller}, so a {level} level from /setup changes nothing for you. "
            "Nothing was changed."
        ).format(caller=caller.level.with_article, level=granted.shown)
    member_id = await _known_member(change, who.id)
    override = None if granted is Level.MEMBER else granted
    await services.members.set_level_override(member_id, override)
    member = platform.mention(UserRef(platform.name, who.id))
    if granted is Level.MEMBER:
        return _("{member} no longer has a level from /setup.").format(member=member)
    return _("{member} is now {level}.").format(member=member, level=granted.with_article)


async def _known_member(change: SetupChange, user_id: str) -> int:
    """Return the member's id; one the platform knows but Cohort has not seen yet is added."""
    members = change.services.members
    try:
        return await members.find_id(change.community_id, user_id)
    except NotFoundError:
        user = UserRef(change.platform.name, user_id)
        actor = await change.platform.member(change.community, user)
        if actor is None:
            raise
    return (await members.resolve(change.community_id, actor)).id


async def add_break(change: SetupChange, starts: date, ends: date) -> str:
    """Pause every scheduled post from `starts` to `ends`."""
    added = await change.services.breaks.add(change.community_id, starts, ends)
    zone = await change.services.communities.timezone(change.community_id)
    return _(
        "Break set: {dates}. Scheduled posts pause on those days (in {zone}) and resume after."
    ).format(dates=added.describe(), zone=zone)


async def remove_break(change: SetupChange, starts: date) -> str:
    """Remove the break starting on `starts`."""
    removed = await change.services.breaks.remove(change.community_id, starts)
    return _("Break removed: {dates}.").format(dates=removed.describe())


async def set_welcome(change: SetupChange, text: str) -> str:
    """Change the welcome (`reset`: back to the default); return it as a new member reads it."""
    welcomes = change.services.welcomes
    reset = text.strip().casefold() == "reset"
    await welcomes.set_text(change.community_id, None if reset else text)
    caller = UserRef(change.platform.name, change.staff.external_id)
    example = await welcomes.preview(change.community_id, change.platform, caller)
    changed = (
        _("The welcome is back to the default. A new member will read:")
        if reset
        else _("The welcome is changed. A new member will read:")
    )
    return "\n".join([changed, example])
