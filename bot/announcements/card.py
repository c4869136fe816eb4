"""An announcement's post: its text under a heading, and the "Got it" button."""

from __future__ import annotations

from bot.cohorts import CohortInfo
from bot.i18n import _
from bot.messages import Button, ButtonStyle, OutboundMessage

GOT_IT_ACTION = "announce"
"""Action ids `announce:read:<announcement id>`."""


def announcement_card(
    announcement_id: int, text: str, cohort: CohortInfo | None
) -> OutboundMessage:
    """Return the announcement as posted, with its "Got it" button."""
    if cohort is None:
        heading = _("📣 Announcement {number}").format(number=announcement_id)
    else:
        heading = _("📣 Announcement {number} for the {cohort} cohort").format(
            number=announcement_id, cohort=cohort.name
        )
    button = Button(_("Got it"), f"{GOT_IT_ACTION}:read:{announcement_id}", ButtonStyle.PRIMARY)
    return OutboundMessage(f"{heading}\n{text}", buttons=(button,))
