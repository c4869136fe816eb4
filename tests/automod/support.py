"""Building screeners and messages for the automatic filter tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.automod.engine import Message, Screener
from bot.automod.model import (
    DEFAULT_FILTERS,
    Action,
    AutomodRules,
    FilterConfig,
    FilterName,
    Verdict,
)
from bot.automod.rates import Rates

AT = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


def screener(
    *,
    terms: tuple[str, ...] = (),
    patterns: tuple[str, ...] = (),
    allowed: frozenset[str] = frozenset(),
    **configs: FilterConfig,
) -> Screener:
    """Return a screener with these terms and rules; `links=FilterConfig(...)` and so on."""
    filters = dict(DEFAULT_FILTERS)
    filters.update({FilterName(name): config for name, config in configs.items()})
    rules = AutomodRules(terms=terms, patterns=patterns, allowed_domains=allowed, filters=filters)
    return Screener(rules)


def on(action: Action = Action.FLAG, **settings: int) -> FilterConfig:
    """Return a filter that is on, with this action and thresholds."""
    return FilterConfig(enabled=True, action=action, **settings)  # type: ignore[arg-type]


def check(
    screen: Screener,
    text: str | None,
    *,
    rates: Rates | None = None,
    user: str = "bob",
    channel: str = "general",
    after: timedelta = timedelta(),
    mentions: int = 0,
) -> Verdict | None:
    """Screen one message; return the verdict."""
    message = Message(user, channel, AT + after, text, mentions)
    return screen.screen(message, rates or Rates())


def matches(term: str, text: str) -> bool:
    """Return whether blocking `term` flags `text`."""
    return check(screener(terms=(term,)), text) is not None
