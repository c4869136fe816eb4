"""`/setup`: where the bot posts, the community's time zone, who is a host or moderator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from bot import setup as changes
from bot.i18n import N_, _, ngettext
from bot.intros.service import IntroService
from bot.intros.welcome import WelcomeIn, WelcomeService, WelcomeSetup
from bot.levels import Level
from bot.messages import Reply
from bot.platform import Capability
from bot.refs import RoleRef, UserRef
from bot.shared.breaks import BreakService
from bot.shared.communities import ChannelPurpose, CommunityService, CommunitySetup
from bot.shared.languages import LanguageService, language_name
from bot.shared.members import MemberService
from bot.shared.schedules import ScheduleService
from bot.staff import Staff
from commands.context import Context
from commands.languages import LanguageCode
from commands.registry import Registry
from commands.spec import command
from commands.types import ChannelMention, RoleOrMember, Text, TimeZoneName

Purpose = Literal["intros", "topics", "buddies", "modqueue", "modlog", "hosts", "announcements"]
GrantableLevel = Literal["host", "moderator", "member"]


@dataclass(frozen=True, slots=True)
class SetupServices:
    """What the set-up commands use."""

    communities: CommunityService
    members: MemberService
    schedules: ScheduleService
    breaks: BreakService
    welcomes: WelcomeService
    intros: IntroService
    languages: LanguageService


SetupContext = Context[SetupServices]


@command("setup channel", level=Level.ADMIN)
async def set_channel(
    context: SetupContext,
    purpose: Annotated[Purpose, "what the bot uses the channel for"],
    channel: Annotated[ChannelMention, "the channel"],
) -> Reply:
    """Choose the channel the bot uses for intros, topics, buddies, the mod queue and more."""
    return Reply.text(await changes.assign_channel(_change(context), purpose, channel))


@command("setup timezone", level=Level.ADMIN)
async def set_community_timezone(
    context: SetupContext, zone: Annotated[TimeZoneName, "an IANA time zone, like Europe/Berlin"]
) -> Reply:
    """Set the community's time zone, used for every schedule."""
    return Reply.text(await changes.set_timezone(_change(context), zone))


@command("setup language", level=Level.ADMIN)
async def set_community_language(context: SetupContext, code: LanguageCode) -> Reply:
    """Set the community's language, for public posts and for members who chose none."""
    return Reply.text(await changes.set_language(_change(context), code))


@command("setup role", level=Level.ADMIN)
async def set_role(
    context: SetupContext,
    level: Annotated[GrantableLevel, "host, moderator, or member to take a level back"],
    who: Annotated[RoleOrMember, "a role, user group or member"],
) -> Reply:
    """Make a role or a member a host or moderator (member takes it back)."""
    return Reply.text(await changes.grant_level(_change(context), level, who))


@command("setup break", level=Level.ADMIN)
async def add_break(
    context: SetupContext,
    starts: Annotated[date, "first day of the break, YYYY-MM-DD"],
    ends: Annotated[date, "last day of the break, YYYY-MM-DD"],
) -> Reply:
    """Pause every scheduled post (topics, pairing, nudges) from one date to another."""
    return Reply.text(await changes.add_break(_change(context), starts, ends))


@command("setup breaks", level=Level.ADMIN, read_only=True)
async def list_breaks(context: SetupContext) -> Reply:
    """List the community's breaks."""
    breaks = await context.services.breaks.list(context.community_id)
    if not breaks:
        return Reply.text(_("No breaks are set. Add one with /setup break <from> <to>."))
    return Reply.text("\n".join([_("Breaks:"), *(f"- {b.describe()}" for b in breaks)]))


@command("setup unbreak", level=Level.ADMIN)
async def remove_break(
    context: SetupContext, starts: Annotated[date, "first day of the break, YYYY-MM-DD"]
) -> Reply:
    """Remove the break starting on a date; scheduled posts resume on those days."""
    return Reply.text(await changes.remove_break(_change(context), starts))


@command("setup welcome", level=Level.ADMIN)
async def set_welcome(
    context: SetupContext,
    text: Annotated[Text, "the welcome, with {member} and {guidelines}; reset for the default"],
) -> Reply:
    """Change the welcome new members get; {member} and {guidelines} are filled in."""
    return Reply.text(await changes.set_welcome(_change(context), text))


def _change(context: SetupContext) -> changes.SetupChange:
    """Return the command's caller as the set-up changes' actor."""
    caller = context.caller
    staff = Staff(context.community_id, caller.id, caller.external_id, caller.level)
    return changes.SetupChange(context.services, context.platform, context.community, staff)


CONTENT_FILTERS_OFF = N_(
    "Message text: not readable, so content filters are off (on Discord, turn on the Message "
    "Content Intent in the Developer Portal and restart). Activity is still counted."
)


@command("setup show", level=Level.ADMIN, read_only=True)
async def show_setup(context: SetupContext) -> Reply:
    """Show the community's set-up."""
    setup_ = await context.services.communities.describe(
        context.community_id, context.platform.name
    )
    welcome = await context.services.welcomes.setup(context.community_id)
    language = await context.services.languages.community(context.community_id)
    lines = [_describe(context, setup_, language), *_describe_intros(context, welcome)]
    return Reply.text("\n".join(lines))


def _describe_intros(context: SetupContext, welcome: WelcomeSetup) -> list[str]:
    if welcome.welcome_in is WelcomeIn.DM:
        where = _("Welcomes: in a DM (the intros channel when DMs fail), COHORT_WELCOME_IN={value}")
    else:
        where = _("Welcomes: in the intros channel (a DM without one), COHORT_WELCOME_IN={value}")
    days = context.services.intros.reminder_days
    reminder = (
        ngettext(
            "Intro reminder: after {count} day (COHORT_INTRO_REMINDER_DAYS)",
            "Intro reminder: after {count} days (COHORT_INTRO_REMINDER_DAYS)",
            days,
        ).format(count=days)
        if days
        else _("Intro reminder: off (COHORT_INTRO_REMINDER_DAYS)")
    )
    text = (
        _("Welcome text (custom):")
        if welcome.custom
        else _("Welcome text (the default; change it with /setup welcome <text>):")
    )
    return [
        where.format(value=welcome.welcome_in.value),
        text,
        *(f"  {line}" for line in welcome.text.splitlines()),
        reminder,
    ]


def _describe(context: SetupContext, setup_: CommunitySetup, language: str) -> str:
    platform = context.platform
    lines = [
        _("Time zone: {zone}").format(zone=setup_.timezone),
        _("Language: {language} ({code})").format(language=language_name(language), code=language),
    ]
    for purpose in ChannelPurpose:
        channel = setup_.channels.get(purpose)
        shown = platform.mention(channel) if channel else _("not set")
        lines.append(
            _("{purpose} channel: {channel}").format(
                purpose=changes.purpose_label(purpose), channel=shown
            )
        )
    roles = [
        f"{platform.mention(RoleRef(platform.name, role))} → {level.shown}"
        for role, level in setup_.role_levels.items()
    ]
    lines.append(_("Roles: {roles}").format(roles=", ".join(roles) if roles else _("none set")))
    members = [
        f"{platform.mention(UserRef(platform.name, user))} → {level.shown}"
        for user, level in setup_.member_levels.items()
    ]
    listed = ", ".join(members) if members else _("none set")
    lines.append(_("Members: {members}").format(members=listed))
    if Capability.MESSAGE_CONTENT not in platform.capabilities:
        lines.append(_(CONTENT_FILTERS_OFF))
    return "\n".join(lines)


def setup(registry: Registry, services: SetupServices) -> None:
    """Register the set-up commands, bound to `services`."""
    registry.add(
        set_channel,
        set_community_timezone,
        set_community_language,
        set_role,
        set_welcome,
        show_setup,
        add_break,
        list_breaks,
        remove_break,
        services=services,
    )
