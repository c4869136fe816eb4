"""Wires thanks into the core: the service, the weekly post's job and the digest's lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.shared.core import Jobs, Kernel, Languages, Members
from bot.thanks.digest import ThanksDigest
from bot.thanks.service import ThanksService
from bot.thanks.weekly import THANKS_SCHEDULE, WeeklyThanks


@dataclass(frozen=True, slots=True)
class ThanksServices:
    """The thanks feature's services."""

    thanks: ThanksService
    digest: ThanksDigest


class ThanksUses(Kernel, Jobs, Members, Languages, Protocol):
    """What thanks uses of the shared core."""


def wire(core: ThanksUses) -> ThanksServices:
    """Build the services and register the weekly post's job; return them."""
    core.jobs.register(THANKS_SCHEDULE, WeeklyThanks(core.database, core.clock).post)
    thanks = ThanksService(core.database, core.clock, core.members, languages=core.languages)
    return ThanksServices(thanks, ThanksDigest(core.database))
