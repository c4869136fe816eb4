"""The benchmarks' shared reporting: figures judged against their targets, the one JSON line
`dev.py bench` reads, and the table it prints from them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.support.machine import load_line
from benchmarks.support.repeat import median, percentile, repeated
from benchmarks.support.report import Figure, at_least, at_most, baseline, emit

ROOT = Path(__file__).resolve().parents[2]


def test_a_ceiling_is_met_only_below_it() -> None:
    assert at_most("p99", 4.9, 5, "ms").met is True
    assert at_most("p99", 5.0, 5, "ms").met is False
    assert at_most("p99", 4.94, 5, "ms").target == "< 5 ms"


def test_a_floor_is_met_at_or_above_it() -> None:
    assert at_least("rate", 50_000, 50_000, "events/s").met is True
    figure = at_least("rate", 49_999, 50_000, "events/s")
    assert (figure.met, figure.measured, figure.target) == (
        False,
        "49,999 events/s",
        ">= 50,000 events/s",
    )
    assert baseline("hand-written", 1, "events/s").met is None


def test_median_and_percentile_take_the_middle_and_the_nearest_rank() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0
    values = sorted(float(n) for n in range(1, 101))
    assert percentile(values, 0.99) == 99.0
    assert percentile(values, 0.5) == 50.0
    with pytest.raises(ValueError, match="no values"):
        median([])


def test_repetitions_are_at_least_three() -> None:
    assert repeated(lambda n: n, times=1) == [0, 1, 2]
    assert repeated(lambda n: n * 2, times=4) == [0, 2, 4, 6]


def test_the_load_line_names_the_cores() -> None:
    assert load_line().startswith("machine: ")
    assert "cores" in load_line()


def test_the_last_line_carries_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    emit("demo", [at_most("p99", 7.5, 5, "ms"), baseline("raw", 10, "rows/s")], runs=3)
    lines = capsys.readouterr().out.splitlines()
    assert "p99: 7.5 ms  (target < 5 ms: MISSED)" in lines[0]
    record = json.loads(lines[-1])
    assert record["benchmark"] == "demo"
    assert record["runs"] == 3
    assert next(Figure(**f) for f in record["figures"]).met is False


def test_dev_bench_prints_one_table_of_the_figures() -> None:
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import dev;"
        "dev.print_table([('ingest', [{'name': 'rate', 'measured': '9 events/s',"
        " 'target': '>= 50,000 events/s', 'met': False}]), ('quiet', [{'name': 'median',"
        " 'measured': '0.2 s', 'target': '< 1 s', 'met': True}])])"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(ROOT)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in out.strip().splitlines()]
    assert rows[0] == ["benchmark", "figure", "measured", "target"]
    assert rows[1][0] == "ingest"
    assert rows[1][-1] == "MISSED"
    assert rows[2][0] == "quiet"
    assert rows[2][-1] == "met"
