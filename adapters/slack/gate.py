"""Before bolt: is a request for this workspace, and is it new? Both modes ask here first.

Slack delivers again what it thinks was lost (an HTTP retry with `X-Slack-Retry-Num`, a Socket
Mode envelope whose ack never arrived), and a captured signed request can be replayed. Each
request is named by its transport's own id (the signature, the envelope id) and by the ids
that stay the same on redelivery (`event_id`, `trigger_id`); the core's delivery ledger says
whether any was seen in the last five minutes, in this process or another.
"""

from __future__ import annotations

import enum
import logging
from typing import Any

from slack_bolt.request.internals import extract_enterprise_id, extract_team_id

from adapters.slack import inbound
from adapters.slack.directory import Directory
from bot.port import Deliveries

log = logging.getLogger(__name__)


class Verdict(enum.Enum):
    """What to do with a request."""

    ACT = "act"  # new, and for this workspace: on to bolt
    ACKNOWLEDGE = "acknowledge"  # a redelivery, or another workspace's: answer, do nothing
    REPLAYED = "replayed"  # this very request (same signature) came before: refuse it


class SlackGate:
    """Decides, before bolt sees a request, whether Cohort acts on it."""

    def __init__(self, ledger: Deliveries, directory: Directory | None) -> None:
        """`directory`: the one workspace's (single-token mode); None when installed in many,
        where bolt's authorization finds each workspace's installation (or acts on nothing)."""
        self._ledger = ledger
        self._directory = directory

    async def admit(self, body: dict[str, Any], transport_key: str) -> Verdict:
        """Return the verdict on `body`, arrived as `transport_key` (recorded as seen)."""
        if self._directory is not None:
            team, enterprise = extract_team_id(body), extract_enterprise_id(body)
            if not (await self._directory.installation()).serves(team, enterprise):
                log.warning(
                    "ignored a Slack request for another workspace (%s/%s)", team, enterprise
                )
                return Verdict.ACKNOWLEDGE
        keys = inbound.delivery_keys(body)
        repeated = await self._ledger.repeated(transport_key, *keys)
        if transport_key in repeated:
            return Verdict.REPLAYED
        if repeated:
            log.info("Slack delivered %s again: acknowledged, not acted on", sorted(repeated))
            return Verdict.ACKNOWLEDGE
        return Verdict.ACT
