"""Slack payloads read into core events: real payloads from bolt-python's tests (see samples/)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from adapters.slack import inbound
from bot.events import Actor
from bot.levels import Level
from bot.refs import ChannelRef, MessageRef, UserRef

SAMPLES = Path(__file__).parent / "samples"
ALICE = Actor(UserRef("slack", "W111"), "alice")


def sample(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SAMPLES / name).read_text())
    return loaded


def slash_command(**changes: str) -> dict[str, Any]:
    text = (SAMPLES / "slash_command__form_body__bolt_tests.txt").read_text().strip()
    return {**dict(parse_qsl(text)), **changes}


def message_event(**changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = sample("event_callback__message__bolt_tests.json")["event"]
    return {**event, **changes}


def test_a_slash_command_is_the_group_word_and_its_text() -> None:
    body = slash_command(command="/guidelines", text="add Be kind")
    event = inbound.command_invoked(body, ALICE)
    assert event is not None
    assert event.text == "guidelines add Be kind"
    assert event.community.id == "T111"
    assert event.interaction.channel == ChannelRef("slack", "C111")
    assert event.interaction.token == body["response_url"]
    assert event.interaction.id == body["trigger_id"]
    assert event.interaction.user == UserRef("slack", "W111")


def test_a_prefixed_command_loses_its_prefix_and_others_are_ignored() -> None:
    prefixed = inbound.command_invoked(
        slash_command(command="/cohort-help", text=""), ALICE, prefix="cohort-"
    )
    assert prefixed is not None
    assert prefixed.text == "help"
    sample_command = slash_command()  # /hello-world belongs to someone else's app
    assert inbound.command_invoked(sample_command, ALICE, prefix="cohort-") is None


def test_a_command_without_its_channel_or_team_is_ignored() -> None:
    body = slash_command(command="/help")
    del body["channel_id"]
    assert inbound.command_invoked(body, ALICE) is None


def test_a_members_channel_post_counts_with_its_mentions() -> None:
    event = message_event(text="<@U2> and <!subteam^S1|tutors>: see <#C2|intro>")
    posted = inbound.message_posted(event, team_id="T111", bot_user_id="UBOT", actor=ALICE)
    assert posted is not None
    assert posted.message == MessageRef("slack", "C111", "1596183880.004200")
    assert posted.mention_count == 2
    assert posted.thread_root is None
    assert posted.at.timestamp() == 1596183880.0042


def test_a_thread_reply_names_its_root_and_a_broadcast_still_counts() -> None:
    reply = message_event(thread_ts="1596183000.000100", subtype="thread_broadcast")
    posted = inbound.message_posted(reply, team_id="T111", bot_user_id="UBOT", actor=ALICE)
    assert posted is not None
    assert posted.thread_root == MessageRef("slack", "C111", "1596183000.000100")


def test_bots_dms_notices_and_the_app_itself_are_not_member_posts() -> None:
    ignored = [
        message_event(bot_id="B1"),
        message_event(user="UBOT"),
        message_event(channel_type="im"),
        message_event(channel_type="mpim"),
        message_event(subtype="channel_join"),
        message_event(subtype="message_deleted", hidden=True),
    ]
    for event in ignored:
        posted = inbound.message_posted(event, team_id="T111", bot_user_id="UBOT", actor=ALICE)
        assert posted is None, event


def test_an_edit_carries_the_new_text_and_ignores_the_bots_own() -> None:
    edit = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "C111",
        "channel_type": "channel",
        "event_ts": "1596183999.000100",
        "message": {"user": "W111", "text": "fixed typo", "ts": "1596183880.004200"},
    }
    edited = inbound.message_edited(edit, team_id="T111", bot_user_id="UBOT", actor=ALICE)
    assert edited is not None
    assert edited.text == "fixed typo"
    assert edited.message == MessageRef("slack", "C111", "1596183880.004200")
    bots = {**edit, "message": {**edit["message"], "user": "UBOT"}}
    assert inbound.message_edited(bots, team_id="T111", bot_user_id="UBOT", actor=ALICE) is None


def test_the_report_shortcut_names_the_message_its_author_and_an_excerpt() -> None:
    body = {**sample("message_shortcut__message_action__bolt_tests.json")}
    body["callback_id"] = inbound.REPORT_CALLBACK
    body["message"] = {**body["message"], "text": "x" * 400}
    reported = inbound.message_reported(body, ALICE)
    assert reported is not None
    assert reported.message == MessageRef("slack", "C111", "1583636382.000300")
    assert reported.author == UserRef("slack", "W111")
    assert reported.community.id == "T111"
    assert reported.excerpt is not None
    assert len(reported.excerpt) == inbound.MAX_EXCERPT
    assert reported.excerpt.endswith("…")


def test_another_apps_shortcut_is_not_a_report() -> None:
    body = sample("message_shortcut__message_action__bolt_tests.json")  # callback test-shortcut
    assert inbound.message_reported(body, ALICE) is None


def test_a_button_press_names_the_action_and_the_message_it_sits_on() -> None:
    body = sample("block_actions__button_click__bolt_tests.json")
    pressed = inbound.button_pressed(body, ALICE)
    assert pressed is not None
    action = body["actions"][0]
    assert pressed.action_id == action["action_id"]
    assert pressed.message.id == body["container"]["message_ts"]
    assert pressed.interaction.token == body["response_url"]


def test_a_form_submission_reads_every_text_input_and_the_channel_it_came_from() -> None:
    body = {
        "type": "view_submission",
        "team": {"id": "T111"},
        "user": {"id": "W111", "team_id": "T111"},
        "view": {
            "id": "V1",
            "callback_id": "guidelines:set",
            "private_metadata": json.dumps({"channel": "C111"}),
            "state": {
                "values": {
                    "rules": {"rules": {"type": "plain_text_input", "value": "Be kind."}},
                    "other": {"pick": {"type": "static_select", "selected_option": None}},
                }
            },
        },
    }
    submitted = inbound.form_submitted(body, ALICE)
    assert submitted is not None
    assert submitted.form_id == "guidelines:set"
    assert submitted.values == {"rules": "Be kind."}
    assert submitted.interaction.channel == ChannelRef("slack", "C111")
    assert submitted.interaction.token == ""  # answers go to the channel, not a response URL


def test_a_channel_join_is_a_member_joining_and_a_bot_join_is_not() -> None:
    body = sample("event_callback__member_joined_channel__bolt_tests.json")
    joined = inbound.member_joined(body["event"], team_id="T111", actor=ALICE)
    assert joined is not None
    assert joined.actor == ALICE
    assert joined.channel == ChannelRef("slack", body["event"]["channel"])  # not the workspace
    bot = Actor(UserRef("slack", "B1"), "helper", is_bot=True)
    assert inbound.member_joined(body["event"], team_id="T111", actor=bot) is None


def test_users_info_gives_name_level_and_only_a_real_time_zone() -> None:
    user = sample("webapi_response__users.info__slack_api_specs.json")["user"]
    actor = inbound.actor_from_user({**user, "is_admin": True, "tz": "Europe/Berlin"})
    assert actor.user.id == user["id"]
    assert actor.display_name == user["profile"]["display_name"]
    assert actor.platform_level is Level.ADMIN
    assert actor.timezone == "Europe/Berlin"
    plain = {**user, "is_admin": False, "is_owner": False, "is_primary_owner": False}
    for zone in ("Mars/Base", "localtime", None):
        member = inbound.actor_from_user({**plain, "tz": zone})
        assert member.platform_level is Level.MEMBER
        assert member.timezone is None


def test_who_acted_is_found_in_commands_interactions_and_events() -> None:
    assert inbound.user_id_of(slash_command()) == "W111"
    assert inbound.user_id_of(sample("block_actions__button_click__bolt_tests.json"))
    assert inbound.user_id_of(sample("event_callback__message__bolt_tests.json")) == "W111"
    assert inbound.user_id_of({"event": {"type": "team_join", "user": {"id": "U9"}}}) == "U9"
