"""`/automod list`: every filter, what it does, and who is exempt."""

from __future__ import annotations

from bot.automod.model import AutomodRules, FilterName
from bot.levels import Level
from bot.messages import Reply
from bot.platform import Capability
from bot.refs import ChannelRef, RoleRef
from commands.automod.common import CONTENT_FILTERS_OFF, TITLES, AutomodContext, action_word
from commands.automod.switches import SWITCHES
from commands.spec import command

LISTED_TERMS = 40


@command("automod list", level=Level.MODERATOR, group_default=True, read_only=True)
async def list_filters(context: AutomodContext) -> Reply:
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
    title = TITLES[name]
    action = f"action: {action_word(config)}"
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
    allowed = ", ".join(sorted(rules.allowed_domains)) or "none"
    on = SWITCHES[name].listed.format(
        threshold=config.threshold, window=config.window_seconds, allowed=allowed
    )
    return f"{title}: {on}; {action}"


def _exemptions(context: AutomodContext, rules: AutomodRules) -> str:
    platform = context.platform
    shown = [platform.mention(ChannelRef(platform.name, c)) for c in sorted(rules.exempt_channels)]
    shown += [platform.mention(RoleRef(platform.name, r)) for r in sorted(rules.exempt_roles)]
    return ", ".join(shown) if shown else "no channels or roles (/automod exempt add <channel>)"
