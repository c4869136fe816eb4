"""What the process tells its operators: Prometheus counters (`Metrics`) and health (`Health`).

One `Metrics` (with its own `CollectorRegistry`, never the library's global one) and one
`Health` are built by the composition root and passed to what counts or reports.
"""

from bot.metrics.counts import CommandOutcome, ErrorKind, Metrics, OccurrenceOutcome
from bot.metrics.health import Health, PlatformState

__all__ = [
    "CommandOutcome",
    "ErrorKind",
    "Health",
    "Metrics",
    "OccurrenceOutcome",
    "PlatformState",
]
