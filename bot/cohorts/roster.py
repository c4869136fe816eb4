"""Who is in a cohort: listed members, the followed channel's members and role holders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.errors import NotFoundError
from bot.platform import Platform
from bot.refs import CommunityRef, RoleRef


@dataclass(frozen=True, slots=True)
class Roster:
    """A cohort's members now, by platform user id, and how each way of belonging adds up."""

    listed: tuple[str, ...]
    in_channel: tuple[str, ...]
    roles: tuple[str, ...]
    """The cohort's roles (Discord roles, Slack user groups), by platform id."""
    holders: dict[str, tuple[str, ...]]
    """Each role that still exists, with who holds it now."""
    unknown_roles: tuple[str, ...]
    """Roles the platform no longer knows (deleted since they were added)."""

    @property
    def members(self) -> frozenset[str]:
        """Return everyone in the cohort: the union of the three ways of belonging."""
        held = (user for users in self.holders.values() for user in users)
        return frozenset((*self.listed, *self.in_channel, *held))


async def read_roster(
    platform: Platform,
    community: CommunityRef,
    listed: Sequence[str],
    in_channel: Sequence[str],
    roles: Sequence[str],
) -> Roster:
    """Return the roster, asking the platform who holds each role (one look-up per role)."""
    holders: dict[str, tuple[str, ...]] = {}
    unknown: list[str] = []
    for role in roles:
        try:
            users = await platform.role_members(community, RoleRef(platform.name, role))
        except NotFoundError:
            unknown.append(role)
            continue
        holders[role] = tuple(sorted(user.id for user in users))
    return Roster(tuple(listed), tuple(in_channel), tuple(roles), holders, tuple(unknown))
