"""Automatic filters: 100,000 realistic messages through `AutomodService.screen`, the call every
member's message takes, beside the screener alone.

The community (a SQLite file, set up through the service as moderators do) blocks 500 terms:
real ones that hide inside real words (`ass` in `class`, `hell` in `hello`, `сука` in
`барсука`), phrases, terms in Cyrillic, Greek, Chinese and Arabic, and made-up ones; it has 20
regex rules, links on with allowed domains, invites, mention spam, flooding and repeats all on,
an exempt channel, an exempt role and hosts by role level and by override. The traffic
(`automod_parts/traffic.py`) is English chat with names, emoji, links and other scripts; the
generator plants blocked terms, plainly or disguised, and knows where.

Timed: each message through the service, with its cache of the community's rules (reloaded
from the database every 15 s, in the background) and its exemptions, yielding to the event loop
every ten messages as a gateway's reads do; then the same
messages through `Screener.screen` alone (no exemptions, no cache: the in-memory core). Each is
the median of three passes after a warm-up on other traffic. Checked: the messages the
service caught for a blocked term are exactly those the generator planted one in (exempt
authors and the exempt channel aside); every false positive and miss is printed. Targets: at
least 50,000 messages/s and p99 under 100 µs through the service. A figure, not a test.

    python3 dev.py bench automod      (or: python -m benchmarks.automod)
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from benchmarks.automod_parts.community import COMMUNITY, START, prepared
from benchmarks.automod_parts.traffic import EXEMPT_CHANNEL, Author, Post, authors, day_of_chat
from benchmarks.automod_parts.words import blocked_terms
from benchmarks.support.machine import print_load
from benchmarks.support.repeat import median, percentile, repeated, repeated_async
from benchmarks.support.report import Figure, at_least, at_most, baseline, emit
from bot.automod.engine import Message, Screener
from bot.automod.model import FilterName
from bot.automod.rates import Rates
from bot.automod.service import AutomodService
from bot.clock import VirtualClock
from bot.events import Actor, MessagePosted
from bot.memory import keep_startup_objects
from bot.refs import MessageRef, UserRef

MESSAGES = 100_000
WARM_UP = 20_000
TARGET_PER_SECOND = 50_000
TARGET_P99_US = 100.0
SHOWN = 12
YIELD_EVERY = 10
"""Messages screened between two turns of the event loop, as a gateway delivers a few at once."""


@dataclass(frozen=True, slots=True)
class Pass:
    """One pass over the traffic: its rates (wall clock and CPU time, which another process on
    the machine slows less), its latencies, and the filters that hit, by message."""

    per_second: float
    per_cpu_second: float
    latencies_ns: list[int]
    hits: dict[int, FilterName]

    def percentile_us(self, share: float) -> float:
        return percentile(self.latencies_ns, share) / 1000


@dataclass(frozen=True, slots=True)
class Traffic:
    """The community and the messages, built once before anything is timed."""

    service: AutomodService
    clock: VirtualClock
    community_id: int
    posts: list[Post]
    warm_up: list[Post]
    actors: dict[str, Actor]


async def measure(directory: Path) -> tuple[list[Figure], dict[str, object]]:
    """Build the community and the traffic; time both paths; return the figures and details."""
    rng = random.Random(7)
    terms = blocked_terms(rng)
    writers = authors(rng)
    database, clock, community_id = await prepared(directory, terms, writers)
    traffic = Traffic(
        AutomodService(database, clock),
        clock,
        community_id,
        day_of_chat(rng, MESSAGES, writers, terms),
        day_of_chat(random.Random(11), WARM_UP, writers, terms),
        {writer.user_id: _actor(writer) for writer in writers},
    )
    try:
        await _service_pass(traffic, traffic.warm_up, day=0)
        keep_startup_objects()  # the fixtures, as `cohort run` freezes its start-up objects
        service = await repeated_async(lambda run: _service_pass(traffic, traffic.posts, run + 1))
        rules = await traffic.service.rules(community_id)
    finally:
        await traffic.service.reloaded()
        await database.close()
    screener = Screener(rules)
    _screener_pass(screener, traffic.warm_up)
    alone = repeated(lambda _run: _screener_pass(screener, traffic.posts))
    return _report(traffic.posts, service, alone)


def _actor(writer: Author) -> Actor:
    return Actor(
        UserRef(COMMUNITY.platform, writer.user_id),
        writer.name,
        platform_level=writer.platform_level,
        role_ids=writer.role_ids,
        is_bot=writer.is_bot,
    )


async def _service_pass(traffic: Traffic, posts: list[Post], day: int) -> Pass:
    """Screen every post through the service, `day` days on (so flooding counts start afresh)."""
    events = _events(traffic, posts, timedelta(days=day))
    screen, reset, clock = traffic.service.screen, traffic.clock.reset, time.perf_counter_ns
    community_id, latencies, hits = traffic.community_id, [], {}
    started, cpu_started = time.perf_counter(), time.process_time()
    origin = START + timedelta(days=day)
    for index, event in enumerate(events):
        if index % YIELD_EVERY == 0:
            # The cache's clock runs at the machine's speed, as live: replayed by the traffic's
            # own times (25 ms apart), it would reload the rules a thousand times too often.
            reset(origin + timedelta(seconds=time.perf_counter() - started))
            await asyncio.sleep(0)  # as between reads from a gateway: background work runs
        before = clock()
        hit = await screen(community_id, event, content_readable=True)
        latencies.append(clock() - before)
        if hit is not None:
            hits[index] = hit.filter
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    latencies.sort()
    return Pass(len(events) / elapsed, len(events) / cpu, latencies, hits)


def _events(traffic: Traffic, posts: list[Post], offset: timedelta) -> list[MessagePosted]:
    return [
        MessagePosted(
            community=COMMUNITY,
            at=START + offset + post.after,
            actor=traffic.actors[post.author.user_id],
            message=MessageRef(COMMUNITY.platform, post.channel, f"m{index}"),
            text=post.text,
            mention_count=post.mentions,
        )
        for index, post in enumerate(posts)
    ]


def _screener_pass(screener: Screener, posts: list[Post]) -> Pass:
    """Screen every post with the screener alone (everyone screened, fresh rates)."""
    messages = [
        Message(post.author.user_id, post.channel, START + post.after, post.text, post.mentions)
        for post in posts
    ]
    rates, screen, clock = Rates(), screener.screen, time.perf_counter_ns
    latencies, hits = [], {}
    started, cpu_started = time.perf_counter(), time.process_time()
    for index, message in enumerate(messages):
        before = clock()
        verdict = screen(message, rates)
        latencies.append(clock() - before)
        if verdict is not None:
            hits[index] = verdict.filter
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    latencies.sort()
    return Pass(len(messages) / elapsed, len(messages) / cpu, latencies, hits)


def _report(
    posts: list[Post], service: list[Pass], alone: list[Pass]
) -> tuple[list[Figure], dict[str, object]]:
    expected = {index for index, post in enumerate(posts) if post.planted and not _exempt(post)}
    caught = {index for index, name in service[0].hits.items() if name is FilterName.TERMS}
    exempt_hit = [index for index in service[0].hits if _exempt(posts[index])]
    _print_differences(posts, caught - expected, expected - caught)
    figures = [
        *_speed(service, alone),
        Figure(
            "planted terms caught",
            f"{len(expected & caught):,} of {len(expected):,}",
            f"{len(expected):,}",
            expected <= caught,
        ),
        Figure("caught, nothing planted", f"{len(caught - expected):,}", "0", caught <= expected),
        Figure("exempt messages hit", f"{len(exempt_hit):,}", "0", not exempt_hit),
    ]
    details: dict[str, object] = {
        "messages": len(posts),
        "planted": sum(1 for post in posts if post.planted),
        "planted_exempt": sum(1 for post in posts if post.planted and _exempt(post)),
        "exempt_messages": sum(1 for post in posts if _exempt(post)),
        "false_positives": len(caught - expected),
        "misses": len(expected - caught),
        "service_hits_by_filter": dict(sorted(Counter(service[0].hits.values()).items())),
        "service_max_us": [round(run.latencies_ns[-1] / 1000) for run in service],
        "service_runs_per_second": [round(run.per_second) for run in service],
        "screener_runs_per_second": [round(run.per_second) for run in alone],
    }
    return figures, details


def _speed(service: list[Pass], alone: list[Pass]) -> list[Figure]:
    """The service against its targets, the screener alone beside it; medians of the passes."""

    def rate(runs: list[Pass]) -> float:
        return median([run.per_second for run in runs])

    def cpu_rate(runs: list[Pass]) -> float:
        return median([run.per_cpu_second for run in runs])

    def at(runs: list[Pass], share: float) -> float:
        return median([run.percentile_us(share) for run in runs])

    return [
        at_least("service: messages/s", rate(service), TARGET_PER_SECOND, "messages/s"),
        at_most("service: p99 per message", at(service, 0.99), TARGET_P99_US, "µs"),
        baseline("service: p50 per message", at(service, 0.5), "µs", 1),
        baseline("service: messages per CPU-second", cpu_rate(service), "messages/s"),
        baseline("screener alone: messages/s", rate(alone), "messages/s"),
        baseline("screener alone: p50", at(alone, 0.5), "µs", 1),
        baseline("screener alone: p99", at(alone, 0.99), "µs", 1),
        baseline("screener alone: messages per CPU-second", cpu_rate(alone), "messages/s"),
    ]


def _exempt(post: Post) -> bool:
    return bool(post.author.exempt) or post.channel == EXEMPT_CHANNEL


def _print_differences(posts: list[Post], false_positives: set[int], misses: set[int]) -> None:
    """Print what was caught without a planted term, and what was planted but not caught."""
    print(f"caught without a planted term: {len(false_positives)}")
    for index in sorted(false_positives)[:SHOWN]:
        print(f"  #{index}: {posts[index].text[:120]!r}")
    by_disguise = Counter(posts[index].disguise for index in misses)
    print(f"planted but not caught: {len(misses)} {dict(by_disguise)}")
    for index in sorted(misses)[:SHOWN]:
        post = posts[index]
        print(f"  #{index} {post.planted!r} ({post.disguise}): {post.text[:120]!r}")


def main() -> None:
    """Print the load, the differences, the figures, then one JSON line."""
    print_load()
    with tempfile.TemporaryDirectory(prefix="cohort-bench-") as directory:
        figures, details = asyncio.run(measure(Path(directory)))
    print(
        f"{details['messages']:,} messages, {details['planted']:,} with a planted term "
        f"({details['planted_exempt']:,} of them exempt), {details['exempt_messages']:,} exempt; "
        f"hits by filter {details['service_hits_by_filter']}; service runs "
        f"{details['service_runs_per_second']} messages/s (max {details['service_max_us']} µs), "
        f"screener alone {details['screener_runs_per_second']}"
    )
    emit("automod", figures, **details)


if __name__ == "__main__":
    main()
