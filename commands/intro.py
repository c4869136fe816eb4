"""`/intro`: members introduce themselves (a form where there are forms); hosts see who hasn't."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from bot.clock import Clock
from bot.cohorts import CohortService
from bot.errors import UserFacingError
from bot.i18n import N_, _, formats, ngettext, publicly
from bot.intros.service import (
    IntroInfo,
    IntroService,
    PendingMember,
    PostedIntro,
    check_intro_text,
)
from bot.intros.welcome import INTRO_BUTTON
from bot.levels import Level
from bot.messages import Form, FormField, OutboundMessage, Reply
from bot.peers import PeerService
from bot.platform import Capability
from bot.refs import UserRef
from bot.shared.members import MemberService, Profile, clean_interests
from commands.arguments import ArgumentError, page_count, past_the_last_page, read_timezone
from commands.context import Context
from commands.peers import findable_button
from commands.registry import Registry
from commands.scoping import scope_of
from commands.spec import button, command, form
from commands.types import Text

FORM_ID = "intro:write"
PENDING_PAGE = 20
MAX_ABOUT = 800
USAGE = N_(
    "Introduce yourself with /intro <a few sentences about you>, for example: "
    "/intro Hi, I'm Sam! I'm learning Python to change careers, and I love chess. "
    "Set your time zone and interests with /profile timezone <zone> and /profile interests."
)


@dataclass(frozen=True, slots=True)
class IntroServices:
    """What the intro commands use: intros, and the profile the form fills in."""

    intros: IntroService
    members: MemberService
    cohorts: CohortService
    peers: PeerService
    clock: Clock


IntroContext = Context[IntroServices]


@command("intro write", level=Level.MEMBER, group_default=True)
async def write_intro(
    context: IntroContext,
    text: Annotated[Text | None, "your intro (a form opens without it)"] = None,
) -> Reply | Form:
    """Post or update your introduction (a form opens where there are forms)."""
    if text is None:
        return await _form_or_usage(context)
    posted = await context.services.intros.publish(
        context.community_id,
        context.caller.id,
        context.platform,
        _caller(context),
        context.channel,
        text,
    )
    return await _confirmed(context, _confirmation(context, posted))


@button(INTRO_BUTTON, level=Level.MEMBER)
async def start_intro(context: IntroContext) -> Reply | Form:
    """Open the intro form for whoever pressed "Introduce myself" under a welcome."""
    return await _form_or_usage(context)


async def _form_or_usage(context: IntroContext) -> Reply | Form:
    if Capability.FORMS not in context.platform.capabilities:
        raise UserFacingError(_(USAGE))
    earlier = await context.services.intros.get(context.caller.id)
    profile = await context.services.members.profile(context.caller.id)
    return intro_form(earlier, profile)


def intro_form(earlier: IntroInfo | None, profile: Profile) -> Form:
    """Return the intro form, filled in with the member's earlier answers and profile."""
    about = earlier.about if earlier and earlier.about else (earlier.text if earlier else None)
    about = about[:MAX_ABOUT] if about else None
    fields = (
        FormField("about", _("About me"), long=True, default=about, max_length=MAX_ABOUT,
                  placeholder=_("Who you are, where you're from, what you do")),
        FormField("learning", _("What I am learning"), long=True, required=False,
                  max_length=300, default=earlier.learning if earlier else None),
        FormField("goals", _("My goals"), long=True, required=False, max_length=300,
                  default=earlier.goals if earlier else None),
        FormField("timezone", _("Time zone (like Europe/Berlin)"), required=False,
                  max_length=64, default=profile.timezone, placeholder=_("Europe/Berlin")),
        FormField("interests", _("Interests (comma-separated)"), required=False,
                  max_length=900, default=", ".join(profile.interests)[:900] or None,
                  placeholder=_("python, design, music")),
    )  # fmt: skip
    return Form(FORM_ID, _("Introduce yourself"), fields)


@form(FORM_ID, level=Level.MEMBER)
async def submit_intro(context: IntroContext) -> Reply:
    """Post the intro written in the form; its time zone and interests go to the profile."""
    values = context.form_values
    about = values.get("about", "").strip()
    if not about:
        raise UserFacingError(_("Please say something about yourself; nothing was saved."))
    learning = values.get("learning", "").strip() or None
    goals = values.get("goals", "").strip() or None
    problems: list[str] = []
    zone = _read_zone(values.get("timezone", ""), problems)
    interests = _read_interests(values.get("interests", ""), problems)
    shown_zone = zone or (await context.services.members.profile(context.caller.id)).timezone
    with publicly():  # the intro is posted for everyone: its labels in the community's language
        composed = compose_intro(about, learning, goals, shown_zone, interests or [])
    text = check_intro_text(composed)
    posted = await context.services.intros.publish(
        context.community_id,
        context.caller.id,
        context.platform,
        _caller(context),
        context.channel,
        text,
        about=about,
        learning=learning,
        goals=goals,
    )
    if zone is not None:
        await context.services.members.set_timezone(context.caller.id, zone)
    if interests is not None:
        await context.services.members.set_interests(context.caller.id, interests)
    return await _confirmed(context, "\n".join([_confirmation(context, posted), *problems]))


async def _confirmed(context: IntroContext, text: str) -> Reply:
    """Return the intro's confirmation, offering to be found by peers to who is not yet."""
    if await context.services.peers.is_findable(context.caller.id):
        return Reply.text(text)
    offer = _(
        "Would you like members who share your interests and live near your time zone to find "
        "you with /peers? You can change it any time with /profile findable on|off."
    )
    button = findable_button(context.caller.external_id)
    return Reply(OutboundMessage("\n".join([text, offer]), buttons=(button,)))


def _read_zone(typed: str, problems: list[str]) -> str | None:
    """Return the time zone to store, validated as /profile timezone does; None keeps the
    profile's (a blank field, or one that is not a time zone, which `problems` then explains)."""
    if not typed.strip():
        return None
    try:
        return read_timezone(typed).name
    except ArgumentError as error:
        problems.append(_("Your time zone was not changed: {problem}").format(problem=error))
        return None


def _read_interests(typed: str, problems: list[str]) -> list[str] | None:
    """Return the interests to store (a blank field clears them, as the form showed them all);
    None keeps the profile's when there are too many."""
    try:
        return clean_interests(typed.split(","))
    except UserFacingError as error:
        problems.append(_("Your interests were not changed: {problem}").format(problem=error))
        return None


def compose_intro(
    about: str, learning: str | None, goals: str | None, zone: str | None, interests: list[str]
) -> str:
    """Return the intro text made from the form's answers."""
    lines = [about]
    if learning:
        lines.append(_("Learning: {learning}").format(learning=learning))
    if goals:
        lines.append(_("Goals: {goals}").format(goals=goals))
    if zone:
        lines.append(_("Time zone: {zone}").format(zone=zone))
    if interests:
        lines.append(_("Interests: {interests}").format(interests=", ".join(interests)))
    return "\n".join(lines)


def _caller(context: IntroContext) -> UserRef:
    return UserRef(context.platform.name, context.caller.external_id)


def _confirmation(context: IntroContext, posted: PostedIntro) -> str:
    if posted.channel is None:
        return _(
            "Your intro is saved, but I could not post it ({problem}). "
            "Ask an admin to check the intros channel (/setup channel intros <channel>)."
        ).format(problem=posted.problem)
    where = context.platform.mention(posted.channel)
    if posted.outcome == "edited":
        return _("Your intro in {channel} is updated.").format(channel=where)
    return _("Your intro is posted in {channel}. Welcome aboard!").format(channel=where)


@command("intro pending", level=Level.HOST, read_only=True)
async def pending_intros(
    context: IntroContext, page: Annotated[int | None, "page number, from 1"] = None
) -> Reply:
    """List members who joined but have not introduced themselves, oldest first.

    Typed in a cohort's home channel (or a thread under it), only that cohort's members.
    """
    number = 1 if page is None else page
    if number < 1:
        raise UserFacingError(_("Pages start at 1."))
    scope = await scope_of(context, context.services.cohorts)
    among = None
    if scope.cohort is not None:
        among = await context.services.cohorts.member_ids(
            scope.cohort, context.platform, context.community
        )
    offset = (number - 1) * PENDING_PAGE
    members, total = await context.services.intros.pending(
        context.community_id, limit=PENDING_PAGE, offset=offset, members=among
    )
    if total == 0:
        return Reply.text(scope.says(_("Everyone who joined has introduced themselves. 🎉")))
    pages = page_count(total, PENDING_PAGE)
    if not members:
        raise past_the_last_page(pages)
    now = context.services.clock.now()
    lines = [_pending_heading(total, number, pages)]
    lines += [_pending_line(context, member, now) for member in members]
    if number < pages:
        lines.append(_("More with /intro pending {page}.").format(page=number + 1))
    return Reply.text(scope.says("\n".join(lines)))


def _pending_heading(total: int, number: int, pages: int) -> str:
    if pages > 1:
        heading = ngettext(
            "{count} member has not introduced themselves yet (oldest first, page {number} of "
            "{pages}):",
            "{count} members have not introduced themselves yet (oldest first, page {number} of "
            "{pages}):",
            total,
        )
    else:
        heading = ngettext(
            "{count} member has not introduced themselves yet (oldest first):",
            "{count} members have not introduced themselves yet (oldest first):",
            total,
        )
    return heading.format(count=total, number=number, pages=pages)


def _pending_line(context: IntroContext, member: PendingMember, now: datetime) -> str:
    mention = context.platform.mention(UserRef(context.platform.name, member.external_id))
    days = (now - member.joined_at).days
    if days == 0:
        ago = _("today")
    else:
        ago = ngettext("{count} day ago", "{count} days ago", days).format(count=days)
    return _("- {member}, joined {date} ({ago})").format(
        member=mention, date=formats.day(member.joined_at.date()), ago=ago
    )


def setup(registry: Registry, services: IntroServices) -> None:
    """Register the intro commands, the welcome's button and the intro form, bound to `services`."""
    registry.add(write_intro, pending_intros, start_intro, submit_intro, services=services)
