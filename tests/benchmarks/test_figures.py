"""The pairing and cohorts benchmarks' figures, made from what their parts measured."""

from __future__ import annotations

from typing import Any

from benchmarks import cohorts, pairing


def grouping(seconds: float, repeats: int = 0) -> dict[str, Any]:
    """What the pairing benchmark's grouping part measures (the fields its figures read)."""
    return {
        "seconds_per_round": seconds,
        "cpu_seconds_per_round": seconds / 2,
        "repeats": repeats,
        "year_repeats": 0,
        "rss_growth_mb": 2.5,
        "peak_memory_mb": 3.0,
    }


def read(rounds: int, seconds: float) -> dict[str, Any]:
    """One history read's figures at `rounds` rounds."""
    return {"rounds": rounds, "seconds": seconds}


def test_pairing_meets_its_targets_only_when_fast_and_without_repeats() -> None:
    measured = {
        "grouping": grouping(0.3),
        "cycle_repeats": {"10": 0, "20": 0, "50": 0},
        "history_reads": [read(52, 0.3), read(260, 0.33)],
    }
    verdicts = {f.name: f.met for f in pairing.figures_of(measured) if f.met is not None}
    assert verdicts == {
        "round of 10,000 (grouping)": True,
        "repeats over the year and after": True,
        "repeats, N = 10, 20, 50": True,
        "window read at 260 over 52 rounds": True,
    }
    slow = {
        "grouping": grouping(5.2, repeats=3),
        "cycle_repeats": {"10": 0, "20": 1, "50": 0},
        "history_reads": [read(52, 0.3), read(260, 1.8)],
    }
    assert [f.met for f in pairing.figures_of(slow) if f.met is not None] == [False] * 4


def test_pairing_reports_only_the_parts_that_ran() -> None:
    paired = {
        "seconds": 1.9,
        "cpu_seconds": 1.7,
        "rss_growth_mb": 55.0,
        "peak_memory_mb": 41.0,
    }
    figures = pairing.figures_of({"end_to_end": paired})
    assert [f.name for f in figures] == [
        "round end to end (SQLite)",
        "round end to end: CPU time",
        "round end to end: RSS growth",
        "round end to end: tracemalloc peak",
    ]
    assert all(f.met is None for f in figures)


def test_cohorts_figures_hold_each_target_beside_its_baselines() -> None:
    measured = {
        "stats": {
            "p99_ms": 52.0,
            "median_ms": 31.0,
            "target_p99_ms": 50.0,
            "bound_ids": {"p99_ms": 63.0},
            "community": {"p99_ms": 36.0},
        },
        "round": {
            "seconds": 1.0,
            "target_seconds": 1.5,
            "history_seconds": 0.29,
            "every_pair_seconds": 1.13,
        },
    }
    figures = cohorts.figures_of(measured)
    verdicts = {f.name: f.met for f in figures if f.met is not None}
    assert verdicts == {"cohort /stats p99": False, "cohort round of 10,000": True}
    assert len(figures) == 7


def test_a_parts_line_gives_only_what_it_measured() -> None:
    line = (
        '{"benchmark": "pairing", "at": "2026-12-06T19:00:00+00:00", "end_to_end": {"seconds": 1},'
        ' "figures": [{"name": "round", "measured": "1 s", "target": "", "met": null}]}'
    )
    assert pairing.measured_by_part(line) == {"end_to_end": {"seconds": 1}}
