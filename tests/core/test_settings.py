"""Settings: defaults, validation with one clear line naming the setting, secrets kept secret."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from adapters.discord.settings import DiscordSettings
from adapters.slack.settings import SlackSettings
from bot.cli import load_configuration
from bot.settings import DEFAULT_DATABASE_URL, Settings, SettingsError, load_settings
from scheduler.runner import LEASE
from tests.core.cli_support import COHORT_VARIABLES, REPOSITORY, cohort_environment


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """Run each test in an empty directory with no Cohort or platform variables set."""
    monkeypatch.chdir(tmp_path)
    for name in COHORT_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_defaults_need_no_configuration() -> None:
    configuration = load_configuration()
    settings = configuration.core
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.timezone == "UTC"
    assert settings.log_level == "INFO"
    assert configuration.configured_platforms() == []


def test_the_schedule_lease_defaults_to_the_schedulers_and_can_be_shortened(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert load_settings(Settings).schedule_lease_seconds == LEASE.total_seconds()
    monkeypatch.setenv("COHORT_SCHEDULE_LEASE_SECONDS", "5")
    assert load_settings(Settings).schedule_lease_seconds == 5


def test_dotenv_file_is_read(tmp_path) -> None:
    (tmp_path / ".env").write_text("COHORT_TIMEZONE=Europe/Berlin\nDISCORD_TOKEN=abc\n")
    configuration = load_configuration()
    assert configuration.core.timezone == "Europe/Berlin"
    assert configuration.configured_platforms() == ["discord"]


def test_environment_beats_dotenv(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("COHORT_TIMEZONE=Europe/Berlin\n")
    monkeypatch.setenv("COHORT_TIMEZONE", "Asia/Tokyo")
    assert load_settings(Settings).timezone == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("COHORT_TIMEZONE", "Mars/Base", "invalid setting COHORT_TIMEZONE: 'Mars/Base' is not"),
        ("COHORT_LOG_LEVEL", "loud", "invalid setting COHORT_LOG_LEVEL"),
        ("COHORT_DATABASE_URL", "mysql://x", "invalid setting COHORT_DATABASE_URL: must start"),
        ("COHORT_ACTIVITY_FLUSH_SECONDS", "0", "invalid setting COHORT_ACTIVITY_FLUSH_SECONDS"),
        ("COHORT_SCHEDULE_LEASE_SECONDS", "1", "invalid setting COHORT_SCHEDULE_LEASE_SECONDS"),
        ("COHORT_WARNING_LADDER", "three", "invalid setting COHORT_WARNING_LADDER: 'three'"),
        ("DISCORD_GUILD_IDS", "my-server", "invalid setting DISCORD_GUILD_IDS: 'my-server'"),
        ("SLACK_PORT", "0", "invalid setting SLACK_PORT"),
    ],
)
def test_invalid_setting_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_configuration()
    message = str(raised.value)
    assert message.startswith(expected)
    assert "\n" not in message


def test_log_level_is_case_insensitive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COHORT_LOG_LEVEL", "debug")
    assert load_settings(Settings).log_level == "DEBUG"


def test_tokens_never_show_in_repr_or_str(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "super-secret-token")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-secret")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-secret")
    settings = load_configuration()
    assert "super-secret-token" not in repr(settings)
    assert "xoxb-secret" not in str(settings)
    assert "xapp-secret" not in repr(settings)
    assert settings.configured_platforms() == ["discord", "slack"]


def test_empty_token_is_not_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "")
    assert load_configuration().configured_platforms() == []


def test_slack_socket_mode_needs_the_app_token() -> None:
    with pytest.raises(SettingsError, match="SLACK_APP_TOKEN"):
        load_configuration(_env_file=None, SLACK_BOT_TOKEN="xoxb-1")
    assert load_configuration(_env_file=None, SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1")


def test_slack_http_mode_needs_the_signing_secret() -> None:
    with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET is needed"):
        load_configuration(_env_file=None, SLACK_BOT_TOKEN="xoxb-1", SLACK_MODE="HTTP")
    settings = load_settings(
        SlackSettings,
        _env_file=None,
        SLACK_BOT_TOKEN="xoxb-1",
        SLACK_MODE="http",
        SLACK_SIGNING_SECRET="s",
    )
    assert settings.slack_mode == "http"


def test_a_slack_command_prefix_must_be_a_valid_command_start() -> None:
    with pytest.raises(SettingsError, match="SLACK_COMMAND_PREFIX"):
        load_configuration(_env_file=None, SLACK_COMMAND_PREFIX="Cohort!")
    prefixed = load_settings(SlackSettings, _env_file=None, SLACK_COMMAND_PREFIX="cohort-")
    assert prefixed.slack_command_prefix


def test_discord_guild_ids_are_numbers_and_urls_have_schemes() -> None:
    guilds = load_settings(DiscordSettings, _env_file=None, DISCORD_GUILD_IDS=" 1, 2 ")
    assert guilds.discord_guilds == [1, 2]
    for name, value in (
        ("DISCORD_GUILD_IDS", "my-server"),
        ("DISCORD_API_URL", "discord.com/api"),
        ("DISCORD_GATEWAY_URL", "https://gateway.discord.gg"),
    ):
        with pytest.raises(SettingsError, match=name):
            load_configuration(_env_file=None, **{name: value})


def test_every_setting_is_documented_in_env_example_and_the_readme() -> None:
    repository = Path(__file__).resolve().parents[2]
    example = (repository / ".env.example").read_text()
    readme = (repository / "README.md").read_text()
    for model in (Settings, DiscordSettings, SlackSettings):
        for info in model.model_fields.values():
            assert f"\n{info.alias}=" in example, info.alias
            assert f"| `{info.alias}` |" in readme, info.alias


def test_problems_in_the_core_and_a_platform_are_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COHORT_TIMEZONE", "Mars/Base")
    monkeypatch.setenv("SLACK_API_URL", "slack.com/api")
    with pytest.raises(SettingsError) as raised:
        load_configuration()
    assert str(raised.value) == (
        "invalid setting COHORT_TIMEZONE: 'Mars/Base' is not an IANA time zone (for example "
        "Europe/Berlin); invalid setting SLACK_API_URL: must start with https:// (or http:// "
        "for a local server)"
    )


def test_a_bad_ladder_is_listed_beside_another_bad_core_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COHORT_TIMEZONE", "Mars/Base")
    monkeypatch.setenv("COHORT_WARNING_LADDER", "three")
    with pytest.raises(SettingsError) as raised:
        load_configuration()
    assert str(raised.value) == (
        "invalid setting COHORT_TIMEZONE: 'Mars/Base' is not an IANA time zone (for example "
        "Europe/Berlin); invalid setting COHORT_WARNING_LADDER: 'three' should read "
        "<warnings>=<duration>, such as 3=24h"
    )


def test_reading_every_platform_setting_imports_no_platform_library() -> None:
    code = (
        "import sys; from bot.cli import _parser, load_configuration; "
        "_parser().parse_args(['slack', 'manifest']); load_configuration(_env_file=None); "
        "print(sorted(m for m in ('discord', 'slack_bolt', 'slack_sdk') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPOSITORY,
        env=cohort_environment(REPOSITORY),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"
