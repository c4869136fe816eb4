"""`/peers [interest]`: findable members nearby who share your interests, each with "Say hello";
and the findable switch offered under an intro's confirmation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from bot.errors import UserFacingError
from bot.i18n import _
from bot.levels import Level
from bot.messages import Button, ButtonStyle, OutboundMessage, Reply
from bot.peers import Peer, PeerService
from bot.refs import UserRef
from commands.arguments import action_words
from commands.context import Context
from commands.registry import Registry
from commands.spec import button, command
from commands.types import Text

HELLO_ACTION = "peers:hello"
FINDABLE_ACTION = "peers:findable"


@dataclass(frozen=True, slots=True)
class PeersServices:
    """What the peers commands use."""

    peers: PeerService


PeersContext = Context[PeersServices]


@command("peers", level=Level.MEMBER, read_only=True)
async def find_peers(
    context: PeersContext,
    interest: Annotated[Text | None, "one interest (default: all of yours)"] = None,
) -> Reply:
    """Find members who share your interests and live within three hours of you."""
    found = await context.services.peers.find(context.community_id, context.caller, interest)
    if not found:
        return Reply.text(_nobody(interest))
    owner = context.caller.external_id
    press = _("Press a name to open a private conversation of the two of you and say hello.")
    lines = [_heading(interest), *(_line(context, peer) for peer in found), press]
    buttons = tuple(
        # The label is the name alone (a wave, no words), so a console script presses
        # "👋 alice" in every language.
        Button(
            f"👋 {peer.display_name}",
            f"{HELLO_ACTION}:{owner}:{peer.member_id}",
            ButtonStyle.PRIMARY,
        )
        for peer in found
    )
    return Reply(OutboundMessage("\n".join(lines), buttons=buttons))


@button(HELLO_ACTION, level=Level.MEMBER)
async def say_hello(context: PeersContext) -> Reply:
    """Open a private conversation with a peer from `/peers`; only the one who searched."""
    owner, peer = action_words(context.action_args, 2)
    if owner != context.caller.external_id:
        return Reply.error(_("Only the member who looked for peers can press this."))
    if not peer.isdigit():
        raise UserFacingError(_("That member is no longer findable here. Nothing was sent."))
    name = await context.services.peers.say_hello(
        context.community, context.community_id, context.caller, int(peer), context.platform
    )
    return Reply.text(
        _("I opened a private conversation for you and {name} with a short prompt. Say hello!")
        .format(name=name)
    )  # fmt: skip


@button(FINDABLE_ACTION, level=Level.MEMBER)
async def switch_findable(context: PeersContext) -> Reply:
    """Turn findability on (or off) from the intro's confirmation; only its owner."""
    choice, owner = action_words(context.action_args, 2)
    if owner != context.caller.external_id or choice not in ("on", "off"):
        return Reply.error(_("Only the member who wrote the intro can press this."))
    await context.services.peers.set_findable(
        context.community_id, context.caller.id, choice == "on"
    )
    return Reply.text(findable_answer(choice == "on"))


def findable_button(owner: str) -> Button:
    """Return the button under an intro's confirmation that makes its author findable."""
    return Button(_("Let peers find me"), f"{FINDABLE_ACTION}:on:{owner}")


def findable_answer(findable: bool) -> str:
    """Return what a member is told after switching findability."""
    if findable:
        return _(
            "You are findable: members who share your interests and live within three hours "
            "of you can find you with /peers, and you can find them. /profile findable off "
            "hides you again."
        )
    return _("You are no longer findable: /peers does not list you, and shows you nobody.")


def _heading(interest: str | None) -> str:
    if interest:
        return _("Findable members within three hours of you who like {interest}:").format(
            interest=interest
        )
    return _("Findable members within three hours of you who share your interests:")


def _nobody(interest: str | None) -> str:
    if interest:
        return _(
            "Nobody findable within three hours of you likes {interest} yet. More members "
            "appear as they turn on /profile findable: try again later."
        ).format(interest=interest)
    return _(
        "Nobody findable within three hours of you shares your interests yet. More members "
        "appear as they turn on /profile findable: try again later, or add interests with "
        "/profile interests."
    )


def _line(context: PeersContext, peer: Peer) -> str:
    who = context.platform.mention(UserRef(context.platform.name, peer.external_id))
    return _("• {member}: {interests}").format(member=who, interests=", ".join(peer.shared))


def setup(registry: Registry, services: PeersServices) -> None:
    """Register `/peers` and its buttons, bound to `services`."""
    registry.add(find_peers, say_hello, switch_findable, services=services)
