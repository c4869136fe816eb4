"""The escalation ladder: how many active warnings lead to which automatic timeout."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

_UNITS = {"w": timedelta(weeks=1), "d": timedelta(days=1), "h": timedelta(hours=1)}
_UNITS["m"] = timedelta(minutes=1)
_DURATION = re.compile(r"(?:(\d+)([wdhm]))+")
_PART = re.compile(r"(\d+)([wdhm])")
MAX_TIMEOUT = timedelta(days=28)


@dataclass(frozen=True, slots=True)
class Step:
    """At `warnings` active warnings, the member is timed out for `timeout`."""

    warnings: int
    timeout: timedelta


def parse_duration(text: str) -> timedelta:
    """Read `30m`, `24h`, `1d`, `1w` or combinations (`1h30m`); raise ValueError otherwise."""
    cleaned = text.strip().lower()
    if not _DURATION.fullmatch(cleaned):
        raise ValueError(f"{text!r} is not a duration such as 30m, 24h, 7d")
    total = sum((int(n) * _UNITS[unit] for n, unit in _PART.findall(cleaned)), timedelta())
    if total <= timedelta(0):
        raise ValueError(f"{text!r} is no time at all")
    return total


def parse_ladder(text: str) -> tuple[Step, ...]:
    """Read `3=24h` or `3=24h, 5=7d`; an empty text means no automatic escalation."""
    steps: list[Step] = []
    for part in (piece.strip() for piece in text.split(",")):
        if not part:
            continue
        count, equals, duration = part.partition("=")
        if not equals or not count.strip().isdigit() or int(count) < 1:
            raise ValueError(f"{part!r} should read <warnings>=<duration>, such as 3=24h")
        timeout = parse_duration(duration)
        if timeout > MAX_TIMEOUT:
            raise ValueError(f"{part!r}: timeouts last at most 28 days")
        steps.append(Step(int(count), timeout))
    counts = [step.warnings for step in steps]
    if counts != sorted(set(counts)):
        raise ValueError("list each warning count once, smallest first (3=24h, 5=7d)")
    return tuple(steps)


def step_for(ladder: tuple[Step, ...], active_warnings: int) -> Step | None:
    """Return the step reached by this many active warnings (beyond the last: the last)."""
    reached = [step for step in ladder if step.warnings <= active_warnings]
    return reached[-1] if reached else None
