"""`/cohort term` and `/cohort archive`: a cohort's weeks, and its end."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from bot.i18n import _, ngettext
from bot.levels import Level
from bot.messages import Reply
from commands.cohort.common import CohortContext, Name
from commands.cohort.listing import term_line
from commands.spec import command


@command("cohort term", level=Level.HOST)
async def set_term(
    context: CohortContext,
    name: Name,
    starts: Annotated[date, "the term's first day, YYYY-MM-DD"],
    weeks: Annotated[int, "its length in weeks, 1 to 52"],
) -> Reply:
    """Set a cohort's term: its first day and its length in weeks."""
    cohorts = context.services.cohorts
    cohort = await cohorts.find_active(context.community_id, name)
    await cohorts.set_term(cohort, starts, weeks)
    updated = await cohorts.find(context.community_id, cohort.name)
    return Reply.text(
        _("{name}'s term is set. {term} Outside it, its scheduled work pauses by itself.").format(
            name=cohort.name, term=await term_line(context, updated)
        )
    )


@command("cohort archive", level=Level.HOST)
async def archive_cohort(context: CohortContext, name: Name) -> Reply:
    """End a cohort: its schedules stop, its data stays readable in /stats."""
    cohort = await context.services.cohorts.find_active(context.community_id, name)
    stopped = await context.services.cohorts.archive(cohort)
    return Reply.text(
        ngettext(
            "Archived {name}: its {count} schedule stopped, and what it did stays readable "
            "in /stats.",
            "Archived {name}: its {count} schedules stopped, and what it did stays readable "
            "in /stats.",
            stopped,
        ).format(name=cohort.name, count=stopped)
        if stopped
        else _("Archived {name}: its work stops, and what it did stays readable in /stats.").format(
            name=cohort.name
        )
    )
