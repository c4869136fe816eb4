"""examples/sessions.cohort runs end to end through `cohort console`: a weekly office hour
through two weeks, each reminder once, each week's card, and the turnout of each week; then a
date skipped ahead of time, which gets no card."""

from __future__ import annotations

from pathlib import Path

from tests.core.cli_support import REPOSITORY, json_lines, run_cohort

EXAMPLE = REPOSITORY / "examples" / "sessions.cohort"


def test_a_weekly_office_hour_through_two_weeks(tmp_path: Path) -> None:
    result = run_cohort(
        tmp_path, "console", "--script", str(EXAMPLE), "--json", "--start", "2026-01-05T08:00"
    )
    assert result.returncode == 0, result.stderr
    records = json_lines(result.stdout)
    assert [r for r in records if r["kind"] == "error"] == []
    cards = [r["text"].splitlines()[0] for r in records if r["kind"] == "post"]
    assert cards == [
        "Office hour: 2026-01-07 18:00 (UTC), for 1h (session 1).",
        "Office hour: 2026-01-14 18:00 (UTC), for 1h (session 2).",
        "Office hour: 2026-01-21 18:00 (UTC), for 1h (session 3).",
        "Office hour: 2026-02-04 18:00 (UTC), for 1h (session 5).",  # the 28th was skipped
    ]
    to_bob = [r["text"] for r in records if r["kind"] == "dm" and r["to"] == "@bob"]
    assert sum("is tomorrow" in text for text in to_bob) == 2
    assert sum("starts in 15 minutes" in text for text in to_bob) == 2
    assert sum(text == "Did you make it to Office hour?" for text in to_bob) == 2
    files = [r for r in records if r["kind"] == "file"]
    assert [(f["to"], f["name"]) for f in files] == [("@bob", "session-1.ics")]
    answers = [r["text"] for r in records if r["kind"] == "ephemeral" and "Turnout" in r["text"]]
    assert answers[0].endswith("Turnout: 1 of 1 who said Going said they made it.")
    assert answers[1].endswith("Turnout: 0 of 1 who said Going said they made it.")
