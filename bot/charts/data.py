"""What a chart shows: counts by week, the participation balance and replies per topic.

No names: the only member-written text is topic titles, cut to `TOPIC_TITLE_CHARS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

TOPIC_TITLE_CHARS = 26
"""Topic titles are cut to this many characters (an ellipsis included) on the chart."""
LORENZ_POINTS = 100
"""At most this many points (plus the origin) draw the Lorenz curve, however many members."""


@dataclass(frozen=True, slots=True)
class TopicReplies:
    """One topic post: its title (member-written: cut when drawn) and how many replies it drew."""

    title: str
    replies: int


@dataclass(frozen=True, slots=True)
class LorenzBalance:
    """How evenly messages are spread: the Lorenz curve and the figures named beside it.

    `points` run from (0, 0) to (1, 1): the share of posters (fewest messages first) against
    the share of messages they wrote. No points: nobody posted.
    """

    points: tuple[tuple[float, float], ...] = ()
    gini: float = 0.0
    top_share: float = 0.0
    """The share of the messages the top 10 % of posters wrote."""
    posters: int = 0
    days: int = 30
    """The window the balance covers, in days."""


@dataclass(frozen=True, slots=True)
class ChartData:
    """Everything one chart draws, for a community or a cohort: counts only, no names.

    The week series (`weeks`, `active`, `posts`, `replies`) have the same length, oldest first;
    `posts` are messages outside threads, `replies` messages in threads.
    """

    weeks: tuple[str, ...] = ()
    active: tuple[int, ...] = ()
    posts: tuple[int, ...] = ()
    replies: tuple[int, ...] = ()
    balance: LorenzBalance = field(default_factory=LorenzBalance)
    topics: tuple[TopicReplies, ...] = ()
    """The newest topic posts, oldest first."""

    def __post_init__(self) -> None:
        lengths = {len(self.weeks), len(self.active), len(self.posts), len(self.replies)}
        if len(lengths) != 1:
            raise ValueError("the week series of a chart must have the same length")

    @property
    def empty(self) -> bool:
        """Return whether there is nothing to draw: no message in any week and no topic."""
        return not any(self.posts) and not any(self.replies) and not self.topics


def lorenz_points(
    values: Sequence[int], most: int = LORENZ_POINTS
) -> tuple[tuple[float, float], ...]:
    """Return the Lorenz curve of `values` (each poster's messages): at most `most` points
    after the origin, evenly spaced over the posters, ending at (1, 1); none when all are 0."""
    ordered = sorted(value for value in values if value > 0)
    total = sum(ordered)
    if total == 0:
        return ()
    running, cumulative = 0, []
    for value in ordered:
        running += value
        cumulative.append(running)
    count = len(ordered)
    steps = min(count, most)
    picks = [round(step * count / steps) for step in range(1, steps + 1)]
    return ((0.0, 0.0), *((pick / count, cumulative[pick - 1] / total) for pick in picks))


def cut_title(title: str, limit: int = TOPIC_TITLE_CHARS) -> str:
    """Return a topic title on one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(title.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
