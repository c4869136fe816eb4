"""Timing one command line through the console, and the p50/p99 of many."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable

from adapters.console.session import ConsoleSession
from benchmarks.command_parts.lines import Line
from benchmarks.support.repeat import median, percentile


async def timed(console: ConsoleSession, line: Line) -> float:
    """Run `line` and return its latency in seconds; raise if its answer is not the one
    expected (read from the console's world, so other members chatting meanwhile do not
    hide it)."""
    world = console.world
    before = world.next_number
    started = time.perf_counter()
    await console.say(line.text)
    latency = time.perf_counter() - started
    answer = world.newest(lambda message: message.channel_id == f"dm:{line.author}")
    if (
        answer is None
        or int(answer.id.removeprefix("m")) < before
        or line.expect not in answer.text
    ):
        raise RuntimeError(f"unexpected answer to {line.text!r}: {answer}")
    return latency


async def timed_all(console: ConsoleSession, lines: Iterable[Line]) -> dict[str, list[float]]:
    """Run the lines one after another; return each kind's latencies (seconds)."""
    latencies: dict[str, list[float]] = defaultdict(list)
    for line in lines:
        latencies[line.kind].append(await timed(console, line))
    return latencies


def summary(latencies: list[float]) -> dict[str, float]:
    """Return the p50 and p99 of `latencies` in milliseconds."""
    ordered = sorted(latencies)
    return {
        "p50_ms": round(median(ordered) * 1000, 3),
        "p99_ms": round(percentile(ordered, 0.99) * 1000, 3),
    }
