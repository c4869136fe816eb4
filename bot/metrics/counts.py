"""The process's Prometheus metrics, on a registry of its own.

Counting sits on the hot path (every event, every message's activity), so it adds no I/O, no
await and no string formatting per call: each label set's child is looked up once and kept
(a dict lookup afterwards), and the activity buffer's size is read only when scraped. Label
values stay bounded: event class names, command paths from the registry, schedule kinds,
platform names and the fixed words below; never a member's or a channel's id.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from enum import StrEnum
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.metrics.event_counts import EventCounts

EXPOSITION_CONTENT_TYPE = CONTENT_TYPE_LATEST
"""The content type of `Metrics.exposition()` (Prometheus' text format)."""
COMMAND_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
FLUSH_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
UNKNOWN_COMMAND = "(unknown)"
"""The command label of a line that names no command."""


class CommandOutcome(StrEnum):
    """How a slash command ended."""

    OK = "ok"
    REFUSED = "refused"  # the caller's level is too low
    USAGE = "usage"  # the line could not be read (unknown command, bad option)
    USER_ERROR = "user_error"  # the handler refused with a message (a broken rule)
    PLATFORM_ERROR = "platform_error"  # the platform failed a call the handler made
    ERROR = "error"  # a bug: the handler raised unexpectedly


class OccurrenceOutcome(StrEnum):
    """What became of one scheduled occurrence (or one attempt at it: `RETRIED`)."""

    DONE = "done"
    FAILED = "failed"
    RETRIED = "retried"  # an attempt failed; another is armed
    MISSED = "missed"  # too late to do (the bot was down), or started and never finished
    PAUSED = "paused"  # the community is on a break
    TAKEN = "taken"  # another process has it


class ErrorKind(StrEnum):
    """What kind of failure a platform call ended in."""

    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"
    REFUSED = "refused"  # missing permission, not in the channel, ...
    NOT_FOUND = "not_found"
    CLIENT_ERROR = "client_error"  # any other refusal of the request
    UNREACHABLE = "unreachable"  # no answer: connection error or timeout


class Metrics:
    """Every metric the process exposes, with a method for each thing that is counted."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._children: dict[Hashable, Any] = {}
        self._events = EventCounts()
        self.registry.register(self._events)
        self._commands = self._counter(
            "cohort_commands", "Slash commands, by command and outcome.", ["command", "outcome"]
        )
        self._command_seconds = Histogram(
            "cohort_command_seconds",
            "Time from a command's arrival to its answer, by command.",
            ["command"],
            buckets=COMMAND_BUCKETS,
            registry=self.registry,
        )
        self._occurrences = self._counter(
            "cohort_occurrences", "Scheduled occurrences, by kind and outcome.", ["kind", "outcome"]
        )
        self._platform_errors = self._counter(
            "cohort_platform_errors",
            "Failed platform calls, by platform and kind.",
            ["platform", "kind"],
        )
        self._platform_retries = self._counter(
            "cohort_platform_retries", "Platform calls retried, by platform.", ["platform"]
        )
        self._activity_buffer = Gauge(
            "cohort_activity_buffer_size",
            "Members with activity buffered in memory, not yet written.",
            registry=self.registry,
        )
        self._activity_flush = Histogram(
            "cohort_activity_flush_seconds",
            "Time to write one batch of buffered activity.",
            buckets=FLUSH_BUCKETS,
            registry=self.registry,
        )
        self._checkins = self._counter(
            "cohort_checkins_sent",
            "Check-ins sent, by kind (quiet: a quiet member's nudge; buddy: a buddy group's).",
            ["kind"],
        )
        self._reminders = self._counter(
            "cohort_reminders_sent",
            "Reminders sent, by kind (intro: to introduce oneself; flag: a waiting flag).",
            ["kind"],
        )

    def _counter(self, name: str, documentation: str, labels: list[str]) -> Counter:
        return Counter(name, documentation, labels, registry=self.registry)

    def _child(self, metric: Any, *values: str) -> Any:
        """Return the child of `metric` for `values`, made once and kept."""
        key = (id(metric), values)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*values)
        return child

    def event(self, event_type: type) -> None:
        """Count one dispatched event of `event_type`."""
        self._events.count(event_type)

    def command(self, path: str, outcome: CommandOutcome, seconds: float) -> None:
        """Count one slash command `path` that ended in `outcome` after `seconds`."""
        self._child(self._commands, path, outcome.value).inc()
        self._child(self._command_seconds, path).observe(seconds)

    def occurrence(self, kind: str, outcome: OccurrenceOutcome, count: int = 1) -> None:
        """Count `count` occurrences of schedules of `kind` that ended in `outcome`."""
        if count:
            self._child(self._occurrences, kind, outcome.value).inc(count)

    def platform_error(self, platform: str, kind: ErrorKind) -> None:
        """Count one failed call to `platform`."""
        self._child(self._platform_errors, platform, kind.value).inc()

    def platform_retry(self, platform: str) -> None:
        """Count one call to `platform` that is being retried."""
        self._child(self._platform_retries, platform).inc()

    def watch_activity_buffer(self, size: Callable[[], float]) -> None:
        """Read the activity buffer's size from `size` whenever the metrics are scraped."""
        self._activity_buffer.set_function(size)

    def activity_flushed(self, seconds: float) -> None:
        """Record that one batch of activity took `seconds` to write."""
        self._activity_flush.observe(seconds)

    def checkin_sent(self, kind: str) -> None:
        """Count one check-in of `kind` (`quiet`, `buddy`) sent."""
        self._child(self._checkins, kind).inc()

    def reminder_sent(self, kind: str) -> None:
        """Count one reminder of `kind` (`intro`, `flag`, `host`) sent."""
        self._child(self._reminders, kind).inc()

    def exposition(self) -> bytes:
        """Return every metric in Prometheus' text format."""
        return generate_latest(self.registry)
