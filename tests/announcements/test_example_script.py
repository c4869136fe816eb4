"""examples/announcements.cohort runs end to end through `cohort console`, as a host would."""

from __future__ import annotations

from pathlib import Path

from tests.core.cli_support import REPOSITORY, json_lines, run_cohort

EXAMPLE = REPOSITORY / "examples" / "announcements.cohort"


def test_the_announcements_example_counts_presses_and_a_host_claims_the_card(
    tmp_path: Path,
) -> None:
    result = run_cohort(
        tmp_path, "console", "--script", str(EXAMPLE), "--json", "--start", "2026-01-05T08:00"
    )
    assert result.returncode == 0, result.stderr
    records = json_lines(result.stdout)
    assert [r for r in records if r["kind"] == "error"] == []
    news = [r["text"] for r in records if r["kind"] == "post" and r["to"] == "#news"]
    assert news == [
        "📣 Announcement 1\nOffice hours move to Thursday 18:00 this week.",
        "📣 Announcement 2\nstatus of the reading group: chapter 3 is done, chapter 4 next.",
    ]
    private = [r["text"] for r in records if r["kind"] == "ephemeral"]
    assert private.count("Thanks, noted: you have read this announcement.") == 2
    assert "You already said you have read this one; it counts once." in private
    assert "Announcement 1: 2 of 3 members pressed Got it.\nNot yet: @carl" in private

    to_hosts = [r for r in records if r["kind"] == "post" and r["to"] == "#hosts"]
    first_digest = next(r["text"] for r in to_hosts if r["text"].startswith("📊"))
    lines = first_digest.splitlines()
    section = lines.index("📣 2 announcements this week:")
    assert lines[section : section + 3] == [
        "📣 2 announcements this week:",
        "• 1: 2 members pressed Got it · Office hours move to Thursday 18:00 this week.",
        "• 2: 0 members pressed Got it · status of the reading group: chapter 3 is done, "
        "chapter 4 next.",
    ]
    cards = [r for r in to_hosts if "@carl would like to talk with a host" in r["text"]]
    assert [(r["buttons"], r["at"]) for r in cards] == [
        (["Claim"], "2026-01-20T08:00:00+00:00"),
        (["Claim"], "2026-01-21T08:00:00+00:00"),
    ]
    assert cards[1]["text"].startswith("Hosts: request 1 has waited 24 hours for a host.")
    edits = [r for r in records if r["kind"] == "edit"]
    assert sorted(r["target"] for r in edits) == sorted(r["id"] for r in cards)
    assert all(r["text"].endswith("Claimed by @hugo: they will reach out.") for r in edits)
    assert all(r["buttons"] == [] for r in edits)
    told = [r["text"] for r in records if r["kind"] == "dm" and r["to"] == "@carl"]
    assert (
        told[-1] == "@hugo picked up your wish to talk with a host and will reach out to you soon."
    )
