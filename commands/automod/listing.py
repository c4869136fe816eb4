"""`/automod list`: every filter, what it does, and who is exempt."""

from __future__ import annotations

from bot.automod.model import AutomodRules, FilterName
from bot.i18n import _, ngettext
from bot.levels import Level
from bot.messages import Reply
from bot.platform import Capability
from bot.refs import ChannelRef, RoleRef
from commands.automod.common import CONTENT_FILTERS_OFF, TITLES, AutomodContext, action_word
from commands.automod.switches import SWITCHES, filled
from commands.spec import command

LISTED_TERMS = 40


@command("automod list", level=Level.MODERATOR, group_default=True, read_only=True)
async def list_filters(context: AutomodContext) -> Reply:
    """Show the automatic filters and what each does."""
    rules = await context.services.automod.rules(context.community_id)
    lines = [_("Automatic filters (hosts, moderators and admins are never screened):")]
    lines += [f"- {_describe(name, rules)}" for name in FilterName]
    lines.append(_("Exempt: {exempt}").format(exempt=_exemptions(context, rules)))
    if Capability.MESSAGE_CONTENT not in context.platform.capabilities:
        lines.append(_(CONTENT_FILTERS_OFF))
    return Reply.text("\n".join(lines))


def _describe(name: FilterName, rules: AutomodRules) -> str:
    config = rules.config(name)
    title, action = _(TITLES[name]), action_word(config)
    if name is FilterName.TERMS:
        if not rules.terms:
            none = _("{title}: none (/automod block <term>); action: {action}")
            return none.format(title=title, action=action)
        return _listed(title, len(rules.terms), _terms(rules.terms), action)
    if name is FilterName.REGEX:
        if not rules.patterns:
            none = _("{title}: none (/automod regex add <pattern>); action: {action}")
            return none.format(title=title, action=action)
        shown = "  ".join(f"{n}. /{p}/" for n, p in enumerate(rules.patterns, start=1))
        return _listed(title, len(rules.patterns), shown, action)
    if not config.enabled:
        off = _("{title}: off (/automod {filter} on); action: {action}")
        return off.format(title=title, filter=name.value, action=action)
    allowed = ", ".join(sorted(rules.allowed_domains)) or _("none")
    on = filled(SWITCHES[name].listed, config, allowed)
    return _("{title}: {state}; action: {action}").format(title=title, state=on, action=action)


def _listed(title: str, number: int, items: str, action: str) -> str:
    return _("{title} ({number}): {items}; action: {action}").format(
        title=title, number=number, items=items, action=action
    )


def _terms(terms: tuple[str, ...]) -> str:
    shown = ", ".join(terms[:LISTED_TERMS])
    hidden = len(terms) - LISTED_TERMS
    if hidden <= 0:
        return shown
    return ngettext("{terms} and {count} more", "{terms} and {count} more", hidden).format(
        terms=shown, count=hidden
    )


def _exemptions(context: AutomodContext, rules: AutomodRules) -> str:
    platform = context.platform
    shown = [platform.mention(ChannelRef(platform.name, c)) for c in sorted(rules.exempt_channels)]
    shown += [platform.mention(RoleRef(platform.name, r)) for r in sorted(rules.exempt_roles)]
    if shown:
        return ", ".join(shown)
    return _("no channels or roles (/automod exempt add <channel>)")
