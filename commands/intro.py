"""`/intro`: members introduce themselves (a form where there are forms); hosts see who hasn't."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from bot.clock import Clock
from bot.errors import UserFacingError
from bot.intros.service import (
    IntroInfo,
    IntroService,
    PendingMember,
    PostedIntro,
    check_intro_text,
)
from bot.intros.welcome import INTRO_BUTTON
from bot.levels import Level
from bot.messages import Form, FormField, Reply
from bot.platform import Capability
from bot.refs import UserRef
from bot.shared.members import MemberService, Profile, clean_interests
from commands.arguments import ArgumentError, page_count, past_the_last_page, read_timezone
from commands.context import Context
from commands.registry import Registry
from commands.spec import button, command, form
from commands.types import Text

FORM_ID = "intro:write"
PENDING_PAGE = 20
MAX_ABOUT = 800
USAGE = (
    "Introduce yourself with /intro <a few sentences about you>, for example: "
    "/intro Hi, I'm Sam! I'm learning Python to change careers, and I love chess. "
    "Set your time zone and interests with /profile timezone <zone> and /profile interests."
)


@dataclass(frozen=True, slots=True)
class IntroServices:
    """What the intro commands use: intros, and the profile the form fills in."""

    intros: IntroService
    members: MemberService
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
    return Reply.text(_confirmation(context, posted))


@button(INTRO_BUTTON, level=Level.MEMBER)
async def start_intro(context: IntroContext) -> Reply | Form:
    """Open the intro form for whoever pressed "Introduce myself" under a welcome."""
    return await _form_or_usage(context)


async def _form_or_usage(context: IntroContext) -> Reply | Form:
    if Capability.FORMS not in context.platform.capabilities:
        raise UserFacingError(USAGE)
    earlier = await context.services.intros.get(context.caller.id)
    profile = await context.services.members.profile(context.caller.id)
    return intro_form(earlier, profile)


def intro_form(earlier: IntroInfo | None, profile: Profile) -> Form:
    """Return the intro form, filled in with the member's earlier answers and profile."""
    about = earlier.about if earlier and earlier.about else (earlier.text if earlier else None)
    about = about[:MAX_ABOUT] if about else None
    fields = (
        FormField("about", "About me", long=True, default=about, max_length=MAX_ABOUT,
                  placeholder="Who you are, where you're from, what you do"),
        FormField("learning", "What I am learning", long=True, required=False, max_length=300,
                  default=earlier.learning if earlier else None),
        FormField("goals", "My goals", long=True, required=False, max_length=300,
                  default=earlier.goals if earlier else None),
        FormField("timezone", "Time zone (like Europe/Berlin)", required=False, max_length=64,
                  default=profile.timezone, placeholder="Europe/Berlin"),
        FormField("interests", "Interests (comma-separated)", required=False, max_length=900,
                  default=", ".join(profile.interests)[:900] or None,
                  placeholder="python, design, music"),
    )  # fmt: skip
    return Form(FORM_ID, "Introduce yourself", fields)


@form(FORM_ID, level=Level.MEMBER)
async def submit_intro(context: IntroContext) -> Reply:
    """Post the intro written in the form; its time zone and interests go to the profile."""
    values = context.form_values
    about = values.get("about", "").strip()
    if not about:
        raise UserFacingError("Please say something about yourself; nothing was saved.")
    learning = values.get("learning", "").strip() or None
    goals = values.get("goals", "").strip() or None
    problems: list[str] = []
    zone = _read_zone(values.get("timezone", ""), problems)
    interests = _read_interests(values.get("interests", ""), problems)
    shown_zone = zone or (await context.services.members.profile(context.caller.id)).timezone
    text = check_intro_text(compose_intro(about, learning, goals, shown_zone, interests or []))
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
    return Reply.text("\n".join([_confirmation(context, posted), *problems]))


def _read_zone(typed: str, problems: list[str]) -> str | None:
    """Return the time zone to store, validated as /profile timezone does; None keeps the
    profile's (a blank field, or one that is not a time zone, which `problems` then explains)."""
    if not typed.strip():
        return None
    try:
        return read_timezone(typed).name
    except ArgumentError as error:
        problems.append(f"Your time zone was not changed: {error}")
        return None


def _read_interests(typed: str, problems: list[str]) -> list[str] | None:
    """Return the interests to store (a blank field clears them, as the form showed them all);
    None keeps the profile's when there are too many."""
    try:
        return clean_interests(typed.split(","))
    except UserFacingError as error:
        problems.append(f"Your interests were not changed: {error}")
        return None


def compose_intro(
    about: str, learning: str | None, goals: str | None, zone: str | None, interests: list[str]
) -> str:
    """Return the intro text made from the form's answers."""
    lines = [about]
    if learning:
        lines.append(f"Learning: {learning}")
    if goals:
        lines.append(f"Goals: {goals}")
    if zone:
        lines.append(f"Time zone: {zone}")
    if interests:
        lines.append(f"Interests: {', '.join(interests)}")
    return "\n".join(lines)


def _caller(context: IntroContext) -> UserRef:
    return UserRef(context.platform.name, context.caller.external_id)


def _confirmation(context: IntroContext, posted: PostedIntro) -> str:
    if posted.channel is None:
        return (
            f"Your intro is saved, but I could not post it ({posted.problem}). "
            "Ask an admin to check the intros channel (/setup channel intros <channel>)."
        )
    where = context.platform.mention(posted.channel)
    if posted.outcome == "edited":
        return f"Your intro in {where} is updated."
    return f"Your intro is posted in {where}. Welcome aboard!"


@command("intro pending", level=Level.HOST, read_only=True)
async def pending_intros(
    context: IntroContext, page: Annotated[int | None, "page number, from 1"] = None
) -> Reply:
    """List members who joined but have not introduced themselves, oldest first."""
    number = 1 if page is None else page
    if number < 1:
        raise UserFacingError("Pages start at 1.")
    offset = (number - 1) * PENDING_PAGE
    members, total = await context.services.intros.pending(
        context.community_id, limit=PENDING_PAGE, offset=offset
    )
    if total == 0:
        return Reply.text("Everyone who joined has introduced themselves. 🎉")
    pages = page_count(total, PENDING_PAGE)
    if not members:
        raise past_the_last_page(pages)
    now = context.services.clock.now()
    who = "1 member has" if total == 1 else f"{total} members have"
    heading = f"{who} not introduced themselves yet (oldest first"
    heading += f", page {number} of {pages}):" if pages > 1 else "):"
    lines = [heading, *(_pending_line(context, member, now) for member in members)]
    if number < pages:
        lines.append(f"More with /intro pending {number + 1}.")
    return Reply.text("\n".join(lines))


def _pending_line(context: IntroContext, member: PendingMember, now: datetime) -> str:
    mention = context.platform.mention(UserRef(context.platform.name, member.external_id))
    days = (now - member.joined_at).days
    ago = "today" if days == 0 else ("1 day ago" if days == 1 else f"{days} days ago")
    return f"- {mention}, joined {member.joined_at.date().isoformat()} ({ago})"


def setup(registry: Registry, services: IntroServices) -> None:
    """Register the intro commands, the welcome's button and the intro form, bound to `services`."""
    registry.add(write_intro, pending_intros, start_intro, submit_intro, services=services)
