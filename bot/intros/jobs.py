"""The intros feature's scheduled work: the hourly sweep of intro reminders."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.intros.service import IntroService
from bot.serving import Served

log = logging.getLogger(__name__)

INTRO_REMINDERS = "intro-reminders"
INTRO_REMINDER_SWEEP = timedelta(hours=1)


class IntroReminders:
    """The hourly sweep that sends each newcomer's one reminder to introduce themselves."""

    def __init__(self, intros: IntroService) -> None:
        self._intros = intros

    async def sweep(self, served: Served, due: datetime) -> None:
        """Send the reminders due by `due` in the communities of a platform served here."""
        sent = await self._intros.remind_due(served, due)
        if sent:
            log.info("intro reminders sent on %s: %d", served.name, sent)
