"""Cohorts at scale (issue 18): a burst of 200 cohorts' topics, a cohort's `/stats` and a round.

- Burst: 200 cohorts of 50 members, each with a weekly topic schedule, all due in the same
  minute, fired through the app and the console adapter on a virtual clock: each home channel
  gets one post (its week-2 pin, "Week 2" above it). Target under 5 s. Baseline: the same 200
  schedules for the whole community (no cohort, no term).
- `/stats` in a cohort of 10,000 members (of 12,000) in week 9 of its term. Target p99 under
  50 ms. Baselines: the same figures with the members bound as a list of ids (how a cohort was
  counted before), and the whole community's `/stats`.
- A cohort round of 10,000 members after 200 weekly rounds, end to end. Target under 1.5 s.
  Baseline: the history read the window replaced (every pair the pool ever held).

Each part on a SQLite file of its own (`benchmarks/cohort_parts/`), in a process of its own;
each timed figure the median of three repetitions on the prepared database (the burst on fresh
copies of it, the round as rounds 201 to 203). The machine's load is printed first; the last
line is one JSON object with the figures. Figures, not tests.

    python3 dev.py bench cohorts      (or: python -m benchmarks.cohorts)
    python -m benchmarks.cohorts --only stats      (one part, to iterate on it)
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.cohort_parts import burst, rounds, stats
from benchmarks.support import machine
from benchmarks.support.apart import measured_apart
from benchmarks.support.report import Figure, at_most, baseline, emit

PARTS = ("burst", "stats", "round")


async def measure_part(directory: Path, part: str) -> dict[str, Any]:
    """Run one part on its own database in `directory`."""
    if part == "burst":
        return await _burst(directory)
    if part == "stats":
        return await stats.measure(directory / "stats.db")
    return await rounds.cohort_round(directory / "round.db")


async def _burst(directory: Path) -> dict[str, Any]:
    cohorts = await burst.burst(directory, "burst-cohorts", cohorts=True)
    community = await burst.burst(directory, "burst-community", cohorts=False)
    assert cohorts["homes_posted_once"] == burst.COHORTS == cohorts["posts"]
    assert cohorts["posts_saying_week_2"] == burst.COHORTS
    return {
        **cohorts,
        "cohorts": burst.COHORTS,
        "members_per_cohort": burst.PER_COHORT,
        "community_schedules": community,
        "target_seconds": burst.TARGET_SECONDS,
    }


async def measure(directory: Path, parts: tuple[str, ...] = PARTS) -> dict[str, Any]:
    """Run the parts (all three unless told), each on its own database in `directory`."""
    figures = {part: await measure_part(directory, part) for part in parts}
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        **figures,
        "database": "sqlite file",
    }


def report(figures: dict[str, Any]) -> None:
    """Print the figures (of the parts measured), each beside its baseline."""
    if "burst" in figures:
        _report_burst(figures["burst"])
    if "stats" in figures:
        _report_stats(figures["stats"])
    if "round" in figures:
        _report_round(figures["round"])


def _report_burst(fired: dict[str, Any]) -> None:
    whole = fired["community_schedules"]
    print(
        f"burst: {fired['cohorts']} cohorts' schedules due in one minute fired in "
        f"{fired['seconds']} s (median of {fired['each_seconds']}; {fired['posts']} posts, "
        f"each of {fired['homes_posted_once']} "
        f"home channels posted once, {fired['posts_saying_week_2']} saying Week 2); "
        f"the community's {whole['posts']} schedules {whole['seconds']} s; target < 5 s"
    )


def _report_stats(shown: dict[str, Any]) -> None:
    bound, community = shown["bound_ids"], shown["community"]
    print(
        f"/stats in a cohort of {shown['members']:,} ({shown['weeks']} weeks), medians of "
        f"{shown['repetitions']} repetitions of {shown['runs']} runs: median "
        f"{shown['median_ms']} ms, p99 {shown['p99_ms']} ms (each {shown['p99_each_ms']}); "
        f"members bound as a list of ids "
        f"{bound['median_ms']} / {bound['p99_ms']} ms; the community's "
        f"({community['members']:,}) {community['median_ms']} / {community['p99_ms']} ms; "
        f"target p99 < {shown['target_p99_ms']} ms"
    )


def _report_round(paired: dict[str, Any]) -> None:
    print(
        f"cohort round of {paired['members']:,} after {paired['rounds_before']} rounds: "
        f"{paired['seconds']} s end to end (median of {paired['each_seconds']}; "
        f"{paired['groups']:,} groups, {paired['repeats']} "
        f"repeats); history read {paired['history_seconds']} s ({paired['history_pairs']:,} "
        f"pairs), every pair of the pool {paired['every_pair_seconds']} s "
        f"({paired['every_pair_pairs']:,}); target < 1.5 s"
    )


def figures_of(measured: dict[str, Any]) -> list[Figure]:
    """Return the figures of the parts measured, each target first, then its baselines."""
    figures: list[Figure] = []
    if "burst" in measured:
        fired = measured["burst"]
        figures += [
            at_most("burst of 200 cohorts", fired["seconds"], burst.TARGET_SECONDS, "s", 2),
            baseline("burst, community schedules", fired["community_schedules"]["seconds"], "s", 2),
        ]
    if "stats" in measured:
        shown = measured["stats"]
        figures += [
            at_most("cohort /stats p99", shown["p99_ms"], shown["target_p99_ms"], "ms"),
            baseline("cohort /stats median", shown["median_ms"], "ms", 1),
            baseline("/stats, ids bound, p99", shown["bound_ids"]["p99_ms"], "ms", 1),
            baseline("community /stats p99", shown["community"]["p99_ms"], "ms", 1),
        ]
    if "round" in measured:
        paired = measured["round"]
        figures += [
            at_most("cohort round of 10,000", paired["seconds"], paired["target_seconds"], "s", 2),
            baseline("history read (window)", paired["history_seconds"], "s", 2),
            baseline("history read (every pair)", paired["every_pair_seconds"], "s", 2),
        ]
    return figures


def main() -> None:
    """Print the load, then the figures; the last line is one JSON object with them."""
    machine.print_load()
    parser = argparse.ArgumentParser(description="Cohorts at scale (issue 18).")
    parser.add_argument("--only", choices=PARTS, action="append", help="run only this part")
    chosen = tuple(parser.parse_args().only or PARTS)
    if len(chosen) == 1:
        with tempfile.TemporaryDirectory(prefix="cohort-bench-") as scratch:
            figures = asyncio.run(measure(Path(scratch), chosen))
    else:
        figures = in_processes_of_their_own(chosen)
    report(figures)
    emit("cohorts", figures_of(figures), **figures)


def in_processes_of_their_own(parts: tuple[str, ...]) -> dict[str, Any]:
    """Run each part in a fresh process, as one bot process runs one app: in one process, a
    part's app, frozen at its start (`bot.memory`) and never freed, stayed under the next
    part's timings (a cohort's /stats p99 45 ms alone, 50 to 60 ms after the burst)."""
    figures: dict[str, Any] = {}
    for part, measured in measured_apart("benchmarks.cohorts", parts):
        measured.pop("figures", None)  # the whole run's figures are made from the parts'
        measured.pop("benchmark", None)
        figures = {**measured, **figures, part: measured[part]}
    return figures


if __name__ == "__main__":
    main()
