"""`/stats export [days]`: a host gets the participation of the last days as two CSV files, in
their direct messages; the answer in the channel is private and names the files and the window.

Typed in a cohort's home channel (or a thread under it), the cohort's members and its own topic
posts and sessions; elsewhere the whole community's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from bot.clock import Clock
from bot.cohorts import CohortService
from bot.errors import UserFacingError
from bot.exports import DEFAULT_DAYS, MAX_DAYS, Audience, ExportService
from bot.i18n import _, formats, ngettext
from bot.levels import Level
from bot.messages import Reply
from bot.platform import Capability, require
from bot.shared.activity import ActivityService
from commands.context import Context
from commands.registry import Registry
from commands.scoping import scope_of
from commands.spec import command


@dataclass(frozen=True, slots=True)
class ExportServices:
    """What the export command uses."""

    exports: ExportService
    activity: ActivityService
    cohorts: CohortService
    clock: Clock


ExportContext = Context[ExportServices]


@command("stats export", level=Level.HOST, read_only=True)
async def export_stats(
    context: ExportContext,
    days: Annotated[int | None, "how many days back (default 30, at most 365)"] = None,
) -> Reply:
    """Get participation as two CSV files in your direct messages (by member, by week)."""
    wanted = DEFAULT_DAYS if days is None else days
    if not 1 <= wanted <= MAX_DAYS:
        raise UserFacingError(
            _(
                "Choose between 1 and {highest} days, like /stats export 28. Nothing was sent."
            ).format(highest=MAX_DAYS)
        )
    require(context.platform, Capability.FILES)
    services = context.services
    scope = await scope_of(context, services.cohorts, archived=True)
    audience = Audience()
    if scope.cohort is not None:
        members = await services.cohorts.members(scope.cohort, context.platform, context.community)
        audience = Audience(scope.cohort.id, scope.cohort.name, members)
    await services.activity.flush()  # count what was posted a moment ago
    export = await services.exports.export(
        context.community_id, services.clock.now(), wanted, audience
    )
    for file in (export.members_file, export.weeks_file):
        await context.platform.send_file(context.interaction.user, file)
    window = export.window
    answer = ngettext(
        "Sent to your direct messages: {members} ({count} member) and {weeks}, "
        "{first} to {last} (UTC, {days}).",
        "Sent to your direct messages: {members} ({count} members) and {weeks}, "
        "{first} to {last} (UTC, {days}).",
        export.member_count,
    ).format(
        members=export.members_file.name,
        count=export.member_count,
        weeks=export.weeks_file.name,
        first=formats.day(window.first),
        last=formats.day(window.last),
        days=ngettext("{count} day", "{count} days", window.days).format(count=window.days),
    )
    return Reply.text(scope.says(answer))


def setup(registry: Registry, services: ExportServices) -> None:
    """Register the export command, bound to `services`."""
    registry.add(export_stats, services=services)
