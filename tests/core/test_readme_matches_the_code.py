"""What the README says about commands, `cohort check`, `cohort run` and the manifest is so."""

from __future__ import annotations

import re
from pathlib import Path

from adapters.slack.manifest import build_manifest
from tests.commands.registry_support import real_registry
from tests.core.cli_support import REPOSITORY, run_cohort

README = (REPOSITORY / "README.md").read_text(encoding="utf-8")
REGISTRY = real_registry()


def _row(command: str) -> str:
    """Return the README's table row for a `cohort` command."""
    found = re.search(rf"^\| `{re.escape(command)}`[^\n]*$", README, re.MULTILINE)
    assert found is not None, command
    return found.group(0)


def test_help_writes_the_schedules_as_the_readme_does() -> None:
    for path in ("topic schedule", "buddy schedule", "stats digest"):
        spec = REGISTRY.get(path)
        assert spec is not None
        assert f"`{spec.usage()}`" in README, spec.usage()
        assert spec.usage().endswith("[every <n> weeks]") or path == "stats digest"


def test_the_manifest_hints_intro_as_the_readme_writes_it() -> None:
    commands = build_manifest(REGISTRY)["features"]["slash_commands"]
    [intro] = [command for command in commands if command["command"] == "/intro"]
    assert intro["usage_hint"] == "[text] | pending"  # `/intro Hi, I'm Sam` writes it
    assert "`/intro [text]`" in README
    [guidelines] = [command for command in commands if command["command"] == "/guidelines"]
    assert guidelines["usage_hint"] == "show | set | add | remove"


def test_the_readme_says_what_check_exits_with(tmp_path: Path) -> None:
    row = _row("cohort check")
    assert "exits 1" in row
    assert "never creates" in row
    assert "2 when a setting is invalid" in row
    assert run_cohort(tmp_path, "check", COHORT_TIMEZONE="Moon/Base").returncode == 2


def test_run_without_a_token_plays_on_a_temporary_database_as_the_readme_says(
    tmp_path: Path,
) -> None:
    row = _row("cohort run` (or just `cohort")
    assert "temporary database" in row
    result = run_cohort(tmp_path, "run", stdin="@ana: hello\n")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "cohort.db").exists()  # the configured database is left alone
