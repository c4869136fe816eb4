"""Suggestions for an option while it is being typed (Discord's autocomplete).

A feature declares where an option's values come from with `Suggest(source)` in the option's
`Annotated[...]`; time zone options suggest IANA names without any declaration. A source is
given its feature's own services, as the command's handler is. Suggestions go through the same
permission check as the command itself, so members never see values from commands they cannot
use. (`Suggestion` and `SuggestContext` are defined beside the specs and contexts that use them.)
"""

from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import available_timezones

from bot.events import Actor
from bot.i18n import speaking
from bot.levels import may_use
from bot.refs import CommunityRef
from commands.arguments import ArgumentError, read_timezone, shortened
from commands.context import CallerLookup, SuggestContext, find_caller
from commands.registry import Registry
from commands.spec import OptionKind, OptionSpec, Suggester, Suggestion

__all__ = [
    "MAX_SUGGESTIONS",
    "SuggestContext",
    "Suggestion",
    "containing",
    "source_for",
    "suggest_time_zones",
    "suggestions",
]

MAX_SUGGESTIONS = 25
MAX_LABEL = 100


async def suggestions(
    registry: Registry,
    callers: CallerLookup,
    community: CommunityRef,
    actor: Actor,
    path: str,
    option: str,
    typed: str,
) -> list[Suggestion]:
    """Return what to offer for `option` of command `path`; nothing if the caller may not use it."""
    spec = registry.get(path)
    if spec is None:
        return []
    found = next((candidate for candidate in spec.options if candidate.name == option), None)
    source = None if found is None else source_for(found)
    if source is None:
        return []
    caller = await find_caller(callers, community, actor)
    if not may_use(caller.member.level, spec.level):
        return []
    services = registry.services_for(spec)
    context = SuggestContext(services, community, caller.community_id, caller.member)
    with speaking(caller.language, public=caller.public_language):  # labels in their language
        offered = await source(context, typed)
    return [_bounded(suggestion) for suggestion in offered[:MAX_SUGGESTIONS]]


def containing(typed: str, offered: list[Suggestion]) -> list[Suggestion]:
    """Return the suggestions whose label contains what was typed (trimmed), ignoring case."""
    wanted = typed.strip().casefold()
    return [suggestion for suggestion in offered if wanted in suggestion.label.casefold()]


def source_for(option: OptionSpec) -> Suggester | None:
    """Return where `option`'s suggestions come from, if anywhere."""
    if option.suggest is not None:
        return option.suggest
    if option.kind is OptionKind.TIMEZONE:
        return suggest_time_zones
    return None


async def suggest_time_zones(_context: SuggestContext[Any], typed: str) -> list[Suggestion]:
    """Suggest IANA zones whose name contains what was typed, names starting with it first."""
    wanted = "_".join(typed.strip().casefold().split())
    matching = [zone for zone in _zone_names() if wanted in zone.casefold()]
    matching.sort(key=lambda zone: (not _starts_a_part(zone.casefold(), wanted), zone))
    return [Suggestion(zone, zone) for zone in matching[:MAX_SUGGESTIONS]]


def _starts_a_part(zone: str, wanted: str) -> bool:
    return any(part.startswith(wanted) for part in zone.split("/"))


@cache
def _zone_names() -> tuple[str, ...]:
    # Only names the parser accepts, so a picked suggestion always reads back as a zone.
    return tuple(sorted(zone for zone in available_timezones() if _readable(zone)))


def _readable(zone: str) -> bool:
    try:
        return read_timezone(zone).name == zone
    except ArgumentError:
        return False


def _bounded(suggestion: Suggestion) -> Suggestion:
    label = shortened(suggestion.label.strip() or suggestion.value, MAX_LABEL)
    return Suggestion(label, suggestion.value)
