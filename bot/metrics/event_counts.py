"""Events dispatched, by type: counted in a plain dict, read by Prometheus when it scrapes.

Every message a community posts is an event, so this count is on the hot path; a dict increment
costs a fraction of a `Counter` child's (which takes a lock on every increment). The registry
reads it through this collector, exposed as before: `cohort_events_total{type="..."}`.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

NAME = "cohort_events"
DOCUMENTATION = "Events dispatched, by type."


class EventCounts(Collector):
    """How many events of each type were dispatched."""

    def __init__(self) -> None:
        self.counts: dict[type, int] = {}

    def count(self, event_type: type) -> None:
        """Count one dispatched event of `event_type`."""
        counts = self.counts
        counts[event_type] = counts.get(event_type, 0) + 1

    def collect(self) -> Iterator[CounterMetricFamily]:
        """Yield the counts as one counter family, labelled by type."""
        family = CounterMetricFamily(NAME, DOCUMENTATION, labels=["type"])
        for event_type, count in sorted(self.counts.items(), key=lambda item: item[0].__name__):
            family.add_metric([event_type.__name__], count)
        yield family

    def describe(self) -> Iterator[CounterMetricFamily]:
        """Yield the family without samples (what the registry checks names against)."""
        yield CounterMetricFamily(NAME, DOCUMENTATION, labels=["type"])
