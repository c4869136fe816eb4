"""What a sweep acts on: the communities of one platform that this process serves.

A sweep runs per platform, but with several processes a platform's communities are split
between them (Discord's shards), and with one Slack app in many workspaces each workspace has
its own token (and may have uninstalled the app). So the scheduler hands each sweep run a
`Served`: the row ids of the communities this process serves, each with the platform bound to
it (`Platforms.for_community`). A sweep passes `ids` into the queries that find and claim its
work, so it never claims what another process will do, and acts on each community through
`platform_for`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.platform import Platform, Platforms
from bot.refs import CommunityRef


class Served:
    """One platform's communities that this process serves, each with its own platform."""

    def __init__(self, platform: Platform, communities: Mapping[int, Platform]) -> None:
        """`platform` is the platform as a whole; `communities` maps community row ids to the
        platform bound to each."""
        self.platform = platform
        self._communities = dict(communities)
        self.ids = frozenset(self._communities)

    @property
    def name(self) -> str:
        """Return the platform's name (`discord`, `slack`, `console`)."""
        return self.platform.name

    def platform_for(self, community_id: int) -> Platform | None:
        """Return the platform to act on the community through; None if not served here."""
        return self._communities.get(community_id)

    def __bool__(self) -> bool:
        """Return whether this process serves any community of the platform."""
        return bool(self._communities)


def served_communities(
    platform: Platform, platforms: Platforms, rows: Iterable[tuple[int, str]]
) -> Served:
    """Return which of `platform`'s communities (`rows`: row id, platform id) are served here.

    A community that `platforms` says no platform of this process serves (another shard's, an
    uninstalled workspace) is left out, so a sweep neither claims nor records anything for it.
    """
    bound: dict[int, Platform] = {}
    for community_id, external_id in rows:
        serving = platforms.for_community(CommunityRef(platform.name, external_id))
        if serving is not None:
            bound[community_id] = serving
    return Served(platform, bound)
