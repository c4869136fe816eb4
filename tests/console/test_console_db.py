"""`cohort console --db` across runs: the whole community is kept, logs stay out of the way.

Each run is the real `cohort console` in a subprocess, on one SQLite file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.console.test_cli_console import console, records, script
from tests.core.cli_support import cohort_environment, run_cohort

START = "2026-01-05T08:00"


def run(workdir: Path, state: Path, text: str, *arguments: str) -> list[dict[str, Any]]:
    """Run `text` with `--db state --json`; return the records."""
    path = script(workdir, text, name=f"{len(list(workdir.glob('*.cohort')))}.cohort")
    output = console(workdir, "--script", path, "--json", "--db", str(state), *arguments)
    return records(output.stdout)


def test_db_keeps_levels_between_runs(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    run(tmp_path, state, "@hana is host\n@mia is moderator\n", "--start", START)
    second = run(tmp_path, state, "@hana: /topic list\n@mia: /mod cases\n", "--start", START)
    topics, cases = [r for r in second if r["kind"] == "ephemeral"]
    assert not topics.get("error"), topics["text"]
    assert cases["text"] == "No cases yet."


def test_db_keeps_messages_their_ids_and_their_buttons(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    first = run(
        tmp_path,
        state,
        "@hana is admin\n@hana: /setup channel hosts #hosts\n@alice: /topic suggest Tools?\n",
        "--start",
        START,
    )
    [card] = [r for r in first if r["kind"] == "post" and r["to"] == "#hosts"]
    second = run(
        tmp_path, state, f'@hana presses "Approve" on {card["id"]}\n@alice: hi\n', "--start", START
    )
    approved = [r for r in second if r["kind"] == "ephemeral"]
    assert approved, second
    assert not approved[0].get("error"), approved[0]["text"]
    [hello] = [r for r in second if r["kind"] == "message"]
    assert int(hello["id"][1:]) > max(int(r["id"][1:]) for r in first if "id" in r)


def test_db_keeps_a_ban(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    run(tmp_path, state, "@mia is moderator\n@carl joins\n@mia: /mod ban @carl spam\n")
    [error] = [r for r in run(tmp_path, state, "@carl joins\n") if r["kind"] == "error"]
    assert "banned" in error["text"]


SCHEDULE = """\
@hana is admin
@hana: /topic schedule #general mon 09:00
"""


def test_a_missed_post_is_told_once_in_the_hosts_channel(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    run(tmp_path, state, SCHEDULE + "@hana: /setup channel hosts #hosts\n", "--start", START)
    later = run_cohort(
        tmp_path, "console", "--json", "--db", str(state), "--start", "2026-01-20T08:00"
    )
    assert later.returncode == 0, later.stderr
    told = [r for r in records(later.stdout) if "was missed" in r.get("text", "")]
    assert [r["to"] for r in told] == ["#hosts"]
    assert "was missed" not in later.stderr


def test_a_missed_post_without_a_hosts_channel_is_logged_once(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    run(tmp_path, state, SCHEDULE, "--start", START)
    later = run_cohort(
        tmp_path, "console", "--json", "--db", str(state), "--start", "2026-01-20T08:00"
    )
    assert later.returncode == 0, later.stderr
    assert "was missed" not in later.stdout
    assert later.stderr.count("was missed") == 1, later.stderr


def test_log_lines_go_to_stderr_after_the_transcript_of_their_line(tmp_path: Path) -> None:
    # Two weeks on, the nudge sweep logs what it does while the `time` line runs.
    text = "@alice joins\ntime +15d\n@bob: thanks\n"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--start", START],
        input=text,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # one stream, as a terminal shows them
        text=True,
        check=True,
        timeout=120,
        cwd=tmp_path,
        env=cohort_environment(tmp_path),
    )
    lines = result.stdout.splitlines()
    logged = [number for number, line in enumerate(lines) if " INFO " in line]
    assert logged, lines
    time = next(n for n, line in enumerate(lines) if line.startswith("time 2026-01-20"))
    thanks = lines.index("m4 #general @bob: thanks")
    # Together, after everything the `time` line printed, before the next line's echo.
    assert time < min(logged), lines
    assert logged == list(range(thanks - len(logged), thanks)), lines
