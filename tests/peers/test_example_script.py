"""examples/peers.cohort runs end to end through `cohort console`, as a community would."""

from __future__ import annotations

from pathlib import Path

from tests.core.cli_support import REPOSITORY, json_lines, run_cohort

EXAMPLE = REPOSITORY / "examples" / "peers.cohort"


def test_the_peers_example_finds_greets_thanks_and_forgets(tmp_path: Path) -> None:
    result = run_cohort(
        tmp_path, "console", "--script", str(EXAMPLE), "--json", "--start", "2026-01-05T08:00"
    )
    assert result.returncode == 0, result.stderr
    records = json_lines(result.stdout)
    assert [r for r in records if r["kind"] == "error"] == []
    private = [r["text"] for r in records if r["kind"] == "ephemeral"]
    assert any(text.startswith("You are not findable yet") for text in private)
    found = [
        r for r in records if r["kind"] == "ephemeral" and r["text"].startswith("Findable members")
    ]
    assert [r["buttons"] for r in found] == [["👋 alice"], ["👋 alice"]]
    assert all("@bob" not in r["text"] for r in found)  # Kolkata is 5.5 hours from London
    [group] = [r for r in records if r["kind"] == "group"]
    assert group["to"] == ["@alice", "@cai"]
    assert "You both like chess" in group["text"]
    assert any("said hello in the last 30 days" in text for text in private)
    [note] = [r for r in records if r["kind"] == "dm" and "thanked you" in r["text"]]
    assert note["to"] == "@bob"
    assert note["text"].startswith("🙏 @alice thanked you in #general: “for explaining")
    assert any(text.endswith("that thanks counts once.") for text in private)
    [weekly] = [r for r in records if r["kind"] == "post" and r["text"].startswith("🙏")]
    assert (weekly["to"], weekly["at"]) == ("#general", "2026-01-09T16:00:00+00:00")
    assert "@bob" in weekly["text"]
    assert not any(ch.isdigit() for ch in weekly["text"])  # names, never counts
    digests = [r["text"] for r in records if r["kind"] == "post" and r["to"] == "#hosts"]
    assert "• Thanks in 7 days: 1 given, 1 received; 1 member thanked at least once" in (digests[0])
    assert "• Answered topics but never thanked: @cai" in digests[0]
    assert private[-1].startswith("Nobody findable within three hours of you likes python")
