"""What members did recently, in memory: for flooding and for one message posted in many channels.

Each process keeps its own view (one process serves a platform), bounded: members quiet for
longer than the largest window are dropped every few thousand messages. A hit restarts the
member's count, so one burst gives one hit, not one per message after the limit.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

MAX_WINDOW = timedelta(hours=1)
PRUNE_EVERY = 4096
MAX_TEXTS = 32
"""Texts remembered per member for repeats; a member posting more within the window pushes the
oldest out."""


class FloodTracker:
    """Recent message times per member."""

    def __init__(self) -> None:
        self._times: dict[str, deque[datetime]] = {}
        self._calls = 0

    def count(self, user_id: str, at: datetime, limit: int, window: timedelta) -> int | None:
        """Note a message; return how many there were when there are more than `limit`."""
        times = self._times.get(user_id)
        if times is None:
            times = self._times[user_id] = deque()
        times.append(at)
        oldest = at - window
        while times and times[0] <= oldest:
            times.popleft()
        self._calls += 1
        if self._calls % PRUNE_EVERY == 0:
            self._prune(at)
        if len(times) > limit:
            count = len(times)
            times.clear()
            return count
        return None

    def _prune(self, now: datetime) -> None:
        horizon = now - MAX_WINDOW
        stale = [user for user, times in self._times.items() if not times or times[-1] < horizon]
        for user in stale:
            del self._times[user]

    def __len__(self) -> int:
        return len(self._times)


class RepeatTracker:
    """Per member, the channels each recent text went to (texts are kept as hashes only)."""

    def __init__(self) -> None:
        self._texts: dict[str, dict[int, dict[str, datetime]]] = {}
        self._last: dict[str, datetime] = {}
        self._calls = 0

    def count(
        self, user_id: str, fingerprint: int, channel_id: str, at: datetime, window: timedelta
    ) -> int:
        """Note a message; return in how many channels its text was posted within `window`."""
        texts = self._texts.get(user_id)
        if texts is None:
            texts = self._texts[user_id] = {}
        self._last[user_id] = at
        self._calls += 1
        if self._calls % PRUNE_EVERY == 0:
            self._prune(at)
        channels = texts.get(fingerprint)
        if channels is None:  # the usual case: a text this member has not just posted
            if len(texts) >= MAX_TEXTS:
                _expire(texts, at - window)
            texts[fingerprint] = {channel_id: at}
            return 1
        oldest = at - window
        if any(posted <= oldest for posted in channels.values()):
            channels = texts[fingerprint] = {c: t for c, t in channels.items() if t > oldest}
        channels[channel_id] = at
        return len(channels)

    def forget(self, user_id: str, fingerprint: int) -> None:
        """Start counting a text afresh (after it was hit)."""
        texts = self._texts.get(user_id)
        if texts is not None:
            texts.pop(fingerprint, None)

    def _prune(self, now: datetime) -> None:
        horizon = now - MAX_WINDOW
        for user in [user for user, last in self._last.items() if last < horizon]:
            del self._last[user]
            self._texts.pop(user, None)

    def __len__(self) -> int:
        return len(self._texts)


def _expire(texts: dict[int, dict[str, datetime]], oldest: datetime) -> None:
    """Drop texts last posted before `oldest`; if none were, the one posted first."""
    stale = [fingerprint for fingerprint, ch in texts.items() if max(ch.values()) <= oldest]
    for fingerprint in stale:
        del texts[fingerprint]
    if len(texts) >= MAX_TEXTS:
        del texts[next(iter(texts))]


@dataclass(slots=True)
class Rates:
    """One community's in-memory rate state; it outlives changes to the community's rules."""

    flood: FloodTracker = field(default_factory=FloodTracker)
    repeats: RepeatTracker = field(default_factory=RepeatTracker)
