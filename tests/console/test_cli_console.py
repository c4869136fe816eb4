"""`cohort console` end to end, as a subprocess: scripts, standard input, --db, text and JSON."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from tests.core.cli_support import json_lines, run_cohort

START = "2026-01-05T08:00"
FIRST_DAY = "2026-01-05T08:00:00+00:00"
SECOND_DAY = "2026-01-06T08:00:00+00:00"

DEMO = """\
# First steps: guidelines, help, a refusal, a usage message and a line that is not understood.
@hana is admin
@hana: /guidelines set Be kind and assume good intent
@hana: /guidelines add Share what you learn
@alice joins
@alice: /guidelines
@alice: /help
@alice: /guidelines add Anything goes
@alice: /profile timezone Mars/Olympus
@alice waves hello
@alice: /profile timezone Europe/Berlin
time +1d
@alice: hello everyone, I'm new here
"""


def console(workdir: Path, *arguments: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run `cohort console ARGUMENTS` in `workdir`, where no .env can reach it; it must succeed."""
    result = run_cohort(workdir, "console", *arguments, stdin=stdin)
    assert result.returncode == 0, result.stderr
    return result


def script(workdir: Path, text: str, name: str = "script.cohort") -> str:
    path = workdir / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def records(output: str) -> list[dict[str, Any]]:
    """Parse the output: every line must be one JSON object."""
    assert all(line.strip() for line in output.splitlines()), output
    return json_lines(output)


def run_json(workdir: Path, text: str, *arguments: str) -> list[dict[str, Any]]:
    path = script(workdir, text)
    return records(
        console(workdir, "--script", path, "--json", "--start", START, *arguments).stdout
    )


def test_the_demo_shows_guidelines_help_a_refusal_a_usage_message_and_goes_on(
    tmp_path: Path,
) -> None:
    output = run_json(tmp_path, DEMO)
    answers = [r for r in output if r["kind"] == "ephemeral" and r["to"] == "@alice"]
    assert [answer["id"] for answer in answers] == ["m4", "m5", "m6", "m7", "m8"]
    [welcome] = [r for r in output if r["kind"] == "dm"]
    assert (welcome["id"], welcome["to"]) == ("m3", "@alice")  # no intros channel: a DM
    assert welcome["text"].startswith("Welcome, @alice!")
    assert welcome["buttons"] == ["Introduce myself"]
    guidelines, help_text, refusal, usage, accepted = answers
    assert guidelines["text"] == (
        "Community guidelines:\n1. Be kind and assume good intent\n2. Share what you learn"
    )
    assert help_text["text"].startswith("Commands you can use (you are a member):")
    assert "/guidelines — " in help_text["text"]
    assert "/setup" not in help_text["text"]
    assert refusal["text"] == (
        "/guidelines add needs the host level; you are a member. Nothing was changed."
    )
    assert usage["text"].endswith("Usage: /profile timezone <zone>")
    assert accepted["text"] == "Your time zone is now Europe/Berlin."
    assert [answer.get("error", False) for answer in answers] == [False, False, True, True, False]
    assert all(answer["buttons"] == [] for answer in answers)

    [error] = [r for r in output if r["kind"] == "error"]
    assert error["line"] == 10
    assert error["text"].startswith("I don't understand '@alice waves hello'.")
    # The run went on after the error: the next line was answered, the last one echoed.
    assert output.index(error) < output.index(accepted)
    assert output[-1] == {
        "kind": "message",
        "id": "m9",
        "author": "@alice",
        "to": "#general",
        "text": "hello everyone, I'm new here",
        "at": SECOND_DAY,
    }


def test_every_member_line_is_echoed_before_the_answer(tmp_path: Path) -> None:
    output = run_json(tmp_path, DEMO)
    kinds = [r["kind"] for r in output]
    assert kinds == [
        "level",
        "command",
        "ephemeral",
        "command",
        "ephemeral",
        "join",
        "dm",
        "command",
        "ephemeral",
        "command",
        "ephemeral",
        "command",
        "ephemeral",
        "command",
        "ephemeral",
        "error",
        "command",
        "ephemeral",
        "time",
        "message",
    ]
    commands = [r for r in output if r["kind"] == "command"]
    assert commands[0] == {
        "kind": "command",
        "author": "@hana",
        "to": "#general",
        "text": "/guidelines set Be kind and assume good intent",
        "at": FIRST_DAY,
    }


def test_at_follows_start_and_time(tmp_path: Path) -> None:
    output = run_json(tmp_path, DEMO)
    moved = next(i for i, r in enumerate(output) if r["kind"] == "time")
    assert {r["at"] for r in output[:moved]} == {FIRST_DAY}
    assert {r["at"] for r in output[moved:]} == {SECOND_DAY}


def test_standard_input_gives_the_same_output_as_a_script(tmp_path: Path) -> None:
    from_script = console(
        tmp_path, "--script", script(tmp_path, DEMO), "--json", "--start", START
    ).stdout
    (tmp_path / "second").mkdir()
    from_stdin = console(tmp_path / "second", "--json", "--start", START, stdin=DEMO).stdout
    assert from_stdin == from_script
    assert len(from_stdin.splitlines()) == 20


def test_db_keeps_the_community_between_runs(tmp_path: Path) -> None:
    state = str(tmp_path / "community.db")
    first = script(tmp_path, "@hana is host\n@hana: /guidelines set Ask good questions\n", "1")
    second = script(tmp_path, "@alice: /guidelines\n", "2")
    console(tmp_path, "--script", first, "--json", "--start", START, "--db", state)
    kept = records(
        console(tmp_path, "--script", second, "--json", "--start", START, "--db", state).stdout
    )
    assert kept[-1]["text"] == "Community guidelines:\n1. Ask good questions"
    # Without --db each run starts from an empty, temporary community.
    fresh = records(console(tmp_path, "--script", second, "--json", "--start", START).stdout)
    assert fresh[-1]["text"].startswith("This community has no written guidelines yet.")


def test_text_mode_prefixes_each_line_with_where_it_went(tmp_path: Path) -> None:
    text = """\
@alice: hello everyone
@alice: /guidelines
@alice joins
@alice dm: thanks
@alice presses "Nope"
time +1d
@alice in #intros: Hi, I'm Alice
"""
    output = console(
        tmp_path, "--script", script(tmp_path, text), "--start", START
    ).stdout.splitlines()
    assert output == [
        "m1 #general @alice: hello everyone",
        "#general @alice: /guidelines",
        "m2 ephemeral @alice: This community has no written guidelines yet. "
        "Hosts can add them with /guidelines add <rule>.",
        "@alice joins",
        "m3 dm @alice: Welcome, @alice! 👋 We're glad you're here.",
        "    When you're ready, introduce yourself with /intro: what you're learning, your goals, "
        "and what you enjoy. [Introduce myself]",
        "m4 dm @bot @alice: thanks",
        "error line 5: @alice sees no message with a button 'Nope'.",
        "time 2026-01-06 08:00 UTC (Tue)",
        "m5 #intros @alice: Hi, I'm Alice",
    ]


def test_a_missing_script_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cohort(tmp_path, "console", "--script", "nowhere.cohort", "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == ["cohort: --script nowhere.cohort: no such file"]


def test_an_unreadable_start_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cohort(tmp_path, "console", "--start", "next monday", stdin="@alice: hi\n")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "cohort: --start 'next monday': write it like 2026-01-05T08:00"
    ]


def test_start_is_read_in_the_community_time_zone_kept_in_the_db(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    setup = tmp_path / "setup.cohort"
    setup.write_text("@hana is admin\n@hana: /setup timezone Europe/Berlin\n")
    first = run_cohort(tmp_path, "console", "--db", str(state), "--script", str(setup))
    assert first.returncode == 0, first.stderr
    second = run_cohort(
        tmp_path,
        "console",
        "--db",
        str(state),
        "--json",
        "--start",
        "2026-01-05T08:00",
        stdin="@ana: hello\n",
    )
    assert second.returncode == 0, second.stderr
    message = json_lines(second.stdout)[-1]
    assert message["kind"] == "message"
    assert message["at"] == "2026-01-05T08:00:00+01:00"
