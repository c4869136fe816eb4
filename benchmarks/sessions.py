"""Sessions under load (issue 20), through the real discord.py against the fake Discord, whose
global limit answers 429 beyond Discord's documented 50 requests a second (interaction answers
are not counted, as Discord documents), and the real Slack adapter against the fake Slack.

- Presses: 1,000 members press Going on one card within a second. Every press must be answered
  ("You answered Going."), its first response (the answer, or Discord's "thinking…" deferral)
  must reach Discord within its 3 s, the card and the database must end at exactly 1,000, and
  the card is edited at most once per two seconds. Baseline, same run: a card edited on every
  press (the editor replaced by one that edits each time), with fewer presses
  (`--baseline-presses`, 200) to stay short.
- Reminders: `--reminders` members (300 by default; `--full`: 5,000, minutes) have answered Going
  and their "starts in 15 minutes" falls due at the same moment. None may arrive twice; how late
  the first and the last arrive is reported. Baseline, same run: the same reminders with no
  rate limit.
- Slack reminders (`--only slack-reminders`): the same through the real Slack adapter to the fake
  Slack with Slack's documented limits (`tests/adapters/slack/fake_limits.py`: Tier 3
  `conversations.open`, one post a second per channel; slack-sdk waits out each 429). Members the
  app wrote to before (the day reminder opened each DM; the adapter remembers it) and, once,
  `--slack-cold` members never written to (each DM opened first, about 50 a minute), whose rate
  gives the arithmetic for 5,000. Baseline, same run: no rate limit.

Each run on a SQLite file of its own; every part runs three times and reports the median (the
worst run for what must hold in every run), except `--full`'s reminders, run once. The load line
comes first (the machine may be shared). The last line is one JSON object. Figures, not tests.

    python3 dev.py bench sessions      (or: python -m benchmarks.sessions [--full] [--only PART])
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from benchmarks.session_parts import presses, reminders, slack_reminders
from benchmarks.support.machine import load_line, print_load
from benchmarks.support.repeat import median, repeated_async
from benchmarks.support.report import Figure, at_least, at_most, baseline, emit

PRESSES = 1_000
PRESS_WINDOW_SECONDS = 1.0
FULL_REMINDERS = 5_000
DISCORD_DEADLINE_MS = 3_000
EDIT_GAP_SECONDS = 2.0

Runs = list[dict[str, Any]]


async def runs_of(
    directory: Path, name: str, measure: Callable[[Path], Awaitable[dict[str, Any]]], times: int
) -> Runs:
    """Run `measure` `times` times (three at least, unless once), each on a file of its own."""

    async def one(number: int) -> dict[str, Any]:
        return await measure(directory / f"{name}-{number}.db")

    if times == 1:
        return [await one(0)]
    return await repeated_async(one, times)


async def measure(directory: Path, options: argparse.Namespace) -> dict[str, Runs]:
    """Run the chosen parts and their baselines, each run on its own database in `directory`."""
    runs: dict[str, Runs] = {}
    if options.only in (None, "presses"):
        runs["presses"] = await runs_of(
            directory,
            "presses",
            lambda path: presses.measure(path, options.presses, PRESS_WINDOW_SECONDS),
            3,
        )
        runs["every_press"] = await runs_of(
            directory,
            "presses-baseline",
            lambda path: presses.measure(
                path, options.baseline_presses, PRESS_WINDOW_SECONDS, every_press=True
            ),
            3,
        )
    if options.only in (None, "reminders"):
        count = FULL_REMINDERS if options.full else options.reminders
        times = 1 if options.full else 3
        runs["reminders"] = await runs_of(
            directory,
            "reminders",
            lambda path: reminders.measure(path, count, limited=True),
            times,
        )
        runs["no_limit"] = await runs_of(
            directory,
            "reminders-baseline",
            lambda path: reminders.measure(path, count, limited=False),
            times,
        )
    if options.only in (None, "slack-reminders"):
        runs |= await slack_runs(directory, options)
    return runs


async def slack_runs(directory: Path, options: argparse.Namespace) -> dict[str, Runs]:
    """The Slack reminders: DMs opened before (limited, and no limit), and never opened."""
    count = FULL_REMINDERS if options.full else options.reminders
    times = 1 if options.full else 3

    def part(members: int, *, limited: bool, warm: bool) -> Callable[[Path], Awaitable[Any]]:
        return lambda path: slack_reminders.measure(path, members, limited=limited, warm=warm)

    return {
        "slack": await runs_of(directory, "slack", part(count, limited=True, warm=True), times),
        "slack_no_limit": await runs_of(
            directory, "slack-baseline", part(count, limited=False, warm=True), times
        ),
        "slack_cold": await runs_of(
            directory, "slack-cold", part(options.slack_cold, limited=True, warm=False), 1
        ),
    }


def _median(runs: Runs, key: str) -> float:
    return median([run[key] for run in runs])


def press_figures(runs: Runs, every_press: Runs) -> list[Figure]:
    """The presses' figures: medians of the runs, the worst run for what must always hold."""
    members = runs[0]["members"]
    exact = all(run["card_count"] == run["database_count"] == members for run in runs)
    counts = ", ".join(f"{run['card_count']} / {run['database_count']}" for run in runs)
    return [
        at_least(
            "presses answered (fewest of runs)",
            min(r["answered"] for r in runs),
            members,
            "presses",
        ),
        at_most(
            "presses over Discord's 3 s to first response (median)",
            _median(runs, "first_response_over_3s"),
            1,
            "presses",
            0,
        ),
        at_most(
            "presses over 3 s to first response (worst run)",
            max(r["first_response_over_3s"] for r in runs),
            1,
            "presses",
            0,
        ),
        at_most(
            "first response p99 (median)",
            _median(runs, "first_response_p99_ms"),
            DISCORD_DEADLINE_MS,
            "ms",
            0,
        ),
        Figure("count on the card / in the database, each run", counts, f"= {members:,}", exact),
        at_least(
            "shortest gap between card edits (shortest of runs)",
            min(r["shortest_edit_gap_seconds"] or EDIT_GAP_SECONDS for r in runs),
            EDIT_GAP_SECONDS,
            "s",
            2,
        ),
        baseline("card edits (median)", _median(runs, "card_edits"), "edits"),
        baseline("answer p50 (median)", _median(runs, "answer_p50_ms"), "ms"),
        baseline("answer p99 (median)", _median(runs, "answer_p99_ms"), "ms"),
        baseline(
            "CPU per press (median; app, discord.py and fake Discord)",
            _median(runs, "cpu_ms_per_press"),
            "ms",
            2,
        ),
        baseline(
            f"baseline, an edit per press ({every_press[0]['members']} presses): edits (median)",
            _median(every_press, "card_edits"),
            "edits",
        ),
        baseline(
            "baseline, an edit per press: requests refused with 429 (median)",
            _median(every_press, "rate_limited"),
            "requests",
        ),
    ]


def reminder_figures(runs: Runs, no_limit: Runs) -> list[Figure]:
    """The reminders' figures: none twice in any run, every one arrived, how late the last."""
    members = runs[0]["members"]
    times = "median" if len(runs) > 1 else "one run"
    return [
        at_most(
            "reminders received twice (worst run)", max(r["twice"] for r in runs), 1, "reminders", 0
        ),
        at_least(
            "reminders arrived (fewest of runs)",
            min(r["arrived"] for r in runs),
            members,
            "reminders",
        ),
        baseline(
            f"{members:,} reminders at 50 requests/s: last arrived late ({times})",
            _median(runs, "last_late_seconds"),
            "s",
            1,
        ),
        baseline(f"first arrived late ({times})", _median(runs, "first_late_seconds"), "s", 2),
        baseline(f"requests refused with 429 ({times})", _median(runs, "rate_limited"), "requests"),
        baseline(
            f"baseline, no rate limit: last arrived late ({times})",
            _median(no_limit, "last_late_seconds"),
            "s",
            1,
        ),
    ]


def slack_figures(runs: Runs, no_limit: Runs, cold: dict[str, Any]) -> list[Figure]:
    """The Slack reminders' figures: none twice, every one arrived, how late the last."""
    members = runs[0]["members"]
    times = "median" if len(runs) > 1 else "one run"
    every = [*runs, *no_limit, cold]
    return [
        at_most(
            "Slack reminders received twice (worst run)",
            max(r["twice"] for r in every),
            1,
            "reminders",
            0,
        ),
        at_most(
            "Slack reminders missing (worst run)",
            max(r["members"] - r["arrived"] for r in every),
            1,
            "reminders",
            0,
        ),
        baseline(
            f"Slack, {members:,} reminders, DMs opened before, Slack's limits: last late ({times})",
            _median(runs, "last_late_seconds"),
            "s",
            1,
        ),
        baseline(f"Slack: first late ({times})", _median(runs, "first_late_seconds"), "s", 2),
        baseline(f"Slack: DMs opened again ({times})", _median(runs, "dms_opened"), "calls"),
        baseline(
            f"Slack, baseline, no rate limit: last late ({times})",
            _median(no_limit, "last_late_seconds"),
            "s",
            1,
        ),
        baseline(
            f"Slack, {cold['members']} DMs never opened (Tier 3), one run: last late",
            cold["last_late_seconds"],
            "s",
            1,
        ),
        baseline(
            "Slack: conversations.open a minute beyond the burst, measured",
            slack_reminders.open_rate_per_minute(cold),
            "DMs/min",
        ),
        baseline(
            f"Slack: {FULL_REMINDERS:,} DMs never opened at that rate, arithmetic",
            slack_reminders.minutes_for_first_dms(cold, FULL_REMINDERS),
            "min",
        ),
    ]


def main() -> None:
    """Print the load line, the figures against their targets, and the one JSON line."""
    parser = argparse.ArgumentParser(description="Sessions under load (issue 20).")
    parser.add_argument("--reminders", type=int, default=300, help="reminders due at once")
    parser.add_argument("--full", action="store_true", help="5,000 reminders, once (minutes)")
    parser.add_argument("--presses", type=int, default=PRESSES, help="presses within a second")
    parser.add_argument("--baseline-presses", type=int, default=200)
    parser.add_argument(
        "--slack-cold", type=int, default=120, help="Slack DMs never opened before (minutes)"
    )
    parser.add_argument(
        "--only",
        choices=("presses", "reminders", "slack-reminders"),
        help="one part and its baseline",
    )
    options = parser.parse_args()
    print_load()
    with tempfile.TemporaryDirectory(prefix="cohort-bench-") as scratch:
        runs = asyncio.run(measure(Path(scratch), options))
    print(load_line().replace("machine:", "after:", 1))
    figures = []
    if "presses" in runs:
        figures += press_figures(runs["presses"], runs["every_press"])
    if "reminders" in runs:
        figures += reminder_figures(runs["reminders"], runs["no_limit"])
    if "slack" in runs:
        figures += slack_figures(runs["slack"], runs["slack_no_limit"], runs["slack_cold"][0])
    emit("sessions", figures, database="sqlite file", runs=runs)


if __name__ == "__main__":
    main()
