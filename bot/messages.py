"""The neutral outbound message each adapter renders natively."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum


class ButtonStyle(StrEnum):
    """How prominent a button is; adapters map this to their own styles."""

    NORMAL = "normal"
    PRIMARY = "primary"
    DANGER = "danger"


@dataclass(frozen=True, slots=True)
class Button:
    """A button whose `action_id` names what it acts on, so it works after a restart."""

    label: str
    action_id: str
    style: ButtonStyle = ButtonStyle.NORMAL


@dataclass(frozen=True, slots=True)
class Field:
    """A labelled value shown beside the text (an embed field, a Block Kit field)."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    """Text with optional fields and buttons; `is_error` marks a refusal or a usage message.

    `suppress_previews` asks the platform not to unfurl its links (a sign-in link must not be
    fetched by a preview crawler, nor shown as a card).
    """

    text: str
    fields: tuple[Field, ...] = ()
    buttons: tuple[Button, ...] = ()
    is_error: bool = False
    suppress_previews: bool = False

    @classmethod
    def error(cls, text: str) -> OutboundMessage:
        """Return a message that tells the caller what went wrong."""
        return cls(text=text, is_error=True)


@dataclass(frozen=True, slots=True)
class OutboundFile:
    """A file sent to a channel or one person: its name, bytes, media type and its text."""

    name: str
    content: bytes
    media_type: str
    text: str

    @property
    def size(self) -> int:
        """Return the file's size in bytes."""
        return len(self.content)


LaterFile = Callable[[], Awaitable[OutboundFile]]
"""Makes a file when it is about to be sent."""


@dataclass(frozen=True, slots=True)
class FormField:
    """One text input of a form; `long` asks for a multi-line box."""

    id: str
    label: str
    long: bool = False
    required: bool = True
    default: str | None = None
    placeholder: str | None = None
    max_length: int = 4000


@dataclass(frozen=True, slots=True)
class Form:
    """A form (Discord modal, Slack view) opened in answer to a command or button.

    `form_id` works like a button's action id: it names what the submission acts on, so a form
    submitted after a restart still reaches its handler.
    """

    form_id: str
    title: str
    fields: tuple[FormField, ...]


@dataclass(frozen=True, slots=True)
class Reply:
    """What a command or button handler answers: private (ephemeral) unless said otherwise."""

    message: OutboundMessage
    private: bool = True
    extra: tuple[OutboundMessage, ...] = field(default=())
    files: tuple[LaterFile, ...] = field(default=())
    """Files made once the messages have gone (a chart takes a moment to draw, and the
    answer must not wait for it), as private as they are; where the platform sends no files,
    they are never made: the messages stand alone (`commands/delivery.py`)."""

    @classmethod
    def text(cls, text: str, *, private: bool = True) -> Reply:
        """Return a plain-text reply."""
        return cls(OutboundMessage(text), private=private)

    @classmethod
    def error(cls, text: str) -> Reply:
        """Return a private error reply."""
        return cls(OutboundMessage.error(text), private=True)
