"""The adapters' port and the core's settings stay narrow: what they import, and who they serve."""

from __future__ import annotations

import ast
from pathlib import Path

import adapters
from adapters.discord.settings import DiscordSettings
from adapters.slack.settings import SlackSettings
from bot.settings import PlatformSettings

REPOSITORY = Path(__file__).resolve().parents[2]
FEATURES = ("topics", "intros", "pairing", "moderation", "automod", "participation")


def imported_modules(path: Path) -> set[str]:
    """Return every module `path` imports, type-checking-only imports included."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_core_settings_and_the_port_import_no_feature_command_or_adapter() -> None:
    for name in ("bot/settings.py", "bot/port.py"):
        for module in imported_modules(REPOSITORY / name):
            top, _, rest = module.partition(".")
            assert top not in ("commands", "adapters", "scheduler"), (name, module)
            assert not (top == "bot" and rest.split(".")[0] in FEATURES), (name, module)


def test_adapters_reach_the_core_only_through_the_port() -> None:
    for path in (REPOSITORY / "adapters").rglob("*.py"):
        modules = imported_modules(path)
        assert "bot.app" not in modules, path
        assert "bot.services" not in modules, path  # the bag of every service
        features = {module.split(".")[1] for module in modules if module.startswith("bot.")}
        assert not features & set(FEATURES), path


def test_every_platform_has_its_settings_beside_it() -> None:
    assert adapters.PLATFORMS == ("discord", "slack")
    assert issubclass(DiscordSettings, PlatformSettings)
    assert issubclass(SlackSettings, PlatformSettings)
