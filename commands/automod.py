"""`/automod`: the automatic filters moderators set up — terms, rules, links, spam thresholds."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from bot.automod.model import (
    Action,
    AutomodRules,
    ExemptionKind,
    FilterConfig,
    FilterName,
)
from bot.durations import format_duration
from bot.errors import UserFacingError
from bot.levels import Level
from bot.messages import Reply
from bot.platform import Capability
from bot.refs import ChannelRef, RoleRef
from commands.arguments import ArgumentError, read_argument, shortened
from commands.context import Context
from commands.registry import Registry
from commands.spec import OptionKind, OptionSpec, Suggest, command
from commands.suggest import SuggestContext, Suggestion
from commands.types import ChannelMention, RoleOrMember, Text

Switch = Literal["on", "off"]
Change = Literal["add", "remove"]
FilterChoice = Literal["terms", "regex", "invites", "links", "repeats", "mentions", "flood"]
ActionChoice = Literal["flag", "delete", "timeout"]

MAX_TIMEOUT = timedelta(days=28)  # Discord's longest timeout
MAX_MENTIONS = 50
MAX_FLOOD_MESSAGES = 100
MAX_WINDOW_SECONDS = 3600
MAX_REPEAT_CHANNELS = 20
LISTED_TERMS = 40

CONTENT_FILTERS_OFF = (
    "Message text is not readable here, so blocked terms, regex rules, links, invites and "
    "repeats are off (on Discord, turn on the Message Content Intent in the Developer Portal "
    "and restart); mention spam and flooding still work."
)
_TITLES = {
    FilterName.TERMS: "Blocked terms",
    FilterName.REGEX: "Regex rules",
    FilterName.INVITES: "Invite links",
    FilterName.LINKS: "Links",
    FilterName.REPEATS: "Repeated messages",
    FilterName.MENTIONS: "Mention spam",
    FilterName.FLOOD: "Flooding",
}


# -- Blocked terms ------------------------------------------------------------------------


@command("automod block", level=Level.MODERATOR)
async def block_term(context: Context, term: Annotated[Text, "a word or phrase to block"]) -> Reply:
    """Block a word or phrase, also when disguised (sp4m, s.p.a.m, spaaam)."""
    blocked = await context.services.automod.block(context.community_id, term)
    rules = await context.services.automod.rules(context.community_id)
    action = _action_text(rules.config(FilterName.TERMS))
    return Reply.text(
        f'Blocked "{blocked}": messages with it, also disguised (l33t digits, dots or spaces '
        f"between letters, repeated letters), are {action}.{_content_note(context)}"
    )


async def blocked_terms(context: SuggestContext, typed: str) -> list[Suggestion]:
    """Suggest the blocked terms containing what was typed."""
    rules = await context.services.automod.rules(context.community_id)
    wanted = typed.strip().casefold()
    return [Suggestion(term, term) for term in rules.terms if wanted in term]


@command("automod unblock", level=Level.MODERATOR)
async def unblock_term(
    context: Context,
    term: Annotated[Text, "a blocked word or phrase", Suggest(blocked_terms)],
) -> Reply:
    """Unblock a word or phrase."""
    unblocked = await context.services.automod.unblock(context.community_id, term)
    return Reply.text(f'"{unblocked}" is no longer blocked.')


# -- Regex rules --------------------------------------------------------------------------


async def regex_rules(context: SuggestContext, typed: str) -> list[Suggestion]:
    """Suggest the regex rules by number, keeping those whose line contains what was typed."""
    rules = await context.services.automod.rules(context.community_id)
    wanted = typed.strip().casefold()
    lines = [
        Suggestion(f"{number}. /{pattern}/", str(number))
        for number, pattern in enumerate(rules.patterns, start=1)
    ]
    return [line for line in lines if wanted in line.label.casefold()]


@command("automod regex", level=Level.MODERATOR)
async def change_regex(
    context: Context,
    change: Annotated[Change, "add a rule, or remove one"],
    pattern: Annotated[Text, "a pattern to add, or a rule number to remove", Suggest(regex_rules)],
) -> Reply:
    """Add a regex rule (checked so that no message can slow the bot), or remove one."""
    automod = context.services.automod
    if change == "remove":
        removed = await automod.remove_pattern(context.community_id, pattern)
        return Reply.text(f"Removed the regex rule /{shortened(removed)}/.")
    number, added = await automod.add_pattern(context.community_id, pattern)
    rules = await automod.rules(context.community_id)
    action = _action_text(rules.config(FilterName.REGEX))
    return Reply.text(
        f"Added regex rule {number}: /{shortened(added)}/ (case is ignored). Matching messages "
        f"are {action}.{_content_note(context)}"
    )


# -- Links and invites --------------------------------------------------------------------


@command("automod links", level=Level.MODERATOR)
async def switch_links(context: Context, switch: Annotated[Switch, "screen links or not"]) -> Reply:
    """Screen links to domains that are not allowed (see /automod domain), or stop."""
    enabled = switch == "on"
    config = await context.services.automod.configure(
        context.community_id, FilterName.LINKS, enabled=enabled
    )
    if not enabled:
        return Reply.text("Links are no longer screened.")
    rules = await context.services.automod.rules(context.community_id)
    allowed = ", ".join(sorted(rules.allowed_domains)) or "none yet (add with /automod domain add)"
    return Reply.text(
        f"Links to domains that are not allowed are now {_action_text(config)}. Allowed: "
        f"{allowed}.{_content_note(context)}"
    )


@command("automod domain", level=Level.MODERATOR)
async def change_domain(
    context: Context,
    change: Annotated[Change, "allow a domain, or stop allowing it"],
    domain: Annotated[str, "a domain like example.com (its subdomains count too)"],
) -> Reply:
    """Allow links to a domain and its subdomains, or remove it from the allowed domains."""
    automod = context.services.automod
    if change == "remove":
        removed = await automod.disallow_domain(context.community_id, domain)
        return Reply.text(f"{removed} is no longer an allowed domain.")
    allowed = await automod.allow_domain(context.community_id, domain)
    rules = await automod.rules(context.community_id)
    state = "" if rules.config(FilterName.LINKS).enabled else " (links are not screened now)"
    return Reply.text(f"Links to {allowed} and its subdomains are allowed{state}.")


@command("automod invites", level=Level.MODERATOR)
async def switch_invites(
    context: Context, switch: Annotated[Switch, "screen invite links or not"]
) -> Reply:
    """Screen invite links to other Discord servers and Slack workspaces, or stop."""
    enabled = switch == "on"
    config = await context.services.automod.configure(
        context.community_id, FilterName.INVITES, enabled=enabled
    )
    if not enabled:
        return Reply.text("Invite links are no longer screened.")
    return Reply.text(
        f"Invite links (discord.gg, discord.com/invite, join.slack.com) are now "
        f"{_action_text(config)}.{_content_note(context)}"
    )


# -- Thresholds ---------------------------------------------------------------------------


@command("automod mentions", level=Level.MODERATOR)
async def switch_mentions(
    context: Context,
    switch: Annotated[Switch, "screen mention spam or not"],
    limit: Annotated[int | None, "more mentions than this in one message is spam"] = None,
) -> Reply:
    """Screen messages that mention more than a number of people (default 5)."""
    _in_range("limit", limit, 1, MAX_MENTIONS)
    config = await context.services.automod.configure(
        context.community_id, FilterName.MENTIONS, enabled=switch == "on", threshold=limit
    )
    if not config.enabled:
        return Reply.text("Mention spam is no longer screened.")
    return Reply.text(
        f"Messages with more than {config.threshold} mentions are now {_action_text(config)}."
    )


@command("automod flood", level=Level.MODERATOR)
async def switch_flood(
    context: Context,
    switch: Annotated[Switch, "screen flooding or not"],
    messages: Annotated[int | None, "more messages than this ..."] = None,
    seconds: Annotated[int | None, "... within this many seconds is flooding"] = None,
) -> Reply:
    """Screen members who post more than a number of messages in a few seconds (default 5/10)."""
    _in_range("messages", messages, 1, MAX_FLOOD_MESSAGES)
    _in_range("seconds", seconds, 1, MAX_WINDOW_SECONDS)
    config = await context.services.automod.configure(
        context.community_id,
        FilterName.FLOOD,
        enabled=switch == "on",
        threshold=messages,
        window_seconds=seconds,
    )
    if not config.enabled:
        return Reply.text("Flooding is no longer screened.")
    return Reply.text(
        f"More than {config.threshold} messages within {config.window_seconds} seconds from "
        f"one member is now {_action_text(config)} (once per burst)."
    )


@command("automod repeats", level=Level.MODERATOR)
async def switch_repeats(
    context: Context,
    switch: Annotated[Switch, "screen repeated messages or not"],
    channels: Annotated[int | None, "the same message in this many channels ..."] = None,
    seconds: Annotated[int | None, "... within this many seconds is spam"] = None,
) -> Reply:
    """Screen the same message posted in several channels (default 3 channels in 60 seconds)."""
    _in_range("channels", channels, 2, MAX_REPEAT_CHANNELS)
    _in_range("seconds", seconds, 1, MAX_WINDOW_SECONDS)
    config = await context.services.automod.configure(
        context.community_id,
        FilterName.REPEATS,
        enabled=switch == "on",
        threshold=channels,
        window_seconds=seconds,
    )
    if not config.enabled:
        return Reply.text("Repeated messages are no longer screened.")
    return Reply.text(
        f"The same message from one member in {config.threshold} channels within "
        f"{config.window_seconds} seconds is now {_action_text(config)}.{_content_note(context)}"
    )


def _in_range(name: str, value: int | None, lowest: int, highest: int) -> None:
    if value is not None and not lowest <= value <= highest:
        raise UserFacingError(f"Choose {name} from {lowest} to {highest}. Nothing was changed.")


# -- Actions ------------------------------------------------------------------------------


@command("automod action", level=Level.MODERATOR)
async def set_action(
    context: Context,
    filter: Annotated[FilterChoice, "which filter"],
    action: Annotated[ActionChoice, "flag for moderators, delete, or delete and time out"],
    duration: Annotated[timedelta | None, "how long a timeout lasts (default 1h)"] = None,
) -> Reply:
    """Choose what a filter does: flag, delete, or timeout (delete and time out)."""
    chosen = Action(action)
    if duration is not None and chosen is not Action.TIMEOUT:
        raise UserFacingError(
            "A duration only goes with timeout, like /automod action flood timeout 10m. "
            "Nothing was changed."
        )
    if duration is not None and duration > MAX_TIMEOUT:
        raise UserFacingError("A timeout can last at most 28 days. Nothing was changed.")
    name = FilterName(filter)
    config = await context.services.automod.configure(
        context.community_id, name, action=chosen, timeout_for=duration
    )
    off = "" if config.enabled else f" ({_TITLES[name].lower()} are off now)"
    return Reply.text(
        f"{_TITLES[name]}: matching messages are now {_action_text(config)}{off}."
        f"{_action_note(context, chosen)}"
    )


def _action_note(context: Context, action: Action) -> str:
    capabilities = context.platform.capabilities
    if action is Action.TIMEOUT and Capability.TIMEOUT not in capabilities:
        return (
            " This platform cannot time members out, so those messages are deleted and "
            "flagged instead."
        )
    if action is not Action.FLAG and Capability.DELETE_MEMBER_MESSAGES not in capabilities:
        return (
            " The bot cannot delete members' messages here (on Slack, an admin user token is "
            "needed), so those messages are flagged for moderators instead."
        )
    return ""


# -- Exemptions ---------------------------------------------------------------------------

_CHANNEL = OptionSpec("channel", OptionKind.CHANNEL, True, "")
_ROLE = OptionSpec("role", OptionKind.ROLE_OR_MEMBER, True, "")


@command("automod exempt", level=Level.MODERATOR)
async def change_exemption(
    context: Context,
    change: Annotated[Change, "exempt, or screen again"],
    target: Annotated[Text, "a channel (#general) or a role"],
) -> Reply:
    """Stop screening a channel or a role's members (add), or screen them again (remove)."""
    kind, external_id, shown = _exemption_target(context, target.strip())
    automod = context.services.automod
    if change == "remove":
        await automod.unexempt(context.community_id, kind, external_id)
        return Reply.text(f"{_capitalised(shown)} is screened again.")
    await automod.exempt(context.community_id, kind, external_id)
    return Reply.text(f"{_capitalised(shown)} is exempt from the automatic filters.")


def _exemption_target(context: Context, text: str) -> tuple[ExemptionKind, str, str]:
    platform = context.platform
    try:
        channel = read_argument(_CHANNEL, text)
    except ArgumentError:
        pass
    else:
        assert isinstance(channel, ChannelMention)
        ref = ChannelRef(platform.name, channel.id)
        return ExemptionKind.CHANNEL, channel.id, f"the channel {platform.mention(ref)}"
    try:
        who = read_argument(_ROLE, text)
    except ArgumentError:
        who = None
    if isinstance(who, RoleOrMember) and who.is_role:
        role = RoleRef(platform.name, who.id)
        return ExemptionKind.ROLE, who.id, f"the role {platform.mention(role)}"
    raise UserFacingError(
        "Name a channel (#general) or a role. To exempt one member, make them a host "
        "(/setup role host @member): hosts, moderators and admins are never screened."
    )


# -- The list -----------------------------------------------------------------------------


@command("automod list", level=Level.MODERATOR, group_default=True, read_only=True)
async def list_filters(context: Context) -> Reply:
    """Show the automatic filters and what each does."""
    rules = await context.services.automod.rules(context.community_id)
    lines = ["Automatic filters (hosts, moderators and admins are never screened):"]
    lines += [f"- {_describe(name, rules)}" for name in FilterName]
    lines.append(f"Exempt: {_exemptions(context, rules)}")
    if Capability.MESSAGE_CONTENT not in context.platform.capabilities:
        lines.append(CONTENT_FILTERS_OFF)
    return Reply.text("\n".join(lines))


def _describe(name: FilterName, rules: AutomodRules) -> str:
    config = rules.config(name)
    title = _TITLES[name]
    action = f"action: {_action_word(config)}"
    if name is FilterName.TERMS:
        if not rules.terms:
            return f"{title}: none (/automod block <term>); {action}"
        hidden = len(rules.terms) - LISTED_TERMS
        more = f" and {hidden} more" if hidden > 0 else ""
        shown = ", ".join(rules.terms[:LISTED_TERMS])
        return f"{title} ({len(rules.terms)}): {shown}{more}; {action}"
    if name is FilterName.REGEX:
        if not rules.patterns:
            return f"{title}: none (/automod regex add <pattern>); {action}"
        shown = "  ".join(f"{n}. /{p}/" for n, p in enumerate(rules.patterns, start=1))
        return f"{title} ({len(rules.patterns)}): {shown}; {action}"
    if not config.enabled:
        return f"{title}: off (/automod {name.value} on); {action}"
    if name is FilterName.LINKS:
        allowed = ", ".join(sorted(rules.allowed_domains)) or "none"
        return f"{title}: on, allowed domains: {allowed}; {action}"
    if name is FilterName.MENTIONS:
        return f"{title}: on, more than {config.threshold} mentions; {action}"
    if name is FilterName.FLOOD:
        return (
            f"{title}: on, more than {config.threshold} messages in {config.window_seconds} "
            f"seconds; {action}"
        )
    if name is FilterName.REPEATS:
        return (
            f"{title}: on, the same message in {config.threshold} channels within "
            f"{config.window_seconds} seconds; {action}"
        )
    return f"{title}: on; {action}"


def _action_word(config: FilterConfig) -> str:
    if config.action is Action.TIMEOUT:
        return f"timeout {format_duration(config.timeout)}"
    return config.action.value


def _exemptions(context: Context, rules: AutomodRules) -> str:
    platform = context.platform
    shown = [platform.mention(ChannelRef(platform.name, c)) for c in sorted(rules.exempt_channels)]
    shown += [platform.mention(RoleRef(platform.name, r)) for r in sorted(rules.exempt_roles)]
    return ", ".join(shown) if shown else "no channels or roles (/automod exempt add <channel>)"


def _action_text(config: FilterConfig) -> str:
    if config.action is Action.TIMEOUT:
        return f"deleted and the member timed out for {format_duration(config.timeout)}"
    return "deleted" if config.action is Action.DELETE else "flagged for moderators"


def _content_note(context: Context) -> str:
    if Capability.MESSAGE_CONTENT in context.platform.capabilities:
        return ""
    return f"\n{CONTENT_FILTERS_OFF}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def setup(registry: Registry) -> None:
    """Register the automatic filter commands."""
    registry.add(
        list_filters,
        block_term,
        unblock_term,
        change_regex,
        switch_links,
        change_domain,
        switch_invites,
        switch_mentions,
        switch_flood,
        switch_repeats,
        set_action,
        change_exemption,
    )
