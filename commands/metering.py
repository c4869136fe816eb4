"""Counting slash commands for `/metrics`: by command path and outcome, with their latency."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bot.metrics import CommandOutcome, Metrics
from bot.metrics.counts import UNKNOWN_COMMAND


@dataclass(slots=True)
class CommandTally:
    """What the router learns about one invocation as it runs: the command, then the outcome.

    The outcome stays `error` unless the router says otherwise: an exception that escapes is
    a bug, which the dispatcher answers.
    """

    path: str = UNKNOWN_COMMAND
    outcome: CommandOutcome = CommandOutcome.ERROR


@contextmanager
def counted_command(metrics: Metrics) -> Iterator[CommandTally]:
    """Count the invocation run inside, with the time it took, however it ends."""
    tally = CommandTally()
    started = time.perf_counter()
    try:
        yield tally
    finally:
        metrics.command(tally.path, tally.outcome, time.perf_counter() - started)
