"""The registry of commands and buttons, validated as each is added so mistakes fail at start-up."""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Iterator
from typing import TypeVar

from bot.levels import Level
from commands.spec import ButtonSpec, CommandSpec, FormSpec, OptionKind

MAX_NAME_LENGTH = 32

_Spec = TypeVar("_Spec", ButtonSpec, FormSpec)


class RegistryError(Exception):
    """A command or button was declared wrongly."""


class Registry:
    """Every command and button the bot offers, in registration order."""

    def __init__(self) -> None:
        self._commands: dict[str, CommandSpec] = {}
        self._buttons: dict[str, ButtonSpec] = {}
        self._forms: dict[str, FormSpec] = {}

    def add(self, *specs: CommandSpec | ButtonSpec | FormSpec) -> None:
        """Register commands, buttons and forms, checking each one."""
        for spec in specs:
            if isinstance(spec, ButtonSpec):
                self._add_button(spec)
            elif isinstance(spec, FormSpec):
                self._add_form(spec)
            else:
                self._add_command(spec)

    def _add_command(self, spec: CommandSpec) -> None:
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

    def _add_button(self, spec: ButtonSpec) -> None:
        words = spec.prefix.split(":")
        if len(words) > 2 or not all(_is_command_word(word) for word in words):
            raise RegistryError(f"button prefix {spec.prefix!r} must be one or two words")
        if spec.prefix in self._buttons:
            raise RegistryError(f"button prefix {spec.prefix!r} is registered twice")
        if not inspect.iscoroutinefunction(spec.handler):
            raise RegistryError(f"button {spec.prefix!r} handler must be async")
        if not spec.help:
            raise RegistryError(f"button {spec.prefix!r} needs a docstring")
        self._buttons[spec.prefix] = spec

    def _add_form(self, spec: FormSpec) -> None:
        words = spec.prefix.split(":")
        if len(words) > 2 or not all(_is_command_word(word) for word in words):
            raise RegistryError(f"form prefix {spec.prefix!r} must be one or two words")
        if spec.prefix in self._forms:
            raise RegistryError(f"form prefix {spec.prefix!r} is registered twice")
        if not inspect.iscoroutinefunction(spec.handler):
            raise RegistryError(f"form {spec.prefix!r} handler must be async")
        if not spec.help:
            raise RegistryError(f"form {spec.prefix!r} needs a docstring")
        self._forms[spec.prefix] = spec

    def __iter__(self) -> Iterator[CommandSpec]:
        return iter(self._commands.values())

    def __len__(self) -> int:
        return len(self._commands)

    def get(self, path: str) -> CommandSpec | None:
        """Return the command with this full name (`topic add`), if any."""
        return self._commands.get(path)

    def top_level_names(self) -> list[str]:
        """Return every standalone command and group name, sorted."""
        return sorted({spec.group for spec in self._commands.values()})

    def subcommands(self, group: str) -> list[CommandSpec]:
        """Return the subcommands of `group` in registration order."""
        return [s for s in self._commands.values() if s.group == group and s.name is not None]

    def group_default(self, group: str) -> CommandSpec | None:
        """Return the subcommand that runs when the group is typed alone, if any."""
        return next((s for s in self.subcommands(group) if s.is_group_default), None)

    def buttons(self) -> Iterable[ButtonSpec]:
        """Return every button handler."""
        return self._buttons.values()

    def button_for(self, action_id: str) -> ButtonSpec | None:
        """Return the handler for an action id: the longest registered prefix wins."""
        return _longest_prefix(self._buttons, action_id)

    def forms(self) -> Iterable[FormSpec]:
        """Return every form handler."""
        return self._forms.values()

    def form_for(self, form_id: str) -> FormSpec | None:
        """Return the handler for a submitted form id: the longest registered prefix wins."""
        return _longest_prefix(self._forms, form_id)


def _longest_prefix(specs: dict[str, _Spec], action_id: str) -> _Spec | None:
    parts = action_id.split(":")
    for length in (2, 1):
        spec = specs.get(":".join(parts[:length]))
        if spec is not None and len(parts) >= length:
            return spec
    return None


def _validate_command(spec: CommandSpec) -> None:
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


def _validate_options(spec: CommandSpec) -> None:
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
