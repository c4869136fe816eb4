"""What the console prints: one record per thing a member or the bot did, as text or JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Record:
    """One line of console output."""

    kind: str
    at: datetime
    id: str | None = None
    to: str | list[str] | None = None
    text: str | None = None
    author: str | None = None
    buttons: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    line: int | None = None
    error: bool = False
    target: str | None = None
    duration: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> str:
        """Return the record as one line of JSON."""
        data: dict[str, Any] = {"kind": self.kind}
        for name in ("id", "author", "to", "text", "line", "target", "duration"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.fields:
            data["fields"] = [{"name": name, "value": value} for name, value in self.fields]
        if self.kind in BOT_MESSAGE_KINDS:
            data["buttons"] = list(self.buttons)
        if self.error:
            data["error"] = True
        data.update(self.extra)
        data["at"] = self.at.isoformat()
        return json.dumps(data, ensure_ascii=False)

    def as_text(self) -> str:
        """Return the record as text: a prefix saying where it went, then the text."""
        whole_line = _WHOLE_LINES.get(self.kind)
        if whole_line is not None:
            return whole_line(self)
        head = _TEXT_HEADS.get(self.kind, _default_head)(self)
        body = "\n".join([self.text or "", *(f"{name}: {value}" for name, value in self.fields)])
        if self.buttons:
            body = f"{body} " + " ".join(f"[{label}]" for label in self.buttons)
        if not body:
            return head
        first, *rest = body.strip("\n").split("\n")
        lines = [f"{head}: {first}" if head else first, *(f"    {line}" for line in rest)]
        return "\n".join(lines)


BOT_MESSAGE_KINDS = frozenset({"post", "reply", "dm", "group", "thread", "ephemeral", "edit"})


def _to_text(record: Record) -> str:
    if isinstance(record.to, list):
        return "group " + " ".join(record.to)
    return record.to or ""


def _message_head(record: Record) -> str:
    where = _to_text(record)
    if record.kind == "ephemeral":
        where = f"ephemeral {where}"
    elif where.startswith("@"):  # a direct message, or a public answer to a command typed in one
        where = f"dm {where}"
    return f"{record.id} {where}" if record.id else where


def _member_head(record: Record) -> str:
    prefix = f"{record.id} " if record.id else ""
    where = f"dm {record.to}" if str(record.to).startswith("@") else record.to
    return f"{prefix}{where} {record.author}"


def _action_head(record: Record) -> str:
    parts = [record.kind, record.target or "", record.duration or ""]
    return " ".join(part for part in parts if part)


def _error_head(record: Record) -> str:
    return f"error line {record.line}" if record.line is not None else "error"


def _echo_head(record: Record) -> str:
    verb = _ECHO_VERBS[record.kind]
    return f"{record.author} {verb}" + (f" {record.target}" if record.target else "")


def _press_text(record: Record) -> str:
    return f'{record.author} presses "{record.text}" on {record.target}'


def _time_text(record: Record) -> str:
    return f"time {record.at.strftime('%Y-%m-%d %H:%M %Z (%a)')}"


def _file_text(record: Record) -> str:
    name, size = record.extra.get("name"), record.extra.get("size")
    return f"file {record.to} {name} ({size} bytes): {record.text}"


_ECHO_VERBS = {"join": "joins", "leave": "leaves", "level": "is", "report": "reports"}


def _default_head(record: Record) -> str:
    return record.kind


_TEXT_HEADS = {
    "post": _message_head,
    "reply": _message_head,
    "thread": _message_head,
    "dm": _message_head,
    "group": _message_head,
    "ephemeral": _message_head,
    "edit": lambda record: f"edit {record.target}",
    "message": _member_head,
    "command": _member_head,
    "error": _error_head,
    "delete": _action_head,
    "timeout": _action_head,
    "untimeout": _action_head,
    "kick": _action_head,
    "ban": _action_head,
    "unban": _action_head,
    "join": _echo_head,
    "leave": _echo_head,
    "report": _echo_head,
}

_WHOLE_LINES = {
    "press": _press_text,
    "file": _file_text,
    "time": _time_text,
    "level": lambda record: f"{record.author} is {record.text}",
    "role": lambda record: f"{record.author} {record.text} {record.target}",
    "reaction": lambda record: f"{record.author} reacts to {record.target} with {record.text}",
}
