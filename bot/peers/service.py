"""Finding peers: who agreed to be found, who shares your interests nearby, and saying hello.

A member is listed only when both they and the one asking agreed to be found (off by default),
they share an interest (or the one asked for) and their clocks are at most three hours apart
today. A member without a time zone of their own counts in the community's. "Say hello" opens a
private conversation of the two (`Platform.group_message`), once a pair in 30 days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.errors import PlatformError, UserFacingError
from bot.i18n import N_, _, publicly
from bot.messages import OutboundMessage
from bot.peers import store
from bot.peers.store import Candidate
from bot.peers.zones import hours_apart, near
from bot.platform import Platform
from bot.refs import CommunityRef, UserRef
from bot.shared.communities import CommunityService
from bot.shared.members import MemberInfo
from bot.storage.database import Database

MAX_PEERS = 10
NOT_FINDABLE = N_(
    "You are not findable yet, so /peers shows nobody: members only find each other when both "
    "agreed. Turn it on with /profile findable on (and off again any time)."
)
NO_INTERESTS = N_(
    "Tell me what you are interested in first with /profile interests <a, b, c>, or look for "
    "one interest with /peers <interest>."
)
GREETING_EVERY = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class Peer:
    """A member `/peers` lists: who, the interests shared, how far apart their clocks are."""

    member_id: int
    external_id: str
    display_name: str
    shared: tuple[str, ...]
    apart: timedelta


class PeerService:
    """Findability, the search for peers and the once-a-month hello."""

    def __init__(self, database: Database, clock: Clock, communities: CommunityService) -> None:
        self._database = database
        self._clock = clock
        self._communities = communities

    async def set_findable(self, community_id: int, member_id: int, findable: bool) -> None:
        """Let `/peers` list the member (or stop it)."""
        async with self._database.writing() as connection:
            if findable:
                await store.set_findable(connection, community_id, member_id, self._clock.now())
            else:
                await store.set_hidden(connection, member_id)

    async def is_findable(self, member_id: int) -> bool:
        """Return whether the member agreed to be found."""
        async with self._database.reading() as connection:
            return await store.is_findable(connection, member_id)

    async def find(
        self, community_id: int, caller: MemberInfo, interest: str | None = None
    ) -> list[Peer]:
        """Return up to ten findable members near the caller who share an interest with them
        (or `interest`), most interests shared first, then the nearest."""
        wanted = " ".join(interest.split()) if interest else ""
        async with self._database.reading() as connection:
            if not await store.is_findable(connection, caller.id):
                raise UserFacingError(_(NOT_FINDABLE))
            mine = (await store.interests_of(connection, [caller.id])).get(caller.id, ())
            if not wanted and not mine:
                raise UserFacingError(_(NO_INTERESTS))
            found = await store.candidates(connection, community_id, caller.id)
        default_zone = await self._communities.timezone(community_id)
        looked_for = (wanted,) if wanted else mine
        my_zone = caller.timezone or default_zone
        peers = _matching(found, looked_for, my_zone, default_zone, self._clock.now())
        return peers[:MAX_PEERS]

    async def say_hello(
        self,
        community: CommunityRef,
        community_id: int,
        greeter: MemberInfo,
        peer_id: int,
        platform: Platform,
    ) -> str:
        """Open a private conversation of the greeter and a peer with a short prompt (in the
        community's language); return the peer's name. Refused when either is no longer
        findable or the pair said hello in the last 30 days; a conversation the platform would
        not open is given back."""
        peer, shared = await self._findable_peer(community_id, greeter, peer_id)
        pair = (min(greeter.id, peer.member_id), max(greeter.id, peer.member_id))
        now = self._clock.now()
        async with self._database.writing() as connection:
            claimed = await store.claim_greeting(connection, pair, now, now - GREETING_EVERY)
        if not claimed:
            raise UserFacingError(
                _(
                    "You and {name} said hello in the last 30 days already: your conversation "
                    "is still there. Nothing was sent."
                ).format(name=peer.display_name)
            )
        with publicly():  # the two may read different languages: the community's
            prompt = _prompt(platform, greeter, peer, shared)
        try:
            await platform.group_message(
                # The peer first: where the platform writes to each in turn (Discord without a
                # buddies channel), a peer who refuses DMs stops it before anything is sent.
                community, [_ref(platform, peer), greeter_ref(platform, greeter)], prompt,
            )  # fmt: skip
        except PlatformError as error:
            async with self._database.writing() as connection:
                await store.release_greeting(connection, pair, now)
            raise UserFacingError(
                _(
                    "I could not open a conversation with {name} ({error}). Nothing was sent; "
                    "you can try again."
                ).format(name=peer.display_name, error=error)
            ) from error
        return peer.display_name

    async def _findable_peer(
        self, community_id: int, greeter: MemberInfo, peer_id: int
    ) -> tuple[Candidate, tuple[str, ...]]:
        """Return the peer, still findable, and the interests the two share."""
        async with self._database.reading() as connection:
            if not await store.is_findable(connection, greeter.id):
                raise UserFacingError(_(NOT_FINDABLE))
            found = await store.candidates(connection, community_id, greeter.id, peer_id)
            mine = (await store.interests_of(connection, [greeter.id])).get(greeter.id, ())
        if not found:
            raise UserFacingError(_("That member is no longer findable here. Nothing was sent."))
        keys = {interest.casefold() for interest in mine}
        return found[0], tuple(i for i in found[0].interests if i.casefold() in keys)


def _matching(
    found: Sequence[Candidate],
    looked_for: Sequence[str],
    my_zone: str,
    default_zone: str,
    now: datetime,
) -> list[Peer]:
    keys = {interest.casefold() for interest in looked_for}
    peers: list[Peer] = []
    for candidate in found:
        zone = candidate.timezone or default_zone
        shared = tuple(i for i in candidate.interests if i.casefold() in keys)
        if shared and near(my_zone, zone, now):
            apart = hours_apart(my_zone, zone, now)
            name = candidate.display_name
            peers.append(Peer(candidate.member_id, candidate.external_id, name, shared, apart))
    peers.sort(key=lambda peer: (-len(peer.shared), peer.apart))  # stable: names stay in order
    return peers


def greeter_ref(platform: Platform, member: MemberInfo) -> UserRef:
    """Return the platform reference of a member who is calling."""
    return UserRef(platform.name, member.external_id)


def _ref(platform: Platform, peer: Candidate) -> UserRef:
    return UserRef(platform.name, peer.external_id)


def _prompt(
    platform: Platform, greeter: MemberInfo, peer: Candidate, shared: Sequence[str]
) -> OutboundMessage:
    names = {
        "greeter": platform.mention(greeter_ref(platform, greeter)),
        "peer": platform.mention(_ref(platform, peer)),
    }
    if shared:
        text = _(
            "👋 {greeter} found {peer} through /peers and would like to say hello. You both "
            "like {interests}. Why not tell each other what you are learning at the moment, "
            "and what helps you keep going?"
        ).format(interests=", ".join(shared), **names)
    else:
        text = _(
            "👋 {greeter} found {peer} through /peers and would like to say hello. Why not "
            "tell each other what you are learning at the moment, and what helps you keep going?"
        ).format(**names)
    return OutboundMessage(text)
