"""The pairing feature's scheduled work: each occurrence of a pairing schedule runs a round."""

from __future__ import annotations

from datetime import timedelta

from bot.occurrences import OccurrenceWork
from bot.pairing.service import PairingService
from bot.platform import Platform
from bot.refs import CommunityRef
from bot.shared.schedules import ScheduleInfo


class PairingJob:
    """A pairing schedule's occurrence: run a buddy round in the schedule's community, or in
    its cohort (the cohort's members, numbers and history) when the schedule belongs to one."""

    def __init__(self, pairing: PairingService) -> None:
        self._pairing = pairing

    async def run(self, info: ScheduleInfo, platform: Platform, done: OccurrenceWork) -> str:
        """Run the round; return the ledger's note."""
        community = CommunityRef(info.platform, info.community_external_id)
        scope = await self._pairing.scope_of_schedule(info)
        result = await self._pairing.run_round(
            info.community_id,
            platform,
            community,
            scope=scope,
            schedule_id=info.id,
            interval=timedelta(weeks=info.rule.every_weeks),
            done=done,
        )
        note = f"round {result.number}: {result.groups} groups"
        return note if scope.cohort is None else f"cohort {scope.cohort.name} {note}"
