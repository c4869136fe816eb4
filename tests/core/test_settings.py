"""Settings: defaults, validation with one clear line naming the setting, secrets kept secret."""

from __future__ import annotations

import pytest

from bot.settings import DEFAULT_DATABASE_URL, SettingsError, load_settings
from tests.core.cli_support import COHORT_VARIABLES


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """Run each test in an empty directory with no Cohort or platform variables set."""
    monkeypatch.chdir(tmp_path)
    for name in COHORT_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_defaults_need_no_configuration() -> None:
    settings = load_settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.timezone == "UTC"
    assert settings.log_level == "INFO"
    assert settings.configured_platforms() == []


def test_dotenv_file_is_read(tmp_path) -> None:
    (tmp_path / ".env").write_text("COHORT_TIMEZONE=Europe/Berlin\nDISCORD_TOKEN=abc\n")
    settings = load_settings()
    assert settings.timezone == "Europe/Berlin"
    assert settings.configured_platforms() == ["discord"]


def test_environment_beats_dotenv(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("COHORT_TIMEZONE=Europe/Berlin\n")
    monkeypatch.setenv("COHORT_TIMEZONE", "Asia/Tokyo")
    assert load_settings().timezone == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("COHORT_TIMEZONE", "Mars/Base", "invalid setting COHORT_TIMEZONE: 'Mars/Base' is not"),
        ("COHORT_LOG_LEVEL", "loud", "invalid setting COHORT_LOG_LEVEL"),
        ("COHORT_DATABASE_URL", "mysql://x", "invalid setting COHORT_DATABASE_URL: must start"),
        ("COHORT_ACTIVITY_FLUSH_SECONDS", "0", "invalid setting COHORT_ACTIVITY_FLUSH_SECONDS"),
    ],
)
def test_invalid_setting_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert message.startswith(expected)
    assert "\n" not in message


def test_log_level_is_case_insensitive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COHORT_LOG_LEVEL", "debug")
    assert load_settings().log_level == "DEBUG"


def test_tokens_never_show_in_repr_or_str(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "super-secret-token")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-secret")
    settings = load_settings()
    assert "super-secret-token" not in repr(settings)
    assert "xoxb-secret" not in str(settings)
    assert settings.configured_platforms() == ["discord", "slack"]


def test_empty_token_is_not_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "")
    assert load_settings().configured_platforms() == []
