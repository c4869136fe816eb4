"""examples/weekly-topics.cohort runs end to end through `cohort console`, as a host would."""

from __future__ import annotations

from pathlib import Path

from tests.core.cli_support import REPOSITORY, json_lines, run_cohort

EXAMPLE = REPOSITORY / "examples" / "weekly-topics.cohort"


def test_the_weekly_topics_example_posts_on_time_pauses_and_approves(tmp_path: Path) -> None:
    result = run_cohort(
        tmp_path, "console", "--script", str(EXAMPLE), "--json", "--start", "2026-01-05T08:00"
    )
    assert result.returncode == 0, result.stderr
    records = json_lines(result.stdout)
    assert [r for r in records if r["kind"] == "error"] == []
    posts = [(r["at"], r["text"]) for r in records if r["kind"] == "post" and r["to"] == "#topics"]
    assert posts == [
        ("2026-01-07T18:00:00+00:00", "💬 Discussion topic: What surprised you this week?"),
        (
            "2026-01-21T18:00:00+00:00",
            "💬 Discussion topic: Share one resource that helped you this week",
        ),
    ]
    (card,) = [r for r in records if r["kind"] == "post" and r["to"] == "#hosts"]
    assert card["buttons"] == ["Approve", "Reject", "Claim"]
    (outcome,) = [r for r in records if r["kind"] == "dm" and r["to"] == "@mia"]
    assert "approved" in outcome["text"]
    reply = next(r for r in records if r["kind"] == "message" and r["author"] == "@alice")
    assert reply["to"] == "thread m10"
    assert "next 2026-01-28 18:00" in records[-1]["text"]
