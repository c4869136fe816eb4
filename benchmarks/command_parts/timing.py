"""Timing one command line through the console, and the p50/p99 of many."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

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


@dataclass
class Timings:
    """Each kind's latencies (seconds), and the CPU the process spent on them (every thread:
    the event loop's and aiosqlite's), which the machine's other work changes little."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    cpu: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def of(self, *kinds: str) -> dict[str, float]:
        """Return the p50 and p99 latency of `kinds` together and their mean CPU (ms)."""
        latencies = sorted(value for kind in kinds for value in self.latencies[kind])
        return {
            "p50_ms": round(median(latencies) * 1000, 3),
            "p99_ms": round(percentile(latencies, 0.99) * 1000, 3),
            "cpu_ms": round(sum(self.cpu[kind] for kind in kinds) / len(latencies) * 1000, 3),
        }


async def timed_all(console: ConsoleSession, lines: Iterable[Line]) -> Timings:
    """Run the lines one after another; return their timings by kind."""
    timings = Timings()
    for line in lines:
        cpu = time.process_time()
        timings.latencies[line.kind].append(await timed(console, line))
        timings.cpu[line.kind] += time.process_time() - cpu
    return timings
