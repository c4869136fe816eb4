"""Languages kept: the community's, a member's own, the locale of their last interaction; and
which one a member is written to in."""

from __future__ import annotations

import pytest

from bot.errors import UserFacingError
from bot.events import Actor
from bot.refs import CommunityRef, UserRef
from bot.shared.communities import CommunityService
from bot.shared.languages import LanguageService, PublicLanguages, parse_language
from bot.shared.members import MemberService
from bot.storage.database import Database
from tests.conftest import COMMUNITY
from tests.storage.support import other_process, statements, writes


def actor(user_id: str, locale: str | None = None) -> Actor:
    return Actor(UserRef("console", user_id), user_id.capitalize(), locale=locale)


async def test_the_locale_of_an_interaction_is_kept_and_written_only_when_it_changes(
    members: MemberService, community_id: int, any_database: Database
) -> None:
    first = await members.resolve(community_id, actor("ana", "es-ES"))
    assert first.locale == "es-ES"
    with statements(any_database) as seen:
        again = await members.resolve(community_id, actor("ana", "es-ES"))
        without = await members.resolve(community_id, actor("ana"))  # a join carries none
    assert (again.locale, without.locale) == ("es-ES", "es-ES")
    assert writes(seen) == []
    changed = await members.resolve(community_id, actor("ana", "de"))
    assert changed.locale == "de"


async def test_a_member_is_written_to_in_their_choice_then_their_app_then_the_community(
    members: MemberService, community_id: int, any_database: Database
) -> None:
    languages = LanguageService(any_database)
    chose = await members.resolve(community_id, actor("bea", "es-ES"))
    await members.resolve(community_id, actor("cai", "es-419"))
    await members.resolve(community_id, actor("dan", "fr-FR"))  # no catalogue: the community's
    await languages.set_member(chose.id, "de")
    assert await languages.members(community_id, ["bea", "cai", "dan", "nobody"]) == {
        "bea": "de",
        "cai": "es",
        "dan": "en",
        "nobody": "en",
    }
    await languages.set_community(community_id, "es")
    assert await languages.members(community_id, ["dan", "nobody"]) == {"dan": "es", "nobody": "es"}
    await languages.set_member(chose.id, None)
    assert await languages.member(community_id, "bea") == "es"


async def test_the_deployments_default_serves_a_community_that_chose_none(
    community_id: int, any_database: Database
) -> None:
    languages = LanguageService(any_database, default="de")
    assert await languages.community(community_id) == "de"
    await languages.set_community(community_id, "es")
    assert await languages.community(community_id) == "es"


async def test_another_process_sees_a_new_community_language_once_its_cache_ends(
    community_id: int, any_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = LanguageService(any_database)
    assert await here.community(community_id) == "en"
    async with other_process(any_database) as database:
        await LanguageService(database).set_community(community_id, "de")
    assert await here.community(community_id) == "en"  # cached
    monkeypatch.setattr("bot.shared.languages.CACHE_SECONDS", 0.0)
    assert await here.community(community_id) == "de"


async def test_a_change_here_reaches_the_dispatchers_languages_at_once(
    communities: CommunityService, community_id: int, any_database: Database
) -> None:
    languages = LanguageService(any_database)
    public = PublicLanguages(communities, languages)
    assert await communities.find(COMMUNITY) == community_id
    assert await public(COMMUNITY) == "en"
    await languages.set_community(community_id, "es")
    assert await public(COMMUNITY) == "es"
    assert await public(CommunityRef("console", "never-seen")) == "en"
    assert await communities.find(CommunityRef("console", "never-seen")) is None


@pytest.mark.parametrize(("typed", "language"), [("es", "es"), ("ES-mx", "es"), ("de_AT", "de")])
def test_a_typed_code_is_served_by_its_catalogue(typed: str, language: str) -> None:
    assert parse_language(typed) == language


@pytest.mark.parametrize("typed", ["tlh", "", "  ", "español"])
def test_an_unknown_code_is_refused_naming_the_languages(typed: str) -> None:
    with pytest.raises(UserFacingError, match=r"de \(Deutsch\), en \(English\), es \(español\)"):
        parse_language(typed)
