"""Outbound translation: neutral messages as Block Kit, forms as modal views.

Text goes out as mrkdwn with `&`, `<` and `>` escaped. The mentions the bot writes itself
(`SlackPlatform.mention`, marked by `adapters.mentions`) stay live. In everything else, which
members may have written, channel links and links stay as they are, and the sequences that
ping (`<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^S1>`, `<@U1>`) become plain text that
pings nobody. Text objects are `verbatim`, so Slack does not turn a plain `@here` into one.
"""

from __future__ import annotations

import json
import re
from typing import Any

from adapters.mentions import pieces
from bot.i18n import _
from bot.messages import ButtonStyle, Field, Form, OutboundMessage

MAX_SECTION_TEXT = 3000
MAX_FIELDS_PER_SECTION = 10
MAX_FIELD_TEXT = 2000
MAX_BUTTONS = 25
MAX_BUTTON_LABEL = 75
MAX_ACTION_ID = 255
MAX_BLOCKS = 50
MAX_VIEW_TITLE = 24
MAX_INPUT = 3000

# Kept from members' text: channel links and links, which ping nobody.
_HARMLESS = re.compile(r"<(?:#[A-Z0-9]+(?:\|[^<>]*)?|https?://[^<>\s]+(?:\|[^<>]*)?)>")
# Neutralised in members' text: what pings people (the label, if any, is what Slack shows).
_PINGING = re.compile(
    r"<(?:@(?P<user>[A-Z0-9]+)|!subteam\^(?P<group>[A-Z0-9]+)|!(?P<special>here|channel|everyone))"
    r"(?:\|(?P<label>[^<>]*))?>"
)
_CONTROL = re.compile(f"{_HARMLESS.pattern}|{_PINGING.pattern}")
_WORD_JOINER = "\u2060"  # invisible; keeps "@here" from reading as a mention anywhere
_STYLES = {ButtonStyle.PRIMARY: "primary", ButtonStyle.DANGER: "danger"}


def escape(text: str) -> str:
    """Escape text for mrkdwn: the bot's own mentions live, members' mentions made inert."""
    return "".join(
        piece if written_by_bot else _escape_members_text(piece)
        for piece, written_by_bot in pieces(text)
    )


def _escape_members_text(text: str) -> str:
    parts, position = [], 0
    for match in _CONTROL.finditer(text):
        parts.append(_escape_plain(text[position : match.start()]))
        parts.append(_inert(match))
        position = match.end()
    parts.append(_escape_plain(text[position:]))
    return "".join(parts)


def _inert(match: re.Match[str]) -> str:
    """Return a control sequence members wrote: links as they are, mentions as plain text."""
    if _HARMLESS.fullmatch(match.group(0)):
        return match.group(0)
    label = match.group("label") or match.group("special") or match.group("user")
    label = label or f"subteam {match.group('group')}"
    return _escape_plain(f"@{_WORD_JOINER}{label.lstrip('@')}")


def unescape(text: str) -> str:
    """Undo `escape`."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _escape_plain(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def message_blocks(message: OutboundMessage) -> list[dict[str, Any]]:
    """Return the message as sections of text, sections of fields and one row of buttons."""
    blocks = [_section(chunk) for chunk in _chunks(escape(message.text), MAX_SECTION_TEXT)]
    fields = list(message.fields)
    for start in range(0, len(fields), MAX_FIELDS_PER_SECTION):
        chunk = fields[start : start + MAX_FIELDS_PER_SECTION]
        blocks.append({"type": "section", "fields": [_field(field) for field in chunk]})
    if message.buttons:
        elements = [_button(b.label, b.action_id, b.style) for b in message.buttons[:MAX_BUTTONS]]
        blocks.append({"type": "actions", "block_id": "buttons", "elements": elements})
    return blocks[:MAX_BLOCKS]


def message_arguments(message: OutboundMessage) -> dict[str, Any]:
    """Return `text` (the notification fallback) and `blocks` for any message-posting call.

    A message whose previews are suppressed also says `unfurl_links` and `unfurl_media` false.
    """
    arguments: dict[str, Any] = {"text": escape(message.text), "blocks": message_blocks(message)}
    if message.suppress_previews:
        arguments.update(unfurl_links=False, unfurl_media=False)
    return arguments


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": _mrkdwn(text)}


def _field(field: Field) -> dict[str, Any]:
    return _mrkdwn(_cut(f"*{escape(field.name)}*\n{escape(field.value)}", MAX_FIELD_TEXT))


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _button(label: str, action_id: str, style: ButtonStyle) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": _cut(label, MAX_BUTTON_LABEL), "emoji": True},
        "action_id": action_id[:MAX_ACTION_ID],
        "value": action_id[:MAX_ACTION_ID],
    }
    if style in _STYLES:
        button["style"] = _STYLES[style]
    return button


def _chunks(text: str, limit: int) -> list[str]:
    """Split text into pieces of at most `limit` characters, at line breaks where possible."""
    chunks: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) > limit:
            chunks.append(current)
            current = ""
        current += line
    if current.strip():
        chunks.append(current)
    return [chunk.rstrip("\n") for chunk in chunks if chunk.strip()]


def fields_of(blocks: list[dict[str, Any]]) -> tuple[Field, ...]:
    """Read back the fields `message_blocks` wrote."""
    found = []
    for block in blocks:
        for field in block.get("fields") or []:
            name, __, value = field["text"].partition("\n")
            found.append(Field(unescape(name.strip("*")), unescape(value)))
    return tuple(found)


def buttons_of(blocks: list[dict[str, Any]]) -> tuple[tuple[str, str], ...]:
    """Read back the (label, action id) of each button `message_blocks` wrote."""
    return tuple(
        (element["text"]["text"], element["action_id"])
        for block in blocks
        if block.get("type") == "actions"
        for element in block["elements"]
    )


def form_view(form: Form, channel_id: str) -> dict[str, Any]:
    """Return a modal view for views.open; the channel rides along in private_metadata."""
    return {
        "type": "modal",
        "callback_id": form.form_id,
        "title": {"type": "plain_text", "text": _cut(form.title, MAX_VIEW_TITLE)},
        "submit": {"type": "plain_text", "text": _("Save")},
        "close": {"type": "plain_text", "text": _("Cancel")},
        "private_metadata": json.dumps({"channel": channel_id}),
        "blocks": [_input(field) for field in form.fields],
    }


def _input(field: Any) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": field.id,
        "multiline": field.long,
        "max_length": min(field.max_length, MAX_INPUT),
    }
    if field.default is not None:
        element["initial_value"] = field.default[:MAX_INPUT]
    if field.placeholder is not None:
        element["placeholder"] = {"type": "plain_text", "text": _cut(field.placeholder, 150)}
    return {
        "type": "input",
        "block_id": field.id,
        "label": {"type": "plain_text", "text": _cut(field.label, 2000)},
        "optional": not field.required,
        "element": element,
    }
