"""The web dashboard's figures (issue 24): the participation chart, and (to come) the overview.

- chart: a community of 10,000 members after a year of activity on SQLite; the chart's data
  read and its PNG drawing timed apart (`benchmarks/dashboard_parts/chart.py`). Target: read
  and draw under 500 ms (the p95s added).
- overview: the dashboard's Overview page over HTTP, signed in, for the same size of community
  (`benchmarks/dashboard_parts/overview.py`), and its SVG chart route. Target: p95 < 300 ms.

Each part on a SQLite file of its own, in a process of its own. The machine's load is printed
first; the last line is one JSON object with the figures. Figures, not tests.

    python3 dev.py bench dashboard      (or: python -m benchmarks.dashboard)
    python -m benchmarks.dashboard --only chart   (or --only overview)
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.dashboard_parts import chart, overview
from benchmarks.support import machine
from benchmarks.support.apart import measured_apart
from benchmarks.support.report import Figure, at_most, baseline, emit

PARTS: dict[str, Callable[[Path], Awaitable[dict[str, Any]]]] = {
    "chart": lambda directory: chart.measure(directory / "chart.db"),
    "overview": lambda directory: overview.measure(directory / "overview.db"),
}
"""Each part: how it measures, on a database in the directory it is given; a part adds its
entry here, a line in `report` and its figures in `figures_of`."""


async def measure(directory: Path, parts: tuple[str, ...]) -> dict[str, Any]:
    """Run the parts, each on its own database in `directory`."""
    figures = {part: await PARTS[part](directory) for part in parts}
    return {"at": datetime.now(UTC).isoformat(timespec="seconds"), **figures,
            "database": "sqlite file"}  # fmt: skip


def report(figures: dict[str, Any]) -> None:
    """Print the figures of the parts measured."""
    if "chart" in figures:
        drawn = figures["chart"]
        read, draw = drawn["read"], drawn["draw"]
        print(
            f"chart of {drawn['members']:,} members after {drawn['days']} days "
            f"({drawn['weeks_drawn']} weeks drawn, PNG {drawn['png_bytes']:,} bytes), medians "
            f"of {drawn['repetitions']} repetitions of {drawn['runs']} runs: data read "
            f"{read['median_ms']} ms (p95 {read['p95_ms']}), drawing {draw['median_ms']} ms "
            f"(p95 {draw['p95_ms']}); together p95 {drawn['total_p95_ms']} ms; "
            f"target < {drawn['target_ms']:g} ms"
        )
    if "overview" in figures:
        shown = figures["overview"]
        print(
            f"overview of {shown['members']:,} members and {shown['days_of_activity']} days of "
            f"activity, {shown['repetitions']} x {shown['runs']} GETs: median "
            f"{shown['median_ms']} ms, p95 {shown['p95_ms']} ms (each {shown['p95_each_ms']}); "
            f"the SVG chart {shown['chart_svg_median_ms']} ms median; the page's reads alone "
            f"(no HTTP, no template) {shown['reads_alone_median_ms']} ms median; target p95 < "
            f"{shown['target_p95_ms']:g} ms (seeded in {shown['seed_seconds']} s)"
        )


def figures_of(measured: dict[str, Any]) -> list[Figure]:
    """Return the figures of the parts measured, each target first, then its parts."""
    figures: list[Figure] = []
    if "chart" in measured:
        drawn = measured["chart"]
        figures += [
            at_most("chart PNG, read + draw p95", drawn["total_p95_ms"], drawn["target_ms"], "ms"),
            baseline("chart data read p95", drawn["read"]["p95_ms"], "ms", 1),
            baseline("chart drawing p95", drawn["draw"]["p95_ms"], "ms", 1),
        ]
    if "overview" in measured:
        shown = measured["overview"]
        figures += [
            at_most("overview p95", shown["p95_ms"], shown["target_p95_ms"], "ms"),
            baseline("overview median", shown["median_ms"], "ms", 1),
            baseline("overview chart SVG median", shown["chart_svg_median_ms"], "ms", 1),
            baseline("overview's reads alone, median", shown["reads_alone_median_ms"], "ms", 1),
        ]
    return figures


def main() -> None:
    """Print the load, then the figures; the last line is one JSON object with them."""
    machine.print_load()
    parser = argparse.ArgumentParser(description="The web dashboard's figures (issue 24).")
    parser.add_argument("--only", choices=sorted(PARTS), action="append", help="only this part")
    chosen = tuple(parser.parse_args().only or PARTS)
    if len(chosen) == 1:
        with tempfile.TemporaryDirectory(prefix="cohort-bench-") as scratch:
            figures = asyncio.run(measure(Path(scratch), chosen))
    else:
        figures = in_processes_of_their_own(chosen)
    report(figures)
    emit("dashboard", figures_of(figures), **figures)


def in_processes_of_their_own(parts: tuple[str, ...]) -> dict[str, Any]:
    """Run each part in a fresh process, so one part's app does not weigh on the next."""
    figures: dict[str, Any] = {}
    for part, measured in measured_apart("benchmarks.dashboard", parts):
        figures = {"at": measured["at"], "database": measured["database"], **figures,
                   part: measured[part]}  # fmt: skip
    return figures


if __name__ == "__main__":
    main()
