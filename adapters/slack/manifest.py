"""The Slack app manifest: everything a host pastes into "Create New App → From a manifest".

Built from the command registry, so a new command is a new slash command in the next manifest.
`BOT_SCOPES` names every scope the adapter needs and why; README's scope table is checked
against it. Pure: no network, no settings read here.
"""

from __future__ import annotations

import json
from typing import Any, Literal

import yaml

from adapters.slack.inbound import REPORT_CALLBACK, THANK_CALLBACK
from adapters.slack.settings import SlackSettings
from bot.i18n import _
from commands.registry import Registry
from commands.spec import CommandSpec

DEFAULT_APP_NAME = "Cohort"
EVENTS_PATH = "/slack/events"
# Like the command words, the shortcut's name stays English (Discord's message command too).
REPORT_SHORTCUT_NAME = "Report to moderators"
THANK_SHORTCUT_NAME = "Thank the author"
MAX_COMMAND_DESCRIPTION = 2000

BOT_SCOPES: dict[str, str] = {
    "commands": "slash commands and the Report to moderators and Thank the author shortcuts",
    "chat:write": "post, edit and delete its own messages; private answers",
    "chat:write.public": "post topics and welcomes in public channels it was not invited to",
    "im:write": "open a DM with a member (nudges, buddy intros)",
    "files:write": "send a session's calendar file (.ics) by DM",
    "im:history": "find a nudge whose answer was lost in the member's DM, so it is not sent twice",
    "mpim:write": "open a group DM for a buddy pair or trio",
    "channels:history": "see members' messages in public channels (activity, filters, purge)",
    "groups:history": "the same in private channels the app is added to",
    "channels:read": "list a member's public channels; channel join and leave events",
    "groups:read": "the same for private channels",
    "channels:manage": "remove a member from public channels (`/mod kick`)",
    "groups:write": "remove a member from private channels (`/mod kick`)",
    "users:read": "a member's name, time zone and admin status; workspace join events",
    "usergroups:read": "user groups and who is in them, so a role can name a Slack user group",
    "reactions:read": "reaction events: members' reactions count as light participation",
}

BOT_EVENTS = (
    "message.channels",
    "message.groups",
    "member_joined_channel",
    "member_left_channel",
    "team_join",
    "reaction_added",
)
INSTALL_EVENTS = ("app_uninstalled", "tokens_revoked")
"""Subscribed to when the app is installed in many workspaces (`oauth.Uninstalls`)."""
REDIRECT_PATH = "/slack/oauth_redirect"


def build_manifest(
    registry: Registry,
    *,
    prefix: str = "",
    mode: Literal["socket", "http"] = "socket",
    request_url: str | None = None,
    app_name: str = DEFAULT_APP_NAME,
    redirect_url: str | None = None,
) -> dict[str, Any]:
    """Return the manifest as a dict; in HTTP mode every URL is `request_url`.

    With `redirect_url` (SLACK_CLIENT_ID: one app installed in many workspaces), the OAuth
    redirect is listed and the uninstall events are subscribed to.
    """
    if mode == "http" and not (request_url or "").startswith(("https://", "http://")):
        raise ValueError(
            f"HTTP mode needs the public request URL, like https://bot.example.org{EVENTS_PATH}"
        )
    url = request_url if mode == "http" else None
    return {
        "_metadata": {"major_version": 2},
        "display_information": {
            "name": app_name,
            "description": _(
                "Topics, intros, buddies and kind moderation for learning communities"
            ),
        },
        "features": {
            "bot_user": {"display_name": app_name, "always_online": True},
            "slash_commands": _slash_commands(registry, prefix, url),
            "shortcuts": [_report_shortcut(), _thank_shortcut()],
        },
        "oauth_config": _oauth_config(redirect_url),
        "settings": _settings(url, installs=redirect_url is not None),
    }


def _oauth_config(redirect_url: str | None) -> dict[str, Any]:
    config: dict[str, Any] = {"scopes": {"bot": list(BOT_SCOPES)}}
    if redirect_url is not None:
        config = {"redirect_urls": [redirect_url], **config}
    return config


class _ManifestDumper(yaml.SafeDumper):
    """YAML's safe dumper, writing any `str` as a string: the catalogue's texts are a subclass
    (`Localized`), which the safe dumper alone refuses."""


_ManifestDumper.add_multi_representer(str, _ManifestDumper.represent_str)


def manifest_yaml(manifest: dict[str, Any]) -> str:
    """Return the manifest as YAML, keys in the order they were built."""
    return yaml.dump(manifest, Dumper=_ManifestDumper, sort_keys=False, allow_unicode=True)


def manifest_text(
    registry: Registry, settings: SlackSettings, *, request_url: str | None, as_json: bool
) -> str:
    """Return `cohort slack manifest`'s output: every command, YAML or JSON.

    With `request_url`, the manifest is for HTTP mode; without, for Socket Mode. With
    SLACK_CLIENT_ID set too, it lists the OAuth redirect (SLACK_REDIRECT_URL, else the request
    URL's origin + /slack/oauth_redirect).
    """
    redirect_url = None
    if settings.installs and request_url is not None:
        origin = request_url.split("/slack/", 1)[0]
        redirect_url = settings.slack_redirect_url or origin + REDIRECT_PATH
    manifest = build_manifest(
        registry,
        prefix=settings.slack_command_prefix,
        mode="http" if request_url is not None else "socket",
        request_url=request_url,
        redirect_url=redirect_url,
    )
    return json.dumps(manifest, indent=2) + "\n" if as_json else manifest_yaml(manifest)


def _slash_commands(registry: Registry, prefix: str, url: str | None) -> list[dict[str, Any]]:
    commands = []
    for name in registry.top_level_names():
        command: dict[str, Any] = {
            "command": f"/{prefix}{name}",
            "description": _description(registry, name),
            "should_escape": False,  # so mentions arrive as <@U…> and <#C…|name>
        }
        hint = _usage_hint(registry, name)
        if hint:
            command["usage_hint"] = hint
        if url:
            command["url"] = url
        commands.append(command)
    return commands


def _description(registry: Registry, name: str) -> str:
    standalone = registry.get(name)
    if standalone is not None and standalone.name is None:
        text = _(standalone.help)
    else:
        subcommands = ", ".join(spec.name or "" for spec in registry.subcommands(name))
        text = f"{name.capitalize()}: {subcommands}"
    return text[:MAX_COMMAND_DESCRIPTION]


def _usage_hint(registry: Registry, name: str) -> str:
    standalone = registry.get(name)
    if standalone is not None and standalone.name is None:
        return " ".join(option.usage() for option in standalone.options)
    return " | ".join(_subcommand_hint(spec) for spec in registry.subcommands(name))


def _subcommand_hint(spec: CommandSpec) -> str:
    # A default that takes words is typed without its name (`/intro Hi, I'm Sam`).
    if spec.is_group_default and spec.options:
        return " ".join(option.usage() for option in spec.options)
    return spec.name or ""


def _report_shortcut() -> dict[str, str]:
    return {
        "name": REPORT_SHORTCUT_NAME,
        "type": "message",
        "callback_id": REPORT_CALLBACK,
        "description": _("Privately flag this message for the community's moderators"),
    }


def _thank_shortcut() -> dict[str, str]:
    return {
        "name": THANK_SHORTCUT_NAME,
        "type": "message",
        "callback_id": THANK_CALLBACK,
        "description": _("Privately thank the person who wrote this message"),
    }


def _settings(url: str | None, *, installs: bool = False) -> dict[str, Any]:
    events: dict[str, Any] = {"bot_events": list(BOT_EVENTS) + list(INSTALL_EVENTS * installs)}
    interactivity: dict[str, Any] = {"is_enabled": True}
    if url:
        events["request_url"] = url
        interactivity["request_url"] = url
    return {
        "event_subscriptions": events,
        "interactivity": interactivity,
        "org_deploy_enabled": False,
        "socket_mode_enabled": url is None,
        "token_rotation_enabled": False,
    }
