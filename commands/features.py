"""The features this bot offers, written down in one place, in the order `/help` lists them."""

from __future__ import annotations

from commands import (
    automod,
    buddy,
    guidelines,
    help,
    intro,
    mod,
    profile,
    quiet,
    setup,
    stats,
    topic,
    warnings,
)
from commands.registry import Registry

ENABLED_FEATURES = (
    help,
    topic,
    guidelines,
    profile,
    intro,
    buddy,
    quiet,
    stats,
    warnings,
    mod,
    automod,
    setup,
)


def build_registry() -> Registry:
    """Return a registry with every enabled feature's commands and buttons."""
    registry = Registry()
    for feature in ENABLED_FEATURES:
        feature.setup(registry)
    return registry
