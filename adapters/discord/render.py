"""Outbound translation: neutral messages and forms as Discord payloads and discord.py objects.

`message_payload` is the JSON body of a channel message (checked against Discord's OpenAPI spec
in the tests); `embeds_for` and `StaticButtons` give interaction responses the same look.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from adapters.mentions import own_mentions, unmarked
from bot.messages import Button, ButtonStyle, Form, OutboundMessage

MAX_CONTENT = 2000
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_BUTTONS = 25
MAX_LABEL = 80
MAX_CUSTOM_ID = 100
MAX_MODAL_TITLE = 45
MAX_INPUT_LABEL = 45
BUTTONS_PER_ROW = 5
EMBED_COLOUR = 0x5865F2
ERROR_COLOUR = 0xED4245

_STYLES = {
    ButtonStyle.NORMAL: discord.ButtonStyle.secondary,
    ButtonStyle.PRIMARY: discord.ButtonStyle.primary,
    ButtonStyle.DANGER: discord.ButtonStyle.danger,
}

MAX_ALLOWED_USERS = 100
_USER_MENTION = re.compile(r"<@!?([0-9]+)>")


SUPPRESS_EMBEDS = 1 << 2
"""The message flag that keeps Discord from unfurling the message's links."""


def cut(text: str, limit: int) -> str:
    """Return `text` within Discord's `limit`, ending in an ellipsis when it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def message_payload(message: OutboundMessage) -> dict[str, Any]:
    """Return the JSON body that posts or edits `message` in a channel."""
    payload: dict[str, Any] = {
        "content": content(message),
        "embeds": [embed.to_dict() for embed in embeds_for(message)],
        "components": components_for(message.buttons),
        "allowed_mentions": allowed_mentions(message).to_dict(),
    }
    if message.suppress_previews:
        payload["flags"] = SUPPRESS_EMBEDS
    return payload


def content(message: OutboundMessage) -> str:
    """Return the message's text as Discord shows it, within Discord's limit."""
    return cut(unmarked(message.text), MAX_CONTENT)


def allowed_mentions(message: OutboundMessage) -> discord.AllowedMentions:
    """Return who may be pinged: only the members the bot itself names in the text.

    A `<@id>` a member wrote (in an intro, a topic, a display name) pings nobody; roles and
    @everyone never ping.
    """
    named = dict.fromkeys(
        int(found.group(1))
        for mention in own_mentions(message.text)
        if (found := _USER_MENTION.fullmatch(mention)) is not None
    )
    users = [discord.Object(user_id) for user_id in list(named)[:MAX_ALLOWED_USERS]]
    return discord.AllowedMentions(everyone=False, users=users, roles=False)


def embeds_for(message: OutboundMessage) -> list[discord.Embed]:
    """Return one embed holding the message's fields, or none when it has no fields."""
    if not message.fields:
        return []
    colour = ERROR_COLOUR if message.is_error else EMBED_COLOUR
    embed = discord.Embed(colour=colour)
    for field in message.fields[:MAX_FIELDS]:
        embed.add_field(
            name=cut(unmarked(field.name), MAX_FIELD_NAME) or "\u200b",
            value=cut(unmarked(field.value), MAX_FIELD_VALUE) or "\u200b",
            inline=False,
        )
    return [embed]


def components_for(buttons: tuple[Button, ...]) -> list[dict[str, Any]]:
    """Return action rows of up to five buttons each; the custom id is the action id."""
    rows = []
    kept = buttons[:MAX_BUTTONS]
    for start in range(0, len(kept), BUTTONS_PER_ROW):
        row = [_button_payload(button) for button in kept[start : start + BUTTONS_PER_ROW]]
        rows.append({"type": 1, "components": row})
    return rows


def _button_payload(button: Button) -> dict[str, Any]:
    return {
        "type": 2,
        "style": _STYLES[button.style].value,
        "disabled": False,
        "label": cut(button.label, MAX_LABEL),
        "custom_id": button.action_id[:MAX_CUSTOM_ID],
    }


class StaticButtons(discord.ui.View):
    """Buttons rendered for an interaction response, never listened to by discord.py.

    Presses reach Cohort through `on_interaction` by custom id, so they keep working after a
    restart; reporting the view as finished keeps discord.py from storing it forever.
    """

    def __init__(self, buttons: tuple[Button, ...]) -> None:
        super().__init__(timeout=None)
        for index, button in enumerate(buttons[:MAX_BUTTONS]):
            self.add_item(
                discord.ui.Button(
                    label=cut(button.label, MAX_LABEL),
                    custom_id=button.action_id[:MAX_CUSTOM_ID],
                    style=_STYLES[button.style],
                    row=index // BUTTONS_PER_ROW,
                )
            )

    def is_finished(self) -> bool:
        """Report finished, so discord.py does not keep this view for dispatch."""
        return True


def view_for(message: OutboundMessage) -> discord.ui.View | None:
    """Return the message's buttons as a view, or None when it has none."""
    return StaticButtons(message.buttons) if message.buttons else None


class StaticForm(discord.ui.Modal):
    """A form rendered as a Discord modal; its submission reaches Cohort by custom id."""

    def __init__(self, form: Form) -> None:
        title = cut(form.title, MAX_MODAL_TITLE)
        super().__init__(title=title, custom_id=form.form_id, timeout=None)
        for field in form.fields[:5]:
            self.add_item(
                discord.ui.TextInput(
                    label=cut(field.label, MAX_INPUT_LABEL),
                    custom_id=field.id,
                    style=discord.TextStyle.paragraph if field.long else discord.TextStyle.short,
                    required=field.required,
                    default=field.default,
                    placeholder=field.placeholder,
                    max_length=field.max_length,
                )
            )

    def is_finished(self) -> bool:
        """Report finished, so discord.py does not keep this modal for dispatch."""
        return True
