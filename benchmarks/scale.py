"""Processes that share work: 1, 2 and 4 real `cohort run` processes on one PostgreSQL.

Against the fake Slack holding many workspaces, one app installed in each through the OAuth
flow's installation store (the many-workspace mode, HTTP, as a hosted instance runs): 1,000
communities, 10,000 weekly topic schedules falling due on the five minute boundaries of the
window (2,000 a minute), and meanwhile 100,000 members' messages and 1,000 slash commands a
minute (`/help`, `/guidelines`), sent round-robin to the processes as a load balancer would.
Each process count runs on a fresh database and a fresh fake.

Figures per process count: start-up (until every process listens, its schedules armed);
scheduled posts: occurrences done, posts per occurrence (must be exactly one), each due
minute's burst (seconds from the due moment to its last post) and its throughput; messages:
acknowledged per second and the acknowledgement's p50/p99, and how many the activity counts
hold once the processes stopped (must be all); commands: answered, latency p50/p99 from the
request to its answer reaching Slack. Two cores: no scaling target, the figures say what
happens. The machine's load is printed first; the last line is one JSON object with the
figures (exactly once and every message counted in every repetition) and each run's medians.

`--quick`: 100 communities, 500 schedules due in one minute, 3,000 messages and 1,000
commands a minute over 30 s, each process count three times (the medians are reported; the
full run once each, as it says). Weekly schedules have minute resolution, so each repetition
waits for its next minute boundary: the quick run takes about twelve minutes.

Needs PostgreSQL: COHORT_TEST_DATABASE_URL (or --database-url), e.g.
postgresql+asyncpg://postgres@127.0.0.1:5432/test; each run creates and drops its own database.

    python3 dev.py bench scale [--quick]      (or: python -m benchmarks.scale [--quick])
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from benchmarks.scaling import processes, summary
from benchmarks.scaling.load import IN_FLIGHT, Sender, Sent, command_latencies, paced, percentile
from benchmarks.scaling.world import OCCURRENCE_KEY, TimedSlack, build_world, seed
from benchmarks.support import machine, report
from bot.storage.database import Database
from bot.storage.models import DailyActivity, Occurrence
from scheduler.ledger import DONE

PROCESS_COUNTS = (1, 2, 4)
LEAD_SECONDS = 5
"""The load starts this long before the first schedules fall due."""
DONE_SECONDS = 600
QUICK_REPETITIONS = 3
"""`--quick` runs each process count this many times and reports the medians; the full run once."""


@dataclass(frozen=True)
class Sizes:
    """How big a run is."""

    communities: int
    channels: int
    members: int
    messages: int
    commands_per_minute: int
    window_minutes: int
    load_seconds: float
    prepare_seconds: float
    """Time allowed to seed and start the processes before the first due minute."""


FULL = Sizes(1_000, 10, 100, 100_000, 1_000, 5, 300, 60)
QUICK = Sizes(100, 5, 20, 3_000, 1_000, 1, 30, 25)


async def main(arguments: list[str]) -> int:
    """Run every process count and print the figures; 0 also when PostgreSQL is not given."""
    machine.print_load()
    options = _parser().parse_args(arguments)
    server = options.database_url or os.environ.get("COHORT_TEST_DATABASE_URL", "")
    if not server.startswith("postgresql"):
        print(
            "scale: skipped, it needs PostgreSQL: set COHORT_TEST_DATABASE_URL (or pass "
            "--database-url), e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/test"
        )
        return 0
    sizes = QUICK if options.quick else FULL
    repetitions = QUICK_REPETITIONS if options.quick else 1
    if repetitions == 1:
        print("full mode: one repetition of each process count (each needs over 15 minutes)")
    counts = tuple(int(n) for n in options.processes.split(","))
    with tempfile.TemporaryDirectory() as directory:
        results = [
            await repeated(count, sizes, server, Path(directory), repetitions) for count in counts
        ]
    for result in results:
        _print(result, f"median of {result['repetitions']}")
    figures = [figure for result in results for figure in summary.figures(result)]
    report.emit("scale", figures, quick=options.quick, runs=results)
    return 0 if all(result["exactly_once"] for result in results) else 1


async def repeated(
    count: int, sizes: Sizes, server: str, directory: Path, repetitions: int
) -> dict[str, Any]:
    """Run `count` processes `repetitions` times, each on its own database; return the medians."""
    runs = []
    for repetition in range(repetitions):
        workdir = directory / f"{count}-{repetition}"
        workdir.mkdir()
        runs.append(await run_configuration(count, sizes, server, workdir))
        _print(runs[-1], f"repetition {repetition + 1} of {repetitions}")
    return summary.fold(runs)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale")
    parser.add_argument("--quick", action="store_true", help="smaller numbers, a few minutes")
    parser.add_argument("--database-url", help="a PostgreSQL server (postgresql+asyncpg://...)")
    parser.add_argument(
        "--processes", default=",".join(map(str, PROCESS_COUNTS)), help="e.g. 1,2,4"
    )
    return parser


async def run_configuration(count: int, sizes: Sizes, server: str, workdir: Path) -> dict[str, Any]:
    """Run `count` processes through one window of load; return their figures."""
    fake = TimedSlack()
    async with own_database(server) as url, fake:
        world = build_world(fake, sizes.communities, sizes.channels, sizes.members)
        first_due = _next_minute(datetime.now(UTC) + timedelta(seconds=sizes.prepare_seconds))
        schedules = await seed(url, world, first_due, sizes.window_minutes)
        running = await processes.start(count, workdir, url, fake)
        try:
            ready = await processes.until_listening(running)
            lead = (first_due - datetime.now(UTC)).total_seconds()
            await asyncio.sleep(max(0.0, lead - LEAD_SECONDS))
            started_load = time.monotonic()
            urls = [each.events_url for each in running]
            connector = aiohttp.TCPConnector(limit=4 * IN_FLIGHT)
            async with aiohttp.ClientSession(connector=connector) as session:
                sender = Sender(world, urls, session)
                commands = round(sizes.commands_per_minute * sizes.load_seconds / 60)
                messages, sent_commands = await asyncio.gather(
                    paced(sizes.messages, sizes.load_seconds, sender.message),
                    paced(commands, sizes.load_seconds, sender.command),
                )
            dues = await until_done(url, schedules)
        finally:
            problems = await processes.stop(running)
        counted = await messages_counted(url)
    due_at_monotonic = _monotonic_of(first_due)
    return _figures(
        count=count,
        ready=ready,
        late=lead < LEAD_SECONDS,
        schedules=schedules,
        dues=dues,
        post_times=fake.post_times,
        first_due=due_at_monotonic,
        messages=messages,
        counted=counted,
        commands=sent_commands,
        latencies=command_latencies(sender, fake.answered),
        load_began=started_load,
        problems=problems,
    )


@asynccontextmanager
async def own_database(server: str) -> AsyncIterator[str]:
    """Create a database of its own on the PostgreSQL server; drop it afterwards."""
    base = make_url(server)
    name = f"cohort_scale_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        await admin.dispose()


async def until_done(url: str, schedules: int) -> dict[int, datetime]:
    """Wait until the ledger holds every occurrence as done; return each one's due time."""
    database = Database(url)
    query = select(Occurrence.id, Occurrence.due_at).where(Occurrence.status == DONE)
    try:
        deadline = time.monotonic() + DONE_SECONDS
        while True:
            async with database.reading() as connection:
                done = {row.id: row.due_at for row in (await connection.execute(query)).all()}
            if len(done) >= schedules or time.monotonic() > deadline:
                return done
            await asyncio.sleep(1)
    finally:
        await database.close()


async def messages_counted(url: str) -> int:
    """Return the messages the activity counts hold."""
    database = Database(url)
    try:
        async with database.reading() as connection:
            total = (await connection.execute(select(func.sum(DailyActivity.messages)))).scalar()
        return int(total or 0)
    finally:
        await database.close()


def _figures(
    *,
    count: int,
    ready: float,
    late: bool,
    schedules: int,
    dues: dict[int, datetime],
    post_times: dict[str, list[float]],
    first_due: float,
    messages: Sent,
    counted: int,
    commands: Sent,
    latencies: list[float],
    load_began: float,
    problems: list[str],
) -> dict[str, Any]:
    posts = [len(times) for times in post_times.values()]
    bursts: dict[int, list[float]] = {}
    first = min(dues.values()) if dues else None
    for occurrence_id, due in dues.items():
        times = post_times.get(f"{OCCURRENCE_KEY}{occurrence_id}")
        if times and first is not None:
            minute = round((due - first).total_seconds() / 60)
            bursts.setdefault(minute, []).append(times[0] - (first_due + 60 * minute))
    burst_seconds = [max(lags) for _, lags in sorted(bursts.items())]
    per_burst = [len(lags) for _, lags in sorted(bursts.items())]
    return {
        "processes": count,
        "ready_s": round(ready, 1),
        "late_start": late,
        "schedules": schedules,
        "done": len(dues),
        "posts": sum(posts),
        "posts_per_occurrence": [min(posts, default=0), max(posts, default=0)],
        "exactly_once": len(dues) == schedules == len(posts) and set(posts) == {1},
        "burst_s": [round(seconds, 1) for seconds in burst_seconds],
        "burst_occurrences_per_s": [
            round(n / s) if s > 0 else None for n, s in zip(per_burst, burst_seconds, strict=True)
        ],
        "messages_sent": messages.count,
        "messages_acked": len(messages.latencies),
        "messages_failed": messages.failed,
        "messages_per_s": round(messages.rate()),
        "message_ack_ms": [_ms(percentile(messages.latencies, q)) for q in (0.5, 0.99)],
        "messages_counted": counted,
        "messages_load_s": round(messages.ended - load_began, 1),
        "commands_sent": commands.count,
        "commands_answered": len(latencies),
        "command_ms": [_ms(percentile(latencies, q)) for q in (0.5, 0.99)],
        "problems": problems,
    }


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _next_minute(moment: datetime) -> datetime:
    """Return the first whole minute at or after `moment`."""
    whole = moment.replace(second=0, microsecond=0)
    return whole if whole == moment else whole + timedelta(minutes=1)


def _monotonic_of(moment: datetime) -> float:
    """Return the monotonic clock's reading at the wall-clock `moment`."""
    return time.monotonic() + (moment - datetime.now(UTC)).total_seconds()


def _print(result: dict[str, Any], which: str) -> None:
    n = result["processes"]
    print(f"--- {n} process{'es' if n > 1 else ''}, {which} ---")
    print(f"  ready (every process listening, schedules armed): {result['ready_s']} s")
    if result["late_start"]:
        print("  (started late: the first burst was partly caught up on start)")
    print(
        f"  scheduled posts: {result['done']}/{result['schedules']} done, "
        f"{result['posts']} posts, per occurrence {result['posts_per_occurrence']}"
        f" -> exactly once: {result['exactly_once']}"
    )
    for minute, (seconds, rate) in enumerate(
        zip(result["burst_s"], result["burst_occurrences_per_s"], strict=True)
    ):
        print(f"  burst {minute + 1}: last post {seconds} s after due, {rate} occurrences/s")
    print(
        f"  messages: {result['messages_acked']}/{result['messages_sent']} acknowledged "
        f"({result['messages_failed']} failed) at {result['messages_per_s']}/s over "
        f"{result['messages_load_s']} s, ack p50/p99 {result['message_ack_ms']} ms; "
        f"counted {result['messages_counted']}"
    )
    print(
        f"  commands: {result['commands_answered']}/{result['commands_sent']} answered, "
        f"latency p50/p99 {result['command_ms']} ms"
    )
    for problem in result["problems"]:
        print(f"  problem: {problem}")


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
