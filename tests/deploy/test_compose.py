"""compose.yaml runs Cohort on PostgreSQL, with health checks, a named volume and `.env`.

Not run here (no container can start on CI machines): parsed, validated against the Compose
Specification's schema (compose-spec.json, see SOURCES.md) and checked for what must be so.
"""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest
import yaml
from sqlalchemy.engine import make_url

from bot.settings import Settings, read_settings
from tests.deploy.support import REPOSITORY, healthz_answering, run_python_check

COMPOSE: dict[str, Any] = yaml.safe_load((REPOSITORY / "compose.yaml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
COHORT, POSTGRES = SERVICES["cohort"], SERVICES["postgres"]
INTERPOLATION = re.compile(r"\$\{(\w+)(?::?[?-][^}]*)?\}")


def _interpolated(value: str, variables: dict[str, str]) -> str:
    """Return `value` with `${NAME...}` replaced as compose would, from `variables`."""
    return INTERPOLATION.sub(lambda found: variables[found.group(1)], value)


def test_the_file_is_valid_under_the_compose_specification() -> None:
    schema = json.loads((REPOSITORY / "tests/deploy/compose-spec.json").read_text())
    jsonschema.Draft7Validator(schema).validate(COMPOSE)


def test_cohort_and_postgresql_are_the_services() -> None:
    assert set(SERVICES) == {"cohort", "postgres"}
    assert COHORT["build"] == "."  # this repository's Dockerfile
    assert POSTGRES["image"].startswith("postgres:")


def test_postgresql_keeps_its_data_in_a_named_volume() -> None:
    [mount] = POSTGRES["volumes"]
    volume, _, target = mount.partition(":")
    assert volume in COMPOSE["volumes"]
    assert target == "/var/lib/postgresql/data"


def test_cohort_reads_its_settings_from_dot_env() -> None:
    assert COHORT["env_file"] == ".env"


def test_cohort_waits_for_postgresql_to_be_healthy() -> None:
    assert COHORT["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert POSTGRES["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]


def test_the_database_url_points_at_the_postgres_service_with_its_credentials() -> None:
    password = "s3cret"
    environment = POSTGRES["environment"]
    assert (
        _interpolated(environment["POSTGRES_PASSWORD"], {"POSTGRES_PASSWORD": password}) == password
    )
    raw = COHORT["environment"]["COHORT_DATABASE_URL"]
    url = make_url(_interpolated(raw, {"POSTGRES_PASSWORD": password}))
    assert url.drivername == "postgresql+asyncpg"
    assert (url.host, url.port) == ("postgres", 5432)
    assert (url.username, url.password) == (environment["POSTGRES_USER"], password)
    assert url.database == environment["POSTGRES_DB"]
    settings, problems = read_settings(Settings, _env_file=None, COHORT_DATABASE_URL=str(url))
    assert problems == []
    assert settings is not None


def test_a_missing_password_stops_compose_instead_of_starting_without_one() -> None:
    for value in (
        COHORT["environment"]["COHORT_DATABASE_URL"],
        POSTGRES["environment"]["POSTGRES_PASSWORD"],
    ):
        assert "${POSTGRES_PASSWORD:?" in value


def test_the_published_port_is_the_http_servers_on_loopback() -> None:
    port = COHORT["environment"]["COHORT_HTTP_PORT"]
    assert f"127.0.0.1:{port}:{port}" in COHORT["ports"]


def _healthcheck_code() -> str:
    test = COHORT["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    code: str = test[3]
    assert "urllib.request" in code
    assert "/healthz" in code
    return code


@pytest.mark.parametrize(("status", "healthy"), [(200, True), (503, False)])
def test_cohorts_healthcheck_passes_only_when_healthz_answers_200(
    status: int, healthy: bool
) -> None:
    with healthz_answering(status) as port:
        assert (run_python_check(_healthcheck_code(), port) == 0) is healthy


def test_cohort_stops_gracefully_so_buffered_writes_are_flushed() -> None:
    assert COHORT["restart"] == "unless-stopped"
    assert COHORT["stop_grace_period"] == "30s"
