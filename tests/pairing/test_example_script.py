"""examples/buddy-pairing.cohort runs end to end through `cohort console`, as a host would."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from tests.core.cli_support import REPOSITORY, json_lines, run_cohort

EXAMPLE = REPOSITORY / "examples" / "buddy-pairing.cohort"
EVERYONE = ["@alice", "@bob", "@carl", "@dana", "@erin"]


def test_the_buddy_pairing_example_groups_checks_in_and_counts_meetings(tmp_path: Path) -> None:
    result = run_cohort(
        tmp_path, "console", "--script", str(EXAMPLE), "--json", "--start", "2026-01-05T08:00"
    )
    assert result.returncode == 0, result.stderr
    records = json_lines(result.stdout)
    assert [r for r in records if r["kind"] == "error"] == []
    rounds: dict[str, list[list[str]]] = {}
    for record in records:
        if record["kind"] == "group" and "Meet your buddies" in record["text"]:
            rounds.setdefault(record["at"], []).append(record["to"])
    first, second = (rounds[at] for at in sorted(rounds))
    assert sorted(at[:16] for at in rounds) == ["2026-01-05T09:00", "2026-01-12T09:00"]
    assert sorted(name for group in first for name in group) == EVERYONE
    assert sorted(len(group) for group in first) == [2, 3]
    assert sorted(name for group in second for name in group) == EVERYONE[:4]  # erin paused
    met_before = {pair for group in first for pair in combinations(sorted(group), 2)}
    assert not met_before & {pair for group in second for pair in combinations(sorted(group), 2)}
    checkins = [r for r in records if r["kind"] == "group" and "check-in" in r["text"]]
    assert {r["at"][:16] for r in checkins} == {"2026-01-08T21:00"}
    assert checkins[0]["buttons"] == ["We met", "Not yet", "Skip"]
    assert "2 rounds, 4 groups; 1 of 2 checked-in groups met (50%)" in records[-1]["text"]
