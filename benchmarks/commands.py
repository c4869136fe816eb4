"""Command latency as a live community sees it, through the real dispatcher, command router and
services, with the console adapter and a SQLite file, on a virtual clock.

Each repetition starts a fresh app on a new file (writes change what the next run would find),
then 1,000 members join, a host adds five guidelines and posts an announcement, and it times:

- reads: `/help` and `/guidelines` by the members in turn (target p99 under 5 ms);
- writes: `/topic add` (the host), `/buddy join`, `/profile interests` and a press of the
  announcement's "Got it" (each member once; target p99 under 15 ms each);
- under load: 50 members typing at once (concurrent tasks posting ordinary chat through
  activity and automod) while reads and writes are timed (target p99 under 25 ms).

Every answer is checked. Beside each latency, the CPU the process spent a command (every
thread), which other work on a shared machine changes far less than the wall time. Figures are
the median across at least three repetitions of each run's p50, p99 and CPU. The machine's
load is printed first; the last line is one JSON object. Figures, not tests.

    python3 dev.py bench commands      (or: python -m benchmarks.commands [--pause 0.2])
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from benchmarks.command_parts.chatter import Chatter
from benchmarks.command_parts.community import community
from benchmarks.command_parts.lines import WRITE_KINDS, read, writes
from benchmarks.command_parts.timing import timed_all
from benchmarks.support.machine import print_load
from benchmarks.support.repeat import median, repeated
from benchmarks.support.report import Figure, at_most, baseline, emit

MEMBERS = 1_000
READS = 4_000
WARM_UP = 200
WRITES = 300
"""Of each write kind, by members 0 to 299; under load, members 300 to 499 write."""
LOADED_WRITES = 200
TYPISTS = 50

Run = dict[str, dict[str, float]]


async def measure(directory: Path, pause: float) -> Run:
    """Run one repetition on a fresh app; return each part's p50/p99 (ms)."""
    async with community(directory / "bench.db", MEMBERS) as here:
        console = here.console
        chatter = Chatter(console, TYPISTS, pause)
        await chatter.join()
        await timed_all(console, (read(n, MEMBERS) for n in range(WARM_UP)))
        quiet = await timed_all(console, (read(n, MEMBERS) for n in range(READS)))
        written = await timed_all(console, writes(WRITES, here.announcement))
        loaded_lines = [
            line
            for number, write in enumerate(writes(LOADED_WRITES, here.announcement, WRITES))
            for line in (write, read(number, MEMBERS))
        ]
        began = time.perf_counter()
        chatter.start()
        loaded = await timed_all(console, loaded_lines)
        await chatter.stop()
        chat_rate = chatter.sent / (time.perf_counter() - began)
    run = {kind: written.of(kind) for kind in WRITE_KINDS}
    run["reads"] = quiet.of("/help", "/guidelines")
    run["under load"] = loaded.of(*loaded.latencies)
    run["chat"] = {"messages_per_second": round(chat_rate, 1)}
    return run


def figures(runs: list[Run]) -> list[Figure]:
    """The medians across runs, against their targets."""

    def middle(part: str, key: str) -> float:
        return median([run[part][key] for run in runs])

    shown = [
        baseline("reads p50", middle("reads", "p50_ms"), "ms", 2),
        at_most("reads p99", middle("reads", "p99_ms"), 5, "ms", 2),
        baseline("reads CPU a command", middle("reads", "cpu_ms"), "ms", 2),
    ]
    for kind in WRITE_KINDS:
        shown.append(baseline(f"{kind} p50", middle(kind, "p50_ms"), "ms", 2))
        shown.append(at_most(f"{kind} p99", middle(kind, "p99_ms"), 15, "ms", 2))
        shown.append(baseline(f"{kind} CPU a command", middle(kind, "cpu_ms"), "ms", 2))
    shown.append(baseline("50 typing: commands p50", middle("under load", "p50_ms"), "ms", 2))
    shown.append(at_most("50 typing: commands p99", middle("under load", "p99_ms"), 25, "ms", 2))
    shown.append(baseline("50 typing: chat", middle("chat", "messages_per_second"), "messages/s"))
    return shown


def main() -> None:
    """Print the load line, run the repetitions, print the figures and one JSON line."""
    parser = argparse.ArgumentParser(description="Command latency, reads, writes and under chat.")
    parser.add_argument("--pause", type=float, default=0.2, help="each typist's mean pause, s")
    options = parser.parse_args()
    print_load()

    def run(number: int) -> Run:
        with tempfile.TemporaryDirectory(prefix="cohort-bench-") as directory:
            result = asyncio.run(measure(Path(directory), options.pause))
        print(f"run {number + 1}: " + "; ".join(_describe(part, f) for part, f in result.items()))
        return result

    runs = repeated(run)
    print(
        f"{MEMBERS:,} members, SQLite file, fresh app each run; {READS:,} reads, {WRITES} of "
        f"each write; under load {TYPISTS} typists (mean pause {options.pause} s) while "
        f"{LOADED_WRITES} of each write and as many reads are timed; medians of {len(runs)} runs"
    )
    emit("commands", figures(runs), members=MEMBERS, runs=runs, pause_seconds=options.pause)


def _describe(part: str, values: dict[str, float]) -> str:
    return f"{part} " + ", ".join(f"{key} {value:.2f}" for key, value in values.items())


if __name__ == "__main__":
    main()
