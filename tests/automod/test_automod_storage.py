"""Automatic filters kept per community on both databases, cached for screening; staff exempt."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.automod.model import Action, ExemptionKind, FilterName, Limit
from bot.automod.service import AutomodService
from bot.clock import VirtualClock
from bot.errors import NotFoundError, UserFacingError
from bot.events import Actor, MessagePosted
from bot.levels import Level
from bot.refs import CommunityRef, MessageRef, UserRef
from bot.shared.communities import CommunityService
from bot.shared.members import MemberService
from bot.storage.database import Database
from tests.conftest import COMMUNITY, START
from tests.storage.support import other_process, statements


@pytest.fixture
def automod(any_database: Database, clock: VirtualClock) -> AutomodService:
    """The automod service on the test's database, caching rules for 15 seconds."""
    return AutomodService(any_database, clock, cache_seconds=15)


def posted(
    text: str | None,
    *,
    user: str = "bob",
    channel: str = "general",
    level: Level = Level.MEMBER,
    roles: frozenset[str] = frozenset(),
    community: CommunityRef = COMMUNITY,
    mentions: int = 0,
) -> MessagePosted:
    """Return a member's message as the core receives it."""
    actor = Actor(UserRef("console", user), user, platform_level=level, role_ids=roles)
    return MessagePosted(
        community=community,
        at=START,
        actor=actor,
        message=MessageRef("console", channel, "m1"),
        text=text,
        mention_count=mentions,
    )


async def screened(automod: AutomodService, community_id: int, event: MessagePosted) -> str | None:
    hit = await automod.screen(community_id, event, content_readable=True)
    return None if hit is None else hit.rule


async def test_every_kind_of_rule_is_kept_and_read_back(
    automod: AutomodService, community_id: int
) -> None:
    assert await automod.block(community_id, "  SPAM ") == "spam"
    assert await automod.block(community_id, "Buy Followers!") == "buy followers"
    assert await automod.add_pattern(community_id, r"free\s+nitro") == (1, r"free\s+nitro")
    assert await automod.add_pattern(community_id, r"/crypto/") == (2, "crypto")
    assert await automod.allow_domain(community_id, "https://www.Python.org/x") == "python.org"
    await automod.exempt(community_id, ExemptionKind.CHANNEL, "bots")
    await automod.exempt(community_id, ExemptionKind.ROLE, "42")
    await automod.configure(community_id, FilterName.LINKS, enabled=True)
    await automod.configure(
        community_id, FilterName.FLOOD, enabled=True, threshold=4, window_seconds=8
    )
    await automod.configure(
        community_id, FilterName.FLOOD, action=Action.TIMEOUT, timeout_for=timedelta(minutes=10)
    )

    rules = await automod.rules(community_id)

    assert rules.terms == ("spam", "buy followers")
    assert rules.patterns == (r"free\s+nitro", "crypto")
    assert rules.allowed_domains == {"python.org"}
    assert rules.exempt_channels == {"bots"}
    assert rules.exempt_roles == {"42"}
    assert rules.config(FilterName.LINKS).enabled
    flood = rules.config(FilterName.FLOOD)
    assert (flood.enabled, flood.threshold, flood.window_seconds) == (True, 4, 8)
    assert (flood.action, flood.timeout) == (Action.TIMEOUT, timedelta(minutes=10))
    assert not rules.config(FilterName.INVITES).enabled


async def test_removing_rules_and_refusing_what_is_not_there(
    automod: AutomodService, community_id: int
) -> None:
    await automod.block(community_id, "spam")
    for pattern in ("one", "two", "three"):
        await automod.add_pattern(community_id, pattern)
    await automod.allow_domain(community_id, "python.org")
    await automod.exempt(community_id, ExemptionKind.CHANNEL, "bots")

    assert await automod.unblock(community_id, "SPAM") == "spam"
    assert await automod.remove_pattern(community_id, "2") == "two"
    assert await automod.remove_pattern(community_id, "/three/") == "three"
    assert await automod.disallow_domain(community_id, "www.python.org") == "python.org"
    await automod.unexempt(community_id, ExemptionKind.CHANNEL, "bots")

    rules = await automod.rules(community_id)
    assert (rules.terms, rules.patterns, rules.allowed_domains) == ((), ("one",), frozenset())
    assert rules.exempt_channels == frozenset()
    with pytest.raises(NotFoundError, match='"spam" is not blocked'):
        await automod.unblock(community_id, "spam")
    with pytest.raises(NotFoundError, match="There is no regex rule 5; the rules are 1 to 1"):
        await automod.remove_pattern(community_id, "5")
    with pytest.raises(NotFoundError):
        await automod.disallow_domain(community_id, "python.org")
    with pytest.raises(NotFoundError):
        await automod.unexempt(community_id, ExemptionKind.ROLE, "42")


async def test_duplicates_and_bad_input_are_refused_and_change_nothing(
    automod: AutomodService, community_id: int
) -> None:
    await automod.block(community_id, "spam")
    await automod.add_pattern(community_id, "spam+")
    before = await automod.rules(community_id)
    with pytest.raises(UserFacingError, match="already blocked"):
        await automod.block(community_id, "S.P.A.M")
    with pytest.raises(UserFacingError, match="already exists"):
        await automod.add_pattern(community_id, "/spam+/")
    with pytest.raises(UserFacingError, match="Lookarounds"):
        await automod.add_pattern(community_id, "(?=x)y")
    with pytest.raises(UserFacingError, match="is not a domain"):
        await automod.allow_domain(community_id, "nonsense")
    assert await automod.rules(community_id) == before


async def test_a_community_cannot_hold_more_than_the_limit(
    automod: AutomodService, community_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Limit, "PATTERNS", 2, raising=False)
    await automod.add_pattern(community_id, "one")
    await automod.add_pattern(community_id, "two")
    limit = Limit.PATTERNS
    with pytest.raises(UserFacingError, match=f"at most {limit} regex rules"):
        await automod.add_pattern(community_id, "three")
    assert (await automod.rules(community_id)).patterns == ("one", "two")


async def test_communities_keep_their_rules_apart(
    automod: AutomodService, communities: CommunityService, community_id: int
) -> None:
    other_ref = CommunityRef("console", "other-lab")
    other_id = await communities.ensure(other_ref)
    await automod.block(community_id, "spam")
    await automod.block(other_id, "scam")
    await automod.configure(other_id, FilterName.MENTIONS, enabled=True, threshold=1)

    assert await screened(automod, community_id, posted("spam and scam", mentions=9)) == (
        'blocked term "spam"'
    )
    assert await screened(automod, other_id, posted("spam", community=other_ref)) is None
    assert await screened(automod, other_id, posted("scam", community=other_ref)) == (
        'blocked term "scam"'
    )


async def test_screening_reads_the_database_once_per_community_until_the_rules_change(
    automod: AutomodService, any_database: Database, community_id: int
) -> None:
    await automod.block(community_id, "spam")
    await screened(automod, community_id, posted("hello"))
    with statements(any_database) as seen:
        for _ in range(20):
            assert await screened(automod, community_id, posted("spam")) is not None
    assert seen == []
    await automod.unblock(community_id, "spam")
    assert await screened(automod, community_id, posted("spam")) is None  # seen at once


async def test_an_edit_by_another_process_is_seen_within_the_cache_time(
    automod: AutomodService, any_database: Database, community_id: int, clock: VirtualClock
) -> None:
    assert await screened(automod, community_id, posted("spam")) is None
    async with other_process(any_database) as database:
        await AutomodService(database, clock).block(community_id, "spam")
    assert await screened(automod, community_id, posted("spam")) is None  # still cached
    await clock.advance_to(clock.now() + timedelta(seconds=15))
    assert await screened(automod, community_id, posted("spam")) == 'blocked term "spam"'


async def test_a_busy_community_reloads_its_rules_in_the_background_before_they_expire(
    automod: AutomodService, any_database: Database, community_id: int, clock: VirtualClock
) -> None:
    assert await screened(automod, community_id, posted("spam")) is None
    async with other_process(any_database) as database:
        await AutomodService(database, clock).block(community_id, "spam")
    await clock.advance_to(clock.now() + timedelta(seconds=12))
    with statements(any_database) as seen:
        # Screened with the rules in memory, without waiting; the reload starts behind it.
        assert await screened(automod, community_id, posted("spam")) is None
    assert seen == []
    await automod.reloaded()
    with statements(any_database) as seen:
        assert await screened(automod, community_id, posted("spam")) == 'blocked term "spam"'
        await clock.advance_to(clock.now() + timedelta(seconds=11))
        assert await screened(automod, community_id, posted("spam")) is not None
    assert seen == [], "reloaded at 12 s: kept as it is until 24 s"


async def test_hosts_moderators_and_admins_are_exempt_by_platform_level(
    automod: AutomodService, community_id: int
) -> None:
    await automod.block(community_id, "spam")
    for level in (Level.HOST, Level.MODERATOR, Level.ADMIN):
        assert await screened(automod, community_id, posted("spam", level=level)) is None
    assert await screened(automod, community_id, posted("spam", level=Level.MEMBER))


async def test_a_level_from_setup_exempts_as_soon_as_it_is_given(
    automod: AutomodService,
    communities: CommunityService,
    members: MemberService,
    community_id: int,
) -> None:
    communities.watch_levels(automod.invalidate)
    members.watch_levels(automod.invalidate)
    await automod.block(community_id, "spam")
    assert await screened(automod, community_id, posted("spam", roles=frozenset({"7"})))
    await communities.set_role_level(community_id, "7", Level.HOST)
    assert await screened(automod, community_id, posted("spam", roles=frozenset({"7"}))) is None

    carol = await members.resolve(community_id, posted("hi", user="carol").actor)
    assert await screened(automod, community_id, posted("spam", user="carol"))
    await members.set_level_override(carol.id, Level.MODERATOR)
    assert await screened(automod, community_id, posted("spam", user="carol")) is None
    await members.set_level_override(carol.id, None)
    assert await screened(automod, community_id, posted("spam", user="carol"))


async def test_exempt_channels_and_roles_are_not_screened(
    automod: AutomodService, community_id: int
) -> None:
    await automod.block(community_id, "spam")
    await automod.exempt(community_id, ExemptionKind.CHANNEL, "bots")
    await automod.exempt(community_id, ExemptionKind.ROLE, "trusted")
    assert await screened(automod, community_id, posted("spam", channel="bots")) is None
    trusted = posted("spam", roles=frozenset({"trusted"}))
    assert await screened(automod, community_id, trusted) is None
    assert await screened(automod, community_id, posted("spam", roles=frozenset({"other"})))
    await automod.unexempt(community_id, ExemptionKind.CHANNEL, "bots")
    assert await screened(automod, community_id, posted("spam", channel="bots"))


async def test_without_readable_text_only_flooding_and_mentions_are_screened(
    automod: AutomodService, community_id: int
) -> None:
    await automod.block(community_id, "spam")
    await automod.configure(community_id, FilterName.MENTIONS, enabled=True, threshold=2)
    hit = await automod.screen(community_id, posted("spam"), content_readable=False)
    assert hit is None
    hit = await automod.screen(community_id, posted("spam", mentions=3), content_readable=False)
    assert hit is not None
    assert (hit.filter, hit.excerpt) == (FilterName.MENTIONS, None)


async def test_a_hit_carries_what_moderation_needs(
    automod: AutomodService, community_id: int
) -> None:
    await automod.block(community_id, "spam")
    await automod.configure(
        community_id, FilterName.TERMS, action=Action.TIMEOUT, timeout_for=timedelta(hours=2)
    )
    event = posted("so much   spam\nhere " + "x" * 300)
    hit = await automod.screen(community_id, event, content_readable=True)
    assert hit is not None
    assert (hit.community_id, hit.community) == (community_id, COMMUNITY)
    assert (hit.filter, hit.rule) == (FilterName.TERMS, 'blocked term "spam"')
    assert (hit.action, hit.timeout) == (Action.TIMEOUT, timedelta(hours=2))
    assert hit.excerpt is not None
    assert hit.excerpt.startswith("so much spam here xxx")
    assert len(hit.excerpt) == 200
    assert (hit.author, hit.author_name) == (UserRef("console", "bob"), "bob")
    assert (hit.message, hit.channel, hit.at) == (event.message, event.message.channel, START)


async def test_bots_are_never_screened(automod: AutomodService, community_id: int) -> None:
    await automod.block(community_id, "spam")
    event = posted("spam")
    bot_event = MessagePosted(
        community=event.community,
        at=event.at,
        actor=Actor(UserRef("console", "helper"), "helper", is_bot=True),
        message=event.message,
        text="spam",
    )
    assert await automod.screen(community_id, bot_event, content_readable=True) is None


async def test_deleting_a_community_deletes_its_filters(
    automod: AutomodService, any_database: Database, community_id: int
) -> None:
    from sqlalchemy import delete

    from bot.storage.models import AutomodTerm, Community
    from tests.storage.support import count_rows

    await automod.block(community_id, "spam")
    async with any_database.session() as session, session.begin():
        await session.execute(delete(Community).where(Community.id == community_id))
    assert await count_rows(any_database, AutomodTerm.__table__) == 0


async def test_terms_in_other_scripts_are_kept_as_written_and_found(
    automod: AutomodService, community_id: int
) -> None:
    assert await automod.block(community_id, "ΕΛΛΆΔΑ") == "ελλάδα"
    assert await automod.block(community_id, "日本") == "日本"
    with pytest.raises(UserFacingError):
        await automod.block(community_id, "Ελλάδα")  # the same term, already blocked
    assert (await automod.rules(community_id)).terms == ("ελλάδα", "日本")
    assert await screened(automod, community_id, posted("στην Ελλάδα!")) == 'blocked term "ελλάδα"'
    assert await screened(automod, community_id, posted("日本語")) == 'blocked term "日本"'
    assert await automod.unblock(community_id, "Ελλάδα") == "ελλάδα"
    assert (await automod.rules(community_id)).terms == ("日本",)
