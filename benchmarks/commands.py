"""Command latency: 10,000 invocations of /help and /guidelines by 1,000 members.

Runs through the real dispatcher, command router and services, with the console adapter and a
SQLite file, on a virtual clock. The members join first, as they would in a real community (a
member's row is created when they join); those joins are timed and reported separately. Prints
p50 and p99 latency and commands per second; the last line is one JSON object. Target: p99 under
5 ms. A figure, not a test.

    python3 dev.py bench commands      (or: python -m benchmarks.commands)
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from adapters.console.session import ConsoleSession
from bot.app import build_app
from bot.clock import VirtualClock
from bot.settings import Settings

INVOCATIONS = 10_000
MEMBERS = 1_000
WARM_UP = 200
RULES = (
    "Be kind and assume good intent",
    "Share what you learn, and credit others",
    "Keep questions in the help channels",
    "No spam or self-promotion",
    "Respect people's time zones",
)


async def measure(directory: Path) -> dict[str, float | int | str]:
    """Run the invocations and return the figures."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        COHORT_DATABASE_URL=f"sqlite+aiosqlite:///{directory / 'bench.db'}",
    )
    clock = VirtualClock(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    app = build_app(settings, clock)
    await app.start()
    try:
        console = ConsoleSession(app, clock)
        await console.attach()
        await console.say("@host is host")
        for rule in RULES:
            await console.say(f"@host: /guidelines add {rule}")
        lines = [
            f"@member{i % MEMBERS}: {'/help' if i % 2 == 0 else '/guidelines'}"
            for i in range(INVOCATIONS + WARM_UP)
        ]
        joins = [await _timed(console, f"@member{i} joins") for i in range(MEMBERS)]
        for line in lines[:WARM_UP]:
            await console.say(line)
        latencies = []
        started = time.perf_counter()
        for line in lines[WARM_UP:]:
            before = time.perf_counter()
            records = await console.say(line)
            latencies.append(time.perf_counter() - before)
            if records[-1].kind != "ephemeral" or records[-1].error:
                raise RuntimeError(f"unexpected answer to {line!r}: {records[-1]}")
        elapsed = time.perf_counter() - started
    finally:
        await app.close()
    latencies.sort()
    joins.sort()
    return {
        "benchmark": "commands",
        "invocations": INVOCATIONS,
        "members": MEMBERS,
        "p50_ms": round(statistics.median(latencies) * 1000, 3),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 3),
        "max_ms": round(latencies[-1] * 1000, 3),
        "commands_per_second": round(INVOCATIONS / elapsed, 1),
        "join_p50_ms": round(statistics.median(joins) * 1000, 3),
        "join_p99_ms": round(joins[int(len(joins) * 0.99) - 1] * 1000, 3),
        "target_p99_ms": 5.0,
    }


async def _timed(console: ConsoleSession, line: str) -> float:
    before = time.perf_counter()
    await console.say(line)
    return time.perf_counter() - before


def main() -> None:
    """Print the figures, then one JSON line."""
    with tempfile.TemporaryDirectory(prefix="cohort-bench-") as directory:
        figures = asyncio.run(measure(Path(directory)))
    print(f"{figures['invocations']} commands by {figures['members']} members (SQLite file)")
    print(f"p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms")
    print(f"{figures['commands_per_second']} commands/s; target p99 < 5 ms")
    print(
        f"before them, {figures['members']} joins: p50 {figures['join_p50_ms']} ms, "
        f"p99 {figures['join_p99_ms']} ms (member rows created)"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
