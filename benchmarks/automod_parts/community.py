"""The community the service screens for: its filters and its staff, stored in a SQLite file
through the services moderators' commands use, so the service loads them as it does live."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.automod_parts.traffic import EXEMPT_CHANNEL, EXEMPT_ROLE, HOST_ROLE, Author
from bot.automod.model import Action, ExemptionKind, FilterName
from bot.automod.service import AutomodService
from bot.clock import VirtualClock
from bot.events import Actor
from bot.levels import Level
from bot.refs import CommunityRef, UserRef
from bot.shared.communities import CommunityService
from bot.shared.members import MemberService
from bot.storage import migrate
from bot.storage.database import Database

COMMUNITY = CommunityRef("console", "bench")
START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
ALLOWED_DOMAINS = ("python.org", "github.com", "docs.google.com")
REGEX_RULES = (
    r"free\s+nitro",
    r"crypto\s+(giveaway|airdrop)",
    r"(buy|cheap)\s+(followers|likes)",
    r"\b\d{3}[-. ]\d{3}[-. ]\d{4}\b",
    r"earn\s+\$?\d+\s+(per|a)\s+(day|hour)",
    r"click\s+here\s+to\s+claim",
    r"(?:dm|message)\s+me\s+for\s+(?:answers|solutions)",
    r"exam\s+answers?\s+for\s+sale",
    r"\bwhats?app\s*\+?\d{6,}",
    r"steam\s*community\s*gift",
    r"you\s+(have\s+)?won\s+a",
    r"(?:onlyfans|0nlyfans)",
    r"limited\s+offer",
    r"100%\s+guaranteed",
    r"work\s+from\s+home\s+and\s+earn",
    r"send\s+(btc|eth|usdt)",
    r"\bcasino\b",
    r"(?:password|login)\s+here",
    r"bit\.ly/[a-z0-9]{6,}",
    r"[a-z0-9]{40,}",
)


async def prepared(
    directory: Path, terms: list[str], writers: list[Author]
) -> tuple[Database, VirtualClock, int]:
    """Return a migrated SQLite file holding the community's filters and staff, its clock and
    its id."""
    database = Database(f"sqlite+aiosqlite:///{directory / 'automod.db'}")
    await migrate.upgrade(database)
    clock = VirtualClock(START)
    communities = CommunityService(database, clock, "UTC")
    community_id = await communities.ensure(COMMUNITY)
    automod = AutomodService(database, clock)
    await _filters(automod, community_id, terms)
    await communities.set_role_level(community_id, HOST_ROLE, Level.HOST)
    members = MemberService(database, clock)
    for writer in writers:
        if writer.overridden:
            actor = Actor(UserRef(COMMUNITY.platform, writer.user_id), writer.name)
            member_id = await members.record_joined(community_id, actor, START - timedelta(days=9))
            await members.set_level_override(member_id, Level.HOST)
    return database, clock, community_id


async def _filters(automod: AutomodService, community_id: int, terms: list[str]) -> None:
    """Every filter on, as moderators set them with /automod."""
    for term in terms:
        await automod.block(community_id, term)
    for pattern in REGEX_RULES:
        await automod.add_pattern(community_id, pattern)
    for domain in ALLOWED_DOMAINS:
        await automod.allow_domain(community_id, domain)
    await automod.exempt(community_id, ExemptionKind.CHANNEL, EXEMPT_CHANNEL)
    await automod.exempt(community_id, ExemptionKind.ROLE, EXEMPT_ROLE)
    await automod.configure(community_id, FilterName.TERMS, action=Action.TIMEOUT)
    await automod.configure(community_id, FilterName.REGEX, action=Action.DELETE)
    await automod.configure(community_id, FilterName.INVITES, enabled=True, action=Action.DELETE)
    await automod.configure(community_id, FilterName.LINKS, enabled=True)
    await automod.configure(community_id, FilterName.MENTIONS, enabled=True, threshold=5)
    await automod.configure(
        community_id, FilterName.FLOOD, enabled=True, threshold=8, window_seconds=10
    )
    await automod.configure(
        community_id, FilterName.REPEATS, enabled=True, threshold=3, window_seconds=60
    )
