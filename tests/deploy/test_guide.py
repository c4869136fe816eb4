"""The deployment files name real settings, and the guide the real tokens, intents and scopes."""

from __future__ import annotations

import configparser
import re

import pytest

from adapters.discord.client import cohort_intents
from adapters.discord.invite import PERMISSIONS
from adapters.slack.manifest import BOT_EVENTS, BOT_SCOPES
from tests.deploy.support import REPOSITORY

GUIDE = (REPOSITORY / "docs/deploy.md").read_text(encoding="utf-8")
PROSE = " ".join(GUIDE.split())  # phrases are found across line breaks
DEPLOYMENT_FILES = ("compose.yaml", "docs/deploy.md", "Dockerfile")
SETTING = re.compile(r"\b(?:COHORT|DISCORD|SLACK)_[A-Z0-9_]*[A-Z0-9]\b")
DOCUMENTED = set(
    re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (REPOSITORY / ".env.example").read_text(), re.M)
)


@pytest.mark.parametrize("path", DEPLOYMENT_FILES)
def test_every_setting_named_is_documented_in_env_example(path: str) -> None:
    named = set(SETTING.findall((REPOSITORY / path).read_text(encoding="utf-8")))
    assert named  # the pattern finds what these files name
    assert named - DOCUMENTED == set()


def test_the_guide_lists_every_slack_scope_and_event_the_manifest_asks_for() -> None:
    listed = set(re.findall(r"`([^`\n]+)`", GUIDE))
    assert set(BOT_SCOPES) <= listed
    assert set(BOT_EVENTS) <= listed
    assert "`connections:write`" in GUIDE  # the app-level token's one scope (Socket Mode)


def test_the_guide_lists_every_discord_permission_of_the_install_link() -> None:
    # The README's table writes each permission by its name in Discord's settings.
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    shown = re.findall(
        r"^\| ([A-Z][A-Za-z ]+) \| ", readme.split("What each permission is for")[1], re.M
    )
    assert len(shown) == len(PERMISSIONS)
    for permission in shown:
        assert permission in PROSE, permission


def test_the_guide_names_the_privileged_intents_cohort_requests() -> None:
    intents = cohort_intents()
    assert intents.members  # Server Members Intent
    assert intents.message_content  # Message Content Intent
    assert "**Server Members Intent**: required" in PROSE
    assert "**Message Content Intent**" in PROSE
    assert not intents.presences  # the third privileged intent is not asked for, nor documented
    assert "Presence Intent" not in GUIDE


def test_the_systemd_unit_runs_cohort_as_a_restarted_non_root_service() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    unit.read(REPOSITORY / "deploy/cohort.service")
    service = unit["Service"]
    assert service["User"] not in ("", "root")
    assert service["EnvironmentFile"].startswith("/")
    assert service["ExecStart"].endswith("/cohort run")
    assert service["Restart"] == "on-failure"
    assert service["RestartPreventExitStatus"] == "2"  # an invalid setting: no restart loop
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    assert "deploy/cohort.service" in GUIDE
