"""Parsing a command line as the parser tests do: resolve and bind, or the usage error."""

from __future__ import annotations

from typing import Any

import pytest

from bot.levels import Level, may_use
from commands.parser import UsageError, bind, resolve
from commands.registry import Registry
from tests.commands.registry_support import real_registry

REGISTRY = real_registry()


def parse(line: str, registry: Registry = REGISTRY, level: Level = Level.ADMIN) -> dict[str, Any]:
    """Resolve and bind `line` as a caller at `level` would see it."""
    return bind(resolve(line, registry, lambda spec: may_use(level, spec.level)))


def usage_error(line: str, registry: Registry = REGISTRY, level: Level = Level.ADMIN) -> str:
    """Return the UsageError message `line` gives, failing if it parses."""
    with pytest.raises(UsageError) as raised:
        parse(line, registry, level)
    return str(raised.value)
