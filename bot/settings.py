"""Settings from the environment and `.env`, validated once in `main()`, never at import time."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, create_model, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///cohort.db"
SUPPORTED_DATABASE_SCHEMES = ("sqlite+aiosqlite", "postgresql+asyncpg")
MAX_PORT = 65535
DEFAULT_WEB_PORT = 8080
READ_FROM = SettingsConfigDict(
    env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
)
"""Where every settings class reads: the environment first, then `.env`; others ignored."""


class Settings(BaseSettings):
    """The core's settings; `.env.example` documents each one. Platforms have their own."""

    model_config = READ_FROM

    database_url: str = Field(default=DEFAULT_DATABASE_URL, alias="COHORT_DATABASE_URL")
    timezone: str = Field(default="UTC", alias="COHORT_TIMEZONE")
    language: str = Field(default="en", alias="COHORT_LANGUAGE")
    """The language of communities that chose none with /setup language (a catalogue's code)."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", alias="COHORT_LOG_LEVEL"
    )
    activity_flush_seconds: float = Field(
        default=5.0, gt=0, le=3600, alias="COHORT_ACTIVITY_FLUSH_SECONDS"
    )
    schedule_grace_hours: float = Field(
        default=6.0, ge=0, le=168, alias="COHORT_SCHEDULE_GRACE_HOURS"
    )
    schedule_poll_seconds: float | None = Field(
        default=None, ge=0, le=3600, alias="COHORT_SCHEDULE_POLL_SECONDS"
    )
    """How often to look for schedules changed by another process; 0 never. Unset: every
    60 s on the real clock, never on the virtual one (the console is one process)."""
    schedule_lease_seconds: float = Field(
        default=600.0, ge=5, le=86400, alias="COHORT_SCHEDULE_LEASE_SECONDS"
    )
    """How long a process's claim on a due occurrence holds; a process that dies holding one
    is taken over by another once it runs out. At least 5 s: shorter than the work of one
    occurrence, a live process's claim would be taken over too."""
    starter_topics: bool = Field(default=True, alias="COHORT_STARTER_TOPICS")
    welcome_in: Literal["channel", "dm"] = Field(default="channel", alias="COHORT_WELCOME_IN")
    intro_reminder_days: int = Field(default=3, ge=0, le=365, alias="COHORT_INTRO_REMINDER_DAYS")
    automod_cache_seconds: float = Field(
        default=15.0, gt=0, le=3600, alias="COHORT_AUTOMOD_CACHE_SECONDS"
    )
    warning_expiry_days: float = Field(
        default=90.0, gt=0, le=3650, alias="COHORT_WARNING_EXPIRY_DAYS"
    )
    warning_ladder: str = Field(default="3=24h", alias="COHORT_WARNING_LADDER")
    flag_reannounce_hours: float = Field(
        default=2.0, gt=0, le=168, alias="COHORT_FLAG_REANNOUNCE_HOURS"
    )
    anonymous_reports: bool = Field(default=False, alias="COHORT_ANONYMOUS_REPORTS")
    host_reminder_hours: float = Field(
        default=24.0, gt=0, le=168, alias="COHORT_HOST_REMINDER_HOURS"
    )
    # Unset: the quiet-members service's own default (`DEFAULT_QUIET_DAYS`, 14).
    quiet_days: int | None = Field(default=None, ge=1, le=365, alias="COHORT_QUIET_DAYS")
    nudge_cooldown_days: int = Field(default=30, ge=1, le=365, alias="COHORT_NUDGE_COOLDOWN_DAYS")
    nudge_rate: float = Field(default=5.0, gt=0, le=50, alias="COHORT_NUDGE_RATE")
    http_host: str = Field(default="127.0.0.1", min_length=1, alias="COHORT_HTTP_HOST")
    http_port: int | None = Field(default=None, alias="COHORT_HTTP_PORT")
    """Where /healthz and /metrics are served (`bot/web/`); unset, no HTTP server."""
    web_url: str | None = Field(default=None, alias="COHORT_WEB_URL")
    """The dashboard's public base URL (`bot/dashboard/`); links are built only from it. Set,
    the HTTP server serves the dashboard (on COHORT_HTTP_PORT, else COHORT_WEB_PORT)."""
    web_port: int = Field(default=DEFAULT_WEB_PORT, alias="COHORT_WEB_PORT")
    """The dashboard's port when COHORT_HTTP_PORT is unset, and the console's first choice."""

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{value!r} is not an IANA time zone (for example Europe/Berlin)"
            ) from None
        return value

    @field_validator("language")
    @classmethod
    def _catalogued_language(cls, value: str) -> str:
        from bot.i18n import catalogue_language  # the catalogues are read when first asked
        from bot.i18n.catalogue import active_catalogues

        languages = active_catalogues().languages
        found = catalogue_language(value, languages)
        if found is None:
            known = ", ".join(sorted(languages))
            raise ValueError(f"{value!r} has no catalogue (there are: {known})")
        return found

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        scheme = value.split("://", 1)[0]
        if "://" not in value or scheme not in SUPPORTED_DATABASE_SCHEMES:
            allowed = " or ".join(f"{s}://..." for s in SUPPORTED_DATABASE_SCHEMES)
            raise ValueError(f"must start with {allowed}")
        return value

    @field_validator("welcome_in", mode="before")
    @classmethod
    def _lower_case_choice(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("schedule_poll_seconds", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("web_url", mode="before")
    @classmethod
    def _web_url(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        text = str(value).strip().rstrip("/")
        parsed = urlsplit(text)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(
                f"{value!r} is not a web address: write it like https://cohort.example.org"
            )
        if parsed.path or parsed.query or parsed.fragment:
            raise ValueError(
                f"{value!r}: give the address without a path (the dashboard is /dashboard)"
            )
        return text

    @field_validator("web_port", mode="before")
    @classmethod
    def _web_port(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return DEFAULT_WEB_PORT
        return cls._port_number(value)

    @field_validator("http_port", mode="before")
    @classmethod
    def _port_number(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        text = str(value).strip()
        if not text.isdigit() or int(text) > MAX_PORT:
            hint = f"write one from 1 to {MAX_PORT} (0 picks a free one)"
            raise ValueError(f"{value!r} is not a port number: {hint}")
        return int(text)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value


class PlatformSettings(BaseSettings):
    """A platform adapter's own settings (`adapters/<name>/settings.py`), read like the core's."""

    model_config = READ_FROM

    def configured(self) -> bool:
        """Return whether this platform is to be connected (its token is set)."""
        return False

    def missing(self) -> str | None:
        """Return what a configured platform still needs to connect, or None.

        Not a validation rule: `cohort slack manifest` and the console must work before the
        tokens exist (people need the manifest to create the app that gives them).
        """
        return None

    def summary(self) -> list[str]:
        """Return lines for `cohort check` about how this process runs the platform (none)."""
        return []


def secret_set(secret: SecretStr | None) -> bool:
    """Return whether `secret` holds a value (an empty variable counts as unset)."""
    return secret is not None and bool(secret.get_secret_value())


class SettingsError(Exception):
    """A setting is invalid; the message is one line naming it (or each, separated by `;`)."""


SettingsT = TypeVar("SettingsT", bound=BaseSettings)
SettingCheck = Callable[[str], object]
"""Reads a setting's text the way its feature will, raising ValueError with what to write."""


def read_settings(
    model: type[SettingsT],
    *,
    checks: Mapping[str, SettingCheck] | None = None,
    **overrides: Any,
) -> tuple[SettingsT | None, list[str]]:
    """Build `model` from the environment, `.env` and `overrides`; return it or the problems.

    `checks` validate the named fields like the model's own validators, so their problems are
    listed with the others, in field order: a feature owns the format of some settings
    (moderation's warning ladder), and `bot/settings.py` imports no feature.
    """
    try:
        return _checked(model, checks)(**overrides), []
    except ValidationError as error:
        return None, _describe(error, model)


def _checked(model: type[SettingsT], checks: Mapping[str, SettingCheck] | None) -> type[SettingsT]:
    """Return `model` with each of `checks` added as an after-validator of its field."""
    if not checks:
        return model
    validators: dict[str, Any] = {
        f"_check_{name}": field_validator(name)(classmethod(_validator(check)))
        for name, check in checks.items()
    }
    checked: type[SettingsT] = create_model(
        model.__name__, __base__=model, __validators__=validators
    )
    return checked


def _validator(check: SettingCheck) -> Callable[[type[BaseSettings], Any], Any]:
    def validate(_cls: type[BaseSettings], value: Any) -> Any:
        check(value)  # a ValueError names what to write
        return value

    return validate


def load_settings(
    model: type[SettingsT],
    *,
    checks: Mapping[str, SettingCheck] | None = None,
    **overrides: Any,
) -> SettingsT:
    """Build `model` (the core's `Settings`, or a platform's) or raise SettingsError."""
    settings, problems = read_settings(model, checks=checks, **overrides)
    if settings is None:
        raise SettingsError("; ".join(problems))
    return settings


def _describe(error: ValidationError, model: type[BaseSettings]) -> list[str]:
    aliases = _aliases(model)
    problems = []
    for item in error.errors():
        name = ".".join(str(part) for part in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        if not name:  # a rule across settings: its message names them
            problems.append(f"incomplete settings: {message}")
            continue
        problems.append(f"invalid setting {aliases.get(name, name)}: {message}")
    return problems


def _aliases(model: type[BaseSettings]) -> dict[str, str]:
    """Return each field's variable name (its alias), by field name."""
    fields = model.model_fields.items()
    return {name: str(info.alias) for name, info in fields if info.alias is not None}
