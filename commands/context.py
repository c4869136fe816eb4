"""What a handler or a suggestion source is given: who, where, and its feature's own services.

`Context[S]` and `SuggestContext[S]` carry `services: S`, the services the feature declared
(`TopicServices` for `/topic`), bound when the feature registered its specs: a topic handler
cannot reach moderation, and the type checker says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from bot.events import Actor
from bot.platform import Platform
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef
from bot.shared.communities import CommunityService
from bot.shared.languages import LanguageService, Preferences
from bot.shared.members import MemberInfo, MemberService

S_co = TypeVar("S_co", covariant=True)


@dataclass(frozen=True, slots=True)
class Context(Generic[S_co]):
    """One invocation: the caller (with their level), the community and the feature's services.

    A button's `action_args` are the words of its action id after the prefix, a form's those of
    its form id; `form_values` are what was written in a submitted form. `channel` is where it
    happened; `parent_channel` the channel that holds it, when that was a thread.
    """

    services: S_co
    platform: Platform
    community: CommunityRef
    community_id: int
    caller: MemberInfo
    channel: ChannelRef
    interaction: InteractionRef
    message: MessageRef | None = None
    action_args: tuple[str, ...] = ()
    form_values: Mapping[str, str] = field(default_factory=dict)
    parent_channel: ChannelRef | None = None
    caller_roles: frozenset[str] = frozenset()
    """The caller's role ids as their platform sent them (Discord roles, Slack user groups)."""

    @property
    def home_channel(self) -> ChannelRef:
        """Return the channel this invocation belongs to: a thread's parent, else `channel`.

        A command typed in a thread under a cohort's home channel belongs to that cohort.
        """
        return self.parent_channel or self.channel


@dataclass(frozen=True, slots=True)
class SuggestContext(Generic[S_co]):
    """What a suggestion source is given: the community, the caller and the feature's services."""

    services: S_co
    community: CommunityRef
    community_id: int
    caller: MemberInfo


class CallerLookup(Protocol):
    """Where the router finds who is calling: the community's row, the member and their level."""

    @property
    def communities(self) -> CommunityService:
        """The communities, created on first contact."""
        ...

    @property
    def members(self) -> MemberService:
        """The members, created on first contact, with their level."""
        ...

    @property
    def languages(self) -> LanguageService:
        """The community's language and the members' own."""
        ...


@dataclass(frozen=True, slots=True)
class Caller:
    """The community an invocation came from (its row id) and the member who made it, with the
    language their answer is written in and the community's, for what is posted publicly."""

    community_id: int
    member: MemberInfo
    language: str = "en"
    public_language: str = "en"


async def find_caller(lookup: CallerLookup, community: CommunityRef, actor: Actor) -> Caller:
    """Return the community's id and the calling member, creating either on first contact.

    The caller's language is their own choice, then the locale this interaction came with (or
    their last one), then the community's.
    """
    community_id = await lookup.communities.ensure(community)
    member = await lookup.members.resolve(community_id, actor)
    chosen = await lookup.languages.community_choice(community_id)
    preferences = Preferences(member.language, actor.locale or member.locale, chosen)
    public = Preferences(None, None, chosen).language()
    return Caller(community_id, member, preferences.language(), public)
