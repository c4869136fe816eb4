"""Sessions under load (issue 20), through the real discord.py against the fake Discord, whose
global limit answers 429 beyond Discord's documented 50 requests a second (interaction answers
are not counted, as Discord documents).

- Presses: 1,000 members press Going on one card within a second. Every press must be answered
  ("You answered Going."), the card and the database must end at exactly 1,000, and the card
  is edited at most once per two seconds. Baseline, same run: a card edited on every press
  (the editor replaced by one that edits each time), with fewer presses
  (`--baseline-presses`, 200) to stay short.
- Reminders: `--reminders` members (300 by default; `--full`: 5,000, about four minutes) have
  answered Going and their "starts in 15 minutes" falls due at the same moment. None may arrive
  twice; how late the first and the last arrive is reported. Baseline, same run: the same
  reminders with no rate limit.

Each part on a SQLite file of its own. The load average is printed beside the figures (the
machine may be shared). The last line is one JSON object. Figures, not tests.

    python3 dev.py bench sessions      (or: python -m benchmarks.sessions [--full])
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.session_parts import presses, reminders

PRESSES = 1_000
PRESS_WINDOW_SECONDS = 1.0
FULL_REMINDERS = 5_000


async def measure(directory: Path, options: argparse.Namespace) -> dict[str, Any]:
    """Run both parts and their baselines, each on its own database in `directory`."""
    load_before = os.getloadavg()
    throttled = await presses.measure(directory / "presses.db", PRESSES, PRESS_WINDOW_SECONDS)
    every_press = await presses.measure(
        directory / "presses-baseline.db",
        options.baseline_presses,
        PRESS_WINDOW_SECONDS,
        every_press=True,
    )
    count = FULL_REMINDERS if options.full else options.reminders
    limited = await reminders.measure(directory / "reminders.db", count, limited=True)
    unlimited = await reminders.measure(directory / "reminders-baseline.db", count, limited=False)
    return {
        "benchmark": "sessions",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average_before": [round(value, 2) for value in load_before],
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
        "presses": {**throttled, "baseline_every_press_edits": every_press},
        "reminders": {**limited, "baseline_no_rate_limit": unlimited},
        "database": "sqlite file",
    }


def report(figures: dict[str, Any]) -> None:
    """Print the figures, each beside its baseline, and the machine's load."""
    shown, edited = figures["presses"], figures["presses"]["baseline_every_press_edits"]
    print(
        f"load average (1, 5, 15 min): before {figures['load_average_before']}, "
        f"after {figures['load_average_after']}"
    )
    print(
        f"presses: {shown['members']:,} Going within {shown['sent_within_seconds']} s: "
        f"{shown['answered']:,} answered (p50 {shown['answer_p50_ms']} ms, p99 "
        f"{shown['answer_p99_ms']} ms, max {shown['answer_max_ms']} ms; {shown['deferred']} "
        f"after Discord's placeholder, first response p99 {shown['first_response_p99_ms']} ms, "
        f"{shown['first_response_over_3s']} over Discord's 3 s); card edited "
        f"{shown['card_edits']} times, shortest gap {shown['shortest_edit_gap_seconds']} s; "
        f"count on the card {shown['card_count']}, in the database {shown['database_count']}; "
        f"settled {shown['card_settled_after_seconds']} s after the first press"
    )
    print(
        f"  baseline, an edit per press ({edited['members']} presses): {edited['answered']} "
        f"answered (p50 {edited['answer_p50_ms']} ms, p99 {edited['answer_p99_ms']} ms), "
        f"{edited['card_edits']} edits, {edited['rate_limited']} requests refused with 429, "
        f"settled after {edited['card_settled_after_seconds']} s"
    )
    sent, free = figures["reminders"], figures["reminders"]["baseline_no_rate_limit"]
    print(
        f"reminders: {sent['members']:,} due at once at 50 requests/s: {sent['arrived']:,} "
        f"arrived to {sent['recipients']:,} people, {sent['twice']} twice, "
        f"{sent['unsent_claims']} claims unsent; first {sent['first_late_seconds']} s late, "
        f"last {sent['last_late_seconds']} s late; {sent['rate_limited']:,} requests refused "
        f"with 429"
    )
    print(
        f"  baseline, no rate limit: {free['arrived']:,} arrived, {free['twice']} twice; last "
        f"{free['last_late_seconds']} s late"
    )


def main() -> None:
    """Print the figures; the last line is one JSON object."""
    parser = argparse.ArgumentParser(description="Sessions under load (issue 20).")
    parser.add_argument("--reminders", type=int, default=300, help="reminders due at once")
    parser.add_argument("--full", action="store_true", help="5,000 reminders (minutes)")
    parser.add_argument("--baseline-presses", type=int, default=200)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cohort-bench-") as scratch:
        figures = asyncio.run(measure(Path(scratch), options))
    report(figures)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
