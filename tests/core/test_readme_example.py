"""The README's example script is the file in examples/, and it shows what the README says."""

from __future__ import annotations

from pathlib import Path

from tests.core.cli_support import REPOSITORY, json_lines, run_cohort

EXAMPLE = REPOSITORY / "examples" / "first-steps.cohort"


def test_readme_quotes_the_example_file_verbatim() -> None:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert f"```\n{EXAMPLE.read_text(encoding='utf-8')}```" in readme


def test_example_shows_guidelines_help_a_refusal_and_a_usage_message(tmp_path: Path) -> None:
    result = run_cohort(
        tmp_path, "console", "--script", str(EXAMPLE), "--json", "--start", "2026-01-05T08:00"
    )
    assert result.returncode == 0, result.stderr
    records = json_lines(result.stdout)
    answers = [r for r in records if r["kind"] == "ephemeral" and r["to"] == "@alice"]
    texts = [answer["text"] for answer in answers]
    assert texts[0] == (
        "Community guidelines:\n1. Be kind and assume good intent\n2. Share what you learn"
    )
    assert texts[1].startswith("Commands you can use (you are a member):")
    assert "/setup" not in texts[1]
    assert texts[2] == (
        "/guidelines add needs the host level; you are a member. Nothing was changed."
    )
    assert texts[3].endswith("Usage: /profile timezone <zone>")
    assert [answer.get("error", False) for answer in answers] == [False, False, True, True, False]
    message = records[-1]
    assert message["kind"] == "message"
    assert message["at"] == "2026-01-06T08:00:00+00:00"


def test_readme_output_excerpt_matches_the_real_text_output(tmp_path: Path) -> None:
    result = run_cohort(
        tmp_path, "console", "--script", str(EXAMPLE), "--start", "2026-01-05T08:00"
    )
    assert result.returncode == 0, result.stderr
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    excerpt = readme.split("prints, among\nthe rest:\n\n```\n", 1)[1].split("```", 1)[0]
    for line in excerpt.splitlines():
        assert line in result.stdout.splitlines(), line
