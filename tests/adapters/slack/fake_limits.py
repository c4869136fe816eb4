"""Slack's Web API rate limits for the fake Slack (opt-in: `fake.rate_limits = SlackLimits()`).

As https://api.slack.com/docs/rate-limits documents them: each method has a tier, counted per
method per workspace per app (here: per token), Tier 2 20+/min, Tier 3 50+/min, Tier 4 100+/min,
with bursts tolerated (a bucket holding a minute's worth, refilled evenly). `chat.postMessage` is
"special": about one message a second per channel, short bursts allowed; Slack also keeps a
workspace-wide limit it does not publish (`post_per_minute`, None: not modelled). A refused call
gets HTTP 429, `Retry-After` in whole seconds and `{"ok": false, "error": "ratelimited"}`.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

TIER_2, TIER_3, TIER_4 = 20, 50, 100
TIERS = {
    "auth.test": TIER_4,
    "users.info": TIER_4,
    "views.open": TIER_4,
    "chat.postEphemeral": TIER_4,
    "files.getUploadURLExternal": TIER_4,
    "files.completeUploadExternal": TIER_4,
    "conversations.open": TIER_3,
    "conversations.history": TIER_3,
    "conversations.replies": TIER_3,
    "conversations.info": TIER_3,
    "conversations.kick": TIER_3,
    "users.conversations": TIER_3,
    "chat.update": TIER_3,
    "chat.delete": TIER_3,
    "usergroups.list": TIER_2,
    "usergroups.users.list": TIER_2,
}
"""Requests a minute per method (the tier's floor); a method not listed is Tier 3."""
NOT_LIMITED = frozenset({"apps.connections.open", "oauth.v2.access"})


@dataclass
class Bucket:
    """A token bucket: `capacity` calls at once, refilled at `per_second`."""

    capacity: float
    per_second: float
    tokens: float = field(init=False)
    updated: float | None = None

    def __post_init__(self) -> None:
        self.tokens = self.capacity

    def take(self, now: float) -> float:
        """Take one call's token; return 0, or the seconds until one is there (none taken)."""
        if self.updated is not None:
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.per_second)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.per_second


@dataclass
class SlackLimits:
    """Which calls Slack would refuse now, and how many it has refused."""

    tiers: dict[str, int] = field(default_factory=lambda: dict(TIERS))
    default_per_minute: int = TIER_3
    burst_minutes: float = 1.0
    """How many minutes' worth of calls a method's bucket holds (a burst Slack tolerates)."""
    post_per_second_per_channel: float = 1.0
    post_burst: int = 3
    post_per_minute: int | None = None
    clock: Callable[[], float] = time.monotonic
    refused: Counter[str] = field(default_factory=Counter)
    _buckets: dict[tuple[str, ...], Bucket] = field(default_factory=dict)

    def retry_after(self, token: str | None, method: str, arguments: dict[str, Any]) -> int | None:
        """Count the call; return None if Slack takes it, else its `Retry-After` seconds."""
        if method in NOT_LIMITED:
            return None
        workspace = token or ""
        if method == "chat.postMessage":
            wait = self._post_wait(workspace, str(arguments.get("channel")))
        else:
            per_minute = self.tiers.get(method, self.default_per_minute)
            capacity = max(1.0, per_minute * self.burst_minutes)
            wait = self._bucket((workspace, method), capacity, per_minute / 60).take(self.clock())
        if wait == 0:
            return None
        self.refused[method] += 1
        return max(1, math.ceil(wait))

    @property
    def refusals(self) -> int:
        """Return how many calls were refused with 429."""
        return sum(self.refused.values())

    def _post_wait(self, workspace: str, channel: str) -> float:
        now = self.clock()
        rate = self.post_per_second_per_channel
        in_channel = self._bucket((workspace, "post", channel), self.post_burst, rate)
        wait = in_channel.take(now)
        if wait or self.post_per_minute is None:
            return wait
        per_minute = self.post_per_minute
        wait = self._bucket((workspace, "post"), per_minute, per_minute / 60).take(now)
        if wait:
            in_channel.tokens += 1  # refused: the channel's share is not spent
        return wait

    def _bucket(self, key: tuple[str, ...], capacity: float, per_second: float) -> Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = Bucket(capacity, per_second)
        return bucket
