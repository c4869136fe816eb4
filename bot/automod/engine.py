"""The screener: a community's rules compiled once, then every message checked in microseconds.

`Screener.screen` is the hot path. It reads no database and awaits nothing: the blocked terms
are one RE2 set over the folded text, the regex rules another over the raw text (with hints
that links or invites may be present, so only those messages are scanned for them), and
flooding and repeats a few dictionary operations. Every filter is
checked; when several hit, the strongest action wins (timeout, then delete, then flag), and
among equals the first filter in `FilterName` order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.automod.folding import fold
from bot.automod.links import first_disallowed, first_invite
from bot.automod.model import Action, AutomodRules, FilterConfig, FilterName, Verdict
from bot.automod.rates import Rates
from bot.automod.scan import MessageScan
from bot.i18n import _, ngettext

MIN_REPEAT_LENGTH = 10
"""Shorter texts ("hi all", "thanks!") are normal to post in several channels."""


@dataclass(frozen=True, slots=True)
class Message:
    """What the screener reads from one posted message."""

    user_id: str
    channel_id: str
    at: datetime
    text: str | None
    """None when the platform does not give the bot message text."""
    mention_count: int = 0


class Screener:
    """A community's rules, compiled for screening; rebuilt only when the rules change."""

    def __init__(self, rules: AutomodRules) -> None:
        self.rules = rules
        self._configs = {name: rules.config(name) for name in FilterName}
        on = {name for name, config in self._configs.items() if config.enabled}
        self._links = FilterName.LINKS in on
        self._scan = MessageScan(
            rules.terms, rules.patterns, links=self._links, invites=FilterName.INVITES in on
        )
        self._allowed = rules.allowed_domains
        # Thresholds and windows read once here, not per message.
        self._mention_limit = _threshold(self._configs[FilterName.MENTIONS])
        self._flood_limit = _threshold(self._configs[FilterName.FLOOD])
        self._flood_window = _window(self._configs[FilterName.FLOOD])
        self._repeat_channels = _threshold(self._configs[FilterName.REPEATS])
        self._repeat_window = _window(self._configs[FilterName.REPEATS])

    def screen(self, message: Message, rates: Rates) -> Verdict | None:
        """Return what to do about `message`, or None when no filter hits.

        `rates` is the community's memory of recent messages; it is updated as a side effect.
        """
        best = None if message.text is None else self._content(message.text, message, rates)
        if self._mention_limit is not None and message.mention_count > self._mention_limit:
            found = _too_many_mentions(message.mention_count, self._mention_limit)
            best = _stronger(best, self._verdict(FilterName.MENTIONS, found))
        if self._flood_limit is not None:
            count = rates.flood.count(
                message.user_id, message.at, self._flood_limit, self._flood_window
            )
            if count is not None:
                found = _flooding(count, self._flood_window, self._flood_limit)
                best = _stronger(best, self._verdict(FilterName.FLOOD, found))
        return best

    def _content(self, text: str, message: Message, rates: Rates) -> Verdict | None:
        best: Verdict | None = None
        folded = fold(text)
        scanned = self._scan.scan(text, folded)
        if scanned.term is not None:
            best = self._verdict(FilterName.TERMS, _blocked_term(scanned.term))
        if scanned.rule is not None:
            found = _("regex rule {number} /{pattern}/").format(
                number=scanned.rule, pattern=self.rules.patterns[scanned.rule - 1]
            )
            best = _stronger(best, self._verdict(FilterName.REGEX, found))
        if scanned.invite_hint:
            invite = first_invite(folded)
            if invite is not None:
                found = _("invite link {link}").format(link=invite)
                best = _stronger(best, self._verdict(FilterName.INVITES, found))
        if scanned.link_hint and self._links:
            host = first_disallowed(folded, self._allowed)
            if host is not None:
                found = _("link to {host} (not an allowed domain)").format(host=host)
                best = _stronger(best, self._verdict(FilterName.LINKS, found))
        if self._repeat_channels is not None:
            best = _stronger(best, self._repeated(folded.strip(), message, rates))
        return best

    def _repeated(self, flat: str, message: Message, rates: Rates) -> Verdict | None:
        if len(flat) < MIN_REPEAT_LENGTH:
            return None
        fingerprint = hash(flat)
        channels = rates.repeats.count(
            message.user_id, fingerprint, message.channel_id, message.at, self._repeat_window
        )
        if channels < (self._repeat_channels or 2):
            return None
        rates.repeats.forget(message.user_id, fingerprint)
        in_channels = ngettext("{count} channel", "{count} channels", channels).format(
            count=channels
        )
        found = _("the same message in {channels} within {seconds}").format(
            channels=in_channels, seconds=_seconds(self._repeat_window)
        )
        return self._verdict(FilterName.REPEATS, found)

    def _verdict(self, name: FilterName, rule: str) -> Verdict:
        config = self._configs[name]
        timeout = config.timeout if config.action is Action.TIMEOUT else None
        return Verdict(name, rule, config.action, timeout)


def _blocked_term(term: str) -> str:
    """Return what a blocked term's hit reads as: `blocked term "spam"`."""
    return _('blocked term "{term}"').format(term=term)


def _too_many_mentions(mentions: int, limit: int) -> str:
    """Return `6 mentions (more than 5)`."""
    counted = ngettext("{count} mention", "{count} mentions", mentions).format(count=mentions)
    return _("{mentions} (more than {limit})").format(mentions=counted, limit=limit)


def _flooding(messages: int, window: timedelta, limit: int) -> str:
    """Return `6 messages in 10 seconds (more than 5)`, each count with its own plural."""
    counted = ngettext("{count} message", "{count} messages", messages).format(count=messages)
    return _("{messages} in {seconds} (more than {limit})").format(
        messages=counted, seconds=_seconds(window), limit=limit
    )


def _seconds(window: timedelta) -> str:
    """Return a window as `1 second`, `10 seconds`."""
    seconds = int(window.total_seconds())
    return ngettext("{count} second", "{count} seconds", seconds).format(count=seconds)


def _threshold(config: FilterConfig) -> int | None:
    """Return a filter's threshold when the filter is on, else None."""
    return (config.threshold or 0) if config.enabled else None


def _window(config: FilterConfig) -> timedelta:
    return timedelta(seconds=config.window_seconds or 1)


def _stronger(current: Verdict | None, candidate: Verdict | None) -> Verdict | None:
    if candidate is None:
        return current
    if current is None or candidate.action.severity > current.action.severity:
        return candidate
    return current
