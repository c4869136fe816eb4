"""The languages people are written to in: the community's, and each member's.

What is sent to one person (a private answer, a DM, a form) is in, first that has a catalogue:
their `/profile language`, the locale of their last interaction, the community's language,
English. What is posted for everyone is in the community's language. `language_for` decides;
this service reads and stores the choices, and makes them current (`speaking`).

A community's language is cached in each process for `CACHE_SECONDS`: a change made by another
process reaches this one's public posts within that time (this one's own at once).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from sqlalchemy import select, update

from bot.errors import UserFacingError
from bot.i18n import _, catalogue_language, language_for, speaking
from bot.i18n.catalogue import active_catalogues
from bot.refs import CommunityRef
from bot.shared.communities import CommunityService
from bot.storage.database import Database
from bot.storage.models import Community, Member

CACHE_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class Preferences:
    """What decides one member's language: their choice, their app's locale, the community's."""

    own: str | None
    locale: str | None
    community: str | None

    def language(self) -> str:
        """Return the language to write to them in."""
        return language_for(
            recipient=self.own,
            interaction=self.locale,
            community=self.community,
            available=available_languages(),
        )


def available_languages() -> frozenset[str]:
    """Return the languages that have a catalogue."""
    return active_catalogues().languages


def language_name(code: str) -> str:
    """Return a language's name in that language (`español`, `Deutsch`), or its code."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name()
    except (UnknownLocaleError, ValueError, LookupError):
        return code
    return name or code


def parse_language(code: str) -> str:
    """Return the catalogue language that serves `code` (`es-MX` -> `es`), or refuse."""
    found = catalogue_language(code.strip(), available_languages()) if code.strip() else None
    if found is None:
        raise UserFacingError(
            _("I don't speak '{code}' yet. I can write in: {languages}.").format(
                code=code.strip(), languages=describe_languages()
            )
        )
    return found


def describe_languages() -> str:
    """Return every catalogue language as `de (Deutsch), en (English), es (español)`."""
    return ", ".join(f"{code} ({language_name(code)})" for code in sorted(available_languages()))


class LanguageService:
    """Reads and stores the community's and the members' languages."""

    def __init__(self, database: Database, default: str | None = None) -> None:
        """`default` is the language of communities that chose none (`COHORT_LANGUAGE`)."""
        self._database = database
        self._default = default
        self._communities: dict[int, tuple[float, str | None]] = {}
        self._changed: list[Callable[[], None]] = []

    def default_language(self) -> str:
        """Return the language of a community that chose none (`COHORT_LANGUAGE`)."""
        return language_for(community=self._default, available=available_languages())

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` after this process changes a community's language."""
        self._changed.append(listener)

    async def community_choice(self, community_id: int) -> str | None:
        """Return the community's language as chosen (else the deployment's default; None for
        English), cached for a while."""
        cached = self._communities.get(community_id)
        if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
        async with self._database.reading() as connection:
            query = select(Community.language).where(Community.id == community_id)
            chosen = (await connection.execute(query)).scalar_one_or_none() or self._default
        self._communities[community_id] = (time.monotonic(), chosen)
        return chosen

    async def community(self, community_id: int) -> str:
        """Return the language of the community's public posts."""
        return language_for(
            community=await self.community_choice(community_id), available=available_languages()
        )

    async def set_community(self, community_id: int, language: str) -> None:
        """Store the community's language (a catalogue language, already parsed)."""
        async with self._database.writing() as connection:
            await connection.execute(
                update(Community).where(Community.id == community_id).values(language=language)
            )
        self._communities[community_id] = (time.monotonic(), language)
        for listener in self._changed:
            listener()

    async def set_member(self, member_id: int, language: str | None) -> None:
        """Store a member's own language; None goes back to their app's and the community's."""
        async with self._database.writing() as connection:
            await connection.execute(
                update(Member).where(Member.id == member_id).values(language=language)
            )

    async def member(self, community_id: int, external_id: str) -> str:
        """Return the language to write to one member in (a DM, a form)."""
        return (await self.members(community_id, [external_id]))[external_id]

    async def members(self, community_id: int, external_ids: Iterable[str]) -> dict[str, str]:
        """Return the language of each member named, in one read (unknown members: the
        community's)."""
        wanted = sorted(set(external_ids))
        community = await self.community_choice(community_id)
        found: dict[str, Preferences] = {}
        if wanted:
            query = select(Member.external_id, Member.language, Member.locale).where(
                Member.community_id == community_id, Member.external_id.in_(wanted)
            )
            async with self._database.reading() as connection:
                for external_id, own, locale in await connection.execute(query):
                    found[external_id] = Preferences(own, locale, community)
        fallback = Preferences(None, None, community)
        return {name: found.get(name, fallback).language() for name in wanted}

    @asynccontextmanager
    async def in_community(self, community_id: int) -> AsyncIterator[None]:
        """Write everything in this block in the community's language (a job, a sweep's item)."""
        with speaking(await self.community(community_id)):
            yield

    @asynccontextmanager
    async def to_member(self, community_id: int, external_id: str) -> AsyncIterator[None]:
        """Write what this block sends one member in their language; public posts stay the
        community's."""
        language = await self.member(community_id, external_id)
        with speaking(language, public=await self.community(community_id)):
            yield


class PublicLanguages:
    """The language of each community's public posts by its platform reference: what the
    dispatcher asks for every event, so a known community costs one dict read."""

    def __init__(self, communities: CommunityService, languages: LanguageService) -> None:
        self._communities = communities
        self._languages = languages
        self._by_ref: dict[CommunityRef, tuple[float, str]] = {}
        languages.on_change(self._by_ref.clear)

    async def __call__(self, community: CommunityRef) -> str:
        """Return the community's language. Only read: an event naming a community with no row
        yet (a DM press naming a server the bot does not share) creates none, and is read in
        the deployment's default language."""
        cached = self._by_ref.get(community)
        now = time.monotonic()
        if cached is not None and now < cached[0]:
            return cached[1]
        community_id = await self._communities.find(community)
        if community_id is None:
            return self._languages.default_language()
        language = await self._languages.community(community_id)
        self._by_ref[community] = (now + CACHE_SECONDS, language)
        return language
