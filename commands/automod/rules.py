"""`/automod` commands that change the rules: blocked terms, regex rules, domains, actions."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from bot.automod.model import Action, ExemptionKind, FilterName
from bot.errors import UserFacingError
from bot.i18n import _
from bot.levels import Level
from bot.messages import Reply
from bot.platform import Capability
from bot.refs import ChannelRef, RoleRef
from commands.arguments import ArgumentError, read_channel, read_role_or_member, shortened
from commands.automod.common import (
    TITLES,
    AutomodContext,
    AutomodServices,
    action_text,
    content_note,
)
from commands.context import SuggestContext
from commands.spec import Suggest, Suggestion, command
from commands.suggest import containing
from commands.types import Text

Change = Literal["add", "remove"]
FilterChoice = Literal["terms", "regex", "invites", "links", "repeats", "mentions", "flood"]
ActionChoice = Literal["flag", "delete", "timeout"]

MAX_TIMEOUT = timedelta(days=28)  # Discord's longest timeout


# -- Blocked terms ------------------------------------------------------------------------


@command("automod block", level=Level.MODERATOR)
async def block_term(
    context: AutomodContext, term: Annotated[Text, "a word or phrase to block"]
) -> Reply:
    """Block a word or phrase, also when disguised (sp4m, s.p.a.m, spaaam)."""
    blocked = await context.services.automod.block(context.community_id, term)
    rules = await context.services.automod.rules(context.community_id)
    action = action_text(rules.config(FilterName.TERMS))
    answer = _(
        'Blocked "{term}": messages with it, also disguised (l33t digits, dots or spaces '
        "between letters, repeated letters), are {action}."
    ).format(term=blocked, action=action)
    return Reply.text(answer + content_note(context))


async def blocked_terms(context: SuggestContext[AutomodServices], typed: str) -> list[Suggestion]:
    """Suggest the blocked terms containing what was typed."""
    rules = await context.services.automod.rules(context.community_id)
    wanted = typed.strip().casefold()
    return [Suggestion(term, term) for term in rules.terms if wanted in term]


@command("automod unblock", level=Level.MODERATOR)
async def unblock_term(
    context: AutomodContext,
    term: Annotated[Text, "a blocked word or phrase", Suggest(blocked_terms)],
) -> Reply:
    """Unblock a word or phrase."""
    unblocked = await context.services.automod.unblock(context.community_id, term)
    return Reply.text(_('"{term}" is no longer blocked.').format(term=unblocked))


# -- Regex rules --------------------------------------------------------------------------


async def regex_rules(context: SuggestContext[AutomodServices], typed: str) -> list[Suggestion]:
    """Suggest the regex rules by number, keeping those whose line contains what was typed."""
    rules = await context.services.automod.rules(context.community_id)
    lines = [
        Suggestion(f"{number}. /{pattern}/", str(number))
        for number, pattern in enumerate(rules.patterns, start=1)
    ]
    return containing(typed, lines)


@command("automod regex", level=Level.MODERATOR)
async def change_regex(
    context: AutomodContext,
    change: Annotated[Change, "add a rule, or remove one"],
    pattern: Annotated[Text, "a pattern to add, or a rule number to remove", Suggest(regex_rules)],
) -> Reply:
    """Add a regex rule (checked so that no message can slow the bot), or remove one."""
    automod = context.services.automod
    if change == "remove":
        removed = await automod.remove_pattern(context.community_id, pattern)
        return Reply.text(
            _("Removed the regex rule /{pattern}/.").format(pattern=shortened(removed))
        )
    number, added = await automod.add_pattern(context.community_id, pattern)
    rules = await automod.rules(context.community_id)
    action = action_text(rules.config(FilterName.REGEX))
    answer = _(
        "Added regex rule {number}: /{pattern}/ (case is ignored). Matching messages are {action}."
    ).format(number=number, pattern=shortened(added), action=action)
    return Reply.text(answer + content_note(context))


# -- Allowed domains ------------------------------------------------------------------


@command("automod domain", level=Level.MODERATOR)
async def change_domain(
    context: AutomodContext,
    change: Annotated[Change, "allow a domain, or stop allowing it"],
    domain: Annotated[str, "a domain like example.com (its subdomains count too)"],
) -> Reply:
    """Allow links to a domain and its subdomains, or remove it from the allowed domains."""
    automod = context.services.automod
    if change == "remove":
        removed = await automod.disallow_domain(context.community_id, domain)
        return Reply.text(_("{domain} is no longer an allowed domain.").format(domain=removed))
    allowed = await automod.allow_domain(context.community_id, domain)
    rules = await automod.rules(context.community_id)
    answer = (
        _("Links to {domain} and its subdomains are allowed.")
        if rules.config(FilterName.LINKS).enabled
        else _("Links to {domain} and its subdomains are allowed (links are not screened now).")
    )
    return Reply.text(answer.format(domain=allowed))


# -- Actions ------------------------------------------------------------------------------


@command("automod action", level=Level.MODERATOR)
async def set_action(
    context: AutomodContext,
    filter: Annotated[FilterChoice, "which filter"],
    action: Annotated[ActionChoice, "flag for moderators, delete, or delete and time out"],
    duration: Annotated[timedelta | None, "how long a timeout lasts (default 1h)"] = None,
) -> Reply:
    """Choose what a filter does: flag, delete, or timeout (delete and time out)."""
    chosen = Action(action)
    if duration is not None and chosen is not Action.TIMEOUT:
        raise UserFacingError(
            _(
                "A duration only goes with timeout, like /automod action flood timeout 10m. "
                "Nothing was changed."
            )
        )
    if duration is not None and duration > MAX_TIMEOUT:
        raise UserFacingError(_("A timeout can last at most 28 days. Nothing was changed."))
    name = FilterName(filter)
    config = await context.services.automod.configure(
        context.community_id, name, action=chosen, timeout_for=duration
    )
    answer = (
        _("{title}: matching messages are now {action}.")
        if config.enabled
        else _("{title}: matching messages are now {action} (this filter is off now).")
    )
    answer = answer.format(title=_(TITLES[name]), action=action_text(config))
    note = _action_note(context, chosen)
    return Reply.text(" ".join([answer, note]) if note else answer)


def _action_note(context: AutomodContext, action: Action) -> str:
    capabilities = context.platform.capabilities
    if action is Action.TIMEOUT and Capability.TIMEOUT not in capabilities:
        return _(
            "This platform cannot time members out, so those messages are deleted and "
            "flagged instead."
        )
    if action is not Action.FLAG and Capability.DELETE_MEMBER_MESSAGES not in capabilities:
        return _(
            "The bot cannot delete members' messages here (on Slack, an admin user token is "
            "needed), so those messages are flagged for moderators instead."
        )
    return ""


# -- Exemptions ---------------------------------------------------------------------------


@command("automod exempt", level=Level.MODERATOR)
async def change_exemption(
    context: AutomodContext,
    change: Annotated[Change, "exempt, or screen again"],
    target: Annotated[Text, "a channel (#general) or a role"],
) -> Reply:
    """Stop screening a channel or a role's members (add), or screen them again (remove)."""
    kind, external_id, shown = _exemption_target(context, target.strip())
    automod = context.services.automod
    is_channel = kind is ExemptionKind.CHANNEL
    if change == "remove":
        await automod.unexempt(context.community_id, kind, external_id)
        screened = (
            _("The channel {channel} is screened again.")
            if is_channel
            else _("The role {role} is screened again.")
        )
        return Reply.text(screened.format(channel=shown, role=shown))
    await automod.exempt(context.community_id, kind, external_id)
    exempt = (
        _("The channel {channel} is exempt from the automatic filters.")
        if is_channel
        else _("The role {role} is exempt from the automatic filters.")
    )
    return Reply.text(exempt.format(channel=shown, role=shown))


def _exemption_target(context: AutomodContext, text: str) -> tuple[ExemptionKind, str, str]:
    """Return what `text` names to exempt: its kind, its id and its mention."""
    platform = context.platform
    try:
        channel = read_channel(text)
    except ArgumentError:
        pass
    else:
        ref = ChannelRef(platform.name, channel.id)
        return ExemptionKind.CHANNEL, channel.id, platform.mention(ref)
    try:
        who = read_role_or_member(text)
    except ArgumentError:
        who = None
    if who is not None and who.is_role:
        role = RoleRef(platform.name, who.id)
        return ExemptionKind.ROLE, who.id, platform.mention(role)
    raise UserFacingError(
        _(
            "Name a channel (#general) or a role. To exempt one member, make them a host "
            "(/setup role host @member): hosts, moderators and admins are never screened."
        )
    )
