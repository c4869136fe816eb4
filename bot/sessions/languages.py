"""One DM to many members, each in their own language: written once per language they read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from bot.i18n import speaking
from bot.shared.languages import LanguageService

Written = TypeVar("Written")


async def written_for_each(
    languages: LanguageService,
    community_id: int,
    user_ids: Sequence[str],
    write: Callable[[], Written],
) -> dict[str, Written]:
    """Return what `write` writes for each member (by platform id), in their language.

    One read of everyone's language; `write` runs once per language among them, inside
    `speaking(language, public=the community's)`.
    """
    if not user_ids:
        return {}
    chosen = await languages.members(community_id, user_ids)
    public = await languages.community(community_id)
    by_language: dict[str, Written] = {}
    for language in sorted(set(chosen.values())):
        with speaking(language, public=public):
            by_language[language] = write()
    return {user_id: by_language[chosen[user_id]] for user_id in user_ids}
