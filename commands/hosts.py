"""The Claim button on a host request's card (a check-in's "Talk to a host", a suggestion)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import UserFacingError
from bot.host_requests import CLAIM_ACTION, HostRequestService
from bot.i18n import _
from bot.ids import NOT_OURS, button_id
from bot.levels import Level
from bot.messages import Reply
from commands.arguments import action_words
from commands.context import Context
from commands.registry import Registry
from commands.spec import button


@dataclass(frozen=True, slots=True)
class HostsServices:
    """What the Claim button uses."""

    host_requests: HostRequestService


@button(CLAIM_ACTION, level=Level.HOST)
async def claim_request(context: Context[HostsServices]) -> Reply:
    """Claim a member's request: you are named on the card and the member is told."""
    choice, request = action_words(context.action_args, 2)
    if choice != "claim":
        raise UserFacingError(_(NOT_OURS))
    answer = await context.services.host_requests.claim(
        context.platform,
        context.community_id,
        button_id(request),
        context.caller.id,
        context.message,
    )
    return Reply.text(answer)


def setup(registry: Registry, services: HostsServices) -> None:
    """Register the Claim button, bound to `services`."""
    registry.add(claim_request, services=services)
