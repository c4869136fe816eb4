"""`/profile`: a member's own time zone and interests, and forgetting their data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from bot.i18n import _, current_language, ngettext, speaking
from bot.intros.service import IntroService
from bot.levels import Level
from bot.messages import Button, ButtonStyle, OutboundMessage, Reply
from bot.peers import PeerService
from bot.shared.languages import LanguageService, Preferences, language_name, parse_language
from bot.shared.members import MemberService
from bot.thanks import ThanksService
from commands.arguments import action_words
from commands.context import Context
from commands.languages import LanguageCode
from commands.peers import findable_answer
from commands.registry import Registry
from commands.spec import button, command
from commands.types import Text, TimeZoneName

FORGET_ACTION = "profile:forget"


@dataclass(frozen=True, slots=True)
class ProfileServices:
    """What the profile commands use: the member's data, their intro to withdraw, whether
    peers may find them and the thanks they received."""

    members: MemberService
    intros: IntroService
    peers: PeerService
    thanks: ThanksService
    languages: LanguageService


ProfileContext = Context[ProfileServices]


@command("profile show", level=Level.MEMBER, group_default=True, read_only=True)
async def show_profile(context: ProfileContext) -> Reply:
    """Show what Cohort stores about you."""
    profile = await context.services.members.profile(context.caller.id)
    interests = ", ".join(profile.interests) if profile.interests else _("none yet")
    shown = _("Your profile: time zone {zone}; interests: {interests}.").format(
        zone=profile.timezone or _("not set"), interests=interests
    )
    findable = await context.services.peers.is_findable(context.caller.id)
    received = await context.services.thanks.received(context.caller.id)
    change = _(
        "Change them with /profile timezone <zone> and /profile interests <a, b, c>; "
        "/profile forget deletes it all."
    )
    lines = [shown, _language_line(context), _findable_line(findable), _thanks_line(received)]
    return Reply.text("\n".join([*lines, change]))


def _language_line(context: ProfileContext) -> str:
    own = context.caller.language
    if own:
        chosen = _("Language: {language} ({code}), your choice (/profile language auto undoes it).")
        return chosen.format(language=language_name(own), code=own)
    return _(
        "Language: {language} ({code}), from your app or the community "
        "(/profile language <code> chooses one)."
    ).format(language=language_name(current_language()), code=current_language())


def _findable_line(findable: bool) -> str:
    if findable:
        return _("Findable by /peers: yes (/profile findable off hides you).")
    return _("Findable by /peers: no (/profile findable on lets peers find you).")


def _thanks_line(received: int) -> str:
    if not received:
        return _("Thanks received: none yet.")
    return ngettext(
        "Thanks received: {count}, privately.", "Thanks received: {count}, privately.", received
    ).format(count=received)


@command("profile findable", level=Level.MEMBER)
async def set_findable(
    context: ProfileContext, switch: Annotated[Literal["on", "off"], "on or off"]
) -> Reply:
    """Let members who share your interests find you with /peers (off by default)."""
    findable = switch == "on"
    await context.services.peers.set_findable(context.community_id, context.caller.id, findable)
    return Reply.text(findable_answer(findable))


@command("profile timezone", level=Level.MEMBER)
async def set_timezone(
    context: ProfileContext, zone: Annotated[TimeZoneName, "an IANA time zone, like Europe/Berlin"]
) -> Reply:
    """Set your time zone, used for pairing and for timing reminders."""
    await context.services.members.set_timezone(context.caller.id, zone.name)
    return Reply.text(_("Your time zone is now {zone}.").format(zone=zone.name))


@command("profile language", level=Level.MEMBER)
async def set_language(context: ProfileContext, code: LanguageCode) -> Reply:
    """Choose the language Cohort writes to you in; auto follows your app and the community."""
    own = None if code.strip().lower() == "auto" else parse_language(code)
    languages = context.services.languages
    await languages.set_member(context.caller.id, own)
    chosen = await languages.community_choice(context.community_id)
    now = Preferences(own, context.caller.locale, chosen).language()
    with speaking(now):  # the answer is already in the language chosen
        if own is None:
            answer = _("I now write to you in {language} ({code}), as your app or community says.")
        else:
            answer = _("I now write to you in {language} ({code}).")
        return Reply.text(answer.format(language=language_name(now), code=now))


@command("profile interests", level=Level.MEMBER)
async def set_interests(
    context: ProfileContext,
    interests: Annotated[Text, "comma-separated, like python, design, music"],
) -> Reply:
    """Set your interests (comma-separated), used for pairing."""
    saved = await context.services.members.set_interests(context.caller.id, interests.split(","))
    if not saved:
        return Reply.text(_("Your interests are cleared."))
    return Reply.text(_("Your interests are now: {interests}.").format(interests=", ".join(saved)))


@command("profile forget", level=Level.MEMBER)
async def forget_me(context: ProfileContext) -> Reply:
    """Delete everything Cohort stores about you (asks first)."""
    owner = context.caller.external_id
    return Reply(
        OutboundMessage(
            _(
                "This deletes your profile, interests, thanks, findability and everything else "
                "Cohort stores about you in this community. It cannot be undone."
            ),
            buttons=(
                Button(_("Forget me"), f"{FORGET_ACTION}:yes:{owner}", ButtonStyle.DANGER),
                Button(_("Keep my data"), f"{FORGET_ACTION}:no:{owner}"),
            ),
        )
    )


@button(FORGET_ACTION, level=Level.MEMBER)
async def confirm_forget(context: ProfileContext) -> Reply:
    """Confirm or cancel `/profile forget`; only the member who asked can press it."""
    choice, owner = action_words(context.action_args, 2)
    if owner != context.caller.external_id:
        return Reply.error(_("Only the member who asked to be forgotten can press this."))
    if choice != "yes":
        return Reply.text(_("Nothing was deleted."))
    await context.services.intros.withdraw_post(context.caller.id, context.platform)
    await context.services.members.forget(context.caller.id)
    return Reply.text(_("Done: Cohort no longer stores anything about you in this community."))


def setup(registry: Registry, services: ProfileServices) -> None:
    """Register the profile commands and the forget confirmation button, bound to `services`."""
    registry.add(
        show_profile,
        set_timezone,
        set_language,
        set_interests,
        set_findable,
        forget_me,
        confirm_forget,
        services=services,
    )
