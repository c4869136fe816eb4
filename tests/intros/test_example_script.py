"""examples/intros.cohort runs end to end through `cohort console`, as a community would."""

from __future__ import annotations

from pathlib import Path

from tests.core.cli_support import REPOSITORY, json_lines, run_cohort

EXAMPLE = REPOSITORY / "examples" / "intros.cohort"


def test_the_intros_example_welcomes_posts_updates_lists_and_reminds(tmp_path: Path) -> None:
    result = run_cohort(
        tmp_path, "console", "--script", str(EXAMPLE), "--json", "--start", "2026-01-05T08:00"
    )
    assert result.returncode == 0, result.stderr
    records = json_lines(result.stdout)
    assert [r for r in records if r["kind"] == "error"] == []
    refusal = next(r for r in records if r.get("error"))
    assert refusal["text"].startswith("Unknown placeholder {name}.")
    welcomes = [r for r in records if r["kind"] == "post" and "Introduce myself" in r["buttons"]]
    assert [(w["to"], w["text"].split("!")[0]) for w in welcomes] == [
        ("#intros", "Welcome, @alice"),
        ("#intros", "Welcome, @bob"),
    ]
    assert "1. Be kind and assume good intent" in welcomes[0]["text"]
    usage = next(r for r in records if r["kind"] == "ephemeral" and "/intro <a few" in r["text"])
    assert usage["error"] is True
    [intro] = [r for r in records if r["kind"] == "post" and r["text"].startswith("👋 Meet")]
    [edit] = [r for r in records if r["kind"] == "edit"]
    assert (intro["to"], edit["target"]) == ("#intros", intro["id"])
    assert edit["text"].endswith("I'm learning Python and Go, and I love chess.")
    pending = [r["text"] for r in records if r["kind"] == "ephemeral" and "introduced" in r["text"]]
    assert pending == [
        "1 member has not introduced themselves yet (oldest first):\n"
        "- @bob, joined 2026-01-05 (today)",
        "1 member has not introduced themselves yet (oldest first):\n"
        "- @bob, joined 2026-01-05 (3 days ago)",
    ]
    [reminder] = [r for r in records if r["kind"] == "dm"]
    assert (reminder["to"], reminder["at"]) == ("@bob", "2026-01-08T08:00:00+00:00")
    assert "This is the only reminder" in reminder["text"]
