"""The composition root: one place says which platform serves a community, and only the root
reaches into `commands/` and `scheduler/`."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

from adapters.console.platform import ConsolePlatform
from adapters.console.world import ConsoleWorld
from bot.clock import VirtualClock
from bot.platform import Platforms
from bot.refs import CommunityRef

BOT = Path(__file__).resolve().parents[2] / "bot"
OUTER_LAYERS = ("commands", "scheduler", "adapters")
START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


def test_a_community_is_served_by_its_platform_once_that_platform_is_attached() -> None:
    platforms = Platforms()
    community = CommunityRef("console", "lab")
    assert platforms.for_community(community) is None
    assert not platforms.owns(community)

    console = ConsolePlatform(ConsoleWorld(VirtualClock(START)), lambda _record: None)
    platforms.add(console)

    assert platforms.for_community(community) is console
    assert platforms.for_community("console") is console  # every community of that platform
    assert platforms.owns(community)
    assert not platforms.owns(CommunityRef("slack", "T1"))
    assert platforms.names() == ["console"]


def _outer_imports(path: Path) -> list[str]:
    """Return the modules of `commands/`, `scheduler/` or `adapters/` that `path` imports."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found += [name for name in names if name.split(".")[0] in OUTER_LAYERS]
    return found


def test_only_the_composition_root_and_the_cli_reach_outside_the_core() -> None:
    reaching = {
        str(path.relative_to(BOT)): _outer_imports(path)
        for path in sorted(BOT.rglob("*.py"))
        if _outer_imports(path)
    }
    # The root builds the registry, router and scheduler; the CLI starts adapters by name.
    assert set(reaching) <= {"app.py", "cli.py"}
    assert all(name.startswith("adapters.") for name in reaching.get("cli.py", []))
