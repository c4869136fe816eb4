"""Command and action specs, built by decorators from a handler's signature and docstring.

A spec is generic in `S`, the services its feature declared: its handler takes a `Context[S]`,
and the registry binds the specs of one feature to that feature's services.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum
from typing import Annotated, Any, Concatenate, Generic, Literal, TypeVar, get_args, get_origin

from bot.i18n import _
from bot.i18n.extract import help_line
from bot.levels import Level
from commands.context import Context, SuggestContext
from commands.types import ChannelMention, MemberMention, RoleOrMember, Text, TimeZoneName, Weekday

S = TypeVar("S")

CommandHandler = Callable[Concatenate[Context[S], ...], Awaitable[Any]]
"""Takes the context, then the command's options by name."""

ActionHandler = Callable[[Context[S]], Awaitable[Any]]
"""Takes the context, which carries the action id's words (and a form's values)."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One value to offer: `label` is what the person reads, `value` what is filled in."""

    label: str
    value: str


Suggester = Callable[[SuggestContext[Any], str], Awaitable[list[Suggestion]]]
"""Returns values to offer for an option, given what the person has typed so far."""


class OptionKind(StrEnum):
    """How an option's text is read."""

    WORD = "word"
    TEXT = "text"
    INTEGER = "integer"
    DURATION = "duration"
    WEEKDAY = "weekday"
    TIME = "time"
    DATE = "date"
    TIMEZONE = "timezone"
    MEMBER = "member"
    CHANNEL = "channel"
    ROLE_OR_MEMBER = "role or member"
    CHOICE = "choice"


_KIND_BY_TYPE: dict[Any, OptionKind] = {
    str: OptionKind.WORD,
    Text: OptionKind.TEXT,
    int: OptionKind.INTEGER,
    timedelta: OptionKind.DURATION,
    Weekday: OptionKind.WEEKDAY,
    time: OptionKind.TIME,
    date: OptionKind.DATE,
    TimeZoneName: OptionKind.TIMEZONE,
    MemberMention: OptionKind.MEMBER,
    ChannelMention: OptionKind.CHANNEL,
    RoleOrMember: OptionKind.ROLE_OR_MEMBER,
}

_VARIADIC = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """One typed argument of a command."""

    name: str
    kind: OptionKind
    required: bool
    description: str
    choices: tuple[str, ...] = ()
    suggest: Suggester | None = None
    shown: str | None = None  # how a usage line writes it, when not by its name

    def usage(self) -> str:
        """Return how the option appears in a usage line: `<zone>`, `[channel]`, `<HH:MM>`."""
        # Choices and names are typed as written (English); a `Shown` label is read, so translated.
        shown = _(self.shown) if self.shown else None
        label = "|".join(self.choices) if self.choices else shown or self.name
        if self.kind is OptionKind.TIME and self.shown is None:
            label = "HH:MM"  # the name (`at`) says less than the form it is written in
        return f"<{label}>" if self.required else f"[{label}]"


@dataclass(frozen=True, slots=True)
class CommandSpec(Generic[S]):
    """A command: where it sits (`group` and `name`), who may use it and what it takes."""

    group: str
    name: str | None
    help: str
    level: Level
    options: tuple[OptionSpec, ...]
    handler: CommandHandler[S]
    is_group_default: bool = False
    read_only: bool = False  # it only shows something: a refusal need not say nothing changed
    words_go_to_default: bool = False
    """Typed as text, words after this subcommand that do not start with a number are the free
    text of the group's default instead (`/announce status of the project...` is an
    announcement; `/announce status 3` is not)."""

    @property
    def path(self) -> str:
        """Return the full name as typed: `topic add`, `help`."""
        return self.group if self.name is None else f"{self.group} {self.name}"

    def usage(self, typed: str | None = None) -> str:
        """Return the usage line, e.g. `/profile timezone <zone>`, under the name `typed`."""
        words = "/" + (typed or (self.group if self.is_group_default else self.path))
        parts = [words, *(option.usage() for option in self.options)]
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Shown:
    """How a usage line writes an option: `Annotated[Text, "...", Shown("every <n> weeks")]`."""

    label: str


@dataclass(frozen=True, slots=True)
class Suggest:
    """Declares where an option's suggestions come from: `Annotated[int, "...", Suggest(f)]`."""

    source: Suggester


class ActionKind(StrEnum):
    """What an action spec answers: presses of buttons, or submissions of forms."""

    BUTTON = "button"
    FORM = "form"


@dataclass(frozen=True, slots=True)
class ActionSpec(Generic[S]):
    """Handles the buttons (or forms) whose action id (form id) starts with `prefix:`."""

    kind: ActionKind
    prefix: str
    level: Level
    handler: ActionHandler[S]
    help: str


def command(
    path: str,
    *,
    level: Level,
    group_default: bool = False,
    read_only: bool = False,
    words_go_to_default: bool = False,
) -> Callable[[CommandHandler[S]], CommandSpec[S]]:
    """Declare a command; help comes from the docstring, options from the typed signature.

    `read_only` marks a command that only shows something (a list, the settings).
    `words_go_to_default` gives typed words that do not start with a number to the group's
    default.
    """

    def build(handler: CommandHandler[S]) -> CommandSpec[S]:
        group, __, name = path.partition(" ")
        return CommandSpec(
            group=group,
            name=name or None,
            help=help_line(inspect.getdoc(handler)),
            level=level,
            options=_options_from_signature(handler),
            handler=handler,
            is_group_default=group_default,
            read_only=read_only,
            words_go_to_default=words_go_to_default,
        )

    return build


def button(prefix: str, *, level: Level) -> Callable[[ActionHandler[S]], ActionSpec[S]]:
    """Declare the handler for buttons whose action id starts with `prefix:`."""
    return _action(ActionKind.BUTTON, prefix, level)


def form(prefix: str, *, level: Level) -> Callable[[ActionHandler[S]], ActionSpec[S]]:
    """Declare the handler for submitted forms whose form id starts with `prefix`."""
    return _action(ActionKind.FORM, prefix, level)


def _action(
    kind: ActionKind, prefix: str, level: Level
) -> Callable[[ActionHandler[S]], ActionSpec[S]]:
    def build(handler: ActionHandler[S]) -> ActionSpec[S]:
        return ActionSpec(kind, prefix, level, handler, help_line(inspect.getdoc(handler)))

    return build


def _options_from_signature(handler: CommandHandler[Any]) -> tuple[OptionSpec, ...]:
    hints = typing.get_type_hints(handler, include_extras=True)
    parameters = list(inspect.signature(handler).parameters.values())[1:]  # skip the context
    for parameter in parameters:
        if parameter.name not in hints or parameter.kind in _VARIADIC:
            raise TypeError(f"option {parameter.name!r} needs a type and a name of its own")
    return tuple(_option(parameter, hints[parameter.name]) for parameter in parameters)


def _option(parameter: inspect.Parameter, hint: Any) -> OptionSpec:
    description = parameter.name.replace("_", " ")
    suggest: Suggester | None = None
    shown: str | None = None
    # Both `Annotated[X | None, ...]` and `Annotated[X, ...] | None` declare an optional X.
    hint = _strip_optional(hint)
    if get_origin(hint) is Annotated:
        hint, *extras = get_args(hint)
        description = next((extra for extra in extras if isinstance(extra, str)), description)
        suggest = next((extra.source for extra in extras if isinstance(extra, Suggest)), None)
        shown = next((extra.label for extra in extras if isinstance(extra, Shown)), None)
    required = parameter.default is inspect.Parameter.empty
    hint = _strip_optional(hint)
    if get_origin(hint) is Literal:
        if suggest is not None:
            raise TypeError(f"option {parameter.name!r} lists its choices; it needs no Suggest")
        choices = tuple(str(choice) for choice in get_args(hint))
        return OptionSpec(parameter.name, OptionKind.CHOICE, required, description, choices)
    kind = _KIND_BY_TYPE.get(hint)
    if kind is None:
        raise TypeError(f"option {parameter.name!r} has unsupported type {hint!r}")
    return OptionSpec(parameter.name, kind, required, description, suggest=suggest, shown=shown)


def _strip_optional(hint: Any) -> Any:
    if get_origin(hint) in (typing.Union, types.UnionType):
        members = [arg for arg in get_args(hint) if arg is not type(None)]
        if len(members) == 1:
            return members[0]
    return hint
