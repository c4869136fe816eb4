"""The scale benchmark's repetitions folded into medians and figures (no processes started)."""

from __future__ import annotations

from typing import Any

from benchmarks.scaling.summary import figures, fold


def run(burst: float, exactly_once: bool = True, counted: int = 100) -> dict[str, Any]:
    """One repetition's result, as `run_configuration` returns it (the fields fold reads)."""
    return {
        "processes": 2,
        "ready_s": burst / 10,
        "late_start": burst > 50,
        "schedules": 500,
        "exactly_once": exactly_once,
        "burst_s": [burst],
        "burst_occurrences_per_s": [round(500 / burst)],
        "messages_sent": 100,
        "messages_per_s": round(1000 / burst),
        "messages_counted": counted,
        "command_ms": [burst, 2 * burst],
        "problems": [f"slow {burst}"] if burst > 50 else [],
    }


def test_the_folded_result_holds_the_medians_and_every_problem() -> None:
    folded = fold([run(40.0), run(60.0), run(50.0)])
    assert folded["repetitions"] == 3
    assert folded["burst_s"] == [50.0]
    assert folded["command_ms"] == [50.0, 100.0]
    assert folded["messages_per_s"] == 20
    assert folded["schedules"] == 500
    assert folded["late_start"] is True  # one repetition started late
    assert folded["problems"] == ["slow 60.0"]


def test_exactly_once_is_met_only_when_every_repetition_posted_once() -> None:
    met = figures(fold([run(40.0), run(50.0), run(60.0)]))
    assert [figure.met for figure in met[:2]] == [True, True]
    missed = figures(fold([run(40.0), run(50.0, exactly_once=False), run(60.0, counted=99)]))
    assert (missed[0].measured, missed[0].met) == ("2/3 runs", False)
    assert (missed[1].measured, missed[1].met) == ("2/3 runs", False)
    assert missed[0].name == "2 processes: exactly one post per occurrence"
    assert all(figure.met is None for figure in missed[2:])
