"""Buddy pairing at scale: 10,000 opted-in members a round, with a year of members coming and going.

Every round has 10,000 members: a core of 6,000 who stay all year, and 4,000 seats held by
members who come for 2 to 8 weeks and leave (about 50,000 members take part over the year;
`benchmarks/pairing_parts/year.py`). Each part runs in a process of its own, so one part's
memory does not hide another's:

- grouping: the year's 52 weekly rounds grouped by `group_members` as the bot would (the history
  it records), then rounds 53 to 55 timed (the median is the figure) with the process's RSS
  watched (before, and its peak during them), then round 56 traced by tracemalloc (what grouping
  allocates, the history aside); the repeats; and with full participation the repeats over
  rounds 1..N-1 for N = 10, 20 and 50 (everyone meets everyone once: 0).
- round: the year recorded on a SQLite file (the present paired at random), then rounds 53 to
  55 end to end through `PairingService` (eligible members and the history read from the
  database, the round recorded, 5,000 private groups opened on the console adapter; the
  median is the figure), RSS watched, then one more traced by tracemalloc.
- reads: the history read at 52 and 260 rounds (a year and five years), three ways, the median of
  three reads each: what a round reads now (the last HISTORY_WINDOW rounds' pairs of the pool),
  every pair of the pool (the read before the window), and the self-join of every group ever
  held (before `buddy_pairs`); they must agree.

Beside the seconds of a round, its CPU seconds (`time.process_time`, every thread of the
process): on a shared machine the seconds grow with the others' load, the CPU seconds much less.

Targets: under 5 s a round at 10,000; zero repeats where the pool allows; the windowed read
about the same at 260 rounds as at 52 (under 1.5 times). The machine's load is printed first;
the last line is one JSON object with the figures. A figure, not a test.

    python3 dev.py bench pairing      (or: python -m benchmarks.pairing [--only PART])
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.pairing_parts import database, in_memory
from benchmarks.pairing_parts.year import CORE, MEMBERS
from benchmarks.support import machine
from benchmarks.support.apart import measured_apart
from benchmarks.support.report import Figure, at_most, baseline, emit

PARTS = ("grouping", "round", "reads")
TARGET_SECONDS = 5.0
TARGET_READ_GROWTH = 1.5
"""The windowed read at five years over the read at one: "about the same"."""


def measure_part(part: str) -> dict[str, Any]:
    """Run one part (in this process) and return its figures."""
    if part == "grouping":
        return {"grouping": in_memory.a_year_then_rounds(), "cycle_repeats": in_memory.cycles()}
    with tempfile.TemporaryDirectory(prefix="cohort-bench-") as scratch:
        if part == "round":
            return {"end_to_end": asyncio.run(database.end_to_end(Path(scratch) / "round.db"))}
        return {"history_reads": asyncio.run(database.history_reads(Path(scratch) / "reads.db"))}


def in_processes_of_their_own(parts: tuple[str, ...]) -> dict[str, Any]:
    """Run each part in a fresh process and merge what they measured."""
    measured: dict[str, Any] = {}
    for _part, printed in measured_apart("benchmarks.pairing", parts):
        measured.update(without_run_fields(printed))
    return measured


def measured_by_part(last_line: str) -> dict[str, Any]:
    """Return what a part's process measured, from its last line."""
    return without_run_fields(json.loads(last_line))


def without_run_fields(printed: dict[str, Any]) -> dict[str, Any]:
    """Return a part's printed object without the figures (the whole run's are made from every
    part's) or the line's own name and time."""
    for own in ("figures", "benchmark", "at"):
        printed.pop(own, None)
    return printed


def report(measured: dict[str, Any]) -> None:
    """Print what each part measured."""
    if "grouping" in measured:
        _report_grouping(measured["grouping"], measured["cycle_repeats"])
    if "end_to_end" in measured:
        _report_round(measured["end_to_end"])
    for read in measured.get("history_reads", []):
        print(
            f"history read at {read['rounds']} rounds: the window's {read['window_pairs']:,} "
            f"pairs {read['seconds']} s; every pair of the pool ({read['pairs']:,}, before the "
            f"window) {read['all_pairs_seconds']} s; self-join of every group "
            f"({read['pairs_ever']:,} pairs, before buddy_pairs) {read['self_join_seconds']} s"
        )


def _report_grouping(grouped: dict[str, Any], cycles: dict[str, int]) -> None:
    print(
        f"{grouped['members']:,} members a round ({CORE:,} all year, "
        f"{grouped['members_who_took_part']:,} taking part in all), a year of history "
        f"({grouped['history_pairs']:,} pairs): {grouped['seconds_per_round']} s a round "
        f"(median of {grouped['each_seconds']}; target < {TARGET_SECONDS:g} s; CPU "
        f"{grouped['cpu_seconds_per_round']} s), "
        f"{grouped['repeats']} repeats; the year's rounds median {grouped['year_median_seconds']} "
        f"s, max {grouped['year_max_seconds']} s, {grouped['year_repeats']} repeats"
    )
    print(
        f"  memory: RSS {grouped['rss_before_mb']} MB before, peak {grouped['rss_peak_mb']} MB "
        f"(+{grouped['rss_growth_mb']} MB); tracemalloc peak of a round "
        f"{grouped['peak_memory_mb']} MB"
    )
    for size, repeats in cycles.items():
        print(f"N = {size}, full participation: {repeats} repeats over rounds 1..{int(size) - 1}")


def _report_round(paired: dict[str, Any]) -> None:
    print(
        f"end to end on SQLite ({paired['members_stored']:,} members stored): "
        f"{paired['seconds']} s a round (median of {paired['each_seconds']}; CPU "
        f"{paired['cpu_seconds']} s; history read "
        f"{paired['history_seconds']} s, {paired['history_pairs']:,} pairs), "
        f"{paired['groups']:,} groups opened, {paired['repeats']} repeats"
    )
    print(
        f"  memory: RSS {paired['rss_before_mb']} MB before, peak {paired['rss_peak_mb']} MB "
        f"(+{paired['rss_growth_mb']} MB); tracemalloc peak of a round "
        f"{paired['peak_memory_mb']} MB"
    )


def figures_of(measured: dict[str, Any]) -> list[Figure]:
    """Return the figures of the parts measured: targets first, then the figures beside them."""
    figures: list[Figure] = []
    if "grouping" in measured:
        figures += _grouping_figures(measured["grouping"], measured["cycle_repeats"])
    if "end_to_end" in measured:
        paired = measured["end_to_end"]
        figures += [
            baseline("round end to end (SQLite)", paired["seconds"], "s", 2),
            baseline("round end to end: CPU time", paired["cpu_seconds"], "s", 2),
            baseline("round end to end: RSS growth", paired["rss_growth_mb"], "MB", 1),
            baseline("round end to end: tracemalloc peak", paired["peak_memory_mb"], "MB", 1),
        ]
    reads = measured.get("history_reads", [])
    if len(reads) >= 2:
        first, last = reads[0], reads[-1]
        growth = last["seconds"] / max(first["seconds"], 0.001)
        figures += [
            at_most(
                f"window read at {last['rounds']} over {first['rounds']} rounds",
                growth,
                TARGET_READ_GROWTH,
                "x",
                2,
            ),
            baseline(f"window read at {last['rounds']} rounds", last["seconds"], "s", 2),
        ]
    return figures


def _grouping_figures(grouped: dict[str, Any], cycles: dict[str, int]) -> list[Figure]:
    repeats = grouped["repeats"] + grouped["year_repeats"]
    cycled = ", ".join(str(n) for n in cycles.values())
    return [
        at_most(f"round of {MEMBERS:,} (grouping)", grouped["seconds_per_round"], 5, "s", 2),
        baseline("round of 10,000: CPU time", grouped["cpu_seconds_per_round"], "s", 2),
        Figure("repeats over the year and after", str(repeats), "0", repeats == 0),
        Figure(f"repeats, N = {', '.join(cycles)}", cycled, "0 each", not any(cycles.values())),
        baseline("grouping: RSS growth", grouped["rss_growth_mb"], "MB", 1),
        baseline("grouping: tracemalloc peak", grouped["peak_memory_mb"], "MB", 1),
    ]


def main() -> None:
    """Print the load, then the figures; the last line is one JSON object with them."""
    machine.print_load()
    parser = argparse.ArgumentParser(description="Buddy pairing at scale.")
    parser.add_argument("--only", choices=PARTS, action="append", help="run only this part")
    chosen = tuple(parser.parse_args().only or PARTS)
    one = len(chosen) == 1
    measured = measure_part(chosen[0]) if one else in_processes_of_their_own(chosen)
    report(measured)
    at = datetime.now(UTC).isoformat(timespec="seconds")
    emit("pairing", figures_of(measured), at=at, **measured)


if __name__ == "__main__":
    main()
