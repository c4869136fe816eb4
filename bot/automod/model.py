"""What a community's automatic filters are: the rules as stored, and what a hit says."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from bot.i18n import N_
from bot.levels import Level
from bot.refs import ChannelRef, CommunityRef, MessageRef, UserRef

DEFAULT_TIMEOUT = timedelta(hours=1)
EXCERPT_LENGTH = 200


class FilterName(StrEnum):
    """Each automatic filter, by the name moderators type in `/automod action <filter>`."""

    TERMS = "terms"
    REGEX = "regex"
    INVITES = "invites"
    LINKS = "links"
    REPEATS = "repeats"
    MENTIONS = "mentions"
    FLOOD = "flood"

    @property
    def reads_text(self) -> bool:
        """Return whether the filter needs the message text (mentions and flooding do not)."""
        return self not in (FilterName.MENTIONS, FilterName.FLOOD)


FILTER_TITLES: Mapping[FilterName, str] = MappingProxyType(
    {  # catalogue messages, shown as `_(FILTER_TITLES[name])` by /automod and the dashboard
        FilterName.TERMS: N_("Blocked terms"),
        FilterName.REGEX: N_("Regex rules"),
        FilterName.INVITES: N_("Invite links"),
        FilterName.LINKS: N_("Links"),
        FilterName.REPEATS: N_("Repeated messages"),
        FilterName.MENTIONS: N_("Mention spam"),
        FilterName.FLOOD: N_("Flooding"),
    }
)


class Action(StrEnum):
    """What happens to a message a filter hit: flag it, delete it, or delete it and time out."""

    FLAG = "flag"
    DELETE = "delete"
    TIMEOUT = "timeout"

    @property
    def severity(self) -> int:
        """Return how strong the action is; the strongest hit on a message wins."""
        return _SEVERITY[self]


_SEVERITY = {Action.FLAG: 0, Action.DELETE: 1, Action.TIMEOUT: 2}


class ExemptionKind(StrEnum):
    """What an exemption names: a channel or a role."""

    CHANNEL = "channel"
    ROLE = "role"


class Limit:
    """Bounds on what a community can configure, so one community cannot slow the bot."""

    TERMS = 1000
    TERM_LENGTH = 60
    PATTERNS = 50
    PATTERN_LENGTH = 200
    DOMAINS = 200
    EXEMPTIONS = 200


@dataclass(frozen=True, slots=True)
class FilterConfig:
    """One filter's settings in one community.

    `threshold` and `window_seconds` mean: mentions — more than `threshold` mentions; flood —
    more than `threshold` messages in `window_seconds`; repeats — the same message in
    `threshold` channels within `window_seconds`. Terms and regex rules are on while any exist.
    """

    enabled: bool
    action: Action = Action.FLAG
    threshold: int | None = None
    window_seconds: int | None = None
    timeout: timedelta = DEFAULT_TIMEOUT


DEFAULT_FILTERS: Mapping[FilterName, FilterConfig] = MappingProxyType(
    {
        FilterName.TERMS: FilterConfig(enabled=True),
        FilterName.REGEX: FilterConfig(enabled=True),
        FilterName.INVITES: FilterConfig(enabled=False),
        FilterName.LINKS: FilterConfig(enabled=False),
        FilterName.REPEATS: FilterConfig(enabled=False, threshold=3, window_seconds=60),
        FilterName.MENTIONS: FilterConfig(enabled=False, threshold=5),
        FilterName.FLOOD: FilterConfig(enabled=False, threshold=5, window_seconds=10),
    }
)
"""Until a moderator says otherwise: nothing is screened but the terms and rules they add."""


@dataclass(frozen=True, slots=True)
class AutomodRules:
    """A community's filters as stored: what the screener is compiled from."""

    terms: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    allowed_domains: frozenset[str] = frozenset()
    filters: Mapping[FilterName, FilterConfig] = field(default_factory=lambda: DEFAULT_FILTERS)
    exempt_channels: frozenset[str] = frozenset()
    exempt_roles: frozenset[str] = frozenset()

    def config(self, name: FilterName) -> FilterConfig:
        """Return one filter's settings (its defaults when never changed)."""
        return self.filters.get(name, DEFAULT_FILTERS[name])


@dataclass(frozen=True, slots=True)
class StaffLevels:
    """What decides who is staff beyond the platform's word: role levels and member overrides.

    Kept with the rules so exempting hosts and moderators costs no database read per message.
    """

    roles: Mapping[str, Level] = field(default_factory=dict)
    members: Mapping[str, Level] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the screener decided about one message: which filter, which rule, what to do."""

    filter: FilterName
    rule: str
    action: Action
    timeout: timedelta | None = None


@dataclass(frozen=True, slots=True)
class FilterHit:
    """A filter matched a member's message: everything needed to act on it and show a card.

    `rule` describes what matched for moderators (`blocked term "spam"`); `timeout` is set when
    the action is `timeout`; `excerpt` is None when the platform does not give the bot message
    text (flooding and mention spam still work from metadata).
    """

    community_id: int
    community: CommunityRef
    filter: FilterName
    rule: str
    action: Action
    excerpt: str | None
    author: UserRef
    author_name: str
    channel: ChannelRef
    message: MessageRef
    at: datetime
    timeout: timedelta | None = None


def excerpt(text: str | None) -> str | None:
    """Return a message's text on one line, cut to EXCERPT_LENGTH characters."""
    if text is None:
        return None
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_LENGTH else flat[: EXCERPT_LENGTH - 1] + "…"
