"""The registry of commands, buttons and forms, each checked as it is added (fails at start-up)."""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar, overload

from bot.levels import Level
from commands.spec import ActionKind, ActionSpec, CommandSpec, OptionKind

MAX_NAME_LENGTH = 32

S = TypeVar("S")
AnySpec = CommandSpec[Any] | ActionSpec[Any]


class RegistryError(Exception):
    """A command or button was declared wrongly."""


class Registry:
    """Every command, button and form the bot offers, in registration order.

    Each spec is registered with its feature's services, which its handler then receives.
    """

    def __init__(self) -> None:
        self._commands: dict[str, CommandSpec[Any]] = {}
        self._actions: dict[ActionKind, dict[str, ActionSpec[Any]]] = {
            kind: {} for kind in ActionKind
        }
        self._services: dict[AnySpec, object] = {}

    @overload
    def add(self, *specs: CommandSpec[None] | ActionSpec[None]) -> None: ...

    @overload
    def add(self, *specs: CommandSpec[S] | ActionSpec[S], services: S) -> None: ...

    def add(self, *specs: AnySpec, services: object = None) -> None:
        """Register commands, buttons and forms with the services they use, checking each one."""
        for spec in specs:
            if isinstance(spec, ActionSpec):
                self._add_action(spec)
            else:
                self._add_command(spec)
            self._services[spec] = services

    def services_for(self, spec: AnySpec) -> Any:
        """Return the services `spec` was registered with (None for a feature that needs none)."""
        return self._services[spec]

    def _add_command(self, spec: CommandSpec[Any]) -> None:
        _validate_command(spec)
        if spec.path in self._commands:
            raise RegistryError(f"command /{spec.path} is registered twice")
        if spec.name is None and self.subcommands(spec.group):
            raise RegistryError(f"/{spec.group} is already a group of subcommands")
        if spec.name is not None and spec.group in self._commands:
            raise RegistryError(f"/{spec.group} is already a command without subcommands")
        if spec.is_group_default and self.group_default(spec.group) is not None:
            raise RegistryError(f"/{spec.group} has two default subcommands")
        self._commands[spec.path] = spec

    def _add_action(self, spec: ActionSpec[Any]) -> None:
        kind = spec.kind.value
        words = spec.prefix.split(":")
        if len(words) > 2 or not all(_is_command_word(word) for word in words):
            raise RegistryError(f"{kind} prefix {spec.prefix!r} must be one or two words")
        registered = self._actions[spec.kind]
        if spec.prefix in registered:
            raise RegistryError(f"{kind} prefix {spec.prefix!r} is registered twice")
        if not inspect.iscoroutinefunction(spec.handler):
            raise RegistryError(f"{kind} {spec.prefix!r} handler must be async")
        if not spec.help:
            raise RegistryError(f"{kind} {spec.prefix!r} needs a docstring")
        registered[spec.prefix] = spec

    def __iter__(self) -> Iterator[CommandSpec[Any]]:
        return iter(self._commands.values())

    def __len__(self) -> int:
        return len(self._commands)

    def get(self, path: str) -> CommandSpec[Any] | None:
        """Return the command with this full name (`topic add`), if any."""
        return self._commands.get(path)

    def top_level_names(self) -> list[str]:
        """Return every standalone command and group name, sorted."""
        return sorted({spec.group for spec in self._commands.values()})

    def subcommands(self, group: str) -> list[CommandSpec[Any]]:
        """Return the subcommands of `group` in registration order."""
        return [s for s in self._commands.values() if s.group == group and s.name is not None]

    def group_default(self, group: str) -> CommandSpec[Any] | None:
        """Return the subcommand that runs when the group is typed alone, if any."""
        return next((s for s in self.subcommands(group) if s.is_group_default), None)

    def buttons(self) -> Iterable[ActionSpec[Any]]:
        """Return every button handler."""
        return self._actions[ActionKind.BUTTON].values()

    def button_for(self, action_id: str) -> ActionSpec[Any] | None:
        """Return the handler for an action id: the longest registered prefix wins."""
        return _longest_prefix(self._actions[ActionKind.BUTTON], action_id)

    def forms(self) -> Iterable[ActionSpec[Any]]:
        """Return every form handler."""
        return self._actions[ActionKind.FORM].values()

    def form_for(self, form_id: str) -> ActionSpec[Any] | None:
        """Return the handler for a submitted form id: the longest registered prefix wins."""
        return _longest_prefix(self._actions[ActionKind.FORM], form_id)


def _longest_prefix(specs: dict[str, ActionSpec[Any]], action_id: str) -> ActionSpec[Any] | None:
    parts = action_id.split(":")
    for length in (2, 1):
        spec = specs.get(":".join(parts[:length]))
        if spec is not None and len(parts) >= length:
            return spec
    return None


def _validate_command(spec: CommandSpec[Any]) -> None:
    for word in (spec.group, spec.name):
        if word is not None and not _is_command_word(word):
            raise RegistryError(f"/{spec.path}: names are 1-{MAX_NAME_LENGTH} lower-case letters")
    if not spec.help:
        raise RegistryError(f"/{spec.path} needs a docstring: its first line is the help")
    if not inspect.iscoroutinefunction(spec.handler):
        raise RegistryError(f"/{spec.path} handler must be async")
    if not isinstance(spec.level, Level):
        raise RegistryError(f"/{spec.path} must declare a Level")
    if spec.is_group_default and spec.name is None:
        raise RegistryError(f"/{spec.path}: only a subcommand can be a group's default")
    _validate_options(spec)


def _validate_options(spec: CommandSpec[Any]) -> None:
    seen_optional = False
    for index, option in enumerate(spec.options):
        if option.kind is OptionKind.TEXT and index != len(spec.options) - 1:
            raise RegistryError(f"/{spec.path}: a text option must come last")
        if option.required and seen_optional:
            raise RegistryError(
                f"/{spec.path}: required option {option.name} after an optional one"
            )
        seen_optional = seen_optional or not option.required
        if option.kind is OptionKind.CHOICE and not option.choices:
            raise RegistryError(f"/{spec.path}: option {option.name} has no choices")


def _is_command_word(word: str) -> bool:
    return 0 < len(word) <= MAX_NAME_LENGTH and word.isascii() and word.isalpha() and word.islower()
