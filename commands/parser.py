"""One text parser for Slack-style and console input: `/group sub arg "quoted arg" rest of line`.

Parsing is two steps so that the permission check can sit between them: `resolve` finds the
command, `bind` reads its arguments. Both raise `UsageError` with a message for the caller;
nothing else escapes for any input.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.i18n import _
from commands.arguments import ArgumentError, read_argument, shortened
from commands.registry import Registry
from commands.spec import CommandSpec, OptionKind

_QUOTES = {'"': '"', "“": "”", "„": "“"}
MAX_LINE_LENGTH = 4000
_NUMBER = re.compile(r"[+-]?[0-9]+")


class UsageError(Exception):
    """The command line could not be understood; `str()` is the message for the caller."""


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the command line and where it ends in the line."""

    text: str
    end: int


@dataclass(frozen=True, slots=True)
class Resolution:
    """The command a line names, and where its arguments start in the line."""

    spec: CommandSpec
    line: str
    arguments_start: int
    typed: str  # the command's name as the caller wrote it: `stats` or `stats show`


def next_token(line: str, position: int) -> Token | None:
    """Return the word starting at or after `position`, honouring double quotes; None at the end."""
    while position < len(line) and line[position].isspace():
        position += 1
    if position >= len(line):
        return None
    closing = _QUOTES.get(line[position])
    if closing is not None:
        end = line.find(closing, position + 1)
        if end == -1:
            raise UsageError(_('A quote is not closed; put a closing " after the quoted words.'))
        return Token(line[position + 1 : end], end + 1)
    end = position
    while end < len(line) and not line[end].isspace():
        end += 1
    return Token(line[position:end], end)


def resolve(
    line: str, registry: Registry, may_see: Callable[[CommandSpec], bool] = lambda _spec: True
) -> Resolution:
    """Find the command `line` names, or raise UsageError suggesting the closest one."""
    if len(line) > MAX_LINE_LENGTH:
        raise UsageError(
            _("That command is too long (over {limit} characters).").format(limit=MAX_LINE_LENGTH)
        )
    first = next_token(line, 0)
    if first is None or not first.text.lstrip("/"):
        raise UsageError(_("Type a command, like /help."))
    group = first.text.lstrip("/").lower()
    standalone = registry.get(group)
    if standalone is not None and standalone.name is None:
        return Resolution(standalone, line, first.end, group)
    subcommands = registry.subcommands(group)
    if not subcommands:
        names = [
            name for name in registry.top_level_names() if _group_visible(registry, name, may_see)
        ]
        no_command = _("There is no /{command} command.").format(command=shortened(group))
        see_yours = _("Type /help to see yours.")
        raise UsageError(_joined(no_command, _suggest(group, names), see_yours))
    return _resolve_subcommand(registry, group, line, first.end, may_see)


def _resolve_subcommand(
    registry: Registry,
    group: str,
    line: str,
    position: int,
    may_see: Callable[[CommandSpec], bool],
) -> Resolution:
    default = registry.group_default(group)
    try:
        second = next_token(line, position)
    except UsageError:
        # An unclosed quote may open the default's free text, which `bind` reads as written.
        if default is not None and default.options:
            return Resolution(default, line, position, group)
        raise
    if second is not None:
        spec = registry.get(f"{group} {second.text.lower()}")
        if spec is not None:
            found = Resolution(spec, line, second.end, spec.path)
            if default is not None and default.options and _gives_way(found):
                return Resolution(default, line, position, group)
            return found
    if default is not None and (second is None or default.options):
        return Resolution(default, line, position, group)
    names = [spec.name or "" for spec in registry.subcommands(group) if may_see(spec)]
    if not names:
        # Listing no subcommands would read as a broken command; say what it takes instead.
        lowest = min(spec.level for spec in registry.subcommands(group))
        raise UsageError(
            _(
                "/{command} needs the {level} level. Type /help to see the commands you can use."
            ).format(command=group, level=lowest.shown)
        )
    listed = ", ".join(names)
    if second is None:
        raise UsageError(
            _("/{command} needs a subcommand: {subcommands}.").format(
                command=group, subcommands=listed
            )
        )
    no_subcommand = _("/{command} has no subcommand '{typed}'.").format(
        command=group, typed=shortened(second.text)
    )
    listing = _("Subcommands: {subcommands}.").format(subcommands=listed)
    raise UsageError(_joined(no_subcommand, _suggest(second.text.lower(), names), listing))


def _gives_way(resolution: Resolution) -> bool:
    """Return whether the line's words belong to the group's default rather than to this
    subcommand: it declared so, and they do not start with a number (`/announce status 3` is
    the subcommand, `/announce status of the project` the default's free text)."""
    if not resolution.spec.words_go_to_default:
        return False
    try:
        word = next_token(resolution.line, resolution.arguments_start)
    except UsageError:  # an unclosed quote opens free text
        return True
    text = "" if word is None else word.text.strip()
    return text != "" and not _NUMBER.fullmatch(text)


def bind(resolution: Resolution) -> dict[str, Any]:
    """Read the arguments after the command's name, or raise UsageError with the usage line."""
    spec, line, typed = resolution.spec, resolution.line, resolution.typed
    position = resolution.arguments_start
    values: dict[str, Any] = {}
    for option in spec.options:
        if option.kind is OptionKind.TEXT:
            text = _unquote(line[position:].strip())
            position = len(line)
            if text:
                values[option.name] = _read(spec, option.name, text, typed)
            elif option.required:
                raise _usage(spec, _missing(option.name), typed)
            continue
        token = next_token(line, position)
        position = token.end if token is not None else position
        # A quoted blank (`""`) is no value, as when a platform sends options by name.
        text = token.text.strip() if token is not None else ""
        if not text:
            if option.required:
                raise _usage(spec, _missing(option.name), typed)
            continue
        values[option.name] = _read(spec, option.name, text, typed)
    leftover = next_token(line, position)
    if leftover is not None:
        unexpected = _("I didn't expect '{text}'.").format(text=shortened(leftover.text))
        raise _usage(spec, unexpected, typed)
    return values


def bind_named(
    spec: CommandSpec, options: Mapping[str, Any], typed: str | None = None
) -> dict[str, Any]:
    """Read arguments a platform already split by name (Discord's typed options).

    `typed` is the command's name as invoked, for the usage line (default: as /help writes it).
    """
    known = {option.name: option for option in spec.options}
    unknown = sorted(set(options) - set(known))
    if unknown:
        unknown_option = _("I don't know the option '{option}'.").format(
            option=shortened(unknown[0])
        )
        raise _usage(spec, unknown_option, typed)
    values: dict[str, Any] = {}
    for name, option in known.items():
        raw = options.get(name)
        if raw is None or str(raw).strip() == "":
            if option.required:
                raise _usage(spec, _missing(name), typed)
            continue
        values[name] = _read(spec, name, str(raw).strip(), typed)
    return values


def _read(spec: CommandSpec, name: str, text: str, typed: str | None = None) -> object:
    option = next(option for option in spec.options if option.name == name)
    try:
        return read_argument(option, text)
    except ArgumentError as error:
        raise _usage(spec, str(error), typed) from None


def _usage(spec: CommandSpec, problem: str, typed: str | None = None) -> UsageError:
    return UsageError(
        _("{problem} Usage: {usage}").format(problem=_sentence(problem), usage=spec.usage(typed))
    )


def _missing(option: str) -> str:
    return _("{option} is missing.").format(option=option)


def _unquote(text: str) -> str:
    if (
        len(text) >= 2
        and _QUOTES.get(text[0]) == text[-1]
        and text.count(text[-1]) == (1 if text[0] != text[-1] else 2)
    ):
        return text[1:-1].strip()
    return text


def _suggest(word: str, names: list[str]) -> str:
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    return _("Did you mean {name}?").format(name=close[0]) if close else ""


def _joined(*sentences: str) -> str:
    """Return the sentences that are not blank, one space apart."""
    return " ".join(sentence for sentence in sentences if sentence)


def _group_visible(registry: Registry, name: str, may_see: Callable[[CommandSpec], bool]) -> bool:
    standalone = registry.get(name)
    if standalone is not None:
        return may_see(standalone)
    return any(may_see(spec) for spec in registry.subcommands(name))


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else f"{text}."
