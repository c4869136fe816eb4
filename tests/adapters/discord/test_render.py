"""Outbound rendering: neutral messages as Discord message bodies, checked against the spec."""

from __future__ import annotations

import pytest

from adapters.discord.render import (
    MAX_CONTENT,
    StaticButtons,
    StaticForm,
    components_for,
    message_payload,
)
from adapters.mentions import own
from bot.messages import Button, ButtonStyle, Field, Form, FormField, OutboundMessage
from tests.adapters.discord.openapi import problems, request_validator

MESSAGES = [
    OutboundMessage("Hello <@123>!"),
    OutboundMessage(
        "Flagged message",
        fields=(Field("Reported by", "bob"), Field("Reason", "")),
        buttons=(
            Button("Delete", "mod:delete:41", ButtonStyle.DANGER),
            Button("Warn", "mod:warn:41", ButtonStyle.PRIMARY),
            Button("Dismiss", "mod:dismiss:41"),
        ),
    ),
    OutboundMessage("x" * 5000, buttons=tuple(Button(f"B{n}", f"b:{n}") for n in range(12))),
    OutboundMessage.error("That did not work."),
]


@pytest.mark.parametrize("message", MESSAGES, ids=["plain", "fields-buttons", "long", "error"])
def test_message_bodies_are_valid_for_discord(message: OutboundMessage) -> None:
    body = message_payload(message)
    create = request_validator("/channels/{channel_id}/messages", "post")
    edit = request_validator("/channels/{channel_id}/messages/{message_id}", "patch")
    assert problems(create, body) == []
    assert problems(edit, body) == []


def test_text_is_cut_to_discords_limit_with_an_ellipsis() -> None:
    content = message_payload(OutboundMessage("y" * 2500))["content"]
    assert len(content) == MAX_CONTENT
    assert content.endswith("…")


def test_fields_become_one_embed_and_blank_values_stay_valid() -> None:
    body = message_payload(MESSAGES[1])
    assert [field["name"] for field in body["embeds"][0]["fields"]] == ["Reported by", "Reason"]
    assert body["embeds"][0]["fields"][1]["value"] == "\u200b"  # Discord rejects empty values


def test_buttons_keep_their_action_ids_as_custom_ids_five_to_a_row() -> None:
    rows = components_for(tuple(Button(f"B{n}", f"topic:approve:{n}") for n in range(7)))
    assert [len(row["components"]) for row in rows] == [5, 2]
    assert rows[1]["components"][1] == {
        "type": 2,
        "style": 2,
        "disabled": False,
        "label": "B6",
        "custom_id": "topic:approve:6",
    }


def test_only_members_the_bot_names_are_pinged_never_roles_or_everyone() -> None:
    text = f"{own('<@7>')} wrote: @everyone <@&9> <@5> <@!6>, hi {own('<@7>')}"
    payload = message_payload(OutboundMessage(text))
    assert payload["allowed_mentions"]["parse"] == []
    assert payload["allowed_mentions"]["users"] == [7], "not 5 or 6, typed by a member"
    assert payload["content"] == "<@7> wrote: @everyone <@&9> <@5> <@!6>, hi <@7>"


async def test_interaction_views_match_the_channel_rendering() -> None:
    buttons = MESSAGES[1].buttons
    view = StaticButtons(buttons)
    assert view.to_components() == components_for(buttons)
    assert view.is_finished()  # never stored for dispatch: presses come by custom id


async def test_a_form_becomes_a_modal_with_its_inputs() -> None:
    form = Form(
        "guidelines:set",
        "Community guidelines for the spring cohort of 2026",
        (FormField("rules", "One rule per line", long=True, default="Be kind."),),
    )
    modal = StaticForm(form).to_dict()
    assert modal["custom_id"] == "guidelines:set"
    assert len(modal["title"]) <= 45
    text_input = modal["components"][0]["components"][0]
    assert (text_input["custom_id"], text_input["style"], text_input["value"]) == (
        "rules",
        2,
        "Be kind.",
    )
