"""The Slack app manifest: valid against Slack's published schema, and true to the adapter."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from adapters.slack import inbound
from adapters.slack.listeners import SlackListeners
from adapters.slack.manifest import BOT_EVENTS, BOT_SCOPES, build_manifest, manifest_yaml
from bot.events import Actor
from bot.refs import UserRef
from tests.commands.registry_support import real_registry
from tests.core.cli_support import REPOSITORY, run_cohort

SCHEMA = Path(__file__).parent / "samples" / "schema__app_manifest_2.0.0__manifest_schema.json"
URL = "https://cohort.example.org/slack/events"


def validate(manifest: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(manifest)


@pytest.mark.parametrize("mode", ["socket", "http"])
def test_the_manifest_is_valid_against_slacks_schema(mode: str) -> None:
    manifest = build_manifest(real_registry(), mode=mode, request_url=URL)  # type: ignore[arg-type]
    validate(manifest)
    validate(yaml.safe_load(manifest_yaml(manifest)))


def test_the_schema_catches_a_broken_manifest() -> None:
    manifest = build_manifest(real_registry())
    manifest["features"]["slash_commands"][0]["command"] = "help"  # no leading slash
    with pytest.raises(jsonschema.ValidationError):
        validate(manifest)


def test_every_command_group_is_a_slash_command_the_listener_accepts() -> None:
    registry = real_registry()
    manifest = build_manifest(registry, prefix="cohort-")
    commands = [entry["command"] for entry in manifest["features"]["slash_commands"]]
    assert commands == [f"/cohort-{name}" for name in registry.top_level_names()]
    alice = Actor(UserRef("slack", "U1"), "alice")
    for command in commands:
        body = {"command": command, "text": "", "team_id": "T1", "channel_id": "C1"}
        event = inbound.command_invoked(body, alice, prefix="cohort-")
        assert event is not None
        assert event.text == command.removeprefix("/cohort-")
    assert all(entry["should_escape"] is False for entry in manifest["features"]["slash_commands"])


def test_socket_mode_has_no_urls_and_http_mode_sends_everything_to_one() -> None:
    socket = build_manifest(real_registry())
    assert socket["settings"]["socket_mode_enabled"] is True
    assert URL not in json.dumps(socket)
    assert "url" not in json.dumps(socket)
    http = build_manifest(real_registry(), mode="http", request_url=URL)
    assert http["settings"]["socket_mode_enabled"] is False
    assert http["settings"]["event_subscriptions"]["request_url"] == URL
    assert http["settings"]["interactivity"]["request_url"] == URL
    assert {entry["url"] for entry in http["features"]["slash_commands"]} == {URL}


def test_http_mode_without_a_url_is_refused() -> None:
    for url in (None, "", "cohort.example.org/slack/events"):
        with pytest.raises(ValueError, match="public request URL"):
            build_manifest(real_registry(), mode="http", request_url=url)


def test_the_message_shortcuts_are_the_ones_the_listener_handles() -> None:
    report, thank = build_manifest(real_registry())["features"]["shortcuts"]
    assert report["type"] == thank["type"] == "message"
    assert report["callback_id"] == inbound.REPORT_CALLBACK
    assert thank["callback_id"] == inbound.THANK_CALLBACK
    assert thank["name"] == "Thank the author"


class RecordingBolt:
    """Stands in for AsyncApp.register's receiver: records what the listeners subscribe to."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.shortcuts: list[str] = []

    def event(self, name: str) -> Any:
        self.events.append(name)
        return lambda handler: handler

    def shortcut(self, callback_id: str) -> Any:
        self.shortcuts.append(callback_id)
        return lambda handler: handler

    def command(self, _matcher: object) -> Any:
        return lambda handler: handler

    action = view = command


def test_the_manifest_subscribes_to_exactly_the_events_the_listeners_handle() -> None:
    bolt = RecordingBolt()
    SlackListeners(None, None, None, prefix="").register(bolt)  # type: ignore[arg-type]
    subscribed = {event.split(".")[0] for event in BOT_EVENTS}
    assert subscribed == set(bolt.events)
    assert bolt.shortcuts == [inbound.REPORT_CALLBACK, inbound.THANK_CALLBACK]


def test_the_readme_explains_every_scope_and_no_other() -> None:
    readme = (REPOSITORY / "README.md").read_text()
    table = re.findall(r"^\| `([a-z:.]+)` \| ", readme.split("### What each scope is for")[1], re.M)
    assert table == list(BOT_SCOPES)
    assert build_manifest(real_registry())["oauth_config"]["scopes"]["bot"] == list(BOT_SCOPES)


def test_cohort_slack_manifest_prints_it_and_refuses_a_bad_url(tmp_path: Path) -> None:
    printed = run_cohort(tmp_path, "slack", "manifest", SLACK_COMMAND_PREFIX="cohort-")
    assert printed.returncode == 0, printed.stderr
    expected = build_manifest(real_registry(), prefix="cohort-")
    assert yaml.safe_load(printed.stdout) == expected
    as_json = run_cohort(tmp_path, "slack", "manifest", "--json", "--url", URL)
    assert json.loads(as_json.stdout)["settings"]["socket_mode_enabled"] is False
    refused = run_cohort(tmp_path, "slack", "manifest", "--url", "ftp://example.org")
    assert refused.returncode == 2
    assert "public request URL" in refused.stderr
    assert refused.stdout == ""


@pytest.mark.parametrize(
    "tokens",
    [
        {},
        {"SLACK_BOT_TOKEN": "xoxb-1"},
        {"SLACK_APP_TOKEN": "xapp-1"},
        {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_MODE": "http"},
    ],
    ids=["none", "bot token only", "app token only", "http mode without signing secret"],
)
def test_the_manifest_is_printed_before_the_tokens_are_all_there(
    tmp_path: Path, tokens: dict[str, str]
) -> None:
    # People need the manifest to create the app, and only then get its tokens.
    printed = run_cohort(tmp_path, "slack", "manifest", **tokens)
    assert printed.returncode == 0, printed.stderr
    assert yaml.safe_load(printed.stdout) == build_manifest(real_registry())
    assert printed.stderr == ""


def test_run_and_check_still_say_which_token_is_missing(tmp_path: Path) -> None:
    for command in ("run", "check"):
        result = run_cohort(tmp_path, command, SLACK_BOT_TOKEN="xoxb-1")
        assert result.returncode == 2, result.stdout
        assert result.stderr.strip().splitlines() == [
            "cohort: incomplete settings: SLACK_APP_TOKEN (xapp-...) is needed for Socket Mode; "
            "or set SLACK_MODE=http with SLACK_SIGNING_SECRET"
        ]


def test_installing_in_many_workspaces_lists_the_redirect_and_the_uninstall_events() -> None:
    from adapters.slack.manifest import INSTALL_EVENTS, manifest_text
    from adapters.slack.settings import SlackSettings

    settings = SlackSettings(_env_file=None, SLACK_CLIENT_ID="1.2")  # type: ignore[call-arg]
    text = manifest_text(real_registry(), settings, request_url=URL, as_json=True)
    manifest = json.loads(text)

    validate(manifest)
    redirect = "https://cohort.example.org/slack/oauth_redirect"
    assert manifest["oauth_config"]["redirect_urls"] == [redirect]
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert events == [*BOT_EVENTS, *INSTALL_EVENTS]
    single = json.loads(
        manifest_text(real_registry(), SlackSettings(_env_file=None), request_url=URL, as_json=True)  # type: ignore[call-arg]
    )
    assert "redirect_urls" not in single["oauth_config"]
