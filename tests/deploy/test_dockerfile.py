"""The Dockerfile builds a small, non-root image that runs `cohort run` and checks /healthz."""

from __future__ import annotations

import json
import re
import shlex
import tomllib

import pytest

from bot.settings import Settings, read_settings
from tests.deploy.support import (
    REPOSITORY,
    Stage,
    healthz_answering,
    read_dockerfile,
    run_python_check,
)

DOCKERFILE = read_dockerfile((REPOSITORY / "Dockerfile").read_text(encoding="utf-8"))
BUILDER, FINAL = DOCKERFILE.stages[0], DOCKERFILE.stages[-1]
BUILD_TOOLS = ("gcc", "g++", "clang", "build-essential", "make", "cc ", "python3-dev", "libc6-dev")


def _environment(stage: Stage) -> dict[str, str]:
    """Return the ENV a stage sets (the `ENV KEY=value KEY=value` form)."""
    found: dict[str, str] = {}
    for arguments in stage.all("ENV"):
        for pair in shlex.split(arguments):
            key, _, value = pair.partition("=")
            found[key] = value
    return found


def _exec_form(arguments: str | None) -> list[str]:
    assert arguments is not None
    assert arguments.startswith("["), arguments  # exec form: signals reach cohort, not a shell
    return list(json.loads(arguments))


def test_the_base_image_is_an_argument_defaulting_to_an_official_slim_python() -> None:
    [argument] = [i.arguments for i in DOCKERFILE.preamble if i.keyword == "ARG"]
    name, _, default = argument.partition("=")
    assert name == "BASE_IMAGE"
    assert re.fullmatch(r"python:3\.(1[1-9])-slim(-[a-z]+)?", default), default
    supported = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["project"]
    lowest = int(supported["requires-python"].removeprefix(">=3."))
    assert int(default.split(".")[1].split("-")[0]) >= lowest  # a Python Cohort supports


def test_both_stages_start_from_the_base_image_so_the_venv_finds_its_python() -> None:
    assert len(DOCKERFILE.stages) == 2
    assert [stage.image for stage in DOCKERFILE.stages] == ["${BASE_IMAGE}", "${BASE_IMAGE}"]
    assert BUILDER.name == "builder"
    assert any("-m venv /opt/cohort" in run for run in BUILDER.all("RUN"))
    assert FINAL.all("COPY") == ["--from=builder /opt/cohort /opt/cohort"]


def test_the_builder_copies_every_package_the_distribution_installs() -> None:
    project = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())
    found = project["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = {name.rstrip("*") for name in found}
    sources = {source for copy in BUILDER.all("COPY") for source in copy.split()[:-1]}
    assert packages | {"pyproject.toml", project["project"]["readme"]} <= sources
    assert all((REPOSITORY / source).exists() for source in sources)


def test_the_final_stage_installs_no_build_tools() -> None:
    final_text = " ".join(i.arguments for i in FINAL.instructions)
    assert not [tool for tool in BUILD_TOOLS if tool in final_text]
    assert not any("apt-get install" in run or "pip install" in run for run in FINAL.all("RUN"))


def test_the_image_runs_as_a_non_root_user_that_owns_the_data_volume() -> None:
    user = FINAL.last("USER")
    assert user is not None
    uid = user.split(":")[0]
    assert uid not in ("root", "0")
    [setup] = FINAL.all("RUN")
    assert f"useradd --uid {uid} --gid cohort" in setup  # USER names the account made here,
    assert "chown cohort:cohort /data" in setup  # which owns the volume
    assert FINAL.last("VOLUME") == '["/data"]'
    assert FINAL.last("WORKDIR") == "/data"


def test_the_default_database_is_sqlite_in_the_volume_and_a_valid_setting() -> None:
    environment = _environment(FINAL)
    url = environment["COHORT_DATABASE_URL"]
    assert url == "sqlite+aiosqlite:////data/cohort.db"
    settings, problems = read_settings(Settings, _env_file=None, COHORT_DATABASE_URL=url)
    assert problems == []
    assert settings is not None
    assert environment["COHORT_HTTP_HOST"] == "0.0.0.0"
    assert environment["COHORT_HTTP_PORT"] == "8080"
    assert environment["PATH"].startswith("/opt/cohort/bin:")


def test_the_entry_point_is_cohort_run() -> None:
    assert _exec_form(FINAL.last("ENTRYPOINT")) + _exec_form(FINAL.last("CMD")) == [
        "cohort",
        "run",
    ]


def _healthcheck_code() -> str:
    healthcheck = FINAL.last("HEALTHCHECK")
    assert healthcheck is not None
    command = shlex.split(healthcheck.split(" CMD ", 1)[1])
    assert command[:2] == ["python", "-c"]  # the venv's python: nothing else need be installed
    return command[2]


def test_the_healthcheck_asks_healthz_with_urllib() -> None:
    code = _healthcheck_code()
    assert "urllib.request" in code
    assert "/healthz" in code


@pytest.mark.parametrize(("status", "healthy"), [(200, True), (503, False)])
def test_the_healthcheck_passes_only_when_healthz_answers_200(status: int, healthy: bool) -> None:
    with healthz_answering(status) as port:
        assert (run_python_check(_healthcheck_code(), port) == 0) is healthy


def test_the_healthcheck_fails_when_nothing_listens() -> None:
    with healthz_answering(200) as port:
        pass  # the port is closed again here
    assert run_python_check(_healthcheck_code(), port) != 0


def test_the_build_context_leaves_out_secrets_and_local_state() -> None:
    ignored = (REPOSITORY / ".dockerignore").read_text().split()
    for entry in (
        ".git",
        ".venv",
        ".env",
        "*.db",
        ".pytest_cache",
        ".mypy_cache",
        "**/__pycache__",
    ):
        assert entry in ignored, entry
