"""Discord shards split between processes: which shards this process runs, which servers it owns.

Discord sends each server's events on one shard, `(guild_id >> 22) % shard_count`, and discord.py
connects the shards it is given (`shard_count=`, `shard_ids=`). A process that runs some of the
shards serves only their servers: the core's `Platforms` asks `ShardShare.serves`, so jobs and
catch-up leave the other processes' servers to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.discord.settings import DiscordSettings
from bot.platform import EVERY_COMMUNITY, CommunityShare


def shard_of(guild_id: int, shard_count: int) -> int:
    """Return the shard Discord sends the server `guild_id`'s events on."""
    return (guild_id >> 22) % shard_count


@dataclass(frozen=True, slots=True)
class ShardShare:
    """The servers of some shards out of `count`: those this process connects."""

    count: int
    shard_ids: frozenset[int]

    def serves(self, community_id: str) -> bool:
        """Return whether the server `community_id` falls on one of this process's shards."""
        if not community_id.isdigit():
            return False
        return shard_of(int(community_id), self.count) in self.shard_ids

    def describe(self) -> str:
        """Return the shards in a few words (`shards 0, 1 of 4`)."""
        listed = ", ".join(str(shard) for shard in sorted(self.shard_ids))
        return f"shards {listed} of {self.count}"


def share_of(settings: DiscordSettings) -> CommunityShare:
    """Return the servers this process serves: every one unless DISCORD_SHARD_IDS picks some."""
    count, ids = settings.discord_shard_count, settings.shard_ids
    if count is None or ids is None or set(ids) == set(range(count)):
        return EVERY_COMMUNITY
    return ShardShare(count, frozenset(ids))


def client_options(settings: DiscordSettings) -> dict[str, Any]:
    """Return discord.py's sharding options (none: it asks Discord and runs every shard)."""
    options: dict[str, Any] = {}
    if settings.discord_shard_count is not None:
        options["shard_count"] = settings.discord_shard_count
    if settings.shard_ids is not None:
        options["shard_ids"] = settings.shard_ids
    return options
