"""The escalation ladder: how many active warnings lead to which automatic timeout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.durations import parse_duration

MAX_TIMEOUT = timedelta(days=28)


@dataclass(frozen=True, slots=True)
class Step:
    """At `warnings` active warnings, the member is timed out for `timeout`."""

    warnings: int
    timeout: timedelta


def parse_ladder(text: str) -> tuple[Step, ...]:
    """Read `3=24h` or `3=24h, 5=7d`; an empty text means no automatic escalation."""
    steps: list[Step] = []
    for part in (piece.strip() for piece in text.split(",")):
        if not part:
            continue
        count, equals, duration = part.partition("=")
        if not equals or not count.strip().isdigit() or int(count) < 1:
            raise ValueError(f"{part!r} should read <warnings>=<duration>, such as 3=24h")
        try:
            timeout = parse_duration(duration)
        except ValueError as error:
            raise ValueError(f"{part!r}: {error}") from None
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
