"""examples/quiet-members.cohort runs end to end through `cohort console`, as a host would."""

from __future__ import annotations

from pathlib import Path

from tests.core.cli_support import REPOSITORY, json_lines, run_cohort

EXAMPLE = REPOSITORY / "examples" / "quiet-members.cohort"
BUTTONS = ["I'm fine, just reading", "Snooze 2 weeks", "Pair me with someone", "Talk to a host"]


def test_the_quiet_members_example_nudges_once_and_reports_to_hosts(tmp_path: Path) -> None:
    result = run_cohort(
        tmp_path, "console", "--script", str(EXAMPLE), "--json", "--start", "2026-01-05T08:00"
    )
    assert result.returncode == 0, result.stderr
    records = json_lines(result.stdout)
    assert [r for r in records if r["kind"] == "error"] == []
    nudges = [(r["to"], r["at"]) for r in records if r["kind"] == "dm"]
    # Carl opted out; Hana only ran commands; everyone else was quiet for 14 days by Monday 19th.
    assert sorted(nudges) == [
        ("@alice", "2026-01-19T10:00:00+00:00"),
        ("@bob", "2026-01-19T10:00:00+00:00"),
        ("@dina", "2026-01-19T10:00:00+00:00"),
    ]
    assert all(r["buttons"] == BUTTONS for r in records if r["kind"] == "dm")
    to_hosts = [r for r in records if r["kind"] == "post" and r["to"] == "#hosts"]
    digests = [r["at"] for r in to_hosts if r["text"].startswith("📊 Weekly participation digest")]
    assert digests == [
        "2026-01-05T09:00:00+00:00",
        "2026-01-12T09:00:00+00:00",
        "2026-01-19T09:00:00+00:00",
        "2026-01-26T09:00:00+00:00",
    ]
    assert any("@alice would like to talk with a host" in r["text"] for r in to_hosts)
    quiet_list = next(r for r in records if r["kind"] == "ephemeral" and "Quiet for" in r["text"])
    assert "carl: last post never · nudges off" in quiet_list["text"]
    stats = next(r for r in records if r["kind"] == "ephemeral" and "Community health" in r["text"])
    assert (
        "Unanswered posts (questions with no reply within 24 hours, 30 days): 1 of 1"
        in (stats["text"])
    )
    assert "1 reply from 1 member" in stats["text"]
    assert "answers: 1 snoozed, 1 asked for a host" in stats["text"]
