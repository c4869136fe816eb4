"""examples/cohorts.cohort runs end to end through `cohort console`: two cohorts through the
three weeks of their term, each with its own topics (pins posted in their week), buddy rounds
among its own members and figures per week; nothing is posted once the term is over."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.core.cli_support import REPOSITORY, json_lines, run_cohort

EXAMPLE = REPOSITORY / "examples" / "cohorts.cohort"
FALL = {"@alice", "@bob", "@carl"}
SPRING = {"@carl", "@dina", "@erin"}


def _run(tmp_path: Path) -> list[dict[str, Any]]:
    result = run_cohort(
        tmp_path, "console", "--script", str(EXAMPLE), "--json", "--start", "2026-01-05T08:00"
    )
    assert result.returncode == 0, result.stderr
    records = json_lines(result.stdout)
    assert [r for r in records if r["kind"] == "error"] == []
    return records


def _posts(records: list[dict[str, Any]], channel: str) -> list[tuple[str, str]]:
    return [
        (r["at"][:10], r["text"]) for r in records if r["kind"] == "post" and r["to"] == channel
    ]


def _answer(records: list[dict[str, Any]], command: str) -> str:
    asked = next(
        n for n, r in enumerate(records) if r["kind"] == "command" and r["text"] == command
    )
    return str(records[asked + 1]["text"])


def test_each_cohort_posts_its_own_weeks_topics_and_pins_in_their_week(tmp_path: Path) -> None:
    records = _run(tmp_path)
    assert _posts(records, "#fall") == [
        ("2026-01-12", "Week 1\n💬 Discussion topic: What brought you to this course?"),
        ("2026-01-19", "Week 2\n💬 Discussion topic: How did this week's exercise go?"),
        ("2026-01-26", "Week 3\n💬 Discussion topic: What will you build next?"),
    ]
    assert _posts(records, "#spring") == [
        ("2026-01-13", "Week 1\n💬 Discussion topic: What are you stuck on?"),
        ("2026-01-20", "Week 2\n💬 Discussion topic: Which chapter surprised you?"),
        ("2026-01-27", "Week 3\n💬 Discussion topic: Share a resource that helped you"),
    ]  # nothing in the week of 2026-02-02: the term is over


def test_each_cohorts_buddy_rounds_pair_only_its_own_members(tmp_path: Path) -> None:
    records = _run(tmp_path)
    rounds = [r for r in records if r["kind"] == "group" and "Meet your buddies" in r["text"]]
    fall = [r for r in rounds if "fall cohort" in r["text"]]
    spring = [r for r in rounds if "spring cohort" in r["text"]]
    assert len(fall) == 3
    assert len(spring) == 3  # one round a week of the term each, paused after it
    assert all(set(r["to"]) <= FALL for r in fall)
    assert all(set(r["to"]) <= SPRING for r in spring)


def test_the_hosts_see_each_cohorts_weeks_and_plan(tmp_path: Path) -> None:
    records = _run(tmp_path)
    plan = _answer(records, "/topic plan").splitlines()
    assert plan[0] == "fall cohort: Term plan: 3 weeks from 2026-01-12 to 2026-02-01, times in UTC."
    assert "What brought you to this course? (pinned)" in plan[2]
    fall = _answer(records, "/stats").splitlines()
    assert fall[:3] == [
        "fall cohort: 📊 Cohort health",
        "• Now: Week 2 of 3",
        "• Week 1: 1 topic post, 2 replies from 2 members; 2 members active, 2 messages",
    ]
    listing = records[-1]["text"]
    assert listing == "Cohorts:\nfall (#fall): 3 members\nspring (#spring): 3 members"
