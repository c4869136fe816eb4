"""The scale benchmark's repetitions of one process count, folded into one result and figures.

Each repetition runs on a fresh database and a fresh fake; the folded result holds the median
of every measured number (element by element for the per-minute bursts), and says exactly once
only when every repetition posted exactly once.
"""

from __future__ import annotations

from typing import Any

from benchmarks.support.repeat import median
from benchmarks.support.report import Figure, baseline

COUNTS_OF_EVERY_RUN = ("schedules", "messages_sent", "commands_sent", "processes")


def fold(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Return one result from the repetitions of one process count: medians of the figures."""
    first = runs[0]
    folded: dict[str, Any] = {"repetitions": len(runs)}
    for key, value in first.items():
        values = [run[key] for run in runs]
        if key in COUNTS_OF_EVERY_RUN:
            folded[key] = value
        elif isinstance(value, bool):  # exactly once in all of them; started late in any
            folded[key] = any(values) if key == "late_start" else all(values)
        elif isinstance(value, int | float):
            folded[key] = _rounded(median([float(v) for v in values]), value)
        elif key == "problems":
            folded[key] = [problem for run in runs for problem in run[key]]
        else:
            folded[key] = _elementwise(values)
    folded["exactly_once_runs"] = sum(1 for run in runs if run["exactly_once"])
    folded["all_counted_runs"] = sum(1 for run in runs if _all_counted(run))
    return folded


def _all_counted(run: dict[str, Any]) -> bool:
    return bool(run["messages_counted"] >= run["messages_sent"])


def _rounded(value: float, like: int | float) -> int | float:
    return round(value) if isinstance(like, int) else round(value, 1)


def _elementwise(values: list[list[Any]]) -> list[Any]:
    """The median of each position over the lists (positions some runs lack are left out)."""
    shortest = min(len(each) for each in values)
    return [round(median([float(each[at] or 0) for each in values]), 1) for at in range(shortest)]


def figures(folded: dict[str, Any]) -> list[Figure]:
    """Return one process count's figures: the targets every repetition must meet, then the
    medians beside them (no scaling target on two cores)."""
    count, runs = folded["processes"], folded["repetitions"]
    label = f"{count} process{'es' if count > 1 else ''}"
    bursts = folded["burst_s"]
    return [
        Figure(
            f"{label}: exactly one post per occurrence",
            f"{folded['exactly_once_runs']}/{runs} runs",
            "every run",
            folded["exactly_once_runs"] == runs,
        ),
        Figure(
            f"{label}: every message counted",
            f"{folded['all_counted_runs']}/{runs} runs",
            "every run",
            folded["all_counted_runs"] == runs,
        ),
        baseline(f"{label}: last post after due (median)", max(bursts, default=0.0), "s", 1),
        baseline(f"{label}: messages acknowledged (median)", folded["messages_per_s"], "/s"),
        baseline(f"{label}: command latency p99 (median)", folded["command_ms"][1], "ms"),
    ]
