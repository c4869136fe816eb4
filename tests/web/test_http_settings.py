"""COHORT_HTTP_PORT and COHORT_HTTP_HOST: read, defaulted, and refused with a clear message."""

from __future__ import annotations

import pytest

from bot.cli import load_configuration
from bot.settings import SettingsError


def test_unset_port_means_no_server_and_the_host_defaults_to_loopback(monkeypatch) -> None:
    monkeypatch.delenv("COHORT_HTTP_PORT", raising=False)
    monkeypatch.delenv("COHORT_HTTP_HOST", raising=False)
    core = load_configuration(_env_file=None).core
    assert (core.http_port, core.http_host) == (None, "127.0.0.1")


def test_a_port_and_host_are_read_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("COHORT_HTTP_PORT", "9464")
    monkeypatch.setenv("COHORT_HTTP_HOST", "0.0.0.0")
    core = load_configuration(_env_file=None).core
    assert (core.http_port, core.http_host) == (9464, "0.0.0.0")


@pytest.mark.parametrize("port", ["70000", "-1", "http", "80.5"])
def test_a_bad_port_is_refused_naming_the_setting(monkeypatch, port: str) -> None:
    monkeypatch.setenv("COHORT_HTTP_PORT", port)
    with pytest.raises(SettingsError) as refused:
        load_configuration(_env_file=None)
    assert str(refused.value) == (
        f"invalid setting COHORT_HTTP_PORT: {port!r} is not a port number: "
        "write one from 1 to 65535 (0 picks a free one)"
    )
