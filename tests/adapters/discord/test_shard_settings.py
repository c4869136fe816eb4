"""DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS: validated at start-up, shown by `cohort check`,
and which servers a process owns by Discord's formula, (guild_id >> 22) % shard_count."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.console.platform import ConsolePlatform
from adapters.console.world import ConsoleWorld
from adapters.discord.settings import DiscordSettings
from adapters.discord.shards import ShardShare, client_options, shard_of, share_of
from bot.cli import load_configuration
from bot.clock import VirtualClock
from bot.platform import EVERY_COMMUNITY, Platforms
from bot.refs import CommunityRef
from bot.settings import SettingsError, load_settings
from tests.conftest import START
from tests.core.cli_support import run_cohort


def discord(**settings: str) -> DiscordSettings:
    return load_settings(DiscordSettings, _env_file=None, **settings)


def server_on(timestamp: int, low: int = 0) -> str:
    """A server id whose timestamp part (the bits above 22) is `timestamp`."""
    return str((timestamp << 22) | low)


def test_a_server_belongs_to_the_shard_of_its_timestamp_part() -> None:
    assert shard_of(int(server_on(7, low=0x3FFFFF)), 4) == 3  # the low 22 bits play no part
    assert shard_of(int(server_on(8)), 4) == 0
    assert shard_of(int(server_on(8)), 1) == 0  # one shard carries every server
    share = ShardShare(4, frozenset({1, 3}))
    assert [share.serves(server_on(n)) for n in range(8)] == [False, True, False, True] * 2
    assert not share.serves("not-a-snowflake")
    assert share.describe() == "shards 1, 3 of 4"


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, {}),
        ({"DISCORD_SHARD_COUNT": "4"}, {"shard_count": 4}),
        (
            {"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": " 3, 1 "},
            {"shard_count": 4, "shard_ids": [3, 1]},
        ),
    ],
    ids=["unset", "count", "count and ids"],
)
def test_the_settings_become_discord_py_own_sharding_options(
    settings: dict[str, str], expected: dict[str, object]
) -> None:
    assert client_options(discord(**settings)) == expected


def test_a_process_running_every_shard_serves_every_server() -> None:
    assert share_of(discord()) is EVERY_COMMUNITY
    assert share_of(discord(DISCORD_SHARD_COUNT="2")) is EVERY_COMMUNITY
    assert share_of(discord(DISCORD_SHARD_COUNT="2", DISCORD_SHARD_IDS="1,0")) is EVERY_COMMUNITY
    assert share_of(discord(DISCORD_SHARD_COUNT="2", DISCORD_SHARD_IDS="1")) == ShardShare(
        2, frozenset({1})
    )


def test_platforms_serve_a_community_only_where_the_share_covers_it() -> None:
    platforms = Platforms()
    platform = ConsolePlatform(ConsoleWorld(VirtualClock(START)), lambda _record: None)
    platforms.add(platform, ShardShare(2, frozenset({1})))
    ours, theirs = CommunityRef("console", server_on(5)), CommunityRef("console", server_on(6))
    assert platforms.for_community(ours) is platform
    assert platforms.owns(ours)
    assert platforms.for_community(theirs) is None
    assert not platforms.owns(theirs)
    assert not platforms.owns(CommunityRef("slack", "T1"))  # a platform not run here
    assert platforms.for_community("console") is platform  # the platform, for its sweeps
    share = platforms.share("console")
    assert share is not None
    assert share.describe() == "shards 1 of 2"


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"DISCORD_SHARD_COUNT": "0"}, "invalid setting DISCORD_SHARD_COUNT: '0' is not a shard"),
        ({"DISCORD_SHARD_COUNT": "-2"}, "invalid setting DISCORD_SHARD_COUNT: '-2' is not a"),
        ({"DISCORD_SHARD_COUNT": "two"}, "invalid setting DISCORD_SHARD_COUNT: 'two' is not a"),
        (
            {"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "0,2"},
            "invalid setting DISCORD_SHARD_IDS: shard 2 is not below DISCORD_SHARD_COUNT (2): "
            "shard ids run from 0 to 1",
        ),
        (
            {"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "-1"},
            "invalid setting DISCORD_SHARD_IDS: '-1' is not a shard id",
        ),
        (
            {"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "1.5"},
            "invalid setting DISCORD_SHARD_IDS: '1.5' is not a shard id",
        ),
        (
            {"DISCORD_SHARD_IDS": "0"},
            "invalid setting DISCORD_SHARD_IDS: needs DISCORD_SHARD_COUNT",
        ),
        (
            {"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "1,1"},
            "invalid setting DISCORD_SHARD_IDS: lists a shard twice",
        ),
    ],
)
def test_invalid_shard_settings_are_one_line_naming_the_setting(
    settings: dict[str, str], expected: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        load_configuration(_env_file=None, **settings)
    message = str(raised.value)
    assert message.startswith(expected)
    assert "\n" not in message


def test_a_bad_count_is_reported_once_not_again_through_the_ids() -> None:
    with pytest.raises(SettingsError) as raised:
        load_configuration(_env_file=None, DISCORD_SHARD_COUNT="x", DISCORD_SHARD_IDS="0")
    assert str(raised.value).count("DISCORD_SHARD") == 1


@pytest.mark.parametrize("command", ["check", "run"])
def test_run_and_check_stop_on_a_shard_beyond_the_count_with_status_2(
    tmp_path: Path, command: str
) -> None:
    result = run_cohort(
        tmp_path,
        command,
        DISCORD_TOKEN="MTIz.very-secret.value",
        DISCORD_SHARD_COUNT="2",
        DISCORD_SHARD_IDS="2",
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "cohort: invalid setting DISCORD_SHARD_IDS: shard 2 is not below DISCORD_SHARD_COUNT "
        "(2): shard ids run from 0 to 1"
    ]
    assert not (tmp_path / "cohort.db").exists()  # stopped before anything started


@pytest.mark.parametrize(
    ("settings", "line"),
    [
        ({}, "discord shards: every one (discord.py asks Discord how many)"),
        ({"DISCORD_SHARD_COUNT": "4"}, "discord shards: every one of 4"),
        (
            {"DISCORD_SHARD_COUNT": "4", "DISCORD_SHARD_IDS": "3,1"},
            "discord shards: 3, 1 of 4 (the others' servers are not served here)",
        ),
    ],
    ids=["unset", "count", "some"],
)
def test_check_shows_which_shards_this_process_runs(
    tmp_path: Path, settings: dict[str, str], line: str
) -> None:
    result = run_cohort(tmp_path, "check", DISCORD_TOKEN="MTIz.very-secret.value", **settings)
    lines = result.stdout.splitlines()
    assert lines[:3] == ["settings: valid", "platforms: discord", line]
