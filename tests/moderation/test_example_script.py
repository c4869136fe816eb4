"""examples/moderation.cohort runs end to end through `cohort console`, as a moderator would."""

from __future__ import annotations

from pathlib import Path

from tests.core.cli_support import REPOSITORY, json_lines, run_cohort

EXAMPLE = REPOSITORY / "examples" / "moderation.cohort"


def test_the_moderation_example_reports_warns_escalates_and_expires(tmp_path: Path) -> None:
    result = run_cohort(
        tmp_path, "console", "--script", str(EXAMPLE), "--json", "--start", "2026-01-05T08:00"
    )
    assert result.returncode == 0, result.stderr
    records = json_lines(result.stdout)
    assert [r for r in records if r["kind"] == "error"] == []
    [card] = [r for r in records if r["kind"] == "post" and r["to"] == "#modqueue"]
    assert card["buttons"] == ["Dismiss", "Delete", "Warn", "Timeout 1h", "Kick", "Ban"]
    log = [r["text"] for r in records if r["kind"] == "post" and r["to"] == "#modlog"]
    assert log == [
        "Case 1: warned @carl",
        "Case 2: warned @carl",
        "Case 3: warned @carl",
        "Case 4: timed out @carl",
    ]
    [timeout] = [r for r in records if r["kind"] == "timeout"]
    assert (timeout["target"], timeout["duration"]) == ("@carl", "1d")
    [reviewed] = [r for r in records if r["kind"] == "dm" and r["to"] == "@bob"]
    assert "reviewed the message you reported" in reviewed["text"]
    refusals = [r["text"] for r in records if r.get("error")]
    assert refusals == [
        "You cannot moderate yourself. Nothing was done.",
        "@hana is an admin, and you are a moderator: moderators can act only on members below "
        "their own level. Nothing was done.",
    ]
    first, last = [
        r["text"]
        for r in records
        if r["kind"] == "ephemeral" and r["text"].startswith("Your moderation record")
    ]
    assert first.startswith("Your moderation record (3 active warnings")
    assert last.startswith("Your moderation record (0 active warnings")
