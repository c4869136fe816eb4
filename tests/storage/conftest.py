"""Storage fixtures: the services on the test's database (both backends, see tests/conftest.py)."""

from __future__ import annotations

import pytest

from bot.clock import VirtualClock
from bot.refs import CommunityRef
from bot.shared.communities import CommunityService
from bot.shared.members import MemberService
from bot.storage.database import Database

COMMUNITY = CommunityRef("console", "learning-lab")


@pytest.fixture
def communities(any_database: Database, clock: VirtualClock) -> CommunityService:
    """The community service on the test's database, with UTC as the default zone."""
    return CommunityService(any_database, clock, "UTC")


@pytest.fixture
def members(any_database: Database, clock: VirtualClock) -> MemberService:
    """The member service on the test's database."""
    return MemberService(any_database, clock)


@pytest.fixture
async def community_id(communities: CommunityService) -> int:
    """The id of one community, created for the test."""
    return await communities.ensure(COMMUNITY)
