"""The console script format (README, "The console"): one line, one action.

`parse_line` is pure: text in, an action (or None for blank lines and comments) out, or a
`ScriptError` saying what is wrong with the line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

from bot.levels import Level
from commands.arguments import ArgumentError, read_duration

NAME = r"@(?P<name>[A-Za-z0-9][A-Za-z0-9_.\-]{0,63})"
ROLE_NAME = r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}"
REF = r"(?P<ref>m\d+|last from @[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}|last)"


class ScriptError(ValueError):
    """A line of a console script could not be understood."""


@dataclass(frozen=True, slots=True)
class MessageSelector:
    """`mN`, `last` (newest in the current channel) or `last from @name`."""

    message_id: str | None = None
    from_name: str | None = None


@dataclass(frozen=True, slots=True)
class Join:
    name: str


@dataclass(frozen=True, slots=True)
class Leave:
    name: str


@dataclass(frozen=True, slots=True)
class SetLevel:
    name: str
    level: Level


@dataclass(frozen=True, slots=True)
class SetRole:
    """`@name gets &role` or `@name loses &role`: a platform role (Discord role, Slack group)."""

    name: str
    role: str
    holds: bool


@dataclass(frozen=True, slots=True)
class Say:
    """A member writes: in a channel, in a thread, or to the bot directly."""

    name: str
    text: str
    channel: str | None = None
    thread: MessageSelector | None = None
    direct: bool = False


@dataclass(frozen=True, slots=True)
class Report:
    name: str
    target: MessageSelector
    reason: str | None


@dataclass(frozen=True, slots=True)
class React:
    """`@sam reacts to m12 with 👍`: a reaction, light participation (the emoji is only echoed)."""

    name: str
    target: MessageSelector
    emoji: str


@dataclass(frozen=True, slots=True)
class Press:
    name: str
    label: str
    target: MessageSelector | None


@dataclass(frozen=True, slots=True)
class AdvanceBy:
    delta: timedelta


@dataclass(frozen=True, slots=True)
class AdvanceTo:
    day: date
    at: time


Action = Join | Leave | SetLevel | SetRole | Say | Report | React | Press | AdvanceBy | AdvanceTo

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"{NAME} joins"), "join"),
    (re.compile(rf"{NAME} leaves"), "leave"),
    (re.compile(rf"{NAME} is (?P<level>\w+)"), "level"),
    (re.compile(rf"{NAME} (?P<verb>gets|loses) &(?P<role>{ROLE_NAME})"), "role"),
    (
        re.compile(rf"{NAME} in #(?P<channel>[A-Za-z0-9][A-Za-z0-9_\-]{{0,63}}):\s?(?P<text>.*)"),
        "in",
    ),
    (re.compile(rf"{NAME} in thread {REF}:\s?(?P<text>.*)"), "thread"),
    (re.compile(rf"{NAME} dm:\s?(?P<text>.*)"), "dm"),
    (re.compile(rf"{NAME} reports {REF}(?::\s?(?P<reason>.*))?"), "report"),
    (re.compile(rf"{NAME} reacts to {REF} with (?P<emoji>\S+)"), "react"),
    (re.compile(rf"{NAME} presses \"(?P<label>[^\"]+)\"(?: on {REF})?"), "press"),
    (re.compile(rf"{NAME}:\s?(?P<text>.*)"), "say"),
    (re.compile(r"time \+(?P<delta>\S+)"), "advance_by"),
    (re.compile(r"time (?P<day>\d{4}-\d{2}-\d{2})(?:[ T](?P<at>\d{1,2}:\d{2}))?"), "advance_to"),
]


def parse_line(line: str) -> Action | None:
    """Return the action a script line describes; None for blank lines and comments."""
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    for pattern, kind in _PATTERNS:
        match = pattern.fullmatch(stripped)
        if match:
            return _BUILDERS[kind](match)
    raise ScriptError(f"I don't understand {stripped!r}. {FORMAT_HINT}")


FORMAT_HINT = (
    'Lines look like "@alice: hello", "@alice: /help", "@alice joins", "@hana is host", '
    '"@alice gets &mentors", '
    '"@bob reports m3: rude", "@sam reacts to m3 with 👍", '
    '"@mia presses \\"Delete\\" on m5" or "time +1d".'
)


def _name(match: re.Match[str]) -> str:
    name = match.group("name")
    if name.lower() == "bot":
        raise ScriptError("@bot is the bot itself; members have other names.")
    return name


def _selector(text: str) -> MessageSelector:
    if text == "last":
        return MessageSelector()
    if text.startswith("last from @"):
        return MessageSelector(from_name=text.removeprefix("last from @"))
    return MessageSelector(message_id=text)


def _text(match: re.Match[str]) -> str:
    text = match.group("text").strip()
    if not text:
        raise ScriptError("The message is empty.")
    return text


def _level(match: re.Match[str]) -> SetLevel:
    try:
        return SetLevel(_name(match), Level.parse(match.group("level")))
    except ValueError as error:
        raise ScriptError(str(error).capitalize() + ".") from None


def _advance_by(match: re.Match[str]) -> AdvanceBy:
    try:
        return AdvanceBy(read_duration(match.group("delta")))
    except ArgumentError as error:
        raise ScriptError(f"time +...: {error}.") from None


def _advance_to(match: re.Match[str]) -> AdvanceTo:
    try:
        day = date.fromisoformat(match.group("day"))
        at = time.fromisoformat(match.group("at").zfill(5)) if match.group("at") else time(0, 0)
    except ValueError:
        raise ScriptError("Write moments as time 2026-03-02 09:00.") from None
    return AdvanceTo(day, at)


_BUILDERS: dict[str, Callable[[re.Match[str]], Action]] = {
    "join": lambda m: Join(_name(m)),
    "leave": lambda m: Leave(_name(m)),
    "level": _level,
    "role": lambda m: SetRole(_name(m), m.group("role").lower(), m.group("verb") == "gets"),
    "in": lambda m: Say(_name(m), _text(m), channel=m.group("channel").lower()),
    "thread": lambda m: Say(_name(m), _text(m), thread=_selector(m.group("ref"))),
    "dm": lambda m: Say(_name(m), _text(m), direct=True),
    "report": lambda m: Report(
        _name(m), _selector(m.group("ref")), (m.group("reason") or "").strip() or None
    ),
    "react": lambda m: React(_name(m), _selector(m.group("ref")), m.group("emoji")),
    "press": lambda m: Press(
        _name(m), m.group("label"), _selector(m.group("ref")) if m.group("ref") else None
    ),
    "say": lambda m: Say(_name(m), _text(m)),
    "advance_by": _advance_by,
    "advance_to": _advance_to,
}
